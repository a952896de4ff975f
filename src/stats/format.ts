// The stats report as text for a terminal, or as CSV rows (one measure a row).
import { sanitizeLine } from '../util/sanitize.js';
import type { Interval, StatsReport } from './stats.js';

const num = (x: number | null, digits = 3) => (x === null ? '–' : x.toFixed(digits));
export function formatInterval(i: Interval, digits = 3): string {
  if (i.mean === null) return '–';
  return i.low === null || i.high === null ? `${num(i.mean, digits)} (n=${i.n})` : `${num(i.mean, digits)} [${num(i.low, digits)}, ${num(i.high, digits)}]`;
}
const usd = (x: number | null) => (x === null ? '–' : `$${x < 0.01 && x > 0 ? x.toFixed(5) : x.toFixed(4)}`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatStats(report: StatsReport): string {
  const out: string[] = [];
  out.push(
    `${report.questions} question${report.questions === 1 ? '' : 's'} × ${report.repeats} repeat${report.repeats === 1 ? '' : 's'}: ${report.runs} runs, ${report.complete} complete, ${report.answered} complete with a known answer.`,
    'Means over repeats with 95 % confidence intervals [low, high].',
  );
  if (report.accuracy) {
    const a = report.accuracy;
    out.push('', 'Accuracy per round');
    out.push(
      table([
        ['round', 'single agent', 'majority vote'],
        ...a.rounds.map((r) => [String(r.round), formatInterval(r.singleAgent), formatInterval(r.majority) + (r.round === 1 ? '  (vote baseline)' : '')]),
      ]),
    );
    const gain = a.final.mean !== null && a.voteBaseline.mean !== null ? a.final.mean - a.voteBaseline.mean : null;
    out.push(`final majority ${formatInterval(a.final)} vs vote baseline ${formatInterval(a.voteBaseline)} (round 1 majority, same runs): ${gain === null ? '–' : `${gain >= 0 ? '+' : ''}${gain.toFixed(3)}`}`);
    if (a.rankingPick) out.push(`council decision ${formatInterval(a.rankingPick)} (the best-ranked answer the chair weighs most, council runs)`);
  } else {
    out.push('', 'Accuracy: no complete run has a known answer (give questions an "answer").');
  }
  if (report.flips) {
    const c = report.flips.counts;
    out.push('', 'Vote changes between consecutive rounds');
    out.push(`C→C ${c.cc}  C→I ${c.ci}  I→C ${c.ic}  I→same I ${c.iSame}  I→other I ${c.iOther}`);
    out.push(`harmful flip rate (C→I / C) ${formatInterval(report.flips.harmful)}   helpful flip rate (I→C / I) ${formatInterval(report.flips.helpful)}`);
  }
  if (report.conformity) {
    const k = report.conformity.counts;
    out.push('', `Conformity ${formatInterval(report.conformity.conformity)}   obstinacy ${formatInterval(report.conformity.obstinacy)}   (${k.moved} moved to and ${k.kept} kept against the previous majority, of ${k.eligible})`);
  }
  out.push('', 'Per question');
  const hasAnswers = report.perQuestion.some((q) => q.answer !== null);
  out.push(
    table([
      ['question', 'runs', ...(hasAnswers ? ['answer', 'accuracy'] : []), 'winner repeat', 'label repeat', 'outcomes', 'cost/run'],
      ...report.perQuestion.map((q) => [
        sanitizeLine(q.question.includes('\u0001') ? q.motion : q.question).slice(0, 40),
        String(q.runs),
        ...(hasAnswers ? [sanitizeLine(q.answer ?? '–').slice(0, 20), num(q.accuracy, 2)] : []),
        num(q.winnerRepeat, 2),
        num(q.labelRepeat, 2),
        Object.entries(q.outcomes)
          .sort((x, y) => y[1] - x[1])
          .map(([o, n]) => `${sanitizeLine(o).slice(0, 20)} ${n}`)
          .join(', '),
        usd(q.costPerRun),
      ]),
    ]),
  );
  const names = new Map<string, number[]>();
  for (const q of report.perQuestion) for (const s of q.stability) names.set(s.name, [...(names.get(s.name) ?? []), s.share]);
  if (names.size) {
    out.push('', 'Vote stability (share of repeats with the debater\'s most common final vote; mean over questions)');
    out.push([...names].map(([n, xs]) => `${sanitizeLine(n)} ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2)}`).join('  '));
  }
  const cost = report.cost;
  out.push(
    '',
    cost.totalUsd === null
      ? 'Cost: no run carries a priced cost (mock runs, or unpriced models).'
      : `Cost ${usd(cost.totalUsd)} over ${cost.pricedRuns} priced run${cost.pricedRuns === 1 ? '' : 's'}: ${usd(cost.perQuestion)} per question asked (one run), ${usd(cost.perCorrect)} per correct final answer.`,
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

/** One measure a row: scope, question, round, measure, mean, low, high, n. */
export function statsCsv(report: StatsReport): string {
  const rows: (string | number | null)[][] = [['scope', 'question', 'round', 'measure', 'mean', 'low', 'high', 'n']];
  const add = (scope: string, question: string | null, round: number | null, measure: string, i: Interval) => rows.push([scope, question, round, measure, i.mean, i.low, i.high, i.n]);
  const value = (scope: string, question: string | null, measure: string, v: number | null, n: number) => rows.push([scope, question, null, measure, v, null, null, n]);
  if (report.accuracy) {
    for (const r of report.accuracy.rounds) {
      add('round', null, r.round, 'single_agent_accuracy', r.singleAgent);
      add('round', null, r.round, 'majority_accuracy', r.majority);
    }
    add('all', null, 1, 'vote_baseline_accuracy', report.accuracy.voteBaseline);
    add('all', null, null, 'final_accuracy', report.accuracy.final);
    if (report.accuracy.rankingPick) add('all', null, null, 'council_decision_accuracy', report.accuracy.rankingPick);
  }
  if (report.flips) {
    const c = report.flips.counts;
    for (const [k, v] of [['c_to_c', c.cc], ['c_to_i', c.ci], ['i_to_c', c.ic], ['i_to_same_i', c.iSame], ['i_to_other_i', c.iOther]] as const) value('all', null, `count_${k}`, v, 1);
    add('all', null, null, 'harmful_flip_rate', report.flips.harmful);
    add('all', null, null, 'helpful_flip_rate', report.flips.helpful);
  }
  if (report.conformity) {
    add('all', null, null, 'conformity', report.conformity.conformity);
    add('all', null, null, 'obstinacy', report.conformity.obstinacy);
  }
  value('all', null, 'cost_usd_total', report.cost.totalUsd, report.cost.pricedRuns);
  value('all', null, 'cost_usd_per_question', report.cost.perQuestion, report.cost.pricedRuns);
  value('all', null, 'cost_usd_per_correct', report.cost.perCorrect, report.answered);
  for (const q of report.perQuestion) {
    const id = q.question.includes('\u0001') ? q.motion : q.question;
    value('question', id, 'accuracy', q.accuracy, q.runs);
    value('question', id, 'winner_repeat', q.winnerRepeat, q.runs);
    value('question', id, 'label_repeat', q.labelRepeat, q.runs);
    value('question', id, 'cost_usd_per_run', q.costPerRun, q.runs);
    for (const [o, n] of Object.entries(q.outcomes)) value('question', id, `outcome:${o}`, n, q.runs);
    for (const s of q.stability) value('question', id, `stability:${s.name}`, s.share, q.runs);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
