// One debate as the report shows it: the votes of every seat in every round, the flows between
// options from round to round, tallies, the calls on a timeline and the tokens and cost per seat.
// Pure: a transcript in, plain data out (every text cleaned, not yet escaped).
import { parseModelId } from '../agents/model-id.js';
import { formatOpenResult, isOpenResult } from '../core/result.js';
import { clean } from './text.js';
import type { ReportTranscript, ReportTurn, Usage } from './types.js';

/** Category colours (Tableau 10), one per option in the transcript's order; no vote is grey. */
export const OPTION_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];
export const NO_VOTE_COLOR = '#9aa0a6';
export const NO_VOTE = 'no vote';

export interface Seat {
  id: string;
  name: string;
  model: string;
  provider: string;
}

export interface VoteCell {
  round: number;
  seat: Seat;
  /** Index into the options, or null: no valid vote (an error, an abstention, or no turn at all). */
  option: number | null;
  /** The vote as shown ("no vote" when none). */
  vote: string;
  previous: string | null;
  changed: boolean;
  turn: ReportTurn | null;
}

export interface DebateModel {
  motion: string;
  options: string[];
  seats: Seat[];
  rounds: number[];
  /** cells[r][s]: seat s in the r-th round of `rounds`. */
  cells: VoteCell[][];
  resultLine: string;
  status: string;
  protocol: string;
  source: string;
}

function providerOf(model: string | null): string {
  if (!model) return '—';
  try {
    return parseModelId(model).provider;
  } catch {
    return model.includes(':') ? model.slice(0, model.indexOf(':')) : '—';
  }
}

export function resultLine(t: ReportTranscript): string {
  const r = t.result;
  if (!r) return t.status === 'complete' ? 'No result: no valid votes' : 'No result';
  if (isOpenResult(r)) return formatOpenResult(r);
  const abstained = r.abstentions ? `, ${r.abstentions} abstained` : '';
  if (r.winner === null) {
    const entries = Object.entries(r.tally);
    const top = Math.max(0, ...entries.map(([, n]) => n));
    const leaders = entries.filter(([, n]) => n === top).map(([o]) => clean(o));
    return `${r.label} — ${leaders.join(' / ')} (${top}/${r.validVotes} votes each${abstained})`;
  }
  const count = Object.hasOwn(r.tally, r.winner) ? r.tally[r.winner] : 0;
  return `${r.label} — ${clean(r.winner)} (${count}/${r.validVotes} votes${abstained})`;
}

export function debateModel(t: ReportTranscript): DebateModel {
  // A person on the panel (--human) is a seat like the others, marked as a person.
  const seats: Seat[] = t.panel.map((p) =>
    p.human ? { id: p.id, name: clean(p.name), model: 'person', provider: 'at the terminal' } : { id: p.id, name: clean(p.name), model: clean(p.model ?? '—'), provider: clean(providerOf(p.model)) },
  );
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
  const optionIndex = new Map(t.options.map((o, i) => [o, i]));
  const cells = rounds.map((round, r) =>
    seats.map((seat): VoteCell => {
      const turn = round.turns.find((x) => x.debater === seat.id) ?? null;
      const option = turn?.vote != null && optionIndex.has(turn.vote) ? optionIndex.get(turn.vote)! : null;
      return {
        round: round.number,
        seat,
        option,
        vote: option === null ? NO_VOTE : clean(t.options[option]!),
        previous: null,
        changed: false,
        turn,
      };
    }),
  );
  // A changed mind: a valid vote in this round different from this seat's last valid vote before it;
  // with no vote before it shown (an imported page shows one round), the turn's own word (`changed`,
  // a page's "(changed mind)" mark), from its `previousVote` when that is known.
  seats.forEach((_, s) => {
    let last: number | null = null;
    for (let r = 0; r < cells.length; r++) {
      const cell = cells[r]![s]!;
      if (last !== null) cell.previous = clean(t.options[last]!);
      else if (cell.turn?.previousVote) cell.previous = clean(cell.turn.previousVote);
      if (cell.option !== null) {
        cell.changed = last !== null ? last !== cell.option : cell.turn?.changed === true;
        last = cell.option;
      }
    }
  });
  return {
    motion: clean(t.motion),
    options: t.options.map(clean),
    seats,
    rounds: rounds.map((r) => r.number),
    cells,
    resultLine: resultLine(t),
    status: t.status,
    protocol: t.protocol ?? 'roundtable',
    source: t.source,
  };
}

export const optionColor = (option: number | null): string => (option === null ? NO_VOTE_COLOR : OPTION_COLORS[option % OPTION_COLORS.length]!);

