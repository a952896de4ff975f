// `roundtable stats`: measures a set of transcripts the way the debate research does (definitions
// and sources in the README, "stats"). Pure: transcripts in, numbers out. Means carry 95 %
// t-intervals over repeats (jstat's Student t quantile), so a question set run five times gives
// five samples of every measure.
import jstat from 'jstat';
import type { Transcript } from '../core/schema.js';
import { closedResult } from '../core/result.js';

export interface Interval {
  mean: number | null;
  /** Bounds of the 95 % t-interval; null with fewer than two samples. */
  low: number | null;
  high: number | null;
  /** How many samples (repeats) the mean is over. */
  n: number;
}

/** The mean of the samples with a 95 % Student-t interval (n − 1 degrees of freedom). */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: null, low: null, high: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, low: null, high: null, n };
  const sd = jstat.jStat.stdev([...values], true);
  const half = jstat.jStat.studentt.inv(0.975, n - 1) * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, n };
}

/**
 * The interval of a share (an accuracy, a flip rate, conformity): the t-interval clipped to 0 and
 * 1, since no share lies outside them (two repeats give t(0.975, 1) = 12.7, and a raw interval
 * such as [−0.05, 1.38]).
 */
export function shareInterval(values: readonly number[]): Interval {
  const i = meanInterval(values);
  const clip = (v: number | null) => (v === null ? null : Math.min(1, Math.max(0, v)));
  return { ...i, low: clip(i.low), high: clip(i.high) };
}

/** One run, as the measures see it. */
export interface Run {
  question: string;
  motion: string;
  options: string[];
  answer: string | null;
  repeat: number;
  status: Transcript['status'];
  /** Seat ids in panel order, and their names. */
  seats: { id: string; name: string }[];
  /** votes[r][seat]: the vote of each seat in round r + 1 (null: no valid vote or no turn). */
  votes: (string | null)[][];
  label: string | null;
  winner: string | null;
  /** Council runs: the round-1 vote of the best-ranked answer (the decision the chair is asked to weigh most); null otherwise. */
  rankingPick: string | null;
  costUsd: number | null;
}

/** A council run's decision as recorded: the best-ranked member's round-1 vote (null without a ranking or a vote). */
export function rankingPickOf(t: Transcript): string | null {
  if (t.protocol !== 'council') return null;
  const best = closedResult(t.result)?.ranking?.[0];
  if (!best || (best.points === 0 && best.firsts === 0)) return null;
  return t.rounds.find((r) => r.number === 1)?.turns.find((turn) => turn.debater === best.debater)?.vote ?? null;
}

function questionKey(t: Transcript): string {
  return t.batch?.question ?? `${t.motion}\u0001${t.options.join('\u0001')}`;
}

function runCost(t: Transcript): number | null {
  const usd = (t as { cost?: { usd?: unknown } | null }).cost?.usd;
  return typeof usd === 'number' && Number.isFinite(usd) ? usd : null;
}

/**
 * Transcripts as runs. The question is the transcript's `batch.question` (else its motion and
 * options); the repeat its `batch.repeat` (else its place among the question's runs by start time).
 */
export function toRuns(transcripts: readonly Transcript[]): Run[] {
  const byQuestion = new Map<string, Transcript[]>();
  for (const t of transcripts) {
    const key = questionKey(t);
    byQuestion.set(key, [...(byQuestion.get(key) ?? []), t]);
  }
  const runs: Run[] = [];
  for (const [question, list] of byQuestion) {
    const ordered = [...list].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    ordered.forEach((t, i) => {
      const seats = t.panel.map((p) => ({ id: p.id, name: p.name }));
      const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
      runs.push({
        question,
        motion: t.motion,
        options: t.options,
        answer: t.answer ?? null,
        repeat: t.batch?.repeat ?? i + 1,
        status: t.status,
        seats,
        votes: rounds.map((round) => seats.map((s) => round.turns.find((turn) => turn.debater === s.id)?.vote ?? null)),
        label: t.result?.label ?? null,
        winner: closedResult(t.result)?.winner ?? null,
        rankingPick: rankingPickOf(t),
        costUsd: runCost(t),
      });
    });
  }
  return runs;
}

