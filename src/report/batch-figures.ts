// The figures of several debates, as the batch charts read them: every figure is `roundtable stats`'
// own (the same runs, rounds, groups and intervals; src/stats), so the report and `stats` agree.
// What only the charts need (the flip matrix without answers, cost per run) is read from the same
// runs by the same rules.
import { computeStats, type Estimate, type StatsReport, type Ties } from '../stats/stats.js';
import { figureRows, type FigureRow } from '../stats/figures.js';
import { leaders, questionName, toRuns } from '../stats/runs.js';
import type { Transcript } from '../core/schema.js';
import { clean } from './text.js';
import type { ReportTranscript } from './types.js';

export type Interval = Estimate;

export const OUTCOME_KINDS = ['the answer', 'most common', 'another option', 'tie', 'not finished'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface BatchFigures {
  /** Transcripts given, those not run (no round), those that ran and finished. */
  runs: number;
  notRun: number;
  complete: number;
  questions: number;
  ties: Ties;
  /** With known answers: the share correct per round, for the majority and for a single seat (debates; else polls, else councils). */
  accuracy: { group: 'debate' | 'poll' | 'council'; rounds: { round: number; majority: Interval; single: Interval }[]; baseline: Interval; final: Interval } | null;
  /** Vote transitions between consecutive rounds of the debates; with answers by correctness, else option to option. */
  flips: { kind: 'answer' | 'option' | 'majority'; cells: { from: string; to: string; count: number }[]; harmful?: Interval; helpful?: Interval } | null;
  /** Over every seat: the share of moves to the majority, and of kept votes, when outside it (from `roundtable stats`). */
  conformityOverall: { conformity: Interval; obstinacy: Interval } | null;
  /** Per seat (by name and model): how often it sat outside the previous round's single majority, and moved to it or kept its vote. */
  conformity: { seat: string; eligible: number; moved: number; kept: number }[];
  /** Per question: how its runs ended (kind: the answer, another option, a tie, or not finished). */
  outcomes: { question: string; outcome: string; count: number; kind: OutcomeKind }[];
  /** Per run that ran with a recorded cost, in USD; question: its question's label (the batch id, else the motion). */
  cost: { run: number; label: string; question: string; usd: number }[];
  /** `roundtable stats`' cost: the total, the mean per run, per correct final decision. */
  costSummary: { totalUsd: number | null; pricedRuns: number; unpricedRuns: number; perRun: number | null; perCorrect: number | null };
  /** Every figure of `roundtable stats`, one a row (the CSV's rows). */
  table: FigureRow[];
  stats: StatsReport;
  /** Every run mocked: its cost is what it would have cost live (real prices, stand-in token counts). */
  mock: boolean;
}

export function batchFigures(transcripts: readonly ReportTranscript[], ties: Ties = 'random'): BatchFigures {
  const list = transcripts as unknown as Transcript[];
  const stats = computeStats(list, { ties });
  const runs = toRuns(list);

  const outcomes: BatchFigures['outcomes'] = [];
  for (const q of stats.perQuestion) {
    const won = Object.entries(q.outcomes).filter(([o]) => !o.startsWith('(')).sort((a, b) => b[1] - a[1]);
    for (const [outcome, count] of Object.entries(q.outcomes)) {
      const kind: OutcomeKind =
        outcome === '(tie)' ? 'tie' : outcome.startsWith('(') ? 'not finished' : q.answer !== null ? (outcome === q.answer ? 'the answer' : 'another option') : outcome === won[0]?.[0] ? 'most common' : 'another option';
      outcomes.push({ question: clean(questionName(q.question, q.motion)), outcome: clean(outcome), count, kind });
    }
  }

  const primary = (['debate', 'poll', 'council'] as const).find((g) => stats.accuracy[g]);
  const a = primary ? stats.accuracy[primary]! : null;
  const accuracy: BatchFigures['accuracy'] = a && primary ? { group: primary, rounds: a.rounds.map((r) => ({ round: r.round, majority: r.majority, single: r.singleAgent })), baseline: a.voteBaseline, final: a.final } : null;

  // Debates' whole rounds only (stats' rule). With answers: stats' own transition counts. Without,
  // option to option when every debate has the same options, else relative to the round's majority.
  let flips: BatchFigures['flips'] = null;
  if (stats.flips) {
    const c = stats.flips.counts;
    // A correct vote that moves can only turn incorrect: it lands in "incorrect, changed".
    const cells = [
      { from: 'correct', to: 'correct', count: c.cc },
      { from: 'correct', to: 'incorrect, changed', count: c.ci },
      { from: 'incorrect', to: 'correct', count: c.ic },
      { from: 'incorrect', to: 'incorrect, kept', count: c.iSame },
      { from: 'incorrect', to: 'incorrect, changed', count: c.iOther },
    ];
    flips = { kind: 'answer', cells: cells.filter((x) => x.count > 0), harmful: stats.flips.harmful, helpful: stats.flips.helpful };
  } else {
    const debates = runs.filter((r) => r.ran && r.status === 'complete' && r.group === 'debate' && r.votes.length > 1);
    const sameOptions = new Set(debates.map((r) => JSON.stringify(r.options))).size <= 1;
    const kind = sameOptions ? 'option' : 'majority';
    const counts = new Map<string, number>();
    for (const run of debates) {
      for (let k = 1; k < run.votes.length; k++) {
        const top = leaders(run.votes[k - 1]!);
        const majority = top.length === 1 ? top[0]! : null;
        run.votes[k]!.forEach((b, i) => {
          const prev = run.votes[k - 1]![i] ?? null;
          if (prev === null || b === null) return;
          let from = clean(prev);
          let to = clean(b);
          if (kind === 'majority') {
            if (majority === null) return;
            from = prev === majority ? 'with the majority' : 'outside it';
            to = b === prev ? 'kept' : b === majority ? 'moved to the majority' : 'moved elsewhere';
          }
          const key = `${from}\u0000${to}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        });
      }
    }
    if (counts.size) flips = { kind, cells: [...counts].map(([k, count]) => ({ from: k.split('\u0000')[0]!, to: k.split('\u0000')[1]!, count })) };
  }

  const cost: BatchFigures['cost'] = [];
  const byId = new Map(runs.map((r) => [r.id, r]));
  let index = 0;
  for (const t of list) {
    index++;
    const run = byId.get(t.id);
    if (!run?.ran || run.costUsd === null) continue;
    cost.push({ run: index, label: `${index}. ${clean(t.motion).slice(0, 40)}`, question: clean(t.batch?.question ?? t.motion), usd: run.costUsd });
  }

  return {
    runs: stats.runs,
    notRun: stats.notRun,
    complete: stats.complete,
    questions: stats.questions,
    ties,
    accuracy,
    flips,
    conformityOverall: stats.conformity ? { conformity: stats.conformity.conformity, obstinacy: stats.conformity.obstinacy } : null,
    conformity: (stats.conformity?.bySeat ?? []).map((s) => ({ seat: clean(s.name), eligible: s.eligible, moved: s.moved, kept: s.kept })),
    outcomes,
    cost: stats.cost.totalUsd === null ? [] : cost,
    costSummary: { totalUsd: stats.cost.totalUsd, pricedRuns: stats.cost.pricedRuns, unpricedRuns: stats.cost.unpricedRuns, perRun: stats.cost.perRun, perCorrect: stats.cost.perCorrect },
    table: figureRows(stats),
    stats,
    mock: transcripts.length > 0 && transcripts.every((t) => t.source === 'mock'),
  };
}
