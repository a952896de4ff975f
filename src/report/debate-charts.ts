// The other pictures of one debate, as Vega-Lite specs: tally per round, calls on a timeline, tokens
// per seat, and a council's ranking.
import type { TopLevelSpec } from 'vega-lite';
import { liteSvg } from './charts.js';
import { type CallBar, type DebateModel, NO_VOTE, NO_VOTE_COLOR, OPTION_COLORS, type SeatUsage, tallies } from './debate-model.js';

/** Row height of a per-seat chart: roomy for a usual panel, thin (without names) for a very large one. */
const seatStep = (n: number) => (n <= 40 ? 22 : Math.max(3, Math.floor(640 / n)));
const seatAxis = (n: number) => (seatStep(n) >= 10 ? { labelLimit: 160 } : { labels: false, ticks: false, title: `${n} seats` });

/** Every option's colour, and "no vote" only when some seat gave none (the legend shows no kind that is absent). */
const optionScale = (m: DebateModel, noVote: boolean) => ({
  domain: [...m.options, ...(noVote ? [NO_VOTE] : [])],
  range: [...m.options.map((_, i) => OPTION_COLORS[i % OPTION_COLORS.length]!), ...(noVote ? [NO_VOTE_COLOR] : [])],
});

export function tallySpec(m: DebateModel): TopLevelSpec {
  const values = tallies(m)
    .filter((x) => x.count > 0)
    .map((x) => ({ round: `Round ${x.round}`, option: x.option, count: x.count, order: x.index ?? m.options.length, label: `Round ${x.round}: ${x.option} ${x.count}` }));
  return {
    width: 560,
    height: { step: 26 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          y: { field: 'round', type: 'ordinal', title: null, sort: m.rounds.map((r) => `Round ${r}`) },
          x: { field: 'count', type: 'quantitative', stack: 'zero', title: 'votes', axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'option', type: 'nominal', scale: optionScale(m, values.some((v) => v.option === NO_VOTE)), title: null },
          order: { field: 'order' },
          description: { field: 'label' },
        },
      },
      {
        mark: { type: 'text', color: 'white', fontWeight: 700, fontSize: 11, aria: false },
        encoding: {
          y: { field: 'round', type: 'ordinal', sort: m.rounds.map((r) => `Round ${r}`) },
          x: { field: 'count', type: 'quantitative', stack: 'zero', bandPosition: 0.5 },
          order: { field: 'order' },
          detail: { field: 'option' },
          text: { field: 'count' },
        },
      },
    ],
  } as TopLevelSpec;
}

const KINDS = ['call', 'critical path', 'retry backoff', 'failed call'];
const KIND_COLORS = ['#8ab4f8', '#c5221f', '#f9ab00', '#9aa0a6'];

export function timelineSpec(m: DebateModel, bars: CallBar[], rounds: { round: number; start: number; end: number }[]): TopLevelSpec {
  const calls = bars.map((b) => ({
    seat: b.seat,
    start: b.start / 1000,
    end: b.end / 1000,
    kind: b.failed ? 'failed call' : b.critical ? 'critical path' : 'call',
    label: `Round ${b.round}: ${b.seat}, ${((b.end - b.start) / 1000).toFixed(1)} s${b.retries ? `, ${b.retries} retr${b.retries === 1 ? 'y' : 'ies'}` : ''}${b.reasks ? `, asked again ${b.reasks}×` : ''}${b.critical ? ', critical path' : ''}${b.failed ? ', failed' : ''}`,
  }));
  const waits = bars.filter((b) => b.waitMs > 0).map((b) => ({ seat: b.seat, start: b.start / 1000, end: (b.start + b.waitMs) / 1000, kind: 'retry backoff' }));
  // The retry count sits inside the end of its bar: the next round's bars start where the slowest call ends.
  const marks = bars.filter((b) => b.retries + b.reasks > 0).map((b) => ({ seat: b.seat, end: b.end / 1000, text: `↻${b.retries + b.reasks}`, onDark: b.critical && !b.failed }));
  const seats = m.seats.map((s) => s.name);
  const present = new Set([...calls.map((c) => c.kind), ...waits.map((w) => w.kind)]);
  const kinds = KINDS.filter((k) => present.has(k));
  const y = { field: 'seat', type: 'nominal', title: null, sort: seats, axis: seatAxis(seats.length) } as const;
  const bar = Math.max(2, Math.min(14, seatStep(seats.length) - 4));
  return {
    width: 560,
    height: { step: seatStep(seats.length) },
    layer: [
      {
        data: { values: rounds.map((r) => ({ start: r.start / 1000, text: `R${r.round}` })) },
        layer: [
          { mark: { type: 'rule', color: '#bdc1c6', strokeDash: [3, 3], aria: false }, encoding: { x: { field: 'start', type: 'quantitative' } } },
          {
            mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: -14, fontSize: 10, color: '#5f6368', aria: false },
            encoding: { x: { field: 'start', type: 'quantitative' }, y: { value: 0 }, text: { field: 'text' } },
          },
        ],
      },
      {
        data: { values: calls },
        mark: { type: 'bar', height: bar, cornerRadius: bar > 6 ? 2 : 0, stroke: bar > 6 ? 'white' : null, strokeWidth: 1 },
        encoding: {
          y,
          x: { field: 'start', type: 'quantitative', title: 'seconds from the first call' },
          x2: { field: 'end' },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: kinds.map((k) => KIND_COLORS[KINDS.indexOf(k)]!) } },
          description: { field: 'label' },
        },
      },
      {
        data: { values: waits },
        mark: { type: 'bar', height: Math.max(1, Math.round(bar / 2)), aria: false },
        encoding: { y, x: { field: 'start', type: 'quantitative' }, x2: { field: 'end' }, color: { field: 'kind', type: 'nominal' } },
      },
      {
        data: { values: marks },
        mark: { type: 'text', align: 'right', dx: -3, fontSize: 10, fontWeight: 700, aria: false },
        encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'text' }, color: { condition: { test: 'datum.onDark', value: 'white' }, value: '#202124' } },
      },
    ],
  } as TopLevelSpec;
}

