// Every figure of a stats report as one flat row: the CSV is these rows, the batch report's table of
// figures is these rows, and the text prints each estimate with the same formatter; so the four
// outputs cannot drift apart.
import type { Estimate } from './intervals.js';
import { questionName } from './runs.js';
import type { GroupAccuracy, StatsReport } from './stats.js';

export interface FigureRow {
  /** all: the whole set; round: one round of a group; question: one question; seat: one seat (name and model). */
  /** 'topology': a figure of the debates with one topology, named in `question`. */
  scope: 'all' | 'round' | 'question' | 'seat' | 'topology';
  group: 'debate' | 'poll' | 'council' | 'open-debate' | 'open-poll' | 'open-council' | '';
  question: string | null;
  round: number | null;
  measure: string;
  mean: number | null;
  low: number | null;
  high: number | null;
  n: number | null;
  count: number | null;
  method: string | null;
  /** A bootstrap's questions (clusters). */
  clusters: number | null;
}

/** A count that may be fractional (a 1/k tie score): 5, 2.5, 2.33. */
export const countText = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2))));

const num = (x: number, digits: number) => x.toFixed(digits);
const signed = (x: number, digits: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(digits)}`;

/**
 * An estimate as every output prints it: a share `0.556 [0.267, 0.811] 5/9`, a difference
 * `+0.125 [−0.250, +0.500] 8 runs/3 questions`; `–` without a value.
 */
export function formatEstimate(e: Estimate, digits = 3): string {
  if (e.mean === null) return `– 0/${e.n}`;
  if (e.method === 'cluster-bootstrap') {
    const bounds = e.low === null || e.high === null ? '[no interval]' : `[${signed(e.low, digits)}, ${signed(e.high, digits)}]`;
    const k = e.clusters ?? 0;
    return `${signed(e.mean, digits)} ${bounds} ${e.n} run${e.n === 1 ? '' : 's'}/${k} question${k === 1 ? '' : 's'}`;
  }
  return `${num(e.mean, digits)} [${num(e.low!, digits)}, ${num(e.high!, digits)}] ${countText(e.count ?? 0)}/${e.n}`;
}

const METHOD_NAMES: Record<string, string> = { wilson: 'Wilson score', 'cluster-bootstrap': 'cluster bootstrap' };
export const methodName = (m: string | null) => (m === null ? '' : (METHOD_NAMES[m] ?? m));

function estimateRow(scope: FigureRow['scope'], group: FigureRow['group'], round: number | null, measure: string, e: Estimate): FigureRow {
  return { scope, group, question: null, round, measure, mean: e.mean, low: e.low, high: e.high, n: e.n, count: e.count, method: e.method, clusters: e.clusters ?? null };
}
function valueRow(scope: FigureRow['scope'], group: FigureRow['group'], question: string | null, measure: string, mean: number | null, n: number | null = null): FigureRow {
  return { scope, group, question, round: null, measure, mean, low: null, high: null, n, count: null, method: null, clusters: null };
}

function groupRows(group: 'debate' | 'poll' | 'council', a: GroupAccuracy): FigureRow[] {
  const rows: FigureRow[] = [];
  for (const r of a.rounds) {
    rows.push(estimateRow('round', group, r.round, 'single_agent_accuracy', r.singleAgent));
    rows.push(estimateRow('round', group, r.round, 'majority_accuracy', r.majority));
  }
  rows.push(estimateRow('all', group, 1, 'vote_baseline_accuracy', a.voteBaseline));
  rows.push(estimateRow('all', group, null, group === 'council' ? 'ranked_decision_accuracy' : 'final_accuracy', a.final));
  rows.push(estimateRow('all', group, null, group === 'council' ? 'ranked_minus_vote_baseline' : 'final_minus_vote_baseline', a.difference));
  return rows;
}

/** Every figure of the report, one a row, in the order the text prints them. */
export function figureRows(report: StatsReport): FigureRow[] {
  const rows: FigureRow[] = [
    valueRow('all', '', null, 'runs_given', report.runs),
    valueRow('all', '', null, 'runs_not_run', report.notRun),
    valueRow('all', '', null, 'runs_measured', report.measured),
    valueRow('all', '', null, 'runs_complete', report.complete),
    valueRow('all', '', null, 'partial_rounds_left_out', report.partialRounds),
  ];
  for (const group of ['debate', 'poll', 'council'] as const) {
    const a = report.accuracy[group];
    if (a) rows.push(valueRow('all', group, null, 'runs_scored', a.runs), ...groupRows(group, a));
  }
  if (report.council) {
    rows.push(valueRow('all', 'council', null, 'runs_ranked', report.council.ranked));
    rows.push(estimateRow('all', 'council', null, 'ranking_overturned_vote', report.council.overturned));
    rows.push(valueRow('all', 'council', null, 'overturned_to_answer', report.council.overturnedToAnswer));
    rows.push(valueRow('all', 'council', null, 'overturned_from_answer', report.council.overturnedFromAnswer));
  }
  for (const kind of ['debate', 'poll', 'council'] as const) {
    const o = report.open?.[kind];
    if (!o) continue;
    const g = `open-${kind}` as const;
    rows.push(valueRow('all', g, null, 'runs_open', o.runs), valueRow('all', g, null, 'runs_judged', o.judged));
    for (const [label, n] of Object.entries(o.labels)) rows.push(valueRow('all', g, null, `label:${label}`, n, o.judged));
    rows.push(estimateRow('all', g, null, 'final_agreement_as_judged', o.finalAgreement));
    for (const r of o.sameWords) rows.push(estimateRow('round', g, r.round, 'same_words_agreement', r.agreement));
    rows.push(estimateRow('all', g, null, 'same_words_convergence', o.convergence));
    for (const r of o.changedByRound) rows.push(estimateRow('round', g, r.round, 'changed_mind_rate', r.changed));
    rows.push(estimateRow('all', g, null, 'changed_mind_rate', o.changedMind));
    rows.push(valueRow('all', g, null, 'runs_with_answer', o.withAnswer));
    if (o.matchedAsJudged) rows.push(estimateRow('all', g, null, 'matched_answer_as_judged', o.matchedAsJudged));
    rows.push(valueRow('all', g, null, 'runs_with_answer_no_verdict', o.noVerdict));
  }
  if (report.flips) {
    const c = report.flips.counts;
    for (const [k, v] of [['c_to_c', c.cc], ['c_to_i', c.ci], ['i_to_c', c.ic], ['i_to_same_i', c.iSame], ['i_to_other_i', c.iOther]] as const) rows.push(valueRow('all', 'debate', null, `count_${k}`, v));
    rows.push(estimateRow('all', 'debate', null, 'harmful_flip_rate', report.flips.harmful));
    rows.push(estimateRow('all', 'debate', null, 'helpful_flip_rate', report.flips.helpful));
  }
  if (report.conformity) {
    rows.push(estimateRow('all', 'debate', null, 'conformity', report.conformity.conformity));
    rows.push(estimateRow('all', 'debate', null, 'obstinacy', report.conformity.obstinacy));
  }
  for (const t of report.topologies ?? []) {
    rows.push(valueRow('topology', 'debate', t.topology, 'runs', t.runs));
    if (t.voteBaseline) rows.push({ ...estimateRow('topology', 'debate', null, 'vote_baseline', t.voteBaseline), question: t.topology });
    if (t.final) rows.push({ ...estimateRow('topology', 'debate', null, 'final_majority', t.final), question: t.topology });
    rows.push(valueRow('topology', 'debate', t.topology, 'tokens_per_run', t.tokensPerRun, t.tokenRuns));
  }
  const cost = report.cost;
  rows.push(
    valueRow('all', '', null, 'cost_usd_total', cost.totalUsd, cost.pricedRuns),
    valueRow('all', '', null, 'runs_unpriced', cost.unpricedRuns),
    valueRow('all', '', null, 'cost_usd_per_run', cost.perRun, cost.pricedRuns),
    valueRow('all', '', null, 'cost_usd_per_correct', cost.perCorrect, cost.scoredPriced),
    valueRow('all', '', null, 'correct_priced', cost.correctPriced, cost.scoredPriced),
    valueRow('all', '', null, 'scored_unpriced', cost.scoredUnpriced),
  );
  for (const q of report.perQuestion) {
    const id = questionName(q.question, q.motion);
    rows.push(valueRow('question', '', id, 'runs', q.runs));
    rows.push(valueRow('question', '', id, 'accuracy', q.accuracy, q.scored));
    rows.push(valueRow('question', '', id, 'winner_repeat', q.winnerRepeat, q.runs));
    rows.push(valueRow('question', '', id, 'label_repeat', q.labelRepeat, q.runs));
    rows.push(valueRow('question', '', id, 'cost_usd_per_run', q.costPerRun, q.pricedRuns));
    for (const [o, n] of Object.entries(q.outcomes)) rows.push(valueRow('question', '', id, `outcome:${o}`, n, q.runs));
    for (const s of q.stability) rows.push(valueRow('question', '', id, `stability:${seatLabel(report, s)}`, s.share, s.votes));
  }
  for (const s of report.stability) rows.push(valueRow('seat', '', null, `stability:${seatLabel(report, s)}`, s.share, s.questions));
  return rows;
}

/** A seat's name, with its model when another seat of the report shares the name. */
export function seatLabel(report: StatsReport, seat: { name: string; model: string | null }): string {
  const same = report.stability.filter((s) => s.name === seat.name);
  return same.length > 1 ? `${seat.name} (${seat.model ?? 'no model'})` : seat.name;
}
