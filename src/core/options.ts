// The options of a motion, in one place: their letters, matching what a model or a file wrote to
// an option, and counting votes. Used by the engine, the protocols, import, compare and the UI.
import { textRecord } from '../util/records.js';

/** 0 → "A", 1 → "B", … */
export const letterOf = (index: number): string => String.fromCharCode(65 + index);

/** "A. Yes\nB. No" */
export function letteredOptions(options: readonly string[]): string {
  return options.map((o, i) => `${letterOf(i)}. ${o}`).join('\n');
}

/** The option with exactly this label, or else with this label in another case; null otherwise. */
export function optionByLabel(options: readonly string[], label: string): string | null {
  return options.find((o) => o === label) ?? options.find((o) => o.toLowerCase() === label.toLowerCase()) ?? null;
}

/** Whether two recorded votes name the same option (labels compared in any case; null only matches null). */
export function sameOption(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Matches a vote to an option: its label (any case) or its letter; "A: Yes", "**Yes**", "(B)" too. */
export function matchOption(raw: string, options: readonly string[]): string | null {
  // An option may itself start or end with emphasis characters ("__proto__"): the label as written first.
  const exact = options.find((o) => o.toLowerCase() === raw.trim().toLowerCase());
  if (exact) return exact;
  const clean = raw
    .trim()
    .replace(/^[*_`"'“”‘’([\s]+|[*_`"'“”‘’)\].!\s]+$/g, '')
    .trim();
  if (!clean) return null;
  const byLabel = optionByLabel(options, clean);
  if (byLabel) return byLabel;
  if (/^[A-Za-z]$/.test(clean)) {
    const index = clean.toUpperCase().charCodeAt(0) - 65;
    return options[index] ?? null;
  }
  // "A: Yes", "A) Yes", "Option A", "B - No"
  const lettered = /^(?:option\s+)?([A-Za-z])(?:\s*[:).\-–—]\s*(.*))?$/i.exec(clean);
  if (lettered) {
    const index = (lettered[1] ?? '').toUpperCase().charCodeAt(0) - 65;
    const option = options[index];
    const label = lettered[2]?.trim();
    if (option && (!label || matchOption(label, options) === option)) return option;
  }
  return null;
}

/** Votes per option, every option present from 0, in a Map (options are any text); votes for anything else are not counted. */
export function countVotes(options: readonly string[], votes: Iterable<string | null>): { counts: Map<string, number>; counted: number } {
  const counts = new Map<string, number>(options.map((o) => [o, 0]));
  let counted = 0;
  for (const vote of votes) {
    if (vote !== null && counts.has(vote)) {
      counts.set(vote, counts.get(vote)! + 1);
      counted++;
    }
  }
  return { counts, counted };
}

/** countVotes as a tally record without a prototype ("__proto__" is an ordinary key). */
export function tallyVotes(options: readonly string[], votes: Iterable<string | null>): { tally: Record<string, number>; counted: number } {
  const { counts, counted } = countVotes(options, votes);
  return { tally: textRecord(counts), counted };
}

/**
 * The vote a line states in the `Vote: <option>` form ("**Vote:** B", "vote：Yes"), as written, or
 * null when the line is not a vote line. The reply parser and the live leaning hint both read it.
 */
export function voteLineOf(line: string): string | null {
  const m = /^\s*[*_]*vote[*_]*\s*[:：]\s*(.+)$/i.exec(line);
  return m ? m[1]! : null;
}

/** A, B, … Z, AA, AB, … (panels larger than 26). */
export function seatLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** The index a letter stands for: seatLetter's inverse ("A" 0, "Z" 25, "AA" 26). */
export function letterIndex(letters: string): number {
  let n = 0;
  for (const c of letters) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}
