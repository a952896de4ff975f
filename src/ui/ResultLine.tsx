// The outcome in the contract's words: `Result: Supermajority — Yes (5/6 votes)`.
import { Text } from 'ink';
import { formatResult } from '../core/result.js';
import type { Result } from '../core/schema.js';
import type { OptionView } from './state.js';
import { cleanLine, optionColor } from './text.js';

export function ResultLine({ result, options, prefix = 'Result: ' }: { result: Result | null; options: readonly OptionView[]; prefix?: string }) {
  const index = result?.winner ? options.findIndex((o) => o.label === result.winner) : -1;
  return (
    <Text bold wrap="wrap">
      {prefix}
      <Text color={index >= 0 ? optionColor(index) : 'yellow'}>{cleanLine(formatResult(result))}</Text>
    </Text>
  );
}
