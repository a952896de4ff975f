// `roundtable stats`: measures a set of transcripts the way the debate research does (definitions,
// units, intervals and sources in docs/batch-and-stats.md). Pure: transcripts in, numbers out.
// Which runs and rounds count is src/stats/runs.ts; the intervals are src/stats/intervals.ts.
import type { Transcript } from '../core/schema.js';
import { clusterBootstrap, type Estimate, wilson } from './intervals.js';
import {
  addTransitions,
  type Conformity,
  conformityBySeat,
  correctVotes,
  type Group,
  leaders,
  majorityScore,
  modelsOnly,
  noTransitions,
  type OpenKind,
  type Run,
  sameWordsLargest,
  seatKey,
  type Ties,
  toRuns,
  transitions,
  type Transitions,
} from './runs.js';

export type { Estimate, Group, OpenKind, Run, Ties, Transitions, Conformity };
export { leaders, majorityScore, transitions, toRuns };
export { conformity, correctVotes } from './runs.js';
export { wilson, clusterBootstrap } from './intervals.js';

export interface RoundStats {
  round: number;
  /** Seat votes for the answer over every seat of the runs that reached this round (unit: a seat's vote). */
  singleAgent: Estimate;
  /** Runs whose majority vote of this round is the answer, ties by the tie rule (unit: a run). */
  majority: Estimate;
}

/** The figures of one group of runs with known answers (debates, polls or councils: never mixed). */
export interface GroupAccuracy {
  /** Complete runs of the group with a known answer and at least one whole round. */
  runs: number;
  /** Accuracy per round (debates: every round; polls and councils: round 1). */
  rounds: RoundStats[];
  /** Round 1's majority vote: the vote baseline, on the very runs the figures below are over. */
  voteBaseline: Estimate;
  /** The group's final decision: debates the final round's majority, polls round 1's, councils the ranked decision. */
  final: Estimate;
  /** final − vote baseline, run by run (cluster bootstrap over questions and their repeats). */
  difference: Estimate;
}

export interface CouncilStats {
  /** Council runs whose ranking gave a decision. */
  ranked: number;
  /** Of the ranked runs with a single round-1 majority: the ranked decision differs from it. */
  overturned: Estimate;
  /** With answers: overturns that turned a wrong majority right, and a right one wrong. */
  overturnedToAnswer: number;
  overturnedFromAnswer: number;
}

/**
 * Open questions (no options), never mixed with votes. What the transcripts allow to measure: the
 * judge's grouping of the final answers, the seats' own `changed` flags, and answers given in the
 * same words (a lower bound on agreement: one position in other words counts apart).
 */
export interface OpenStats {
  /** Complete open runs with a whole round. */
  runs: number;
  /** Of those, runs whose final answers a judge grouped (a synthesis was written). */
  judged: number;
  /** The judged runs' labels: All agreed / Agreement / No agreement. */
  labels: Record<string, number>;
  /** Seats in the largest position the judge found, over the judged runs' seats. */
  finalAgreement: Estimate;
  /** Answers from round 2 on that say their position moved (`changed`), over answers from round 2 on. */
  changedMind: Estimate;
  changedByRound: { round: number; changed: Estimate }[];
  /** Per round: seats in the largest group of answers in the same words, over the seats of the runs that reached the round. */
  sameWords: { round: number; agreement: Estimate }[];
  /** Same-words agreement in the last round minus round 1, run by run (runs with two rounds or more). */
  convergence: Estimate;
  /** Runs of a question with a known `answer`, and of those the share whose synthesis the judge matched to it (as judged, never exact). */
  withAnswer: number;
  matchedAsJudged: Estimate | null;
  /** Runs with a known answer but no verdict of the judge recorded. */
  noVerdict: number;
}

export interface SeatStability {
  name: string;
  model: string | null;
  /** Share of this seat's final votes on the question that are its most common one (null with fewer than two votes). */
  share: number | null;
  /** Runs of the question in which the seat sat and gave a final vote. */
  votes: number;
}

export interface QuestionStats {
  question: string;
  motion: string;
  answer: string | null;
  /** Runs of the question that ran (not-run runs are counted in `notRun`). */
  runs: number;
  /** How the runs ended: the winner (a council's ranked decision), "(tie)", "(no vote)", or an unfinished status. */
  outcomes: Record<string, number>;
  labels: Record<string, number>;
  /** Share of runs with the most common outcome / label. */
  winnerRepeat: number | null;
  labelRepeat: number | null;
  stability: SeatStability[];
  /** The final decision is the answer: the mean over the scored runs. */
  accuracy: number | null;
  scored: number;
  costPerRun: number | null;
  pricedRuns: number;
}

