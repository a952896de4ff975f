// The figures of several debates (a batch folder or several transcripts), as charts, and a table of
// contents linking each debate's section.
import type { TopLevelSpec } from 'vega-lite';
import { liteSvg } from './charts.js';
import { resultLine } from './debate-model.js';
import { type BatchFigures, batchFigures, type Interval, OUTCOME_KINDS, type OutcomeKind } from './batch-figures.js';
import { countText, type FigureRow, formatEstimate, methodName } from '../stats/figures.js';
import { INTERVALS_TEXT, OPEN_TITLE, TIE_RULE_TEXT } from '../stats/format.js';
import { escapeHtml, inline } from './text.js';
import type { ReportTranscript } from './types.js';
import type { Ties } from '../stats/stats.js';

interface Input {
  transcript: ReportTranscript;
  file: string;
}

const pct = { format: '.0%' };

export function accuracySpec(a: NonNullable<BatchFigures['accuracy']>): TopLevelSpec {
  // Intervals are clipped to 0–100 % (a t-interval over few repeats can reach past either end).
  const clip = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));
  // The two series side by side at each round (a small shift), so their intervals do not hide each other.
  const row = (series: string, round: number, i: Interval) => ({ series, round: `Round ${round}`, x: round + (series === 'single seat' ? 0.06 : -0.06), mean: i.mean, low: clip(i.low), high: clip(i.high), n: i.n, label: `Round ${round}, ${series}: ${i.mean === null ? 'none' : `${(i.mean * 100).toFixed(0)} %`}${i.low !== null && i.high !== null ? ` (Wilson 95 % interval ${(i.low * 100).toFixed(0)}–${(i.high * 100).toFixed(0)} %)` : ''} over ${i.n}` });
  const values = a.rounds.flatMap((r) => [row('majority vote', r.round, r.majority), row('single seat', r.round, r.single)]).filter((v) => v.mean !== null);
  const b = a.baseline;
  const x = {
    field: 'x',
    type: 'quantitative',
    title: 'round',
    scale: { domain: [0.6, a.rounds.length + 0.4], nice: false },
    axis: { values: a.rounds.map((r) => r.round), format: 'd', grid: false },
  } as const;
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: ['majority vote', 'single seat'], range: ['#1a73e8', '#e37400'] } } as const;
  return {
    width: 560,
    height: 240,
    layer: [
      ...(b.low !== null && b.high !== null
        ? [{ data: { values: [{ low: Math.max(0, b.low), high: Math.min(1, b.high) }] }, mark: { type: 'rect', color: '#9aa0a6', opacity: 0.18, aria: false }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } }]
        : []),
      ...(b.mean !== null
        ? [
            { data: { values: [{ y: b.mean }] }, mark: { type: 'rule', color: '#5f6368', strokeDash: [5, 4], aria: false }, encoding: { y: { field: 'y', type: 'quantitative' } } },
            {
              data: { values: [{ y: b.mean, text: `vote baseline (round 1 majority) ${(b.mean * 100).toFixed(0)} %` }] },
              mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 10, color: '#5f6368', aria: false },
              encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: 0 }, text: { field: 'text' } },
            },
          ]
        : []),
      {
        data: { values },
        layer: [
          { mark: { type: 'rule', strokeWidth: 2, opacity: 0.55, aria: false }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } },
          { mark: { type: 'line', strokeWidth: 2, aria: false }, encoding: { x, y: { field: 'mean', type: 'quantitative', scale: { domain: [0, 1] }, axis: pct, title: 'share correct' }, color } },
          { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y: { field: 'mean', type: 'quantitative' }, color, description: { field: 'label' } } },
        ],
      },
    ],
  } as TopLevelSpec;
}

export function flipSpec(f: NonNullable<BatchFigures['flips']>): TopLevelSpec {
  const order =
    f.kind === 'answer'
      ? { from: ['correct', 'incorrect'], to: ['correct', 'incorrect, kept', 'incorrect, changed'] }
      : f.kind === 'majority'
        ? { from: ['with the majority', 'outside it'], to: ['kept', 'moved to the majority', 'moved elsewhere'] }
        : null;
  const max = Math.max(1, ...f.cells.map((c) => c.count));
  const values = f.cells.map((c) => ({ ...c, dark: c.count > max * 0.55, label: `${c.from} to ${c.to}: ${c.count}` }));
  return {
    width: { step: 150 },
    height: { step: 34 },
    data: { values },
    encoding: {
      x: { field: 'to', type: 'nominal', title: 'next round', sort: order?.to ?? 'ascending', axis: { labelAngle: 0, orient: 'top', labelLimit: 200 } },
      y: { field: 'from', type: 'nominal', title: 'round before', sort: order?.from ?? 'ascending', axis: { labelLimit: 200 } },
    },
    layer: [
      { mark: { type: 'rect', stroke: 'white', strokeWidth: 2 }, encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null }, description: { field: 'label' } } },
      { mark: { type: 'text', fontSize: 12, fontWeight: 700, aria: false }, encoding: { text: { field: 'count' }, color: { condition: { test: 'datum.dark', value: 'white' }, value: '#202124' } } },
    ],
  } as TopLevelSpec;
}

