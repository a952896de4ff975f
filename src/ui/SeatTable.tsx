// The live view of a large panel (more than COMPACT_ABOVE seats): one line per seat (status mark,
// name, state, vote, change) in as many columns as the width holds, never more lines than it is
// given. Seats that do not fit are summed up in a last line ("… 20 more: 12 thinking · 8 done").
import { Box, Text } from 'ink';
import { memo } from 'react';
import { Busy } from './Busy.js';
import type { CardState, OptionView, PanelView } from './state.js';
import { emptyCard } from './state.js';
import { previewReply } from './stream-preview.js';
import { cleanLine, optionColor } from './text.js';
import { own } from '../util/records.js';

/** Panels larger than this are drawn as a table, not as cards. */
export const COMPACT_ABOVE = 12;
/** The width of one seat's cell, its gap included. */
export const CELL_WIDTH = 40;

interface Props {
  panel: readonly PanelView[];
  cards: Readonly<Record<string, CardState>>;
  options: readonly OptionView[];
  width: number;
  /** The most lines the table may take. */
  maxLines: number;
  /** An open question: each cell shows the seat's answer in place of a vote. */
  open?: boolean;
}

/** Columns of cells and the number of lines the table takes for a panel in the given space. */
export function tableShape(seats: number, width: number, maxLines: number): { columns: number; lines: number; shown: number } {
  const columns = Math.max(1, Math.floor(width / CELL_WIDTH));
  const lines = Math.max(1, maxLines);
  const needed = Math.ceil(seats / columns);
  if (needed <= lines) return { columns, lines: needed, shown: seats };
  // One line goes to the summary of the seats not shown.
  return { columns, lines, shown: (lines - 1) * columns };
}

function stateText(card: CardState, options: readonly OptionView[]): string {
  switch (card.status) {
    case 'waiting':
      return 'waiting';
    case 'thinking': {
      const leaning = previewReply(card.text, options.map((o) => o.label)).vote;
      return [card.retries ? `retry ${card.retries}` : 'thinking', leaning ? `→ ${leaning}` : ''].filter(Boolean).join(' ');
    }
    case 'failed':
      return 'no vote';
    case 'done':
      return '';
  }
}

const NAME_WIDTH = 16;

/** One seat's cell on one line: a single Text (a table of hundreds of seats stays cheap to lay out). */
const Cell = memo(function Cell({ member, card, options, width, open }: { member: PanelView; card: CardState; options: readonly OptionView[]; width: number; open: boolean }) {
  if (open) return <AnswerCell member={member} card={card} width={width} />;
  const index = card.vote === null ? -1 : options.findIndex((o) => o.label === card.vote);
  const option = options[index];
  const change = card.status === 'done' && card.vote !== null && card.previousVote !== null ? (card.changed ? '↻' : '=') : ' ';
  const mark =
    card.status === 'thinking' ? <Busy /> : card.status === 'done' ? <Text color="green">✓</Text> : card.status === 'failed' ? <Text color="red">✗</Text> : <Text dimColor>·</Text>;
  const vote = card.status === 'done' && card.vote !== null ? (option ? `${option.letter} ${cleanLine(option.label)}` : cleanLine(card.vote)) : stateText(card, options);
  const name = cleanLine(member.name);
  const shortName = name.length > NAME_WIDTH ? `${name.slice(0, NAME_WIDTH - 1)}…` : name.padEnd(NAME_WIDTH);
  return (
    <Box width={width} flexShrink={0} paddingRight={1}>
      <Text wrap="truncate-end">
        {mark}
        {` ${shortName} `}
        <Text color={card.changed ? 'yellow' : undefined} dimColor={!card.changed}>{change}</Text>
        {' '}
        <Text color={option ? optionColor(index) : card.status === 'failed' ? 'red' : undefined} dimColor={!option && card.status !== 'failed'}>
          {vote}
        </Text>
      </Text>
    </Box>
  );
});

/** An open question's cell: the status mark, the name, ↻ for a changed mind, and the answer (or the state). */
function AnswerCell({ member, card, width }: { member: PanelView; card: CardState; width: number }) {
  const mark =
    card.status === 'thinking' ? <Busy /> : card.status === 'done' ? <Text color="green">✓</Text> : card.status === 'failed' ? <Text color="red">✗</Text> : <Text dimColor>·</Text>;
  const changed = card.status === 'done' && card.changed;
  const text =
    card.status === 'done' && card.answer !== null
      ? cleanLine(card.answer)
      : card.status === 'failed'
        ? 'no answer'
        : card.status === 'thinking'
          ? card.retries
            ? `retry ${card.retries}`
            : 'thinking'
          : 'waiting';
  const name = cleanLine(member.name);
  const shortName = name.length > NAME_WIDTH ? `${name.slice(0, NAME_WIDTH - 1)}…` : name.padEnd(NAME_WIDTH);
  return (
    <Box width={width} flexShrink={0} paddingRight={1}>
      <Text wrap="truncate-end">
        {mark}
        {` ${shortName} `}
        <Text color={changed ? 'yellow' : undefined}>{changed ? '↻' : ' '}</Text>
        {' '}
        <Text color={card.status === 'failed' ? 'red' : card.status === 'done' ? 'cyan' : undefined} dimColor={card.status !== 'done' && card.status !== 'failed'}>
          {text}
        </Text>
      </Text>
    </Box>
  );
}

export function SeatTable({ panel, cards, options, width, maxLines, open = false }: Props) {
  const shape = tableShape(panel.length, width, maxLines);
  const cellWidth = Math.floor(width / shape.columns);
  const shown = panel.slice(0, shape.shown);
  const rows: PanelView[][] = [];
  for (let i = 0; i < shown.length; i += shape.columns) rows.push(shown.slice(i, i + shape.columns));
  const rest = panel.slice(shape.shown);
  const counts = new Map<string, number>();
  for (const member of rest) {
    const status = (own(cards, member.id) ?? emptyCard(member.id)).status;
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const summary = ['thinking', 'done', 'failed', 'waiting']
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(' · ');
  return (
    <Box flexDirection="column" width={width}>
      {rows.map((row) => (
        <Box key={row[0]!.id} flexDirection="row">
          {row.map((member) => (
            <Cell key={member.id} member={member} card={own(cards, member.id) ?? emptyCard(member.id)} options={options} width={cellWidth} open={open} />
          ))}
        </Box>
      ))}
      {rest.length ? (
        <Text dimColor wrap="truncate-end">{`… ${rest.length} more seat${rest.length === 1 ? '' : 's'}: ${summary}`}</Text>
      ) : null}
    </Box>
  );
}
