// The judge's (or council chair's) synthesis of an open question, read and checked before it is
// recorded: {"answer", "groups": [{"answer", "members": [names]}], "counterpoint" | null, "summary",
// "turningPoints"}. Every seat that gave a final answer is in exactly one group, no name is
// unknown, and a stated count agrees with the largest group. A reply that breaks this is refused
// with the reason (asked again once by the caller), never passed off.
import type { Parsed } from './ask.js';
import { jsonObjectsIn } from './reply.js';
import type { OpenJudgement } from '../core/schema.js';

/** A seat as the judge knows it: its id, and the name (or "Panelist C") the judge saw it by. */
export interface SynthesisSeat {
  id: string;
  label: string;
}

const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const clip = (s: string, max = 40) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * Reads a synthesis. `grouped`: the seats whose final answers must be grouped (each exactly once);
 * `panel`: every seat (a panel seat with no final answer named in a group is refused too).
 */
export function parseSynthesisReply(
  text: string,
  toolArguments: string | null,
  grouped: readonly SynthesisSeat[],
  panel: readonly SynthesisSeat[],
): Parsed<OpenJudgement> {
  const byName = new Map<string, SynthesisSeat>();
  for (const seat of panel) {
    byName.set(key(seat.label), seat);
    if (!byName.has(key(seat.id))) byName.set(key(seat.id), seat);
  }
  const answering = new Set(grouped.map((s) => s.id));
  let firstProblem: string | null = null;
  for (const candidate of [...(toolArguments ? jsonObjectsIn(toolArguments) : []), ...jsonObjectsIn(text)]) {
    const c = candidate as Record<string, unknown>;
    if (!('groups' in c) && !('answer' in c)) continue;
    const checked = check(c, byName, answering, grouped);
    if (checked.ok) return checked;
    firstProblem ??= checked.reason;
  }
  return {
    ok: false,
    reason:
      firstProblem ??
      (text.trim() ? 'the reply holds no JSON object with "answer", "groups", "counterpoint", "summary" and "turningPoints"' : 'the reply was empty'),
  };
}

function check(
  c: Record<string, unknown>,
  byName: ReadonlyMap<string, SynthesisSeat>,
  answering: ReadonlySet<string>,
  grouped: readonly SynthesisSeat[],
): Parsed<OpenJudgement> {
  const fail = (reason: string): Parsed<OpenJudgement> => ({ ok: false, reason });
  if (typeof c.answer !== 'string' || !c.answer.trim()) return fail('"answer" must be the synthesis in one sentence');
  if (typeof c.summary !== 'string' || !c.summary.trim()) return fail('"summary" must be a paragraph on where the panel landed');
  if (!Array.isArray(c.groups) || c.groups.length === 0) return fail('"groups" must list the positions, each with its "answer" and its "members"');
  const counterpoint = c.counterpoint === undefined || c.counterpoint === null ? null : c.counterpoint;
  if (counterpoint !== null && typeof counterpoint !== 'string') return fail('"counterpoint" must be the strongest dissent as text, or null');
  const turningPoints = c.turningPoints ?? [];
  if (!Array.isArray(turningPoints) || turningPoints.some((p) => typeof p !== 'string')) return fail('"turningPoints" must be a list of texts');
  const seen = new Map<string, number>();
  const groups: OpenJudgement['groups'] = [];
  for (const [i, raw] of c.groups.entries()) {
    const g = raw as { answer?: unknown; members?: unknown };
    if (!g || typeof g !== 'object' || typeof g.answer !== 'string' || !g.answer.trim()) return fail(`group ${i + 1} needs an "answer": the position it holds`);
    if (!Array.isArray(g.members) || g.members.length === 0) return fail(`group ${i + 1} ("${clip(g.answer.trim())}") needs "members": the names of the seats that hold it`);
    const members: string[] = [];
    for (const name of g.members) {
      if (typeof name !== 'string') return fail(`group ${i + 1} lists a member that is not a name`);
      const seat = byName.get(key(name));
      if (!seat) return fail(`"${clip(name)}" in group ${i + 1} is not a seat on this panel`);
      if (!answering.has(seat.id)) return fail(`${seat.label} is in group ${i + 1}, but gave no final answer to group`);
      const before = seen.get(seat.id);
      if (before !== undefined) return fail(`${seat.label} is in ${before === i ? `group ${i + 1} twice` : `groups ${before + 1} and ${i + 1}`}; each seat belongs to exactly one group`);
      seen.set(seat.id, i);
      members.push(seat.id);
    }
    groups.push({ answer: g.answer.trim(), members });
  }
  const missing = grouped.filter((s) => !seen.has(s.id));
  if (missing.length) {
    const names = missing.slice(0, 5).map((s) => s.label);
    return fail(`${names.join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''} ${missing.length === 1 ? 'is' : 'are'} in no group; every seat that answered belongs to exactly one`);
  }
  const largest = Math.max(...groups.map((g) => g.members.length));
  if (c.agreed !== undefined && c.agreed !== largest) {
    return fail(`"agreed" is ${JSON.stringify(c.agreed)}, but the largest group has ${largest} member${largest === 1 ? '' : 's'}`);
  }
  return {
    ok: true,
    value: {
      answer: c.answer.trim(),
      groups,
      counterpoint: typeof counterpoint === 'string' && counterpoint.trim() ? counterpoint.trim() : null,
      summary: c.summary.trim(),
      turningPoints: (turningPoints as string[]).map((p) => p.trim()).filter(Boolean),
    },
  };
}
