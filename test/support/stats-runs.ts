// Hand-built transcripts for the stats tests: each round's votes as letters, one a seat in panel
// order ("ABB" = first seat A, second B, third B); "-" a turn without a valid vote (an error), "."
// no turn at all (a seat absent from a partial round).
import { computeOpenResult, computeResult, groupsByWording } from '../../src/core/result.js';
import { TranscriptSchema, type Transcript } from '../../src/core/schema.js';

export interface SeatSpec {
  id: string;
  name: string;
  model: string | null;
}

export const ANN: SeatSpec = { id: 'ann', name: 'Ann', model: 'openai:a' };
export const BOB: SeatSpec = { id: 'bob', name: 'Bob', model: 'anthropic:b' };
export const CY: SeatSpec = { id: 'cy', name: 'Cy', model: 'xai:c' };

export interface RunSpec {
  q: string;
  repeat: number;
  answer?: string | null;
  /** Votes per round, or [] for a run stopped before round 1. */
  rounds: string[];
  usd?: number | null;
  seats?: SeatSpec[];
  options?: string[];
  motion?: string;
  protocol?: 'council';
  mode?: 'poll';
  /** Council: each seat's ballot in the ranking round (seat ids, best first), in panel order. */
  rankings?: string[][];
  status?: Transcript['status'];
  stopReason?: string;
  id?: string;
}

export function transcript(spec: RunSpec): Transcript {
  const seats = spec.seats ?? [ANN, BOB, CY];
  const options = spec.options ?? ['A', 'B', 'C'];
  const rounds = spec.rounds.map((votes, r) => ({
    number: r + 1,
    turns: votes.split('').flatMap((c, i) => {
      if (c === '.') return [];
      const before = r > 0 ? (spec.rounds[r - 1]![i] ?? null) : null;
      const previousVote = before && /[A-Z]/.test(before) ? before : null;
      const vote = c === '-' ? null : c;
      return [{ debater: seats[i]!.id, vote, argument: '…', previousVote, changed: vote !== null && previousVote !== null && vote !== previousVote, latencyMs: null, usage: null, error: vote === null ? 'timeout' : null }];
    }),
  }));
  if (spec.protocol === 'council') {
    // The ranking round: each seat keeps its round-1 vote and ranks the others.
    rounds.push({ number: 2, turns: rounds[0]!.turns.map((t, i) => ({ ...t, previousVote: t.vote, changed: false, ranking: spec.rankings![i]! })) });
  }
  const last = rounds.at(-1);
  const raw = {
    format: 'roundtable-transcript',
    version: 1,
    id: spec.id ?? `${spec.q}-r${spec.repeat}`,
    motion: spec.motion ?? `Question ${spec.q}?`,
    options,
    mode: spec.mode ?? 'debate',
    status: spec.status ?? 'complete',
    source: 'mock',
    startedAt: `2026-01-01T00:00:${String(spec.repeat).padStart(2, '0')}.000Z`,
    finishedAt: null,
    panel: seats.map((s) => ({ id: s.id, name: s.name, model: s.model })),
    judge: null,
    rounds,
    result: last ? computeResult(options, spec.protocol === 'council' ? rounds[0] : last, seats.length) : null,
    judgement: null,
    plannedRounds: spec.mode === 'poll' ? 1 : 2,
    ...(spec.protocol ? { protocol: spec.protocol } : {}),
    ...(spec.stopReason ? { stopReason: spec.stopReason } : {}),
    ...(spec.answer ? { answer: spec.answer } : {}),
    batch: { question: spec.q, repeat: spec.repeat },
    ...(spec.usd !== undefined ? { cost: { usd: spec.usd, byDebater: {}, judge: null, unpriced: spec.usd === null ? ['x:unpriced'] : [] } } : {}),
  };
  return TranscriptSchema.parse(raw);
}

export const BUDGET = 'stopped before round 1: the batch\'s --max-cost $0.3000 has $0.1138 left';

export interface OpenSpec {
  q: string;
  repeat: number;
  /** Each round's answers, one a seat in panel order (null: no answer); [] for a run that never ran. */
  rounds: (string | null)[][];
  /** Each round's `changed` flags from round 2 on (round 1's are false). */
  changed?: boolean[][];
  /** The judge's groups (seat ids); null for a run without a judge (then grouped by wording). */
  groups: { answer: string; members: string[] }[] | null;
  expected?: string;
  matchesAnswer?: boolean;
  seats?: SeatSpec[];
  usd?: number | null;
  id?: string;
  /** A council: round 2 is the ranking round (each seat's ballot, panel order), its answers those of round 1. */
  rankings?: string[][];
  mode?: 'poll';
}

/** A hand-built open question's transcript (open: true, options [], answers instead of votes). */
export function openTranscript(spec: OpenSpec): Transcript {
  const seats = spec.seats ?? [ANN, BOB, CY];
  const rounds = spec.rounds.map((answers, r) => ({
    number: r + 1,
    turns: answers.map((answer, i) => ({
      debater: seats[i]!.id,
      vote: null,
      answer,
      argument: '…',
      previousVote: null,
      changed: r > 0 ? (spec.changed?.[r - 1]?.[i] ?? false) : false,
      latencyMs: null,
      usage: null,
      error: answer === null ? 'timeout' : null,
    })),
  }));
  if (spec.rankings) rounds.push({ number: 2, turns: rounds[0]!.turns.map((t, i) => ({ ...t, changed: false, ranking: spec.rankings![i]! })) });
  const last = rounds.at(-1);
  // Without a judge the result groups only the same words (the program's rule); with one, the judge's groups.
  const groups = spec.groups ?? groupsByWording(last?.turns ?? []);
  const result = last ? computeOpenResult(groups, seats.length, spec.groups ? (spec.groups[0]?.answer ?? null) : null, null) : null;
  const raw = {
    format: 'roundtable-transcript',
    version: 1,
    id: spec.id ?? `${spec.q}-r${spec.repeat}`,
    motion: `Open question ${spec.q}?`,
    options: [],
    open: true,
    mode: spec.mode ?? 'debate',
    status: 'complete',
    source: 'mock',
    startedAt: `2026-01-01T00:00:${String(spec.repeat).padStart(2, '0')}.000Z`,
    finishedAt: null,
    panel: seats.map((s) => ({ id: s.id, name: s.name, model: s.model })),
    judge: spec.groups ? { name: 'Judge', model: null } : null,
    rounds,
    result,
    judgement: spec.groups
      ? { answer: spec.groups[0]?.answer ?? '', groups: spec.groups, counterpoint: null, summary: '…', turningPoints: [], ...(spec.matchesAnswer !== undefined ? { matchesAnswer: spec.matchesAnswer } : {}) }
      : null,
    plannedRounds: spec.mode === 'poll' ? 1 : 2,
    ...(spec.rankings ? { protocol: 'council' } : {}),
    ...(spec.expected ? { answer: spec.expected } : {}),
    batch: { question: spec.q, repeat: spec.repeat },
    ...(spec.usd !== undefined ? { cost: { usd: spec.usd, byDebater: {}, judge: null, unpriced: [] } } : {}),
  };
  const parsed = TranscriptSchema.parse(raw);
  // The judge's verdict on the known answer rides on the judgement (kept if the schema strips unknown keys).
  if (spec.matchesAnswer !== undefined && parsed.judgement) (parsed.judgement as Record<string, unknown>).matchesAnswer = spec.matchesAnswer;
  return parsed;
}
