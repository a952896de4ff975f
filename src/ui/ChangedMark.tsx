// "changed No → Yes", or "kept" when a debater held its earlier vote.
import { Text } from 'ink';
import { cleanLine } from './text.js';

export function ChangedMark({ vote, previousVote, changed }: { vote: string | null; previousVote: string | null; changed: boolean }) {
  // An imported page's "(changed mind)" says the vote changed, not from what.
  if (vote !== null && changed && previousVote === null) return <Text color="yellow" bold>{`changed mind → ${cleanLine(vote)}`}</Text>;
  if (vote === null || previousVote === null) return null;
  if (changed) return <Text color="yellow" bold>{`changed ${cleanLine(previousVote)} → ${cleanLine(vote)}`}</Text>;
  return <Text dimColor>kept</Text>;
}