/** The options with the most votes (several on a tie; none without a vote). */
export function leaders(votes: readonly (string | null)[]): string[] {
  const count = new Map<string, number>();
  for (const v of votes) if (v !== null) count.set(v, (count.get(v) ?? 0) + 1);
  const top = Math.max(0, ...count.values());
  return top === 0 ? [] : [...count].filter(([, n]) => n === top).map(([o]) => o);
}

/** Majority-vote correctness: 1 when the top option is the answer, 1/k when it is one of k tied, else 0. */
export function majorityScore(votes: readonly (string | null)[], answer: string): number {
  const top = leaders(votes);
  return top.includes(answer) ? 1 / top.length : 0;
}

/** The share of the panel voting for the answer (a seat without a valid vote counts as wrong). */
export function singleScore(votes: readonly (string | null)[], answer: string): number {
  return votes.length ? votes.filter((v) => v === answer).length / votes.length : 0;
}

export interface Transitions {
  cc: number;
  ci: number;
  ic: number;
  iSame: number;
  iOther: number;
}

/** Vote transitions from one round to the next, over seats with a valid vote in both. */
export function transitions(before: readonly (string | null)[], after: readonly (string | null)[], answer: string): Transitions {
  const t: Transitions = { cc: 0, ci: 0, ic: 0, iSame: 0, iOther: 0 };
  before.forEach((a, i) => {
    const b = after[i] ?? null;
    if (a === null || b === null) return;
    if (a === answer) {
      if (b === answer) t.cc++;
      else t.ci++;
    } else if (b === answer) t.ic++;
    else if (b === a) t.iSame++;
    else t.iOther++;
  });
  return t;
}

export interface Conformity {
  /** Seats whose previous vote differed from the previous round's (single) majority. */
  eligible: number;
  /** Of those, moved to the majority. */
  moved: number;
  /** Of those, kept their own vote. */
  kept: number;
}

