// The debaters' live cards in rows: one a row at 60 columns, two or three on wider terminals.
import { Box } from 'ink';
import { own } from '../util/records.js';
import { DebaterCard } from './DebaterCard.js';
import type { CardLayout } from './layout.js';
import { emptyCard, type CardState, type OptionView, type PanelView } from './state.js';

interface Props {
  panel: readonly PanelView[];
  cards: Readonly<Record<string, CardState>>;
  options: readonly OptionView[];
  layout: CardLayout;
  /** An open question: each card's headline is its answer. */
  open?: boolean;
}

export function CardGrid({ panel, cards, options, layout, open = false }: Props) {
  const rows: PanelView[][] = [];
  for (let i = 0; i < panel.length; i += layout.perRow) rows.push(panel.slice(i, i + layout.perRow));
  return (
    <Box flexDirection="column">
      {rows.map((row) => (
        <Box key={row.map((m) => m.id).join(' ')} flexDirection="row" columnGap={layout.gap}>
          {row.map((member) => (
            <DebaterCard
              key={member.id}
              member={member}
              card={own(cards, member.id) ?? emptyCard(member.id)}
              options={options}
              width={layout.cardWidth}
              textLines={layout.textLines}
              bordered={layout.bordered}
              open={open}
            />
          ))}
        </Box>
      ))}
    </Box>
  );
}
