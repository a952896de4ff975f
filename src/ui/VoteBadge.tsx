// A vote as a coloured badge: " A · Yes " in the option's colour.
import { Text } from 'ink';
import type { OptionView } from './state.js';
import { cleanLine, optionColor } from './text.js';

export function VoteBadge({ vote, options }: { vote: string; options: readonly OptionView[] }) {
  const index = options.findIndex((o) => o.label === vote);
  const option = options[index];
  if (!option) return <Text inverse>{` ${cleanLine(vote)} `}</Text>;
  return (
    <Text backgroundColor={optionColor(index)} color="black" bold>
      {` ${option.letter} · ${cleanLine(option.label)} `}
    </Text>
  );
}