/** Conformity from one round to the next (no majority on a tie: nobody is eligible). */
export function conformity(before: readonly (string | null)[], after: readonly (string | null)[]): Conformity {
  const c: Conformity = { eligible: 0, moved: 0, kept: 0 };
  const top = leaders(before);
  if (top.length !== 1) return c;
  const majority = top[0]!;
  before.forEach((a, i) => {
    const b = after[i] ?? null;
    if (a === null || b === null || a === majority) return;
    c.eligible++;
    if (b === majority) c.moved++;
    else if (b === a) c.kept++;
  });
  return c;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const present = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export interface RoundStats {
  round: number;
  /** Mean share of seats voting for the answer. */
  singleAgent: Interval;
  /** The round's majority vote is the answer (ties split). */
  majority: Interval;
}

export interface FlipStats {
  /** Transitions summed over every run and pair of consecutive rounds. */
  counts: Transitions;
  harmful: Interval;
  helpful: Interval;
}

export interface QuestionStats {
  question: string;
  motion: string;
  answer: string | null;
  runs: number;
  /** Final winner over repeats ("(tie)" without a single winner, "(failed)" / "(interrupted)" for runs that did not finish). */
  outcomes: Record<string, number>;
  labels: Record<string, number>;
  /** Share of repeats with the most common winner / label. */
  winnerRepeat: number;
  labelRepeat: number;
  /** Each debater's share of repeats with its most common final vote. */
  stability: { name: string; share: number }[];
  /** Final majority correct, mean over repeats (ties split). */
  accuracy: number | null;
  costPerRun: number | null;
  costPerCorrect: number | null;
}

export interface StatsReport {
  runs: number;
  complete: number;
  questions: number;
  repeats: number;
  answered: number;
  perQuestion: QuestionStats[];
  /** With answers: accuracy per round over repeats, the vote baseline (round 1's majority) and the final majority. */
  accuracy: {
    rounds: RoundStats[];
    voteBaseline: Interval;
    final: Interval;
    /** Council runs (where the chair decides): the best-ranked answer is right; null without council runs. */
    rankingPick: Interval | null;
  } | null;
  flips: FlipStats | null;
  conformity: { counts: Conformity; conformity: Interval; obstinacy: Interval } | null;
  /** perQuestion: the mean cost of one run (a question asked once); perCorrect: what the complete runs with a known answer cost, over how many of them ended right. */
  cost: { totalUsd: number | null; pricedRuns: number; perQuestion: number | null; perCorrect: number | null };
}

function tally(values: string[]): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
const modeShare = (counts: Record<string, number>, n: number) => (n ? Math.max(0, ...Object.values(counts)) / n : 0);

function outcomeOf(run: Run): string {
  if (run.status !== 'complete') return `(${run.status})`;
  return run.winner ?? '(tie)';
}

/** Groups per-run numbers by repeat, then averages within each repeat: one sample per repeat. */
function byRepeat<T>(runs: readonly Run[], value: (run: Run) => T | null, combine: (values: T[]) => number | null): number[] {
  const groups = new Map<number, T[]>();
  for (const run of runs) {
    const v = value(run);
    if (v === null) continue;
    groups.set(run.repeat, [...(groups.get(run.repeat) ?? []), v]);
  }
  return present([...groups.keys()].sort((a, b) => a - b).map((k) => combine(groups.get(k)!)));
}
const meanOf = (xs: number[]) => (xs.length ? sum(xs) / xs.length : null);

function addTransitions(a: Transitions, b: Transitions): Transitions {
  return { cc: a.cc + b.cc, ci: a.ci + b.ci, ic: a.ic + b.ic, iSame: a.iSame + b.iSame, iOther: a.iOther + b.iOther };
}
const noTransitions = (): Transitions => ({ cc: 0, ci: 0, ic: 0, iSame: 0, iOther: 0 });
function runTransitions(run: Run): Transitions {
  let t = noTransitions();
  for (let r = 1; r < run.votes.length; r++) t = addTransitions(t, transitions(run.votes[r - 1]!, run.votes[r]!, run.answer!));
  return t;
}
function runConformity(run: Run): Conformity {
  const c: Conformity = { eligible: 0, moved: 0, kept: 0 };
  for (let r = 1; r < run.votes.length; r++) {
    const x = conformity(run.votes[r - 1]!, run.votes[r]!);
    c.eligible += x.eligible;
    c.moved += x.moved;
    c.kept += x.kept;
  }
  return c;
}

export function computeStats(transcripts: readonly Transcript[]): StatsReport {
  const runs = toRuns(transcripts);
  const complete = runs.filter((r) => r.status === 'complete');
  const answered = complete.filter((r) => r.answer !== null && r.options.includes(r.answer));
  const final = (run: Run) => majorityScore(run.votes.at(-1) ?? [], run.answer!);

  const questions = new Map<string, Run[]>();
  for (const run of runs) questions.set(run.question, [...(questions.get(run.question) ?? []), run]);
  const perQuestion: QuestionStats[] = [...questions.values()].map((list) => {
    const first = list[0]!;
    const outcomes = tally(list.map(outcomeOf));
    const done = list.filter((r) => r.status === 'complete');
    const labels = tally(done.map((r) => r.label ?? '(none)'));
    const stability = first.seats.map((seat, i) => {
      const finals = done.map((r) => (r.seats[i]?.id === seat.id ? (r.votes.at(-1)?.[i] ?? null) : null) ?? '(none)');
      return { name: seat.name, share: modeShare(tally(finals), finals.length) };
    });
    const scored = done.filter((r) => r.answer !== null);
    const correct = sum(scored.map(final));
    const priced = list.map((r) => r.costUsd).filter((c): c is number => c !== null);
    const totalCost = priced.length ? sum(priced) : null;
    return {
      question: first.question,
      motion: first.motion,
      answer: first.answer,
      runs: list.length,
      outcomes,
      labels,
      winnerRepeat: modeShare(outcomes, list.length),
      labelRepeat: modeShare(labels, done.length),
      stability,
      accuracy: scored.length ? correct / scored.length : null,
      costPerRun: totalCost === null ? null : totalCost / priced.length,
      costPerCorrect: totalCost === null || correct === 0 ? null : totalCost / correct,
    };
  });

  let accuracy: StatsReport['accuracy'] = null;
  let flips: StatsReport['flips'] = null;
  if (answered.length) {
    const maxRounds = Math.max(...answered.map((r) => r.votes.length));
    const rounds: RoundStats[] = [];
    for (let r = 0; r < maxRounds; r++) {
      const has = (run: Run) => (run.votes[r] ? run.votes[r]! : null);
      rounds.push({
        round: r + 1,
        singleAgent: shareInterval(byRepeat(answered, (run) => (has(run) ? singleScore(has(run)!, run.answer!) : null), meanOf)),
        majority: shareInterval(byRepeat(answered, (run) => (has(run) ? majorityScore(has(run)!, run.answer!) : null), meanOf)),
      });
    }
    accuracy = {
      rounds,
      voteBaseline: shareInterval(byRepeat(answered, (run) => (run.votes[0] ? majorityScore(run.votes[0], run.answer!) : null), meanOf)),
      final: shareInterval(byRepeat(answered, final, meanOf)),
      rankingPick: answered.some((run) => run.rankingPick !== null)
        ? shareInterval(byRepeat(answered, (run) => (run.rankingPick === null ? null : run.rankingPick === run.answer ? 1 : 0), meanOf))
        : null,
    };
    const counts = answered.map(runTransitions).reduce(addTransitions, noTransitions());
    flips = {
      counts,
      harmful: shareInterval(byRepeat(answered, runTransitions, (ts) => {
        const t = ts.reduce(addTransitions, noTransitions());
        return ratio(t.ci, t.cc + t.ci);
      })),
      helpful: shareInterval(byRepeat(answered, runTransitions, (ts) => {
        const t = ts.reduce(addTransitions, noTransitions());
        return ratio(t.ic, t.ic + t.iSame + t.iOther);
      })),
    };
  }

  const multiRound = complete.filter((r) => r.votes.length > 1);
  const conform = multiRound.length
    ? (() => {
        const all = multiRound.map(runConformity);
        const counts = all.reduce((a, b) => ({ eligible: a.eligible + b.eligible, moved: a.moved + b.moved, kept: a.kept + b.kept }), { eligible: 0, moved: 0, kept: 0 });
        const pooled = (pick: (c: Conformity) => number) => (cs: Conformity[]) => ratio(sum(cs.map(pick)), sum(cs.map((c) => c.eligible)));
        return {
          counts,
          conformity: shareInterval(byRepeat(multiRound, runConformity, pooled((c) => c.moved))),
          obstinacy: shareInterval(byRepeat(multiRound, runConformity, pooled((c) => c.kept))),
        };
      })()
    : null;

  const priced = runs.map((r) => r.costUsd).filter((c): c is number => c !== null);
  const totalUsd = priced.length ? sum(priced) : null;
  const correct = sum(answered.map(final));
  // Per correct answer: what the runs that could be right or wrong (complete, with a known answer) cost.
  const answeredPriced = answered.map((r) => r.costUsd).filter((c): c is number => c !== null);
  return {
    runs: runs.length,
    complete: complete.length,
    questions: questions.size,
    repeats: new Set(runs.map((r) => r.repeat)).size,
    answered: answered.length,
    perQuestion,
    accuracy,
    flips,
    conformity: conform,
    cost: {
      totalUsd,
      pricedRuns: priced.length,
      perQuestion: totalUsd === null ? null : totalUsd / priced.length,
      perCorrect: answeredPriced.length === 0 || correct === 0 ? null : sum(answeredPriced) / correct,
    },
  };
}
