// The vote-flow picture: one column per round, the seats stacked in blocks by the option they voted
// for, and a band from each seat's place in one round to its place in the next. A band that crosses
// to another option is a changed mind: drawn in full colour, and the seat's mark in the later round
// gets a dark border and a ↻. Laid out here (positions in pixels), drawn by Vega.
import type * as vega from 'vega';
import { CHART_CONFIG, vegaSvg } from './charts.js';
import { type DebateModel, flowLabel, NO_VOTE, optionColor, type VoteCell, voteLabel } from './debate-model.js';

export interface FlowSlot {
  round: number;
  seat: string;
  vote: string;
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  changed: boolean;
  text: string;
  label: string;
}

export interface FlowBand {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
  color: string;
  changed: boolean;
  label: string;
}

/** The band from a seat's mark in one column to its mark in the next, coloured as where it landed. */
export function bandBetween(a: FlowSlot, b: FlowSlot, changed: boolean, label: string): FlowBand {
  return { sx: a.x + a.w, sy: a.y + a.h / 2, tx: b.x, ty: b.y + b.h / 2, color: b.color, changed, label };
}

export interface FlowLayout {
  width: number;
  height: number;
  slot: number;
  columns: { round: number; x: number; text: string }[];
  blocks: { round: number; x: number; y: number; w: number; h: number; color: string; text: string }[];
  slots: FlowSlot[];
  bands: FlowBand[];
}

const TOP = 26;
const COLUMN = 170;
const GAP = 90;
const BLOCK_GAP = 10;

export function flowLayout(m: DebateModel): FlowLayout {
  const n = m.seats.length;
  const slot = n <= 16 ? 22 : n <= 40 ? 14 : Math.max(3, Math.floor(560 / n));
  const header = Math.max(slot, 16);
  const columns: FlowLayout['columns'] = [];
  const blocks: FlowLayout['blocks'] = [];
  const slots: FlowSlot[] = [];
  const place = new Map<string, FlowSlot>();
  let height = 0;
  // Option order: the transcript's, then "no vote". Within a block, seats keep the order they had in
  // the round before (by its option, then panel order), which keeps bands from crossing needlessly.
  let previousRank = new Map<string, number>(m.seats.map((s, i) => [s.id, i]));
  m.cells.forEach((row, r) => {
    const x = r * (COLUMN + GAP);
    const round = m.rounds[r]!;
    columns.push({ round, x, text: r === 0 && m.protocol !== 'council' && m.rounds.length > 1 ? `Round ${round} · blind` : `Round ${round}` });
    let y = TOP;
    const groups: (number | null)[] = [...m.options.map((_, i) => i), null];
    const rank = new Map<string, number>();
    for (const option of groups) {
      const members = row.filter((c) => c.option === option).sort((a, b) => previousRank.get(a.seat.id)! - previousRank.get(b.seat.id)!);
      if (!members.length) continue;
      const color = optionColor(option);
      const h = header + members.length * slot + 4;
      const name = option === null ? NO_VOTE : m.options[option]!;
      blocks.push({ round, x, y, w: COLUMN, h, color, text: `${name} · ${members.length}` });
      members.forEach((c: VoteCell, k) => {
        const s: FlowSlot = {
          round,
          seat: c.seat.id,
          vote: c.vote,
          x: x + 4,
          y: y + header + k * slot + 1,
          w: COLUMN - 8,
          h: Math.max(1, slot - 2),
          color,
          changed: c.changed,
          text: `${c.changed ? '↻ ' : ''}${c.seat.name}`,
          label: voteLabel(c),
        };
        slots.push(s);
        place.set(`${r}\u0000${c.seat.id}`, s);
        rank.set(c.seat.id, rank.size);
      });
      y += h + BLOCK_GAP;
    }
    previousRank = rank;
    height = Math.max(height, y);
  });
  const bands: FlowBand[] = [];
  for (let r = 1; r < m.cells.length; r++) {
    m.cells[r]!.forEach((cell, s) => {
      const before = m.cells[r - 1]![s]!;
      const a = place.get(`${r - 1}\u0000${before.seat.id}`)!;
      const b = place.get(`${r}\u0000${cell.seat.id}`)!;
      bands.push(bandBetween(a, b, cell.changed, flowLabel(before, cell)));
    });
  }
  const width = m.cells.length * COLUMN + (m.cells.length - 1) * GAP;
  return { width, height, slot, columns, blocks, slots, bands };
}

