// How an open question's positions formed, as a flow picture: one column per round of answers. In
// the last one the seats sit in the blocks of the positions the panel landed on (the synthesis'
// groups); in the rounds before, in blocks of the answers they gave then (answers in the same
// words share a block). Each seat keeps the colour of the position it ended in, so the picture
// shows the colours gathering; a band follows each seat from round to round, in full colour with
// a dark-bordered ↻ mark where its mind changed. Laid out here, drawn by the vote flow's Vega spec.
import { answerKey } from '../core/result.js';
import { vegaSvg } from './charts.js';
import { NO_ANSWER, type OpenModel, answerLabel, type AnswerCell, positionColor } from './open-model.js';
import { bandBetween, type FlowBand, type FlowLayout, type FlowSlot, voteFlowSpec } from './vote-flow.js';

const TOP = 26;
const COLUMN = 220;
const GAP = 90;
const BLOCK_GAP = 10;
/** An earlier round's block: a neutral frame (its seats carry their final colours). */
const EARLIER_BLOCK = '#80868b';

interface Block {
  key: string;
  text: string;
  color: string;
  members: AnswerCell[];
  /** Where the block goes: by its seats' final positions. */
  order: number;
}

/** The rounds drawn: those with answers (a council's ranking round holds ballots: its seats' answers are those they ranked from). */
export function answerRounds(m: OpenModel): number[] {
  return m.cells.flatMap((row, r) => (row.some((c) => c.answer !== null && !c.ballot) ? [r] : []));
}

export function answerFlowLayout(m: OpenModel): FlowLayout {
  const n = m.seats.length;
  const slot = n <= 16 ? 22 : n <= 40 ? 14 : Math.max(3, Math.floor(560 / n));
  const header = Math.max(slot, 16);
  const drawn = answerRounds(m);
  const seatIndex = new Map(m.seats.map((s, i) => [s.id, i]));
  const finalRank = (c: AnswerCell) => (m.positionOf.get(c.seat.id)?.index ?? m.positions.length + 1) * (n + 1) + seatIndex.get(c.seat.id)!;
  const columns: FlowLayout['columns'] = [];
  const blocks: FlowLayout['blocks'] = [];
  const slots: FlowSlot[] = [];
  const place = new Map<string, FlowSlot>();
  let height = 0;
  drawn.forEach((r, k) => {
    const row = m.cells[r]!;
    const x = k * (COLUMN + GAP);
    const round = m.rounds[r]!;
    const last = k === drawn.length - 1;
    columns.push({ round, x, text: k === 0 && drawn.length > 1 ? `Round ${round} · blind` : last ? `Round ${round} · positions` : `Round ${round}` });
    const groups: Block[] = [];
    if (last) {
      for (const p of m.positions) {
        const members = row.filter((c) => m.positionOf.get(c.seat.id) === p);
        groups.push({ key: `p${p.index}`, text: p.answer, color: p.color, members, order: p.index });
      }
      const rest = row.filter((c) => !m.positionOf.has(c.seat.id));
      groups.push({ key: 'none', text: NO_ANSWER, color: positionColor(undefined), members: rest, order: Infinity });
    } else {
      const byWording = new Map<string, Block>();
      const none: Block = { key: 'none', text: NO_ANSWER, color: positionColor(undefined), members: [], order: Infinity };
      for (const c of row) {
        if (c.answer === null) {
          none.members.push(c);
          continue;
        }
        const key = answerKey(c.answer);
        const block = byWording.get(key) ?? { key, text: c.answer, color: EARLIER_BLOCK, members: [], order: 0 };
        block.members.push(c);
        byWording.set(key, block);
      }
      for (const b of byWording.values()) {
        b.order = b.members.reduce((a, c) => a + finalRank(c), 0) / b.members.length;
        groups.push(b);
      }
      groups.push(none);
    }
    groups.sort((a, b) => a.order - b.order);
    let y = TOP;
    for (const block of groups) {
      if (!block.members.length) continue;
      const members = [...block.members].sort((a, b) => finalRank(a) - finalRank(b));
      const h = header + members.length * slot + 4;
      blocks.push({ round, x, y, w: COLUMN, h, color: block.color, text: `${block.text} · ${members.length}` });
      members.forEach((c, i) => {
        const s: FlowSlot = {
          round,
          seat: c.seat.id,
          vote: c.answer ?? NO_ANSWER,
          x: x + 4,
          y: y + header + i * slot + 1,
          w: COLUMN - 8,
          h: Math.max(1, slot - 2),
          color: positionColor(m.positionOf.get(c.seat.id)),
          changed: c.changed,
          text: `${c.changed ? '↻ ' : ''}${c.seat.name}`,
          label: answerLabel(c),
        };
        slots.push(s);
        place.set(`${k}\u0000${c.seat.id}`, s);
      });
      y += h + BLOCK_GAP;
    }
    height = Math.max(height, y);
  });
  const bands: FlowBand[] = [];
  for (let k = 1; k < drawn.length; k++) {
    for (const cell of m.cells[drawn[k]!]!) {
      const a = place.get(`${k - 1}\u0000${cell.seat.id}`);
      const b = place.get(`${k}\u0000${cell.seat.id}`);
      if (!a || !b) continue;
      const from = m.rounds[drawn[k - 1]!]!;
      bands.push(bandBetween(a, b, cell.changed, `${cell.seat.name}, round ${from} to ${cell.round}: ${cell.answer === null ? 'no answer' : cell.changed ? 'changed mind' : 'kept its position'}`));
    }
  }
  const width = drawn.length * COLUMN + Math.max(0, drawn.length - 1) * GAP;
  return { width, height, slot, columns, blocks, slots, bands };
}

/** The picture, and its natural width in pixels; null when no round has an answer. */
export async function answerFlowSvg(m: OpenModel): Promise<{ svg: string; width: number } | null> {
  const layout = answerFlowLayout(m);
  if (!layout.columns.length) return null;
  return {
    svg: await vegaSvg(voteFlowSpec(layout, 'How the positions formed: each seat’s answer in every round, coloured by the position it ended in, and where minds changed.')),
    width: layout.width + 12,
  };
}