export interface StatsReport {
  /** The tie rule of every majority score. */
  ties: Ties;
  /** Transcripts given (after duplicates). */
  runs: number;
  /** Runs with no turn at all (stopped before round 1): left out of every figure. */
  notRun: number;
  /** Runs that ran. */
  measured: number;
  complete: number;
  /** Complete runs with a known answer and a whole round, by group. */
  answered: { debate: number; poll: number; council: number };
  /** Partial rounds left out (a run's final round is its last whole round). */
  partialRounds: number;
  questions: number;
  repeats: number;
  accuracy: { debate: GroupAccuracy | null; poll: GroupAccuracy | null; council: GroupAccuracy | null };
  council: CouncilStats | null;
  /** Open questions, apart from every vote figure, and open debates, polls and councils apart from each other. */
  open: Record<OpenKind, OpenStats | null> | null;
  /** Debates only: seats' vote changes between consecutive whole rounds. */
  flips: { counts: Transitions; harmful: Estimate; helpful: Estimate } | null;
  /** Debates only (no answer needed): seats outside the previous round's single majority. */
  conformity: { counts: Conformity; conformity: Estimate; obstinacy: Estimate; bySeat: ({ name: string; model: string | null } & Conformity)[] } | null;
  perQuestion: QuestionStats[];
  /** Each seat (by name and model) over questions: the mean of its per-question stability. */
  stability: { name: string; model: string | null; share: number | null; questions: number }[];
  cost: {
    totalUsd: number | null;
    pricedRuns: number;
    unpricedRuns: number;
    perRun: number | null;
    /** The priced scored runs' cost over the correct final decisions of those same runs. */
    perCorrect: number | null;
    /** The priced scored runs, and their correct final decisions (fractional with 1/k ties). */
    scoredPriced: number;
    correctPriced: number;
    /** Scored runs left out of cost per correct answer for want of a price. */
    scoredUnpriced: number;
  };
  /**
   * Debates by who read whom (--topology), when any run read less than the whole panel: final
   * accuracy against the vote baseline on the same runs, and the tokens a run used.
   */
  topologies: TopologyStats[] | null;
  /** One sentence each about what was left out or could not be added up. */
  warnings: string[];
}

export interface TopologyStats {
  topology: string;
  /** Debates that ran (whole rounds) with this topology. */
  runs: number;
  /** Of those, scored against a known answer. */
  scored: number;
  voteBaseline: Estimate | null;
  final: Estimate | null;
  /** Mean input + output tokens per run, over the runs that recorded usage (null when none did). */
  tokensPerRun: number | null;
  tokenRuns: number;
}

/** Debates by topology (Li et al. 2024: sparse topologies keep accuracy at a fraction of the tokens). */
function topologyStats(debates: readonly Run[], ties: Ties): TopologyStats[] | null {
  if (!debates.some((r) => r.topology !== 'full')) return null;
  const names = [...new Set(debates.map((r) => r.topology))].sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : a.localeCompare(b)));
  return names.map((topology) => {
    const runs = debates.filter((r) => r.topology === topology);
    const scored = runs.filter((r) => finalScore(r, ties) !== null);
    const withTokens = runs.filter((r) => r.tokens !== null);
    return {
      topology,
      runs: runs.length,
      scored: scored.length,
      voteBaseline: scored.length ? wilson(sum(scored.map((r) => majorityScore(r.votes[0]!, r.answer!, ties))), scored.length) : null,
      final: scored.length ? wilson(sum(scored.map((r) => finalScore(r, ties)!)), scored.length) : null,
      tokensPerRun: withTokens.length ? sum(withTokens.map((r) => r.tokens!)) / withTokens.length : null,
      tokenRuns: withTokens.length,
    };
  });
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function tally(values: string[]): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
const modeShare = (counts: Record<string, number>, n: number) => (n ? Math.max(0, ...Object.values(counts)) / n : null);

/** A complete run with a whole round. */
const finished = (r: Run) => r.status === 'complete' && r.votes.length > 0;

