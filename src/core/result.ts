// The result label of the contract, counted from the last round's valid votes.
import { tallyVotes } from './options.js';
import type { Result, Round } from './schema.js';

export function computeResult(options: readonly string[], lastRound: Round | undefined, panelSize: number): Result | null {
  const { tally, counted: validVotes } = tallyVotes(options, (lastRound?.turns ?? []).map((t) => t.vote));
  if (validVotes === 0) return null;
  const top = Math.max(...Object.values(tally));
  const leaders = options.filter((o) => tally[o] === top);
  const base = { tally, validVotes, panelSize, abstentions: panelSize - validVotes };
  if (leaders.length > 1) return { label: 'Tie', winner: null, ...base };
  const winner = leaders[0] ?? null;
  const label =
    top === validVotes ? 'Unanimous' : top * 3 > validVotes * 2 ? 'Supermajority' : top * 2 > validVotes ? 'Majority' : 'Plurality';
  return { label, winner, ...base };
}

/** `Supermajority — Yes (5/6 votes)`; a tie names the options that share the top count. */
export function formatResult(result: Result | null): string {
  if (!result) return 'No result — no valid votes';
  const abstained = result.abstentions ? `, ${result.abstentions} abstained` : '';
  if (result.winner === null) {
    const top = Math.max(...Object.values(result.tally));
    const leaders = Object.keys(result.tally).filter((o) => result.tally[o] === top);
    return `${result.label} — ${leaders.join(' / ')} (${top}/${result.validVotes} votes each${abstained})`;
  }
  return `${result.label} — ${result.winner} (${result.tally[result.winner] ?? 0}/${result.validVotes} votes${abstained})`;
}
