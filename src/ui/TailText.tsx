// A block of wrapped text in at most `lines` lines: the latest lines (tail) while a reply is
// streaming, the first ones (head, with an ellipsis when cut) when it is done.
import { Box, Text } from 'ink';
import { useMemo, type ComponentProps } from 'react';
import { clipLines } from './wrap.js';

interface Props {
  text: string;
  lines: number;
  width: number;
  /** Which end to keep when the text is longer than `lines`. */
  keep: 'head' | 'tail';
  color?: ComponentProps<typeof Text>['color'];
  dimColor?: boolean;
  /** Keep the height at `lines` even when the text is shorter (cards in a grid). */
  fixed?: boolean;
}

export function TailText({ text, lines, width, keep, color, dimColor, fixed = true }: Props) {
  const shown = useMemo(() => clipLines(text, width, lines, keep), [text, width, lines, keep]);
  if (lines <= 0) return null;
  return (
    <Box height={fixed ? lines : undefined} width={width} flexDirection="column" flexShrink={0}>
      {shown.map((line, i) => (
        <Text key={i} wrap="truncate-end" color={color} dimColor={dimColor}>
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