/** How a run ended, by the rule its accuracy uses. */
export function outcomeOf(run: Run): string {
  if (run.status !== 'complete') return `(${run.status})`;
  if (!run.votes.length) return '(no whole round)';
  if (run.group === 'council') return run.rankedPick ?? '(no ranking)';
  if (run.open) return run.open.label === null ? '(no result)' : run.open.judged ? run.open.label : `${run.open.label} (same words, no judge)`;
  return run.winner ?? (leaders(run.votes.at(-1)!).length ? '(tie)' : '(no vote)');
}

function openStats(runs: readonly Run[]): OpenStats | null {
  const list = runs.filter((r) => r.open !== null);
  if (!list.length) return null;
  const judged = list.filter((r) => r.open!.judged && r.open!.agreed !== null && r.open!.panelSize);
  const labels = tally(judged.map((r) => r.open!.label ?? '(none)'));
  const maxRounds = Math.max(...list.map((r) => r.open!.answers.length));
  const changedByRound: OpenStats['changedByRound'] = [];
  const sameWords: OpenStats['sameWords'] = [];
  let changed = 0;
  let answered = 0;
  for (let k = 0; k < maxRounds; k++) {
    const reached = list.filter((r) => r.open!.answers[k]);
    sameWords.push({ round: k + 1, agreement: wilson(sum(reached.map((r) => sameWordsLargest(r.open!.answers[k]!))), sum(reached.map((r) => r.seats.length))) });
    if (k === 0) continue;
    // An answer from round 2 on, with its `changed` flag: the seat's own word that its position moved.
    let c = 0;
    let a = 0;
    for (const r of reached) {
      r.open!.answers[k]!.forEach((answer, i) => {
        if (answer === null || r.seats[i]?.human) return;
        a++;
        if (r.open!.changed[k]![i] === true) c++;
      });
    }
    changedByRound.push({ round: k + 1, changed: wilson(c, a) });
    changed += c;
    answered += a;
  }
  const multi = list.filter((r) => r.open!.answers.length > 1);
  const share = (r: Run, k: number) => sameWordsLargest(r.open!.answers[k]!) / r.seats.length;
  const withAnswer = list.filter((r) => r.open!.expected !== null);
  const verdicts = withAnswer.filter((r) => r.open!.matched !== null);
  return {
    runs: list.length,
    judged: judged.length,
    labels,
    finalAgreement: wilson(sum(judged.map((r) => r.open!.agreed!)), sum(judged.map((r) => r.open!.panelSize!))),
    changedMind: wilson(changed, answered),
    changedByRound,
    sameWords,
    convergence: clusterBootstrap(multi.map((r) => ({ question: r.question, value: share(r, r.open!.answers.length - 1) - share(r, 0) }))),
    withAnswer: withAnswer.length,
    matchedAsJudged: withAnswer.length ? wilson(verdicts.filter((r) => r.open!.matched).length, verdicts.length) : null,
    noVerdict: withAnswer.length - verdicts.length,
  };
}

/** The run's final decision scored against its answer; null when it has none to score. */
export function finalScore(run: Run, ties: Ties): number | null {
  if (!finished(run) || run.answer === null) return null;
  if (run.group === 'council') return run.rankedPick === null ? null : run.rankedPick === run.answer ? 1 : 0;
  return majorityScore(run.votes.at(-1)!, run.answer, ties);
}

function groupAccuracy(runs: readonly Run[], ties: Ties): GroupAccuracy | null {
  // Councils are scored on the runs with a ranked decision, so baseline and decision cover the same runs.
  const scored = runs.filter((r) => finalScore(r, ties) !== null);
  if (!scored.length) return null;
  const maxRounds = Math.max(...scored.map((r) => r.votes.length));
  const rounds: RoundStats[] = [];
  for (let k = 0; k < maxRounds; k++) {
    const reached = scored.filter((r) => r.votes[k]);
    rounds.push({
      round: k + 1,
      singleAgent: wilson(sum(reached.map((r) => correctVotes(modelsOnly(r, r.votes[k]!), r.answer!))), sum(reached.map((r) => modelsOnly(r, r.votes[k]!).length))),
      majority: wilson(sum(reached.map((r) => majorityScore(r.votes[k]!, r.answer!, ties))), reached.length),
    });
  }
  const base = scored.map((r) => majorityScore(r.votes[0]!, r.answer!, ties));
  const fin = scored.map((r) => finalScore(r, ties)!);
  return {
    runs: scored.length,
    rounds,
    voteBaseline: wilson(sum(base), scored.length),
    final: wilson(sum(fin), scored.length),
    difference: clusterBootstrap(scored.map((r, i) => ({ question: r.question, value: fin[i]! - base[i]! }))),
  };
}

