// One line on how the judging goes: a spinner while the judge writes, then done or its error.
import { Text } from 'ink';
import { Busy } from './Busy.js';
import type { JudgeView } from './state.js';
import { cleanLine } from './text.js';

export function judgeName(judge: JudgeView): string {
  return cleanLine(judge.name ?? '') || 'the judge';
}

/** `open`: an open question's judge writes a synthesis (where the panel landed), not a judgement. */
export function JudgeStatusLine({ judge, open = false }: { judge: JudgeView; open?: boolean }) {
  const work = open ? 'synthesis' : 'judgement';
  const retry = judge.retries && judge.lastRetryReason ? ` · retry ${judge.retries}: ${cleanLine(judge.lastRetryReason)}` : '';
  switch (judge.status) {
    case 'idle':
      return null;
    case 'judging':
      return (
        <Text wrap="truncate-end">
          <Busy />
          {open ? ` ${judgeName(judge)} is writing the synthesis…` : ` ${judgeName(judge)} is judging…`}
          <Text color="yellow">{retry}</Text>
        </Text>
      );
    case 'done':
      return <Text color="green" wrap="truncate-end">{`✓ ${judgeName(judge)} has written the ${work}`}</Text>;
    case 'failed':
      return <Text color="red" wrap="truncate-end">{`✗ No ${work} from ${judgeName(judge)}: ${cleanLine(judge.error ?? 'unknown error')}`}</Text>;
  }
}
