// The result label of the contract, counted from the last round's valid votes. Options are any
// text ("__proto__", "constructor" and "toString" included), so counts live in a Map and the
// tally is an object without a prototype.
import { countVotes } from './options.js';
import type { Result, Round } from './schema.js';
import { own, textRecord } from '../util/records.js';
import { sanitizeInline } from '../util/sanitize.js';

export function computeResult(options: readonly string[], lastRound: Round | undefined, panelSize: number): Result | null {
  const { counts, counted: validVotes } = countVotes(options, (lastRound?.turns ?? []).map((t) => t.vote));
  if (validVotes === 0) return null;
  const top = Math.max(...counts.values());
  const leaders = options.filter((o) => counts.get(o) === top);
  const base = { tally: textRecord(counts), validVotes, panelSize, abstentions: panelSize - validVotes };
  if (leaders.length > 1) return { label: 'Tie', winner: null, ...base };
  const winner = leaders[0] ?? null;
  const label =
    top === validVotes ? 'Unanimous' : top * 3 > validVotes * 2 ? 'Supermajority' : top * 2 > validVotes ? 'Majority' : 'Plurality';
  return { label, winner, ...base };
}

/** `Supermajority — Yes (5/6 votes)`; a tie names the options that share the top count. Options are cleaned for a terminal. */
export function formatResult(result: Result | null): string {
  if (!result) return 'No result — no valid votes';
  const abstained = result.abstentions ? `, ${result.abstentions} abstained` : '';
  const tally = Object.entries(result.tally);
  if (result.winner === null) {
    const top = Math.max(...tally.map(([, n]) => n));
    const leaders = tally.filter(([, n]) => n === top).map(([o]) => sanitizeInline(o));
    return `${result.label} — ${leaders.join(' / ')} (${top}/${result.validVotes} votes each${abstained})`;
  }
  return `${result.label} — ${sanitizeInline(result.winner)} (${own(result.tally, result.winner) ?? 0}/${result.validVotes} votes${abstained})`;
}