function runTransitions(run: Run): Transitions {
  let t = noTransitions();
  for (let k = 1; k < run.votes.length; k++) t = addTransitions(t, transitions(modelsOnly(run, run.votes[k - 1]!), modelsOnly(run, run.votes[k]!), run.answer!));
  return t;
}

export interface StatsOptions {
  ties?: Ties;
}

export function computeStats(transcripts: readonly Transcript[], options: StatsOptions = {}): StatsReport {
  const ties = options.ties ?? 'random';
  const warnings: string[] = [];
  const all = toRuns(transcripts);
  const runs = all.filter((r) => r.ran);
  const notRun = all.length - runs.length;
  const done = runs.filter(finished);
  const inGroup = (g: Group) => done.filter((r) => r.group === g && r.answer !== null);
  const debates = done.filter((r) => r.group === 'debate');

  const accuracy = { debate: groupAccuracy(inGroup('debate'), ties), poll: groupAccuracy(inGroup('poll'), ties), council: groupAccuracy(inGroup('council'), ties) };

  // Councils: how often the ranking overturns the round-1 majority (a tie has no majority to overturn).
  const councils = done.filter((r) => r.group === 'council');
  const ranked = councils.filter((r) => r.rankedPick !== null);
  let council: CouncilStats | null = null;
  if (councils.length) {
    const contested = ranked.filter((r) => leaders(r.votes[0]!).length === 1);
    const over = contested.filter((r) => leaders(r.votes[0]!)[0] !== r.rankedPick);
    council = {
      ranked: ranked.length,
      overturned: wilson(over.length, contested.length),
      overturnedToAnswer: over.filter((r) => r.answer !== null && r.rankedPick === r.answer).length,
      overturnedFromAnswer: over.filter((r) => r.answer !== null && leaders(r.votes[0]!)[0] === r.answer).length,
    };
  }

  const answeredDebates = inGroup('debate');
  let flips: StatsReport['flips'] = null;
  if (answeredDebates.some((r) => r.votes.length > 1)) {
    const counts = answeredDebates.map(runTransitions).reduce(addTransitions, noTransitions());
    flips = { counts, harmful: wilson(counts.ci, counts.cc + counts.ci), helpful: wilson(counts.ic, counts.ic + counts.iSame + counts.iOther) };
  }

  let conform: StatsReport['conformity'] = null;
  const multi = debates.filter((r) => r.votes.length > 1);
  if (multi.length) {
    const bySeat = new Map<string, { name: string; model: string | null } & Conformity>();
    for (const run of multi) {
      for (let k = 1; k < run.votes.length; k++) {
        // The majority a seat saw counts everyone at the table; a person's own moves are counted apart.
        conformityBySeat(run.votes[k - 1]!, run.votes[k]!, run.reads[k]).forEach((c, i) => {
          const seat = run.seats[i]!;
          if (seat.human) return;
          const entry = bySeat.get(seatKey(seat)) ?? { name: seat.name, model: seat.model, eligible: 0, moved: 0, kept: 0 };
          bySeat.set(seatKey(seat), entry);
          entry.eligible += c.eligible;
          entry.moved += c.moved;
          entry.kept += c.kept;
        });
      }
    }
    const seats = [...bySeat.values()];
    const counts = { eligible: sum(seats.map((s) => s.eligible)), moved: sum(seats.map((s) => s.moved)), kept: sum(seats.map((s) => s.kept)) };
    conform = { counts, conformity: wilson(counts.moved, counts.eligible), obstinacy: wilson(counts.kept, counts.eligible), bySeat: seats };
  }

  // Per question, over the runs that ran.
  const questions = new Map<string, Run[]>();
  for (const run of runs) questions.set(run.question, [...(questions.get(run.question) ?? []), run]);
  const perQuestion: QuestionStats[] = [...questions.values()].map((list) => {
    const first = list[0]!;
    const outcomes = tally(list.map(outcomeOf));
    const ended = list.filter(finished);
    const labels = tally(ended.map((r) => r.label ?? '(none)'));
    // Each seat by name and model; a run it did not sit in, or gave no final vote in, is missing, not a vote.
    const finals = new Map<string, { name: string; model: string | null; votes: string[] }>();
    for (const run of ended) {
      run.seats.forEach((seat, i) => {
        if (seat.human) return;
        const entry = finals.get(seatKey(seat)) ?? { name: seat.name, model: seat.model, votes: [] };
        finals.set(seatKey(seat), entry);
        const vote = run.group === 'council' ? run.votes[0]![i] : run.votes.at(-1)![i];
        if (vote !== null && vote !== undefined) entry.votes.push(vote);
      });
    }
    const stability = [...finals.values()].map((s) => ({ name: s.name, model: s.model, share: s.votes.length >= 2 ? modeShare(tally(s.votes), s.votes.length) : null, votes: s.votes.length }));
    const scores = list.map((r) => finalScore(r, ties)).filter((x): x is number => x !== null);
    const priced = list.map((r) => r.costUsd).filter((c): c is number => c !== null);
    const qCost = sum(priced);
    return {
      question: first.question,
      motion: first.motion,
      answer: first.answer,
      runs: list.length,
      outcomes,
      labels,
      winnerRepeat: modeShare(outcomes, list.length),
      labelRepeat: modeShare(labels, ended.length),
      stability,
      accuracy: scores.length ? sum(scores) / scores.length : null,
      scored: scores.length,
      costPerRun: priced.length && Number.isFinite(qCost) ? qCost / priced.length : null,
      pricedRuns: priced.length,
    };
  });

  const seatsOver = new Map<string, { name: string; model: string | null; shares: number[] }>();
  for (const q of perQuestion) {
    for (const s of q.stability) {
      const entry = seatsOver.get(seatKey(s)) ?? { name: s.name, model: s.model, shares: [] };
      seatsOver.set(seatKey(s), entry);
      if (s.share !== null) entry.shares.push(s.share);
    }
  }
  const stability = [...seatsOver.values()].map((s) => ({ name: s.name, model: s.model, share: s.shares.length ? sum(s.shares) / s.shares.length : null, questions: s.shares.length }));

  // Cost: the runs that ran; per correct answer, the priced scored runs over their own correct decisions.
  const priced = runs.filter((r) => r.costUsd !== null);
  let totalUsd: number | null = priced.length ? sum(priced.map((r) => r.costUsd!)) : null;
  const scoredRuns = runs.filter((r) => finalScore(r, ties) !== null);
  const scoredPriced = scoredRuns.filter((r) => r.costUsd !== null);
  let scoredCost: number | null = sum(scoredPriced.map((r) => r.costUsd!));
  const correctPriced = sum(scoredPriced.map((r) => finalScore(r, ties)!));
  if (totalUsd !== null && !Number.isFinite(totalUsd)) {
    warnings.push(`The runs' costs add up past the largest number a figure can hold (some cost.usd is about ${Math.max(...priced.map((r) => r.costUsd!)).toExponential(2)}); cost is left out.`);
    totalUsd = null;
    scoredCost = null;
  }

  return {
    ties,
    runs: all.length,
    notRun,
    measured: runs.length,
    complete: runs.filter((r) => r.status === 'complete').length,
    answered: { debate: accuracy.debate?.runs ?? 0, poll: accuracy.poll?.runs ?? 0, council: accuracy.council?.runs ?? 0 },
    partialRounds: sum(runs.map((r) => r.partialRounds)),
    questions: questions.size,
    repeats: new Set(runs.map((r) => r.repeat)).size,
    accuracy,
    council,
    open: done.some((r) => r.open)
      ? { debate: openStats(done.filter((r) => r.open?.kind === 'debate')), poll: openStats(done.filter((r) => r.open?.kind === 'poll')), council: openStats(done.filter((r) => r.open?.kind === 'council')) }
      : null,
    flips,
    conformity: conform,
    topologies: topologyStats(debates, ties),
    perQuestion,
    stability,
    cost: {
      totalUsd,
      pricedRuns: priced.length,
      unpricedRuns: runs.length - priced.length,
      perRun: totalUsd === null ? null : totalUsd / priced.length,
      perCorrect: scoredCost === null || correctPriced === 0 ? null : scoredCost / correctPriced,
      scoredPriced: scoredPriced.length,
      correctPriced,
      scoredUnpriced: scoredRuns.length - scoredPriced.length,
    },
    warnings,
  };
}
