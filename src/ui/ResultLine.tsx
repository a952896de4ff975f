// The outcome in the contract's words: `Result: Supermajority — Yes (5/6 votes)`.
import { Text } from 'ink';
import { formatResult } from '../core/result.js';
import type { Result } from '../core/schema.js';
import type { OptionView } from './state.js';
import { cleanLine, optionColor } from './text.js';

interface Props {
  result: Result | null;
  options: readonly OptionView[];
  prefix?: string;
  /** A council's decision (councilDecision), shown in place of the blind answers' result it names. */
  decision?: string | null;
}

export function ResultLine({ result, options, prefix = 'Result: ', decision }: Props) {
  const index = result?.winner ? options.findIndex((o) => o.label === result.winner) : -1;
  if (decision) {
    return (
      <Text bold wrap="wrap">
        {prefix === 'Result: ' ? '' : prefix}
        <Text color="yellow">{cleanLine(decision)}</Text>
      </Text>
    );
  }
  return (
    <Text bold wrap="wrap">
      {prefix}
      <Text color={index >= 0 ? optionColor(index) : 'yellow'}>{cleanLine(formatResult(result))}</Text>
    </Text>
  );
}