export function conformitySpec(rows: BatchFigures['conformity']): TopLevelSpec {
  const kinds = ['moved to the majority', 'kept its vote', 'moved elsewhere'];
  const values = rows.flatMap((r) => [
    { seat: r.seat, kind: kinds[0], n: r.moved },
    { seat: r.seat, kind: kinds[1], n: r.kept },
    { seat: r.seat, kind: kinds[2], n: r.eligible - r.moved - r.kept },
  ]).filter((v) => v.n > 0).map((v) => ({ ...v, order: kinds.indexOf(v.kind!), label: `${v.seat}: ${v.kind} ${v.n}×` }));
  return {
    width: 520,
    height: { step: 22 },
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
    encoding: {
      y: { field: 'seat', type: 'nominal', title: null, sort: rows.map((r) => r.seat), axis: { labelLimit: 160 } },
      x: { field: 'n', type: 'quantitative', stack: 'normalize', title: 'share of the times it sat outside the majority', axis: pct },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: ['#c5221f', '#1e8e3e', '#9aa0a6'] } },
      order: { field: 'order' },
      description: { field: 'label' },
    },
  } as TopLevelSpec;
}

export function outcomeSpec(rows: BatchFigures['outcomes']): TopLevelSpec {
  const questions = [...new Set(rows.map((r) => r.question))];
  const kinds = OUTCOME_KINDS.filter((k) => rows.some((r) => r.kind === k));
  const colors: Record<OutcomeKind, string> = { 'the answer': '#1e8e3e', 'most common': '#4e79a7', 'another option': '#e8710a', tie: '#9aa0a6', 'not finished': '#5f6368' };
  const y = { field: 'question', type: 'nominal', title: null, sort: questions, axis: { labelLimit: 240 } } as const;
  const order = { field: 'rank' } as const;
  const values = rows.map((r) => ({ ...r, rank: OUTCOME_KINDS.indexOf(r.kind), label: `${r.question}: ${r.outcome} ${r.count}×` }));
  return {
    width: 480,
    height: { step: 24 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          y,
          x: { field: 'count', type: 'quantitative', stack: 'zero', title: 'runs', axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: kinds.map((k) => colors[k]) } },
          order,
          description: { field: 'label' },
        },
      },
      {
        mark: { type: 'text', color: 'white', fontSize: 10, fontWeight: 700, aria: false },
        encoding: { y, x: { field: 'count', type: 'quantitative', stack: 'zero', bandPosition: 0.5 }, order, detail: { field: 'outcome' }, text: { field: 'outcome' } },
      },
    ],
  } as TopLevelSpec;
}

const dollars = (n: number) => `$${n.toFixed(4)}`;

/**
 * Cost: with repeats (some question run more than once), the mean cost of one run per question, each
 * run a tick on its bar; else one bar per run.
 */
