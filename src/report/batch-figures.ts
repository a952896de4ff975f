// The figures of several debates, as the batch charts read them. A small typed input, filled from
// the transcripts; the measures follow `roundtable stats` (accuracy of the majority per round against
// the first round's vote, vote transitions, conformity: moving to the previous round's majority).
import { computeStats, type Interval } from '../stats/stats.js';
import type { Transcript } from '../core/schema.js';
import { closedResult } from '../core/result.js';
import { clean } from './text.js';
import type { ReportTranscript } from './types.js';

export type { Interval };

export const OUTCOME_KINDS = ['the answer', 'most common', 'another option', 'tie', 'not finished'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface BatchFigures {
  runs: number;
  complete: number;
  questions: number;
  /** With known answers: the share correct per round, for the majority and for a single seat. */
  accuracy: { rounds: { round: number; majority: Interval; single: Interval }[]; baseline: Interval; final: Interval } | null;
  /** Vote transitions between consecutive rounds; with answers by correctness, else option to option. */
  flips: { kind: 'answer' | 'option' | 'majority'; cells: { from: string; to: string; count: number }[]; harmful?: Interval; helpful?: Interval } | null;
  /** Over every seat: the share of moves to the majority, and of kept votes, when outside it (from `roundtable stats`). */
  conformityOverall: { conformity: Interval; obstinacy: Interval } | null;
  /** Per seat (by name): how often it sat outside the previous round's single majority, and moved to it or kept its vote. */
  conformity: { seat: string; eligible: number; moved: number; kept: number }[];
  /** Per question: how its runs ended (kind: the answer, another option, a tie, or not finished). */
  outcomes: { question: string; outcome: string; count: number; kind: OutcomeKind }[];
  /** Per run with a recorded cost, in USD; question: its question's label (the batch id, else the motion). */
  cost: { run: number; label: string; question: string; usd: number }[];
  /** `roundtable stats`' cost: the total, the mean per run, per correct final answer. */
  costSummary: { totalUsd: number | null; pricedRuns: number; perRun: number | null; perCorrect: number | null };
  /** Every run mocked: its cost is what it would have cost live (real prices, stand-in token counts). */
  mock: boolean;
}

const votesOf = (t: ReportTranscript): (string | null)[][] => {
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
  return rounds.map((r) => t.panel.map((p) => r.turns.find((x) => x.debater === p.id)?.vote ?? null));
};

export function leaders(votes: readonly (string | null)[]): string[] {
  const count = new Map<string, number>();
  for (const v of votes) if (v !== null) count.set(v, (count.get(v) ?? 0) + 1);
  const top = Math.max(0, ...count.values());
  return top === 0 ? [] : [...count].filter(([, n]) => n === top).map(([o]) => o);
}

const questionOf = (t: ReportTranscript) => t.batch?.question ?? t.motion;
const outcomeOf = (t: ReportTranscript) => (t.status !== 'complete' ? `(${t.status})` : closedResult(t.result)?.winner ?? '(tie)');
const point = (mean: number | null, n: number): Interval => ({ mean, low: null, high: null, n });
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function batchFigures(transcripts: readonly ReportTranscript[]): BatchFigures {
  const complete = transcripts.filter((t) => t.status === 'complete');
  const questions = new Set(transcripts.map(questionOf));

  const byQuestion = new Map<string, ReportTranscript[]>();
  for (const t of transcripts) byQuestion.set(questionOf(t), [...(byQuestion.get(questionOf(t)) ?? []), t]);
  const outcomes: BatchFigures['outcomes'] = [];
  for (const list of byQuestion.values()) {
    const counts = new Map<string, number>();
    for (const t of list) counts.set(outcomeOf(t), (counts.get(outcomeOf(t)) ?? 0) + 1);
    const answer = list.find((t) => t.answer !== undefined)?.answer;
    const won = [...counts].filter(([o]) => !o.startsWith('(')).sort((a, b) => b[1] - a[1]);
    for (const [outcome, count] of counts) {
      const kind: OutcomeKind =
        outcome === '(tie)' ? 'tie' : outcome.startsWith('(') ? 'not finished' : answer !== undefined ? (outcome === answer ? 'the answer' : 'another option') : outcome === won[0]?.[0] ? 'most common' : 'another option';
      outcomes.push({ question: clean(list[0]!.motion), outcome: clean(outcome), count, kind });
    }
  }

  const answered = complete.filter((t) => t.answer !== undefined && t.options.includes(t.answer));
  // Accuracy, flip rates and conformity with their 95 % intervals: `roundtable stats`' own measures.
  const stats = computeStats(transcripts as unknown as Transcript[]);
  const accuracy: BatchFigures['accuracy'] = stats.accuracy
    ? { rounds: stats.accuracy.rounds.map((r) => ({ round: r.round, majority: r.majority, single: r.singleAgent })), baseline: stats.accuracy.voteBaseline, final: stats.accuracy.final }
    : null;

  // With answers: by correctness. Without, option to option when every run has the same options
  // (a matrix anyone can read); across different questions, relative to the round's majority.
  const flipCounts = new Map<string, number>();
  const withAnswers = answered.length > 0;
  const sameOptions = new Set(complete.map((t) => JSON.stringify(t.options))).size <= 1;
  const kind: 'answer' | 'option' | 'majority' = withAnswers ? 'answer' : sameOptions ? 'option' : 'majority';
  for (const t of withAnswers ? answered : complete) {
    const votes = votesOf(t);
    for (let r = 1; r < votes.length; r++) {
      const top = leaders(votes[r - 1]!);
      const majority = top.length === 1 ? top[0]! : null;
      votes[r]!.forEach((b, i) => {
        const a = votes[r - 1]![i] ?? null;
        if (a === null || b === null) return;
        let from = clean(a);
        let to = clean(b);
        if (kind === 'answer') {
          from = a === t.answer ? 'correct' : 'incorrect';
          to = b === t.answer ? 'correct' : b === a ? 'incorrect, kept' : 'incorrect, changed';
        } else if (kind === 'majority') {
          if (majority === null) return;
          from = a === majority ? 'with the majority' : 'outside it';
          to = b === a ? 'kept' : b === majority ? 'moved to the majority' : 'moved elsewhere';
        }
        const key = `${from}\u0000${to}`;
        flipCounts.set(key, (flipCounts.get(key) ?? 0) + 1);
      });
    }
  }
  const flips: BatchFigures['flips'] = flipCounts.size
    ? { kind, ...(kind === 'answer' && stats.flips ? { harmful: stats.flips.harmful, helpful: stats.flips.helpful } : {}), cells: [...flipCounts].map(([k, count]) => ({ from: k.split('\u0000')[0]!, to: k.split('\u0000')[1]!, count })) }
    : null;

  const conform = new Map<string, { eligible: number; moved: number; kept: number }>();
  for (const t of complete) {
    const votes = votesOf(t);
    for (let r = 1; r < votes.length; r++) {
      const top = leaders(votes[r - 1]!);
      if (top.length !== 1) continue;
      const majority = top[0]!;
      t.panel.forEach((p, i) => {
        const name = clean(p.name);
        const c = conform.get(name) ?? { eligible: 0, moved: 0, kept: 0 };
        conform.set(name, c);
        const a = votes[r - 1]![i] ?? null;
        const b = votes[r]![i] ?? null;
        if (a === null || b === null || a === majority) return;
        c.eligible++;
        if (b === majority) c.moved++;
        else if (b === a) c.kept++;
      });
    }
  }

  const cost: BatchFigures['cost'] = [];
  transcripts.forEach((t, i) => {
    const usd = t.cost?.usd;
    if (typeof usd === 'number') cost.push({ run: i + 1, label: `${i + 1}. ${clean(t.motion).slice(0, 40)}`, question: clean(t.batch?.question ?? t.motion), usd });
  });

  return {
    runs: transcripts.length,
    complete: complete.length,
    questions: questions.size,
    accuracy,
    flips,
    conformityOverall: stats.conformity ? { conformity: stats.conformity.conformity, obstinacy: stats.conformity.obstinacy } : null,
    conformity: [...conform].map(([seat, c]) => ({ seat, ...c })),
    outcomes,
    cost,
    costSummary: { totalUsd: stats.cost.totalUsd, pricedRuns: stats.cost.pricedRuns, perRun: stats.cost.perQuestion, perCorrect: stats.cost.perCorrect },
    mock: transcripts.length > 0 && transcripts.every((t) => t.source === 'mock'),
  };
}
