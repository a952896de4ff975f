// The stats report as text for a terminal, or as CSV rows (one figure a row, src/stats/figures.ts).
import { sanitizeLine } from '../util/sanitize.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED } from './intervals.js';
import { countText, figureRows, formatEstimate, seatLabel } from './figures.js';
import { questionName } from './runs.js';
import type { GroupAccuracy, OpenStats, StatsReport } from './stats.js';

export { formatEstimate };

const num = (x: number | null, digits = 3) => (x === null ? '–' : x.toFixed(digits));
const usd = (x: number | null) => (x === null ? '–' : `$${x < 0.01 && x > 0 ? x.toFixed(5) : x.toFixed(4)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export const TIE_RULE_TEXT = {
  random: 'ties random: a k-way tie that includes the answer scores 1/k (Choi et al. 2025)',
  first: "ties first: the earliest seat's vote among the tied options wins (Du et al. 2023)",
} as const;

export const INTERVALS_TEXT = `95 % intervals: Wilson score for a share (shown with its count/n); for a difference, a bootstrap clustered by question (${BOOTSTRAP_RESAMPLES.toLocaleString('en-US')} resamples of questions, then of each question's repeats; seed ${BOOTSTRAP_SEED}).`;

const GROUP_TITLE = { debate: 'Debates (roundtable protocol)', poll: 'Polls (one round, no debate)', council: 'Councils (blind answers, then a ranking round)' } as const;

function groupText(group: 'debate' | 'poll' | 'council', a: GroupAccuracy): string[] {
  const out = ['', `${GROUP_TITLE[group]}: ${plural(a.runs, 'complete run')} with a known answer`];
  out.push(
    table([
      ['round', 'single agent (seat votes)', 'majority vote (runs)'],
      ...a.rounds.map((r) => [String(r.round), formatEstimate(r.singleAgent), formatEstimate(r.majority) + (r.round === 1 ? '  (vote baseline)' : '')]),
    ]),
  );
  const finalName = group === 'council' ? 'ranked decision' : group === 'poll' ? 'final vote' : 'final majority';
  out.push(`${finalName} ${formatEstimate(a.final)} vs vote baseline ${formatEstimate(a.voteBaseline)} (round 1 majority, same runs)`);
  out.push(`difference ${formatEstimate(a.difference)}`);
  return out;
}

export const OPEN_TITLE = { debate: 'Open debates', poll: 'Open polls (one round, no debate)', council: 'Open councils (answers, then a ranking round)' } as const;

function openText(kind: 'debate' | 'poll' | 'council', o: OpenStats): string[] {
  const out = ['', `${OPEN_TITLE[kind]} (answers in a sentence; never counted as votes): ${plural(o.runs, 'complete run')}, ${o.judged} with a judge's grouping`];
  if (o.judged) {
    out.push(`final agreement, as judged (seats in the largest position the judge found) ${formatEstimate(o.finalAgreement)}`);
    out.push(`labels ${Object.entries(o.labels).sort((x, y) => y[1] - x[1]).map(([l, n]) => `${sanitizeLine(l)} ${n}`).join(', ')}`);
  }
  const rows = o.sameWords.map((r) => [String(r.round), formatEstimate(r.agreement), r.round === 1 ? '–' : formatEstimate(o.changedByRound.find((c) => c.round === r.round)!.changed)]);
  out.push(table([['round', 'same-words agreement (seats)', 'changed mind (answers)'], ...rows]));
  out.push(`changed mind, rounds 2 on ${formatEstimate(o.changedMind)}   convergence (same-words agreement, last round − round 1) ${formatEstimate(o.convergence)}`);
  if (o.matchedAsJudged) out.push(`synthesis matched the known answer, as judged (never an exact match) ${formatEstimate(o.matchedAsJudged)}${o.noVerdict ? ` (${o.noVerdict} of ${o.withAnswer} runs with an answer have no verdict)` : ''}`);
  return out;
}

export function formatStats(report: StatsReport): string {
  const out: string[] = [];
  out.push(
    `${plural(report.questions, 'question')} × ${plural(report.repeats, 'repeat')}: ${plural(report.runs, 'run')} given, ${report.measured} measured, ${report.complete} complete.`,
  );
  if (report.notRun) out.push(`Not run: ${plural(report.notRun, 'run')} with no round (stopped before round 1, e.g. by a budget), left out of every figure.`);
  if (report.partialRounds) out.push(`Partial rounds: ${report.partialRounds} left out (a run's final round is its last round every seat took part in).`);
  out.push(`${TIE_RULE_TEXT[report.ties]}.`, INTERVALS_TEXT);

  const groups = (['debate', 'poll', 'council'] as const).filter((g) => report.accuracy[g]);
  const openRuns = report.open ? (report.open.debate?.runs ?? 0) + (report.open.poll?.runs ?? 0) + (report.open.council?.runs ?? 0) : 0;
  const voteRuns = report.complete - openRuns;
  if (!groups.length && voteRuns > 0) out.push('', 'Accuracy: no complete run has a known answer (give questions an "answer").');
  for (const g of groups) out.push(...groupText(g, report.accuracy[g]!));
  if (report.council) {
    const c = report.council;
    out.push(`ranking overturned the round-1 majority ${formatEstimate(c.overturned)} (of the ranked councils with a single round-1 majority; to the answer ${c.overturnedToAnswer}, away from it ${c.overturnedFromAnswer})`);
  }
  for (const kind of ['debate', 'poll', 'council'] as const) if (report.open?.[kind]) out.push(...openText(kind, report.open[kind]!));
  if (report.flips) {
    const c = report.flips.counts;
    out.push('', 'Vote changes between consecutive rounds (debates)');
    out.push(`C→C ${c.cc}  C→I ${c.ci}  I→C ${c.ic}  I→same I ${c.iSame}  I→other I ${c.iOther}`);
    out.push(`harmful flip rate (C→I / C) ${formatEstimate(report.flips.harmful)}   helpful flip rate (I→C / I) ${formatEstimate(report.flips.helpful)}`);
  }
  if (report.conformity) {
    const k = report.conformity.counts;
    out.push('', `Conformity (debates) ${formatEstimate(report.conformity.conformity)}   obstinacy ${formatEstimate(report.conformity.obstinacy)}   (${k.moved} moved to and ${k.kept} kept against the previous majority, of ${k.eligible})`);
  }
  if (report.topologies) {
    out.push('', 'By topology (debates; who read whom, --topology)');
    out.push(
      table([
        ['topology', 'runs', 'vote baseline', 'final majority', 'tokens/run'],
        ...report.topologies.map((t) => [
          sanitizeLine(t.topology),
          String(t.runs),
          t.voteBaseline ? formatEstimate(t.voteBaseline) : '–',
          t.final ? formatEstimate(t.final) : '–',
          t.tokensPerRun === null ? '–' : Math.round(t.tokensPerRun).toLocaleString('en-US'),
        ]),
      ]),
    );
  }
  out.push('', 'Per question (runs that ran)');
  const hasAnswers = report.perQuestion.some((q) => q.answer !== null);
  out.push(
    table([
      ['question', 'runs', ...(hasAnswers ? ['answer', 'accuracy'] : []), 'winner repeat', 'label repeat', 'outcomes', 'cost/run'],
      ...report.perQuestion.map((q) => [
        sanitizeLine(questionName(q.question, q.motion)).slice(0, 40),
        String(q.runs),
        ...(hasAnswers ? [sanitizeLine(q.answer ?? '–').slice(0, 20), num(q.accuracy)] : []),
        num(q.winnerRepeat),
        num(q.labelRepeat),
        Object.entries(q.outcomes)
          .sort((x, y) => y[1] - x[1])
          .map(([o, n]) => `${sanitizeLine(o).slice(0, 20)} ${n}`)
          .join(', '),
        usd(q.costPerRun),
      ]),
    ]),
  );
  const seats = report.stability.filter((s) => s.share !== null);
  if (seats.length) {
    out.push('', "Vote stability (share of a question's runs with the seat's most common final vote, a seat matched by name and model, a missing vote left out; mean over the questions it voted on at least twice)");
    out.push(seats.map((s) => `${sanitizeLine(seatLabel(report, s))} ${num(s.share)} (${plural(s.questions, 'question')})`).join('  '));
  }
  const cost = report.cost;
  out.push(
    '',
    cost.totalUsd === null
      ? cost.pricedRuns
        ? 'Cost: left out (see the warning above).'
        : 'Cost: no run carries a priced cost (unpriced models, or no cost recorded).'
      : `Cost ${usd(cost.totalUsd)} over ${plural(cost.pricedRuns, 'priced run')} (${cost.unpricedRuns} unpriced): ${usd(cost.perRun)} per run${
          cost.scoredPriced || cost.scoredUnpriced
            ? `; ${usd(cost.perCorrect)} per correct final decision (${countText(cost.correctPriced)} correct of ${plural(cost.scoredPriced, 'priced run')} with a known answer${cost.scoredUnpriced ? `; ${cost.scoredUnpriced} unpriced left out` : ''})`
            : ''
        }.`,
  );
  return `${out.join('\n')}\n`;
}

/** A text cell a spreadsheet would run as a formula (= + - @, or a tab or CR before one). */
const FORMULA_START = /^[=+\-@\t\r]/;

const csvCell = (v: string | number | null) => {
  const text = v === null ? '' : typeof v === 'number' ? String(v) : sanitizeLine(v);
  // A text cell that starts like a formula is prefixed with ' so it stays text (numbers are numbers).
  const s = typeof v === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const CSV_HEADER = ['scope', 'question', 'round', 'measure', 'mean', 'low', 'high', 'n', 'count', 'method', 'group', 'ties', 'clusters'] as const;

/** One figure a row (figureRows), every row saying the tie rule. */
export function statsCsv(report: StatsReport): string {
  const rows: (string | number | null)[][] = [[...CSV_HEADER]];
  for (const r of figureRows(report)) rows.push([r.scope, r.question, r.round, r.measure, r.mean, r.low, r.high, r.n, r.count, r.method, r.group, report.ties, r.clusters]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