export function costSpec(rows: BatchFigures['cost']): TopLevelSpec {
  const questions = [...new Set(rows.map((r) => r.question))];
  if (questions.length < rows.length) {
    const per = questions.map((question) => {
      const usd = rows.filter((r) => r.question === question).map((r) => r.usd);
      const mean = usd.reduce((a, b) => a + b, 0) / usd.length;
      const range = usd.length > 1 ? `, ${dollars(Math.min(...usd))}–${dollars(Math.max(...usd))}` : '';
      return { question, usd: mean, max: Math.max(...usd), text: dollars(mean), desc: `${question}: ${dollars(mean)} per run (mean of ${usd.length} run${usd.length === 1 ? '' : 's'}${range})` };
    });
    const y = { field: 'question', type: 'nominal', title: null, sort: questions, axis: { labelLimit: 200 } } as const;
    const x = { field: 'usd', type: 'quantitative', title: 'USD per run (bar: mean; ticks: each run)' } as const;
    return {
      width: 480,
      height: { step: 20 },
      layer: [
        { data: { values: per }, mark: { type: 'bar', color: '#59a14f', opacity: 0.85 }, encoding: { y, x, description: { field: 'desc' } } },
        { data: { values: rows }, mark: { type: 'tick', color: '#1e4620', thickness: 1.5, aria: false }, encoding: { y, x } },
        // The mean's figure right of the last tick, clear of every mark.
        { data: { values: per }, mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, aria: false }, encoding: { y, x: { field: 'max', type: 'quantitative' }, text: { field: 'text' } } },
      ],
    } as TopLevelSpec;
  }
  return {
    width: 520,
    height: { step: 18 },
    data: { values: rows.map((r) => ({ ...r, text: dollars(r.usd), desc: `${r.label}: ${dollars(r.usd)}` })) },
    layer: [
      { mark: { type: 'bar', color: '#59a14f' }, encoding: { y: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label), axis: { labelLimit: 200 } }, x: { field: 'usd', type: 'quantitative', title: 'USD' }, description: { field: 'desc' } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, aria: false }, encoding: { y: { field: 'label', type: 'nominal', sort: rows.map((r) => r.label) }, x: { field: 'usd', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  } as TopLevelSpec;
}

/** What the cost figures mean: `roundtable stats`' totals, and for mock runs what they stand for. */
export function costCaption(f: BatchFigures): string {
  const c = f.costSummary;
  if (c.totalUsd === null) return '';
  const per = [c.perRun !== null ? `${dollars(c.perRun)} per run` : '', c.perCorrect !== null ? `${dollars(c.perCorrect)} per correct final decision` : ''].filter(Boolean).join(', ');
  const repeated = new Set(f.cost.map((r) => r.question)).size < f.cost.length;
  return `${repeated ? 'The mean cost of one run of each question, each run a tick. ' : ''}${dollars(c.totalUsd)} over ${c.pricedRuns} priced run${c.pricedRuns === 1 ? '' : 's'} (${c.unpricedRuns} unpriced)${per ? `: ${per}` : ''}.${f.mock ? ' Mock runs: what they would have cost live (real prices, stand-in token counts).' : ''}`;
}

/** " Name: 42 % (Wilson 95 % interval 30–54 %, 47/112)." — empty when there is no value. */
const rate = (name: string, i: Interval | undefined) =>
  !i || i.mean === null ? '' : ` ${name}: ${(i.mean * 100).toFixed(0)} %${i.low !== null && i.high !== null ? ` (${methodName(i.method)} 95 % interval ${(i.low * 100).toFixed(0)}–${(i.high * 100).toFixed(0)} %, ${i.count === null ? `${i.n} runs` : `${countText(i.count)}/${i.n}`})` : ''}.`;

/** Every figure of `roundtable stats` (the CSV's rows), formatted as `stats` prints it. */
export function figuresTable(f: BatchFigures): string {
  const head = '<tr><th>group</th><th>question</th><th class="num">round</th><th>measure</th><th class="num">value [95 % interval] count/n</th><th>method</th></tr>';
  const cell = (r: FigureRow) => {
    if (r.method !== null) return formatEstimate({ mean: r.mean, low: r.low, high: r.high, n: r.n ?? 0, count: r.count, method: r.method as Interval['method'], ...(r.clusters !== null ? { clusters: r.clusters } : {}) });
    if (r.mean === null) return '–';
    return r.measure.startsWith('cost_usd') ? `$${r.mean.toFixed(4)}` : Number.isInteger(r.mean) ? String(r.mean) : r.mean.toFixed(3);
  };
  const rows = f.table
    .map((r) => `<tr><td>${escapeHtml(r.group)}</td><td class="name">${inline(r.question ?? '')}</td><td class="num">${r.round ?? ''}</td><td>${inline(r.measure)}</td><td class="num">${escapeHtml(cell(r))}</td><td>${escapeHtml(methodName(r.method))}</td></tr>`)
    .join('\n');
  return `<details class="figures"><summary>Every figure (as <code>roundtable stats</code> prints it; ${escapeHtml(TIE_RULE_TEXT[f.ties])})</summary><div class="scroll"><table class="figures"><thead>${head}</thead><tbody>${rows}</tbody></table></div></details>`;
}

const tile = (value: string, what: string) => `<div class="stat"><b>${escapeHtml(value)}</b><span>${escapeHtml(what)}</span></div>`;

export async function batchSection(inputs: Input[], title?: string, ties: Ties = 'random'): Promise<string> {
  const f = batchFigures(inputs.map((i) => i.transcript), ties);
  const totalCost = f.costSummary.totalUsd;
  let html = `<section class="batch">
<h1 id="overview">${escapeHtml(title ?? `${f.runs} debates`)}</h1>
<div class="stats">${tile(String(f.runs), 'runs')}${f.notRun ? tile(String(f.notRun), 'not run (no round)') : ''}${tile(String(f.complete), 'complete')}${tile(String(f.questions), f.questions === 1 ? 'question' : 'questions')}${tile(totalCost === null ? '—' : `$${totalCost.toFixed(4)}`, `${f.mock ? 'cost if run live' : 'cost'} (${f.costSummary.pricedRuns} priced)`)}</div>
<p class="note">${f.notRun ? `${f.notRun} run${f.notRun === 1 ? '' : 's'} with no round (stopped before round 1, e.g. by a budget) ${f.notRun === 1 ? 'is' : 'are'} left out of every figure. ` : ''}${escapeHtml(`${TIE_RULE_TEXT[f.ties]}. ${INTERVALS_TEXT}`)}</p>`;
  if (f.accuracy) {
    html += `<h3>Accuracy per round</h3><figure data-picture="accuracy">${await liteSvg(accuracySpec(f.accuracy))}<figcaption>${f.accuracy.group === 'debate' ? 'Debates' : f.accuracy.group === 'poll' ? 'Polls' : 'Councils (round 1)'}: the share of runs whose majority vote was the known answer (ties by the tie rule), and the share of seat votes for it, per round, with Wilson 95 % intervals. The dashed line is the vote baseline: the majority of the blind first round, on the same runs.</figcaption></figure>`;
  } else {
    html += '<p class="note">No known answers in these transcripts, so no accuracy figures.</p>';
  }
  for (const kind of ['debate', 'poll', 'council'] as const) {
    const o = f.stats.open?.[kind];
    if (!o) continue;
    const line = (what: string, e: Interval) => `<li>${escapeHtml(`${what}: ${formatEstimate(e)}`)}</li>`;
    html += `<h3>${escapeHtml(OPEN_TITLE[kind])}</h3><p class="note">${escapeHtml(`${o.runs} complete run${o.runs === 1 ? '' : 's'} (answers in a sentence, never counted as votes), ${o.judged} with a judge's grouping.`)}</p><ul>${o.judged ? line('final agreement, as judged (seats in the largest position the judge found)', o.finalAgreement) : ''}${o.sameWords.map((r) => line(`same-words agreement, round ${r.round}`, r.agreement)).join('')}${o.changedByRound.length ? `${line('changed mind, rounds 2 on', o.changedMind)}${line('convergence (same-words agreement, last round − round 1)', o.convergence)}` : ''}${o.matchedAsJudged ? line('synthesis matched the known answer, as judged (never an exact match)', o.matchedAsJudged) : ''}</ul>`;
  }
  if (f.flips) {
    html += `<h3>Flip matrix</h3><figure data-picture="flips">${await liteSvg(flipSpec(f.flips))}<figcaption>${
      f.flips.kind === 'answer'
        ? `Each seat’s vote from one round to the next, by whether it was the known answer.${rate('Harmful flips (correct to incorrect)', f.flips.harmful)}${rate('Helpful flips (incorrect to correct)', f.flips.helpful)}`
        : f.flips.kind === 'option'
          ? 'Each seat’s vote from one round to the next, option to option (the diagonal: kept).'
          : 'Each seat’s vote from one round to the next, by whether it sided with the round’s majority (rounds without a single majority left out).'
    }</figcaption></figure>`;
  }
  if (f.conformity.some((c) => c.eligible > 0)) {
    html += `<h3>Conformity per seat</h3><figure data-picture="conformity">${await liteSvg(conformitySpec(f.conformity.filter((c) => c.eligible > 0)))}<figcaption>When a seat voted against the previous round’s (single) majority: how often it then moved to the majority, kept its vote, or moved to another option.${f.conformityOverall ? `${rate('Over every seat, conformity', f.conformityOverall.conformity)}${rate('Obstinacy', f.conformityOverall.obstinacy)}` : ''}</figcaption></figure>`;
  }
  html += `<h3>Outcome per question</h3><figure data-picture="outcomes">${await liteSvg(outcomeSpec(f.outcomes))}<figcaption>How each question’s runs ended: the winning option in each bar${f.outcomes.some((o) => o.kind === 'the answer') ? ', green when it was the known answer' : ''}.</figcaption></figure>`;
  if (f.cost.length) {
    const repeated = new Set(f.cost.map((r) => r.question)).size < f.cost.length;
    html += `<h3>${repeated ? 'Cost per question' : 'Cost per run'}</h3><figure data-picture="cost">${await liteSvg(costSpec(f.cost))}<figcaption>${escapeHtml(costCaption(f))}</figcaption></figure>`;
  }
  const rows = inputs
    .map((input, i) => {
      const t = input.transcript;
      return `<tr><td class="num">${i + 1}</td><td class="name"><a href="#debate-${i + 1}">${inline(t.motion)}</a></td><td>${escapeHtml(resultLine(t))}</td><td>${escapeHtml(t.status)}</td><td class="name note">${inline(input.file)}</td></tr>`;
    })
    .join('\n');
  html += `<h3>Every figure</h3>${figuresTable(f)}`;
  html += `<h3>Debates</h3><nav class="toc scroll"><table><thead><tr><th class="num">#</th><th>Motion</th><th>Result</th><th>Status</th><th>File</th></tr></thead><tbody>${rows}</tbody></table></nav>
</section>`;
  return html;
}