const TOKEN_KINDS = ['input', 'cached input', 'output', 'reasoning'];
const TOKEN_COLORS = ['#4e79a7', '#a0cbe8', '#f28e2b', '#ffbe7d'];
export function usageSpec(usage: SeatUsage[]): TopLevelSpec {
  const values = usage.flatMap((u) => [
    { seat: u.seat.name, kind: 'input', tokens: u.inputTokens - u.cachedInputTokens },
    { seat: u.seat.name, kind: 'cached input', tokens: u.cachedInputTokens },
    { seat: u.seat.name, kind: 'output', tokens: u.outputTokens - u.reasoningTokens },
    { seat: u.seat.name, kind: 'reasoning', tokens: u.reasoningTokens },
  ]).filter((v) => v.tokens > 0).map((v) => ({ ...v, order: TOKEN_KINDS.indexOf(v.kind), label: `${v.seat}: ${v.tokens} ${v.kind} tokens` }));
  return {
    width: 560,
    height: { step: seatStep(usage.length) },
    data: { values },
    mark: { type: 'bar', stroke: 'white', strokeWidth: usage.length > 40 ? 0 : 1 },
    encoding: {
      y: { field: 'seat', type: 'nominal', title: null, sort: usage.map((u) => u.seat.name), axis: seatAxis(usage.length) },
      x: { field: 'tokens', type: 'quantitative', stack: 'zero', title: 'tokens' },
      color: { field: 'kind', type: 'nominal', title: null, scale: { domain: TOKEN_KINDS.filter((k) => values.some((v) => v.kind === k)), range: TOKEN_COLORS.filter((_, i) => values.some((v) => v.kind === TOKEN_KINDS[i])) } },
      order: { field: 'order' },
      description: { field: 'label' },
    },
  } as TopLevelSpec;
}

export function rankingSpec(rows: { name: string; points: number; firsts: number }[]): TopLevelSpec {
  const values = rows.map((r, i) => ({ ...r, place: i + 1, label: `${i + 1}. ${r.name}: ${r.points} points, ${r.firsts} first place${r.firsts === 1 ? '' : 's'}`, note: `${r.points} pts · ${r.firsts} first` }));
  return {
    width: 520,
    height: { step: 24 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: '#4e79a7', cornerRadiusEnd: 3 },
        encoding: {
          y: { field: 'name', type: 'nominal', title: null, sort: rows.map((r) => r.name), axis: { labelLimit: 180 } },
          x: { field: 'points', type: 'quantitative', title: 'Borda points (first places in the label)' },
          description: { field: 'label' },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#3c4043', aria: false },
        encoding: {
          y: { field: 'name', type: 'nominal', sort: rows.map((r) => r.name) },
          x: { field: 'points', type: 'quantitative' },
          text: { field: 'note' },
        },
      },
    ],
  } as TopLevelSpec;
}

export const tallySvg = (m: DebateModel) => liteSvg(tallySpec(m));
export const timelineSvg = (m: DebateModel, bars: CallBar[], rounds: { round: number; start: number; end: number }[]) => liteSvg(timelineSpec(m, bars, rounds));
export const usageSvg = (u: SeatUsage[]) => liteSvg(usageSpec(u));
export const rankingSvg = (rows: { name: string; points: number; firsts: number }[]) => liteSvg(rankingSpec(rows));

export function seatCostSpec(usage: SeatUsage[], judge: number | null): TopLevelSpec {
  const rows = [...usage.filter((u) => u.costUsd !== null).map((u) => ({ seat: u.seat.name, usd: u.costUsd! })), ...(judge !== null ? [{ seat: 'Judge', usd: judge }] : [])];
  const values = rows.map((r) => ({ ...r, text: `$${r.usd.toFixed(4)}`, label: `${r.seat}: $${r.usd.toFixed(4)}` }));
  const y = { field: 'seat', type: 'nominal', title: null, sort: rows.map((r) => r.seat), axis: { labelLimit: 160 } } as const;
  return {
    width: 520,
    height: { step: 22 },
    data: { values },
    layer: [
      { mark: { type: 'bar', color: '#59a14f', cornerRadiusEnd: 3 }, encoding: { y, x: { field: 'usd', type: 'quantitative', title: 'USD' }, description: { field: 'label' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10, color: '#3c4043', aria: false }, encoding: { y, x: { field: 'usd', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  } as TopLevelSpec;
}
export const seatCostSvg = (u: SeatUsage[], judge: number | null) => liteSvg(seatCostSpec(u, judge));