/** What a vote mark says (its accessible label, which the browser test reads back). */
export const voteLabel = (c: VoteCell): string =>
  `Round ${c.round}: ${c.seat.name} voted ${c.vote}${c.changed ? (c.previous !== null ? ` (changed from ${c.previous})` : ' (changed mind)') : ''}`;
/** What a flow says. */
export const flowLabel = (a: VoteCell, b: VoteCell): string =>
  `${a.seat.name}, round ${a.round} to ${b.round}: ${a.vote} to ${b.vote}${b.changed ? ' (changed)' : ''}`;

/** Per round: how many votes each option had, and how many seats gave none. */
export function tallies(m: DebateModel): { round: number; option: string; index: number | null; count: number }[] {
  const out: { round: number; option: string; index: number | null; count: number }[] = [];
  m.cells.forEach((row, r) => {
    m.options.forEach((option, i) => out.push({ round: m.rounds[r]!, option, index: i, count: row.filter((c) => c.option === i).length }));
    const none = row.filter((c) => c.option === null).length;
    if (none) out.push({ round: m.rounds[r]!, option: NO_VOTE, index: null, count: none });
  });
  return out;
}

export interface CallBar {
  round: number;
  seat: string;
  /** Milliseconds from the debate's first call (rounds laid end to end; calls of a round side by side from its start). */
  start: number;
  end: number;
  /** Of the call's time, how long it waited in backoff before retrying. */
  waitMs: number;
  retries: number;
  reasks: number;
  failed: boolean;
  critical: boolean;
}

/**
 * The calls on a timeline. Transcripts record each call's duration (latencyMs, retries and their
 * backoff included) but not when it started, so every call of a round is laid from the round's start
 * (the round asks its seats together) and a round starts when its slowest call ends. That slowest
 * call is the round's step on the critical path.
 */
export function callBars(m: DebateModel): { bars: CallBar[]; rounds: { round: number; start: number; end: number }[]; timed: boolean } {
  const bars: CallBar[] = [];
  const rounds: { round: number; start: number; end: number }[] = [];
  let offset = 0;
  let timed = false;
  m.cells.forEach((row, r) => {
    const calls = row.filter((c) => c.turn !== null && c.turn.latencyMs !== null);
    if (!calls.length) return;
    timed = true;
    const longest = Math.max(...calls.map((c) => c.turn!.latencyMs!));
    let criticalMarked = false;
    for (const c of calls) {
      const turn = c.turn!;
      const latency = turn.latencyMs!;
      const critical = !criticalMarked && latency === longest;
      if (critical) criticalMarked = true;
      const waitMs = Math.min(latency, (turn.retries ?? []).reduce((a, x) => a + x.delayMs, 0));
      bars.push({
        round: m.rounds[r]!,
        seat: c.seat.name,
        start: offset,
        end: offset + latency,
        waitMs,
        retries: turn.retries?.length ?? 0,
        reasks: turn.reasks?.length ?? 0,
        failed: turn.error !== null,
        critical,
      });
    }
    rounds.push({ round: m.rounds[r]!, start: offset, end: offset + longest });
    offset += longest;
  });
  return { bars, rounds, timed };
}

export interface SeatUsage {
  seat: Seat;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  /** Null when no call recorded its usage. */
  hasUsage: boolean;
  /** USD; null when unpriced or not recorded. */
  costUsd: number | null;
}

export function seatUsage(t: ReportTranscript, m: DebateModel): SeatUsage[] {
  return m.seats.map((seat, s) => {
    let input = 0;
    let output = 0;
    let cached = 0;
    let reasoning = 0;
    let calls = 0;
    let hasUsage = false;
    let cost: number | null = null;
    for (const row of m.cells) {
      const turn = row[s]!.turn;
      if (!turn) continue;
      calls++;
      const u: Usage | null = turn.usage;
      if (u) {
        hasUsage = true;
        input += u.inputTokens;
        output += u.outputTokens;
        cached += u.cachedInputTokens ?? 0;
        reasoning += u.reasoningTokens ?? 0;
      }
      if (typeof turn.cost?.usd === 'number') cost = (cost ?? 0) + turn.cost.usd;
    }
    const byDebater = t.cost?.byDebater;
    if (byDebater && Object.hasOwn(byDebater, seat.id) && typeof byDebater[seat.id] === 'number') cost = byDebater[seat.id]!;
    return { seat, calls, inputTokens: input, outputTokens: output, cachedInputTokens: cached, reasoningTokens: reasoning, hasUsage, costUsd: cost };
  });
}
