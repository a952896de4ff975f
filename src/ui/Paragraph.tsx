// A paragraph wrapped at words to a width (see ./wrap.ts), with an optional coloured lead-in
// ("Yes: ") on its first line or a hanging bullet ("• ") before it.
import { Box, Text } from 'ink';
import { useMemo, type ComponentProps } from 'react';
import { wrapLines } from './wrap.js';

interface Props {
  text: string;
  width: number;
  /** Words before the text on its first line, drawn in their own colour. */
  lead?: { text: string; color?: ComponentProps<typeof Text>['color'] };
  /** A mark before the first line; the following lines are indented under the text. */
  bullet?: string;
  color?: ComponentProps<typeof Text>['color'];
  dimColor?: boolean;
  bold?: boolean;
}

export function Paragraph({ text, width, lead, bullet, color, dimColor, bold }: Props) {
  const indent = bullet ? Array.from(bullet).length : 0;
  const lines = useMemo(() => wrapLines(`${lead?.text ?? ''}${text}`, Math.max(1, width - indent)), [text, width, lead?.text, indent]);
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => {
        const prefix = bullet ? (i === 0 ? bullet : ' '.repeat(indent)) : '';
        const leadText = i === 0 && lead && line.startsWith(lead.text.trimEnd()) ? lead.text.trimEnd() : '';
        return (
          <Text key={i} wrap="truncate-end" color={color} dimColor={dimColor} bold={bold}>
            {prefix}
            {leadText ? (
              <Text color={lead?.color} bold>
                {leadText}
              </Text>
            ) : null}
            {line.slice(leadText.length) || (leadText ? '' : ' ')}
          </Text>
        );
      })}
    </Box>
  );
}
