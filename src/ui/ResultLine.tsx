// The outcome in the contract's words: `Result: Supermajority — Yes (5/6 votes)`.
import { Text } from 'ink';
import { closedResult, formatOpenResult, formatResult, isOpenResult } from '../core/result.js';
import type { AnyResult } from '../core/schema.js';
import type { OptionView } from './state.js';
import { cleanLine, optionColor } from './text.js';

interface Props {
  result: AnyResult | null;
  options: readonly OptionView[];
  prefix?: string;
  open?: boolean;
  /** A council's decision (councilDecision), shown in place of the blind answers' result it names. */
  decision?: string | null;
}

export function ResultLine({ result, options, prefix = 'Result: ', open = false, decision }: Props) {
  const winner = closedResult(result)?.winner ?? null;
  const index = winner ? options.findIndex((o) => o.label === winner) : -1;
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
      <Text color={index >= 0 ? optionColor(index) : result && isOpenResult(result) && result.answer !== null ? 'cyan' : 'yellow'}>{cleanLine(open && !result ? formatOpenResult(null) : formatResult(result))}</Text>
    </Text>
  );
}
