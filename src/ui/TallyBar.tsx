// The running tally: one bar per option, moving as votes land, with its count and share.
import { Box, Text } from 'ink';
import { own } from '../util/records.js';
import type { OptionView } from './state.js';
import { cleanLine, optionColor } from './text.js';

/** Longer bars read no better, and take the eye far from the counts. */
const MAX_BAR = 48;

interface Props {
  options: readonly OptionView[];
  tally: Readonly<Record<string, number>>;
  /** Debaters on the panel: the bars are drawn against it, so their lengths compare across rounds. */
  panelSize: number;
  width: number;
  title?: string;
  /** In a later round under way: how many seats have answered it; the others count as they last voted. */
  answered?: { count: number; round: number } | null;
  /** A terminal too short for more: the title on one line, cut at the end. */
  oneLine?: boolean;
}

/** The tally's title line as drawn ("Tally · 2 of 6 votes in"), for the layout to count its lines. */
export function tallyTitle({ options, tally, panelSize, title, answered }: Pick<Props, 'options' | 'tally' | 'panelSize' | 'title' | 'answered'>): string {
  const votes = options.reduce((sum, o) => sum + (own(tally, o.label) ?? 0), 0);
  const counted =
    answered && answered.count < panelSize
      ? ` · ${answered.count} of ${panelSize} answered round ${answered.round}, the others as they voted in round ${answered.round - 1}`
      : ` · ${votes} of ${panelSize} vote${panelSize === 1 ? '' : 's'} in`;
  return `${title ?? 'Tally'}${counted}`;
}

export function TallyBar({ options, tally, panelSize, width, title, answered, oneLine }: Props) {
  const votes = options.reduce((sum, o) => sum + (own(tally, o.label) ?? 0), 0);
  const labels = options.map((o) => `${o.letter}. ${cleanLine(o.label)}`);
  const labelWidth = Math.min(Math.max(...labels.map((l) => l.length), 4), Math.floor(width / 3));
  const countWidth = String(Math.max(panelSize, 1)).length;
  // label, space, bar, space, count, two spaces, "100%"
  const barWidth = Math.max(4, Math.min(MAX_BAR, width - labelWidth - countWidth - 8));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap={oneLine ? 'truncate-end' : 'wrap'}>
        {title ?? 'Tally'}
        <Text dimColor>{tallyTitle({ options, tally, panelSize, title, answered }).slice((title ?? 'Tally').length)}</Text>
      </Text>
      {options.map((option, i) => {
        const count = own(tally, option.label) ?? 0;
        // The bar and the percentage show one share, the option's votes against the panel (the bars
        // compare across rounds; "1 of 6 votes in" is a sixth of a bar and 17%, never a sixth and 100%).
        const share = panelSize === 0 ? 0 : count / panelSize;
        const filled = Math.round(share * barWidth);
        const label = labels[i] ?? '';
        const shownLabel = label.length > labelWidth ? `${label.slice(0, labelWidth - 1)}…` : label.padEnd(labelWidth);
        return (
          <Box key={option.label}>
            <Text wrap="truncate-end">
              {`${shownLabel} `}
              <Text color={optionColor(i)}>{'█'.repeat(filled)}</Text>
              <Text dimColor>{'░'.repeat(barWidth - filled)}</Text>
              {` ${String(count).padStart(countWidth)}  `}
              <Text dimColor>{`${Math.round(share * 100)}%`.padStart(4)}</Text>
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
