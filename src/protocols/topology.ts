// Who reads whom. In the all-to-all roundtable (`full`, the default) every seat reads every other
// seat's previous turn, so a round's prompts grow with the square of the panel. Sparse topologies
// (Li et al. 2024, "Improving Multi-Agent Debate with Sparse Communication Topology") and group
// discussion with summaries (Liu et al. 2024, "GroupDebate") keep a panel's prompts linear:
//   ring       each seat reads its two neighbours in panel order;
//   random:K   each seat reads K others, drawn per round and seat from the run's seed;
//   groups:K   the panel is split into groups of K (in panel order) that read inside the group;
//              the groups read each other through the round's digest.
// A panel file may also give a seat its own reading list (`reads`), which then holds for that seat
// whatever the topology. Every draw comes from the seed, so a resumed run reads as it began.
import type { PanelMember } from '../core/schema.js';
import { rng } from '../core/random.js';

export type Topology =
  | { kind: 'full' }
  | { kind: 'ring' }
  | { kind: 'random'; k: number }
  | { kind: 'groups'; k: number };

export const TOPOLOGY_HELP = 'full, ring, random:K or groups:K';

/** "random:8" → { kind: 'random', k: 8 }; null (with the reason) for anything else. */
export function parseTopology(text: string): Topology | { error: string } {
  const value = text.trim().toLowerCase();
  if (value === 'full' || value === 'ring') return { kind: value };
  const m = /^(random|groups):(\d{1,6})$/.exec(value);
  if (!m) return { error: `--topology takes ${TOPOLOGY_HELP}, not "${text}"` };
  const k = Number(m[2]);
  const kind = m[1] as 'random' | 'groups';
  if (kind === 'random' && k < 1) return { error: `--topology random:K needs K of at least 1 (each seat reads K others), not ${k}` };
  if (kind === 'groups' && k < 2) return { error: `--topology groups:K needs groups of at least 2 seats, not ${k}` };
  return { kind, k };
}

export function topologyName(t: Topology): string {
  return t.kind === 'random' || t.kind === 'groups' ? `${t.kind}:${t.k}` : t.kind;
}

/** The groups of a groups:K topology, in panel order (the last may be smaller; a last group of one joins the one before). */
export function groupsOf(ids: readonly string[], k: number): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < ids.length; i += k) groups.push(ids.slice(i, i + k));
  if (groups.length > 1 && groups.at(-1)!.length === 1) groups.at(-2)!.push(...groups.pop()!);
  return groups;
}

/** A seat with a reading list of its own (panel file `reads`: the ids it reads). */
export type ReadingMember = Pick<PanelMember, 'id'> & { reads?: readonly string[] | undefined };

/**
 * The other seats `reader` reads in `round` (> 1): their previous turns are quoted to it. Its own
 * previous turn is always shown to it and is not in the list. In panel order.
 */
export function readingList(topology: Topology, panel: readonly ReadingMember[], reader: string, round: number, seed: number): string[] {
  const ids = panel.map((p) => p.id);
  return listOf(topology, panel, ids, ids.indexOf(reader), reader, round, seed, null);
}

/** The panel's ids, and (random:K) the positions drawn from, made once a round for every reader. */
function listOf(topology: Topology, panel: readonly ReadingMember[], ids: readonly string[], at: number, reader: string, round: number, seed: number, scratch: Int32Array | null): string[] {
  const own = at >= 0 ? panel[at]!.reads : panel.find((p) => p.id === reader)?.reads;
  if (own) return ids.filter((id) => id !== reader && own.includes(id));
  const others = () => ids.filter((id) => id !== reader);
  switch (topology.kind) {
    case 'full':
      return others();
    case 'ring': {
      if (ids.length <= 3) return others();
      const n = ids.length;
      const near = new Set([ids[(at - 1 + n) % n]!, ids[(at + 1) % n]!]);
      return ids.filter((id) => near.has(id));
    }
    case 'random': {
      const count = at >= 0 ? ids.length - 1 : ids.length;
      if (topology.k >= count) return others();
      // The same draw as shuffling the others (Fisher–Yates, shuffled()) and keeping the first K,
      // done on positions in a reused array: a 1,000-seat round made a thousand copies of the panel.
      const order = scratch && scratch.length >= count ? scratch : new Int32Array(count);
      for (let i = 0; i < count; i++) order[i] = i;
      const random = rng(seed, 'topology', round, reader);
      for (let i = count - 1; i > 0; i--) {
        const j = random.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      // Position i among the others is the panel's i, or i + 1 past the reader; kept in panel order.
      const drawn = Array.from(order.subarray(0, topology.k)).sort((a, b) => a - b);
      return drawn.map((i) => ids[at >= 0 && i >= at ? i + 1 : i]!);
    }
    case 'groups': {
      const group = groupsOf(ids, topology.k).find((g) => g.includes(reader)) ?? [];
      return group.filter((id) => id !== reader);
    }
  }
}

/** Reading lists for a whole round, by reader: made once a round. */
export function roundReading(topology: Topology, panel: readonly ReadingMember[], round: number, seed: number): Map<string, string[]> {
  const ids = panel.map((p) => p.id);
  const scratch = topology.kind === 'random' ? new Int32Array(ids.length) : null;
  return new Map(panel.map((p, at) => [p.id, listOf(topology, panel, ids, at, p.id, round, seed, scratch)]));
}

/** Whether the run reads all-to-all: no seat has a list of its own and the topology is full. */
export function readsEveryone(topology: Topology, panel: readonly ReadingMember[]): boolean {
  return topology.kind === 'full' && panel.every((p) => !p.reads);
}
