// The roundtable text format (the seed debate's): writing a transcript out as text, and the few
// rules of the format that the writer and the reader (text-import.ts) must agree on.
//
// The layout, line by line:
//   AI Roundtable Debate · 6 models          (or "Poll")
//   <motion>
//   Result: Supermajority — Yes (5/6 votes)
//   Options
//   - Yes (5 votes)                          (one line per option)
//   Model Responses
//   <name>                                   (one block per debater, the last round's turns)
//   Vote: Yes                                (or "Vote: none", see voteSuffix for the marks)
//   <argument, any number of lines>
//   Final Summary                            (this section and the two after it only with a judgement)
//   <summary, any number of lines>
//   Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1
//   Strongest Arguments
//   - Yes: <argument>
//   Key Turning Points
//   - <turning point>
import { formatResult } from '../core/result.js';
import { own } from '../util/records.js';
import { sanitizeText } from '../util/sanitize.js';
import type { Transcript, Turn } from '../core/schema.js';

export const HEADINGS = {
  options: 'Options',
  responses: 'Model Responses',
  summary: 'Final Summary',
  strongest: 'Strongest Arguments',
  turningPoints: 'Key Turning Points',
} as const;

/** What a debater whose turn holds no valid vote shows instead of an argument. */
export const NO_REPLY = '(no reply)';
export const NO_ARGUMENT = '(no argument)';
export const noValidVote = (error: string) => `(no valid vote: ${error})`;

/** The generated line after the summary: `Majority chose "Yes" after discussion (5/6).` or `No single option won … (Tie).` */
export const FINAL_VOTE_LINE = /^(?:Majority chose ".*" after discussion \(\d+\/\d+\)\.|No single option won after discussion \(\w+\)\.) Final vote: /;

/**
 * A line of free text (an argument, the summary, an error) that the reader would take for part of
 * the format's structure: a vote line, a section heading, the final vote line, or a no-argument
 * mark. The writer puts a backslash before such a line, and before one that already starts with
 * backslashes followed by the same, so that the reader can take exactly one away again.
 */
const STRUCTURAL = /^\\*(?:Vote:|(?:Final Summary|Strongest Arguments|Key Turning Points)\s*$|Majority chose "|No single option won after discussion|\(no (?:argument|reply|valid vote))/;

export const escapeLine = (line: string) => (STRUCTURAL.test(line) ? `\\${line}` : line);
export const unescapeLine = (line: string) => (line.startsWith('\\') && STRUCTURAL.test(line) ? line.slice(1) : line);

/** One line of text: model output cannot break the format's structure with its own newlines. */
// Newlines only: spaces inside the line are kept, so the round trip stays exact.
const oneLine = (text: string) => sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
/** Paragraphs kept, but with control characters, blank-line runs and structure-like lines defused. */
const block = (text: string) =>
  sanitizeText(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map(escapeLine)
    .join('\n');

/** The line after the summary in the seed: `Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1`. */
export function finalVoteLine(t: Transcript): string | null {
  const r = t.result;
  if (!r) return null;
  const counts = t.options.map((o) => `${oneLine(o)}: ${own(r.tally, o) ?? 0}`).join(', ');
  const lead = r.winner
    ? `Majority chose "${oneLine(r.winner)}" after discussion (${own(r.tally, r.winner) ?? 0}/${r.validVotes}).`
    : `No single option won after discussion (${r.label}).`;
  return `${lead} Final vote: ${counts}`;
}

/**
 * What follows the vote on its line, so that the last round's previousVote survives the trip
 * through text: `(changed from No)` for a changed vote, `(unchanged)` for a vote kept from an
 * earlier round, `(previously No)` for anything else with an earlier vote (a turn without a valid
 * vote). A turn with no earlier vote (round 1, and the seed) has no mark.
 */
export function voteSuffix(turn: Turn): string {
  if (turn.previousVote === null) return '';
  if (turn.changed) return ` (changed from ${turn.previousVote})`;
  if (turn.vote === turn.previousVote) return ' (unchanged)';
  return ` (previously ${turn.previousVote})`;
}

export function exportText(t: Transcript): string {
  const names = new Map(t.panel.map((p) => [p.id, p.name]));
  const last = t.rounds.at(-1);
  const lines: string[] = [];
  lines.push(`AI Roundtable ${t.mode === 'poll' ? 'Poll' : 'Debate'} · ${t.panel.length} models`);
  lines.push(oneLine(t.motion));
  lines.push(`Result: ${formatResult(t.result)}`);
  lines.push(HEADINGS.options);
  for (const option of t.options) {
    const n = t.result ? (own(t.result.tally, option) ?? 0) : 0;
    lines.push(`- ${oneLine(option)} (${n} votes)`);
  }
  lines.push(HEADINGS.responses);
  for (const turn of last?.turns ?? []) {
    lines.push(oneLine(names.get(turn.debater) ?? turn.debater));
    lines.push(oneLine(`Vote: ${turn.vote ?? 'none'}${voteSuffix(turn)}`));
    // The marks are written as they are; only the text inside them is defused.
    if (turn.vote === null) lines.push(turn.error ? noValidVote(block(turn.error)) : NO_REPLY);
    else lines.push(block(turn.argument) || NO_ARGUMENT);
  }
  if (t.judgement) {
    lines.push(HEADINGS.summary);
    lines.push(block(t.judgement.summary));
    const vote = finalVoteLine(t);
    if (vote) lines.push(vote);
    lines.push(HEADINGS.strongest);
    for (const [option, argument] of Object.entries(t.judgement.strongestArguments)) {
      lines.push(`- ${oneLine(option)}: ${oneLine(argument)}`);
    }
    lines.push(HEADINGS.turningPoints);
    for (const point of t.judgement.turningPoints) lines.push(`- ${oneLine(point)}`);
  }
  return `${lines.join('\n')}\n`;
}