export function voteFlowSpec(layout: FlowLayout, description = 'Vote flow: each seat’s vote in every round, and how votes moved between options from round to round.'): vega.Spec {
  const small = layout.slot < 14;
  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width: layout.width,
    height: layout.height,
    padding: 6,
    autosize: 'none',
    background: null as never,
    config: { text: { font: CHART_CONFIG.font } },
    description,
    data: [
      { name: 'columns', values: layout.columns },
      { name: 'blocks', values: layout.blocks },
      { name: 'slots', values: layout.slots },
      {
        name: 'bands',
        values: layout.bands,
        transform: [{ type: 'linkpath', sourceX: 'sx', sourceY: 'sy', targetX: 'tx', targetY: 'ty', orient: 'horizontal', shape: 'diagonal' }],
      },
    ],
    marks: [
      {
        type: 'path',
        name: 'vote-bands',
        from: { data: 'bands' },
        encode: {
          enter: {
            path: { field: 'path' },
            stroke: { field: 'color' },
            strokeWidth: { value: Math.max(1, layout.slot * 0.62) },
            strokeOpacity: { signal: 'datum.changed ? 0.9 : 0.22' },
            strokeCap: { value: 'butt' },
            description: { field: 'label' },
          },
        },
      },
      {
        type: 'rect',
        name: 'vote-blocks',
        aria: false,
        from: { data: 'blocks' },
        encode: {
          enter: {
            x: { field: 'x' },
            y: { field: 'y' },
            width: { field: 'w' },
            height: { field: 'h' },
            fill: { field: 'color' },
            fillOpacity: { value: 0.12 },
            stroke: { field: 'color' },
            strokeWidth: { value: 1 },
            cornerRadius: { value: 5 },
          },
        },
      },
      {
        type: 'text',
        name: 'vote-block-labels',
        aria: false,
        from: { data: 'blocks' },
        encode: {
          enter: {
            x: { signal: 'datum.x + 6' },
            y: { signal: 'datum.y + 4' },
            text: { field: 'text' },
            baseline: { value: 'top' },
            fontSize: { value: 11 },
            fontWeight: { value: 700 },
            fill: { value: '#202124' },
            limit: { signal: 'datum.w - 10' },
          },
        },
      },
      {
        type: 'rect',
        name: 'vote-marks',
        from: { data: 'slots' },
        encode: {
          enter: {
            x: { field: 'x' },
            y: { field: 'y' },
            width: { field: 'w' },
            height: { field: 'h' },
            fill: { field: 'color' },
            stroke: { signal: "datum.changed ? '#202124' : null" },
            strokeWidth: { value: 2 },
            cornerRadius: { value: small ? 1 : 3 },
            description: { field: 'label' },
          },
        },
      },
      ...(small
        ? []
        : [
            {
              type: 'text' as const,
              name: 'vote-mark-labels',
              aria: false,
              from: { data: 'slots' },
              encode: {
                enter: {
                  x: { signal: 'datum.x + 6' },
                  y: { signal: 'datum.y + datum.h / 2' },
                  text: { field: 'text' },
                  baseline: { value: 'middle' as const },
                  fontSize: { value: 11 },
                  fill: { value: 'white' },
                  fontWeight: { signal: "datum.changed ? 700 : 400" },
                  limit: { signal: 'datum.w - 10' },
                },
              },
            },
          ]),
      {
        type: 'text',
        name: 'round-titles',
        aria: false,
        from: { data: 'columns' },
        encode: {
          enter: {
            x: { signal: `datum.x + ${COLUMN / 2}` },
            y: { value: 4 },
            text: { field: 'text' },
            align: { value: 'center' },
            baseline: { value: 'top' },
            fontSize: { value: 12 },
            fontWeight: { value: 700 },
            fill: { value: '#3c4043' },
          },
        },
      },
    ],
  } as vega.Spec;
}

/** The picture, and its natural width in pixels (the page scales it from there). */
export async function voteFlowSvg(m: DebateModel): Promise<{ svg: string; width: number }> {
  const layout = flowLayout(m);
  return { svg: await vegaSvg(voteFlowSpec(layout)), width: layout.width + 12 };
}
