// Reading the roundtable text format (the seed debate's; the layout is described in
// text-format.ts) back into a transcript. The text holds one round: the last one's votes and
// arguments. Everything the text states about numbers is checked against the responses, and the
// first thing that does not fit is reported with its line number.
//
// Pages copied from the published roundtable differ from what `export` writes; each difference is
// read by one rule below, and what a rule assumed is said in a note (one line, with its line number):
//   - page chrome: lines above the header ("Loading session..."), blank lines between every line,
//     the ask-a-question form's text where the question belongs;                   (findPage, readMotion)
//   - "<name> (changed mind)": the debater changed its vote in the shown round;          (startAt, readTurn)
//   - the page's own result label ("Majority" for a plurality or a tie): kept, with the recount in
//     result.computed;                                                                     (checkResult)
//   - fewer responses than the header's models: the seats left out have no answer; a seat
//     showing an error line instead of a vote has no vote;                    (chooseStarts, unshownSeats, startAt)
//   - an Options heading with no option lines: the options the final vote line, or else the
//     votes and the result line, name;                                                 (optionsFromVotes)
//   - a final vote line in other words ("Final vote: Yes: 2, No: 2");                    (readFinalVote)
//   - option labels of any kind (letters, lower case, numbers, any script) are matched as
//     written, never as letters.                                                          (resolveOption)
// A count that contradicts the votes shown, or a name given twice, is refused.
import { createHash } from 'node:crypto';
import { bordaRanking, closedResult, computeResult } from '../core/result.js';
import { UsageError } from '../util/errors.js';
import { own, textRecord } from '../util/records.js';
import { formatZodIssues, transcriptField } from '../util/zod-issues.js';
import {
  MAX_ROUNDS,
  ResultLabelSchema,
  TRANSCRIPT_FORMAT,
  TRANSCRIPT_VERSION,
  TranscriptSchema,
  type Judgement,
  type PanelMember,
  type Result,
  type ResultLabel,
  type Round,
  type Transcript,
  type Turn,
} from '../core/schema.js';
import {
  ANSWERED_BEFORE_STOP,
  RANKED,
  FINAL_VOTE_LINE,
  HEADINGS,
  NO_ARGUMENT,
  NO_REPLY,
  NO_SUMMARY,
  NO_TURN,
  ROUND_MARK,
  CHANGED_MIND,
  PAGE_ERROR,
  STATUS_LINE,
  UNSHOWN_SEAT_ERROR,
  derivedLines,
  finalVoteLine,
  isDecisionLine,
  shownResult,
  unescapeLine,
  unshownSeatName,
} from './text-format.js';
import { MOCK_MARKER } from './text-format.js';

import { isOpenPage } from './open-text-format.js';
import { PageSeats, plainSpaces, TextReader, withoutEdgeMarks } from './text-reader.js';
import { importOpenText } from './open-text-import.js';

const HEADER = /^AI Roundtable (Debate|Poll|Council) · (\d+) models?$/;
/** The header of an Open Debate or Open Poll page (a question without options). */
const OPEN_HEADER = /^AI Roundtable Open (Debate|Poll)(?: · \d+ models?)?$/;
/** Lines a browser copy of a page holds above its header. */
const CHROME_ABOVE = /^(?:Loading session\s*(?:\.\.\.|…)?|AI Roundtable)$/i;

/** The browser's chrome below the page: its last non-blank lines, when they are such lines (by index). */
function chromeBelow(lines: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!CHROME_ABOVE.test(line)) break;
    found.unshift(i);
  }
  return found;
}
const belowNote = (lines: readonly string[], at: readonly number[]) => `skipped ${at.map((i) => `"${lines[i]!.trim()}"`).join(', ')} below the page (the browser's page chrome)`;
/** The ask-a-question form, copied where the question belongs. */
const QUESTION_FORM = /^Ask the AI Roundtable\b|\bAsk anything\.\.\.|\bPick models to answer\b/;
/** The motion recorded for a page that does not show its question. */
export const QUESTION_NOT_SHOWN = '(the page does not show the question)';
const RESULT = /^Result: (\S+) [—–-] (.+) \((\d+)\/(\d+) votes( each)?(?:, (\d+) abstained)?\)$/;
const NO_RESULT = /^Result: No result [—–-] no valid votes$/;
const OPTION = /^- (.+) \((\d+) votes?\)$/;
const NO_VALID_VOTE = /^\(no valid vote: ([\s\S]*)\)$/;

/** Known names (the seed panel's) and their model ids; anyone else is imported with model null. */

/** The budget for telling responses apart when arguments hold lines that look like a response's start. */
const MAX_SEARCH_STEPS = 100_000;

interface VoteLine {
  /** The option the line names, or null for "none" (or a label that is no option). */
  option: string | null;
  /** The line says "none": no valid vote, unless an option is itself called "none". */
  none: boolean;
  previousVote: string | null;
  changed: boolean;
  /** The round an earlier answer is from (` (round 1)` at the line's end): the debate stopped before this debater answered the last. */
  round?: number;
}

interface Start {
  index: number;
  /** The name without a " (changed mind)" mark. */
  name: string;
  vote: VoteLine;
  /** The vote line (or a failed seat's error line); blank lines may stand between it and the name. */
  voteIndex: number;
  /** The name carried " (changed mind)". */
  changedMind: boolean;
  /** The page shows an error line instead of a vote line. */
  pageError: boolean;
}

interface StatedResult {
  index: number;
  label: ResultLabel;
  named: string;
  top: number;
  validVotes: number;
  abstained: number | null;
}


function resolveOption(options: readonly string[], label: string): string | null {
  return options.find((o) => o === label) ?? options.find((o) => o.toLowerCase() === label.toLowerCase()) ?? null;
}

/** Reads `Vote: Yes`, `Vote: none`, the marks voteSuffix writes, and an earlier answer's ` (round N)`; null when the line is none of these. */
function parseVoteLine(line: string, options: readonly string[]): VoteLine | null {
  const read = parseVoteMarks(line, options);
  const mark = read ? null : ROUND_MARK.exec(line.trimEnd());
  if (!mark || Number(mark[2]) < 1) return read;
  const earlier = parseVoteMarks(mark[1]!, options);
  return earlier && { ...earlier, round: Number(mark[2]) };
}

function parseVoteMarks(line: string, options: readonly string[]): VoteLine | null {
  const rest = /^Vote:\s*(.+?)\s*$/.exec(line)?.[1];
  if (rest === undefined) return null;
  const plain = (label: string, previousVote: string | null, changed: boolean): VoteLine | null => {
    const option = resolveOption(options, label);
    const none = label.toLowerCase() === 'none';
    return option !== null || none ? { option, none, previousVote, changed } : null;
  };
  const direct = plain(rest, null, false);
  if (direct) return direct;
  const changed = /^(.+?) \(changed from (.+)\)$/.exec(rest);
  const unchanged = /^(.+?) \(unchanged\)$/.exec(rest);
  const previously = /^(.+?) \(previously (.+)\)$/.exec(rest);
  const earlier = changed?.[2] ?? previously?.[2];
  const previousVote = earlier === undefined ? null : resolveOption(options, earlier);
  if (earlier !== undefined && previousVote === null) return null;
  if (changed) return plain(changed[1]!, previousVote, true);
  if (previously) return plain(previously[1]!, previousVote, false);
  if (unchanged) {
    const option = resolveOption(options, unchanged[1]!);
    return option === null ? null : { option, none: false, previousVote: option, changed: false };
  }
  return null;
}

/** The headings of karpathy/llm-council's conversation view, as a select-all copy holds them. */
const LLM_COUNCIL_MARKS = [/^Stage 1: Individual Responses$/i, /^Stage 2: Peer Rankings$/i, /^Stage 3: Final Council Answer$/i, /^Aggregate Rankings\b/i, /^FINAL RANKING:$/i];

/** What a text that is no page in the format looks like, said with what import reads; null for anything else. */
function otherFormat(r: TextReader, first: number): { index: number; says: string } | null {
  const reads = 'import reads the text of an AI Roundtable page, which starts "AI Roundtable Debate · <n> models" or "AI Roundtable Poll · <n> models"';
  const open = r.lines.findIndex((line) => OPEN_HEADER.test(line.trim()));
  if (open >= 0 && r.lines.slice(0, open).every((line) => line.trim() === '' || CHROME_ABOVE.test(line.trim()))) {
    // The open-questions reader takes these pages; until it is wired in here, they are refused by name.
    const kind = OPEN_HEADER.exec(r.lines[open]!.trim())![1];
    return { index: open, says: `this is an AI Roundtable Open ${kind} page (a question answered without options), and Open ${kind} pages are not read yet; ${reads}` };
  }
  const marks = r.lines.flatMap((line, i) => (LLM_COUNCIL_MARKS.some((m) => m.test(line.trim())) ? [i] : []));
  if (marks.length >= 2) {
    return { index: marks[0]!, says: `this looks like a select-all copy of an llm-council conversation ("${r.at(marks[0]!).trim()}"), which is not a roundtable page; ${reads}` };
  }
  const start = r.at(first).trim();
  const pageParts = r.lines.some((line) => line.trim() === HEADINGS.responses) && r.lines.some((line) => /^(?:Result|Vote): /.test(line.trim()));
  if (pageParts && !r.lines.some((line) => HEADER.test(line.trim()))) {
    return { index: first, says: `this looks like an AI Roundtable page without its header; ${reads} (copy the page from its top)` };
  }
  if (/^[{[]/.test(start)) {
    const transcript = r.lines.some((line) => line.includes('"roundtable-transcript"'));
    return { index: first, says: transcript ? 'this is a roundtable transcript (JSON), not a page: replay, export and compare read it as it is' : `this is JSON, not a page; ${reads}` };
  }
  if (/^<(?:!doctype html|html)\b/i.test(start)) return { index: first, says: `this is an HTML file; ${reads} (select the page's text in the browser and save it as a text file)` };
  if (/^# /.test(start) && r.lines.some((line) => line.startsWith('**Result:**'))) {
    return { index: first, says: 'this looks like the Markdown export of a transcript; import reads the roundtable text format ("roundtable export FILE" writes it)' };
  }
  return null;
}

/** Where the page starts: its header, under nothing but blank lines and the browser's chrome. */
function findPage(r: TextReader, from = 0): number {
  const first = r.nextNonBlank(from);
  let index = first;
  const chrome: number[] = [];
  while (index < r.lines.length && CHROME_ABOVE.test(r.at(index).trim()) && !HEADER.test(r.at(index))) {
    chrome.push(index);
    index = r.nextNonBlank(index + 1);
  }
  if (!HEADER.test(r.at(index))) {
    const other = otherFormat(r, first);
    if (other) r.fail(other.index, other.says);
    r.expect(first, '"AI Roundtable Debate · <n> models" as the first line');
  }
  if (chrome.length) r.note(chrome[0]!, `skipped ${chrome.map((i) => `"${r.at(i).trim()}"`).join(', ')} above the header (the browser's page chrome)`);
  return index;
}

function readHeader(r: TextReader, from = 0): { index: number; mode: 'debate' | 'poll'; council: boolean; models: number } {
  const index = findPage(r, from);
  const match = HEADER.exec(r.at(index));
  if (!match) r.expect(index, '"AI Roundtable Debate · <n> models" as the first line');
  const models = Number(match[2]);
  if (models < 1) r.fail(index, 'the header announces no models, and a debate needs at least one');
  return { index, mode: match[1] === 'Poll' ? 'poll' : 'debate', council: match[1] === 'Council', models };
}

function readStatedResult(r: TextReader, index: number): StatedResult | null {
  const line = r.at(index);
  if (NO_RESULT.test(line)) return null;
  const match = RESULT.exec(line);
  if (!match) r.expect(index, '"Result: <label> — <option> (<n>/<m> votes)"');
  const label = ResultLabelSchema.safeParse(match[1]);
  if (!label.success) r.fail(index, `"${match[1]}" is not a result label (Unanimous, Supermajority, Majority, Plurality or Tie)`);
  if ((label.data === 'Tie') !== Boolean(match[5])) {
    r.fail(index, label.data === 'Tie' ? 'a tie is written "(<n>/<m> votes each)"' : `"votes each" belongs to a tie, not to a ${label.data}`);
  }
  return {
    index,
    label: label.data,
    named: match[2]!,
    top: Number(match[3]),
    validVotes: Number(match[4]),
    abstained: match[6] === undefined ? null : Number(match[6]),
  };
}

/** The Options section: each option with the count the text gives it. */
function readOptions(r: TextReader, headingIndex: number): { options: string[]; counts: number[]; lines: number[]; end: number } {
  const options: string[] = [];
  const counts: number[] = [];
  const lines: number[] = [];
  let index = r.nextNonBlank(headingIndex + 1);
  for (; index < r.lines.length && r.at(index) !== HEADINGS.responses; index = r.nextNonBlank(index + 1)) {
    const match = OPTION.exec(r.at(index));
    if (!match) r.expect(index, `"- <option> (<n> votes)" or "${HEADINGS.responses}"`);
    const option = match[1]!.trim();
    if (resolveOption(options, option) !== null) r.fail(index, `the option "${option}" is listed twice`);
    options.push(option);
    counts.push(Number(match[2]));
    lines.push(index);
  }
  if (index >= r.lines.length) r.expect(index, `"${HEADINGS.responses}" after the options`);
  // A page copied from the browser can have the heading without its lines: optionsFromVotes reads them.
  if (options.length === 1) r.fail(index, `the Options section lists ${options.length} option${options.length === 1 ? '' : 's'}, and a debate needs at least two`);
  return { options, counts, lines, end: index };
}

/** Where the judgement's sections start, if the text has them. The last heading of each kind counts. */
function findJudgementSections(r: TextReader, from: number): { summary: number; strongest: number; turningPoints: number } | null {
  const last = (heading: string, after: number) => {
    for (let i = r.lines.length - 1; i > after; i--) if (r.at(i) === heading) return i;
    return -1;
  };
  const summary = last(HEADINGS.summary, from);
  if (summary < 0) {
    const stray = Math.max(last(HEADINGS.strongest, from), last(HEADINGS.turningPoints, from));
    if (stray >= 0) r.fail(stray, `found "${r.at(stray)}" without a "${HEADINGS.summary}" section before it`);
    return null;
  }
  const strongest = last(HEADINGS.strongest, summary);
  if (strongest < 0) r.expect(r.lines.length, `"${HEADINGS.strongest}" after the final summary`);
  const turningPoints = last(HEADINGS.turningPoints, strongest);
  if (turningPoints < 0) r.expect(r.lines.length, `"${HEADINGS.turningPoints}" after the strongest arguments`);
  return { summary, strongest, turningPoints };
}

const JUDGEMENT_HEADINGS = new Set<string>([HEADINGS.summary, HEADINGS.strongest, HEADINGS.turningPoints]);

/** The longest line taken for a debater's name. */
const MAX_NAME_LENGTH = 80;

/**
 * Whether a line can be a debater's name: short and not a sentence (no sentence's end, not several
 * words ending in a colon). Arguments are sentences, so a deleted or swapped name line is noticed
 * rather than an argument taken for a name.
 */
export function looksLikeName(line: string): boolean {
  const name = line.trim();
  if (!name || name.length > MAX_NAME_LENGTH || name.startsWith('Vote:') || PAGE_ERROR.test(name) || unescapeLine(name) !== name) return false;
  if (/[.!?:;,…。！？]["')\]」』]?$/.test(name)) return false;
  // A name has few words; a clause of an argument has more.
  if (name.split(/\s+/).length > 8) return false;
  return !/^[-*•] /.test(name) && !STATUS_LINE.test(name) && !/^Result: /.test(name);
}

/**
 * A line that can open a response: a name (with " (changed mind)" when the debater changed its
 * vote in the shown round), then, after any blank lines, a vote line, or the error line a page shows
 * for a seat that failed. Escaped or vote-like lines are never names.
 */
function startAt(r: TextReader, index: number, end: number, options: readonly string[]): Start | null {
  const changedMind = r.lines[index]!.trim().endsWith(CHANGED_MIND);
  const name = withoutMark(r.lines[index]!);
  if (!looksLikeName(name)) return null;
  const voteIndex = r.nextNonBlank(index + 1, end);
  if (voteIndex >= end) return null;
  if (PAGE_ERROR.test(r.at(voteIndex))) {
    return { index, name, voteIndex, changedMind, pageError: true, vote: { option: null, none: true, previousVote: null, changed: false } };
  }
  const vote = parseVoteLine(r.at(voteIndex), options);
  return vote ? { index, name, vote, voteIndex, changedMind, pageError: false } : null;
}

/**
 * Free text (an argument, an error, the summary) as the writer leaves it: the escaped lines
 * unescaped, and a run of blank lines (a page copied with a blank line between every line) one.
 */
const freeText = (text: string) => text.replace(/\n{3,}/g, '\n\n').split('\n').map(unescapeLine).join('\n');

/** A line without its " (changed mind)" mark. */
const withoutMark = (line: string) => {
  const trimmed = line.trim();
  return trimmed.endsWith(CHANGED_MIND) ? trimmed.slice(0, -CHANGED_MIND.length).trim() : trimmed;
};

/** Lower is better: names that repeat, then names that read like prose (a sentence's end, or long). */
function implausibility(starts: Start[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  let prose = 0;
  for (const { name } of starts) {
    if (seen.has(name.toLowerCase())) duplicates++;
    seen.add(name.toLowerCase());
    if (/[.:;,!?]$/.test(name) || name.length > 80) prose++;
  }
  return duplicates * 1000 + prose;
}

/**
 * Picks the lines that start the responses. Usually every candidate is one; when an argument holds
 * a line that looks like a name followed by a vote, the header's model count and the Options
 * counts decide, and then the plausibility of the names. A choice that stays open is reported.
 */
function chooseStarts(
  r: TextReader,
  candidates: Start[],
  models: number,
  options: readonly string[],
  target: Map<string | null, number>,
  end: number,
  accountsFor: (starts: Start[]) => boolean,
): Start[] {
  if (candidates.length < models) {
    // A vote line naming no option is the likeliest reason a response went missing: say so.
    const badVote = r.lines.findIndex((line, i) => i > candidates[0]!.index && i < end && /^Vote:/.test(line) && !parseVoteLine(line.trimEnd(), options));
    if (badVote >= 0) r.expect(badVote, `"Vote: <option>" with one of the options (${options.join(', ')})`);
    // Or a name line went missing: a vote line under a line that is no name (an argument).
    const taken = new Set(candidates.map((c) => c.voteIndex));
    const orphan = r.lines.findIndex((line, i) => i > candidates[0]!.index && i < end && !taken.has(i) && parseVoteLine(line.trimEnd(), options) !== null);
    if (orphan >= 0) {
      let above = orphan - 1;
      while (above > candidates[0]!.index && r.at(above) === '') above--;
      r.fail(above, `expected a debater's name (a short line, not a sentence) above "${r.at(orphan)}" on line ${orphan + 1}, found ${r.found(above)}`);
    }
    // Fewer responses than models is a page that leaves out seats with no answer, as long as the
    // votes shown are all the votes the page counts (unshownSeats); otherwise responses went missing.
    if (!accountsFor(candidates)) r.fail(end, `the header announces ${models} models, but the responses end here after ${candidates.length}`);
    return candidates;
  }
  if (candidates.length === models) return candidates;

  let best: Start[][] = [];
  let bestScore = Infinity;
  let steps = 0;
  const counts = new Map<string | null, number>();
  const chosen: Start[] = [];
  const visit = (from: number) => {
    if (++steps > MAX_SEARCH_STEPS) {
      r.fail(candidates[0]!.index, 'too many lines look like the start of a response to tell the responses apart');
    }
    if (chosen.length === models) {
      const score = implausibility(chosen);
      if (score < bestScore) [best, bestScore] = [[[...chosen]], score];
      else if (score === bestScore) best.push([...chosen]);
      return;
    }
    for (let j = from; j <= candidates.length - (models - chosen.length); j++) {
      const start = candidates[j]!;
      const vote = start.vote.option;
      const used = (counts.get(vote) ?? 0) + 1;
      if (used > (target.get(vote) ?? 0)) continue;
      counts.set(vote, used);
      chosen.push(start);
      visit(j + 1);
      chosen.pop();
      counts.set(vote, used - 1);
    }
  };
  // The first response starts right after the heading, so the first candidate is always taken.
  counts.set(candidates[0]!.vote.option, 1);
  chosen.push(candidates[0]!);
  visit(1);

  if (best.length === 0) {
    r.fail(candidates[0]!.index, `the header announces ${models} models, and no ${models} of the ${candidates.length} lines that look like a response's start match the Options counts`);
  }
  if (best.length > 1) {
    const differs = best[0]!.findIndex((s, k) => best.some((other) => other[k]!.index !== s.index));
    const doubtful = best.map((b) => b[differs]!.index).sort((a, b) => a - b)[0]!;
    r.fail(doubtful, `cannot tell whether ${r.found(doubtful)} starts a response or belongs to the argument above it`);
  }
  return best[0]!;
}

/**
 * A response that ends in a line reading like a name may be followed by a debater whose vote line
 * went missing, not by a seat the page left out: on a page that leaves seats out, that is refused,
 * not guessed.
 */
function checkNoResponseLost(r: TextReader, starts: readonly Start[], end: number): void {
  starts.forEach((s, k) => {
    let last = (starts[k + 1]?.index ?? end) - 1;
    while (last > s.voteIndex && r.at(last) === '') last--;
    const firstLine = r.nextNonBlank(s.pageError ? s.voteIndex : s.voteIndex + 1);
    if (last > firstLine && looksLikeName(withoutMark(r.at(last)))) {
      r.fail(last, `cannot tell whether ${r.found(last)} is a debater whose response lost its vote line or the last line of the argument above it`);
    }
  });
}

/**
 * The seats a page leaves out (its header counts more models than it shows responses): no name,
 * no answer, numbered after the shown ones (unshownSeatName); export leaves them out again.
 */
function unshownSeats(r: TextReader, shown: number, models: number, end: number, seats: PageSeats): { member: PanelMember; turn: Turn }[] {
  if (shown >= models) return [];
  const left = models - shown;
  r.note(
    end,
    `the header announces ${models} models and the page shows ${shown} responses: the ${left === 1 ? 'seat it leaves out is' : `${left} seats it leaves out are`} read as ${left === 1 ? 'a seat' : 'seats'} with no answer, named "${unshownSeatName(shown + 1)}"${left > 1 ? ' and on' : ''}`,
  );
  return Array.from({ length: left }, (_, k) => {
    const name = unshownSeatName(shown + 1 + k);
    const id = seats.id(name);
    return {
      member: { id, name, model: null },
      turn: { debater: id, vote: null, argument: '', previousVote: null, changed: false, latencyMs: null, usage: null, error: UNSHOWN_SEAT_ERROR },
    };
  });
}

/** Reads a `Ranked: A > B > C` line into the ids it names, best first; fails on a name off the panel. */
type BallotReader = (line: string, index: number, reader: string) => string[];

function ballotReader(r: TextReader, panel: readonly PanelMember[]): BallotReader {
  // Longest names first, so that a name holding " > " is read whole.
  const byLength = [...panel].sort((a, b) => b.name.length - a.name.length);
  return (line, index, reader) => {
    let rest = line.slice(RANKED.length).trim();
    const ids: string[] = [];
    while (rest) {
      const member = byLength.find((p) => rest.toLowerCase().startsWith(p.name.toLowerCase()) && /^(?:\s*>\s*|\s*$)/.test(rest.slice(p.name.length)));
      if (!member) r.fail(index, `the ballot names "${rest.split(' > ')[0]}", who is not on the panel`);
      if (member.id === reader) r.fail(index, `${member.name} ranks itself; a council member ranks the others`);
      if (ids.includes(member.id)) r.fail(index, `the ballot names ${member.name} twice`);
      ids.push(member.id);
      rest = rest.slice(member.name.length).replace(/^\s*>\s*/, '');
    }
    if (!ids.length) r.fail(index, 'the ballot names nobody');
    return ids;
  };
}

/**
 * One response's text: the argument, or for a turn without a vote the error it gives; null for a
 * debater the last round had not reached (NO_TURN). The format never leaves a response empty, so an
 * empty one means a line went missing.
 */
function readTurn(r: TextReader, start: Start, end: number, id: string, ballot: BallotReader | null): Turn | null {
  // A failed seat's error line is its response's text.
  let from = start.pageError ? start.voteIndex : start.voteIndex + 1;
  // A council's ranking round: the seat's ballot on the line under its vote.
  let ranking: string[] | null = null;
  if (ballot && !start.pageError) {
    let k = from;
    while (k < end && r.at(k) === '') k++;
    if (r.at(k).startsWith(RANKED)) [ranking, from] = [ballot(r.at(k), k, id), k + 1];
  }
  // The lines as matched (other spaces plain) for the checks; the text as written for the argument.
  let first = from;
  let stop = end;
  while (first < stop && r.lines[first]!.trim() === '') first++;
  while (stop > first && r.lines[stop - 1]!.trim() === '') stop--;
  const body = r.lines.slice(first, stop);
  const raw = r.raw.slice(first, stop).join('\n');
  // The marks the format writes in place of an argument, matched as the fixed lines are.
  const said = body.join('\n');
  if (raw.trim() === '') {
    r.fail(start.voteIndex, `the response of ${start.name} ends at its vote line; an argument or a mark such as "${NO_ARGUMENT}" belongs under it`);
  }
  // The writer escapes every line of an argument that looks like the format's own, so a vote line
  // right under the vote line, or a judgement heading inside a response, means the lines are out of order.
  const second = body.findIndex((line) => line.trim() !== '');
  if (/^Vote:/.test(body[second]!.trim())) r.fail(first + second, `${start.name} has a second vote line`);
  const offset = r.lines.slice(from, end).findIndex((line) => line.trim() !== '');
  // So does an error line anywhere but at the top of a failed seat's response: a name line above it went missing.
  const error = body.findIndex((line, k) => PAGE_ERROR.test(line.trim()) && !(start.pageError && k === second));
  if (error >= 0) r.fail(first + error, `"${r.found(first + error).slice(1, -1)}" inside the response of ${start.name}; a debater's name above it is missing, or the line is doubled`);
  const heading = body.findIndex((line) => JUDGEMENT_HEADINGS.has(line.trim()));
  if (heading >= 0) {
    r.fail(first + heading, `"${body[heading]!.trim()}" inside the response of ${start.name}; the section appears twice, or a line of it is out of place`);
  }
  if (said === NO_TURN) {
    if (!start.vote.none) r.fail(from + offset, `"${NO_TURN}" belongs under "Vote: none"`);
    if (start.changedMind) r.fail(start.index, `${start.name} is marked "changed mind", but the debate stopped before its turn`);
    return null;
  }
  const unescape = freeText;
  const { vote } = start;
  const noVoteMark = said === NO_REPLY || NO_VALID_VOTE.test(said);
  if (start.changedMind) {
    // "(changed mind)" means a changed vote: a turn without one, or a vote line saying it is unchanged, contradicts it.
    if (start.pageError || vote.option === null || (vote.none && noVoteMark)) r.fail(start.index, `${start.name} is marked "changed mind", but its response holds no vote`);
    if (vote.previousVote !== null && !vote.changed) r.fail(start.voteIndex, `${start.name} is marked "changed mind", but its vote line says the vote did not change`);
  }
  const base = {
    debater: id,
    previousVote: vote.previousVote,
    changed: vote.changed || start.changedMind,
    latencyMs: null,
    usage: null,
    ...(ranking ? { ranking } : {}),
  };
  if (start.pageError) return { ...base, vote: null, argument: '', error: unescape(raw) };
  // "Vote: none" is no vote, unless an option is called "none" and the text under it is an argument.
  if (vote.none && (vote.option === null || noVoteMark)) {
    const error = NO_VALID_VOTE.exec(said)?.[1];
    if (error !== undefined) return { ...base, vote: null, changed: false, argument: '', error: unescape(error) };
    return { ...base, vote: null, changed: false, argument: said === NO_REPLY ? '' : unescape(raw), error: null };
  }
  return { ...base, vote: vote.option, argument: said === NO_ARGUMENT ? '' : unescape(raw), error: null };
}

/**
 * The rounds of the responses: one (round 1), or, when some answers are marked ` (round N)` (from
 * an earlier round than the last: the debate stopped before those debaters answered it), every
 * round up to the last, each marked answer back in its round and the others in the last.
 */
function placeRounds(r: TextReader, read: readonly (Turn | null)[], starts: readonly Start[], turns: readonly Turn[]): Round[] {
  const marks = starts.map((s) => s.vote.round);
  const latest = Math.max(0, ...marks.map((m) => m ?? 0));
  if (latest === 0) return turns.length ? [{ number: 1, turns: [...turns] }] : [];
  if (latest >= MAX_ROUNDS) r.fail(starts[marks.indexOf(latest)]!.index + 1, `an answer from round ${latest} before a later round; roundtable runs at most ${MAX_ROUNDS} rounds`);
  const rounds: Round[] = Array.from({ length: latest + 1 }, (_, i) => ({ number: i + 1, turns: [] }));
  const placed = new Set<Turn>();
  read.forEach((turn, k) => {
    if (!turn) return;
    rounds[(marks[k] ?? latest + 1) - 1]!.turns.push(turn);
    placed.add(turn);
  });
  // Seats the page left out (unshownSeats) belong to the round it shows.
  for (const turn of turns) if (!placed.has(turn)) rounds[latest]!.turns.push(turn);
  return rounds;
}

/**
 * The result as the text states it, checked against the result counted from the responses. The
 * counts must agree; the label is the page's own (pages call a plurality, or a tie they name one
 * side of, a "Majority"): kept, with the recount in `computed` and a note.
 */
function checkResult(r: TextReader, stated: StatedResult | null, counted: Result | null, resultIndex: number): Result | null {
  if (stated === null) {
    const n = counted?.validVotes ?? 0;
    if (n > 0) r.fail(resultIndex, `the result line says there were no valid votes, but ${n} ${n === 1 ? 'response gives' : 'responses give'} one`);
    return null;
  }
  if (!counted) r.fail(resultIndex, 'the result line gives a result, but no response holds a valid vote');
  const votes = (n: number) => `${n} vote${n === 1 ? '' : 's'}`;
  if (stated.validVotes !== counted.validVotes) {
    r.fail(resultIndex, `the result line counts ${votes(stated.validVotes)}, but the responses hold ${votes(counted.validVotes)}`);
  }
  const abstained = counted.panelSize - counted.validVotes;
  if (stated.abstained !== null && stated.abstained !== abstained) {
    r.fail(resultIndex, `the result line says ${stated.abstained} abstained, but ${abstained} of the ${counted.panelSize} responses hold no valid vote`);
  }
  const top = Math.max(...Object.values(counted.tally));
  const leaders = Object.keys(counted.tally).filter((o) => counted.tally[o] === top);
  if (stated.label === 'Tie') {
    if (counted.winner !== null) r.fail(resultIndex, `the result line says Tie, but ${counted.winner} leads with ${votes(top)}`);
    if (stated.named.toLowerCase() !== leaders.join(' / ').toLowerCase()) {
      r.fail(resultIndex, `the result line names the tie "${stated.named}", but the responses tie ${leaders.join(' / ')}`);
    }
  } else {
    const named = resolveOption(Object.keys(counted.tally), stated.named);
    if (named === null) r.fail(resultIndex, `the result line names "${stated.named}", which is not one of the options`);
    // The option named must lead; a tie it leads with others is the page's own way of labelling.
    if (!leaders.includes(named)) {
      if (counted.winner !== null) r.fail(resultIndex, `the result line names ${named} the winner, but ${counted.winner} leads with ${votes(top)}`);
      r.fail(resultIndex, `the result line names ${named} the winner, but the responses tie ${leaders.join(' / ')}`);
    }
  }
  if (stated.top !== top) r.fail(resultIndex, `the result line gives ${stated.named} ${votes(stated.top)}, but the responses give ${votes(top)}`);
  if (stated.label === counted.label) return counted;
  const recount =
    counted.winner === null
      ? `a Tie (${leaders.join(' / ')}, ${votes(top)} each)`
      : `${/^[AEIOU]/.test(counted.label) ? 'an' : 'a'} ${counted.label} (${top} of ${votes(counted.validVotes)})`;
  r.note(resultIndex, `the page labels the result ${stated.label}; counted from the votes shown it is ${recount}: the page's label is kept, and the recount is in result.computed`);
  return { ...counted, label: stated.label, computed: counted.label };
}

/** A `- …` line of the judgement's lists, without its dash; blank lines are skipped. */
/** The items of a "- …" list: each as written (`text`) and as matched, other spaces plain (`plain`); the same offsets. */
function listItems(r: TextReader, from: number, to: number, what: string): { index: number; text: string; plain: string }[] {
  const items: { index: number; text: string; plain: string }[] = [];
  for (let i = from; i < to; i++) {
    const line = r.at(i);
    if (line === '') continue;
    if (line !== '-' && !line.startsWith('- ')) r.expect(i, what);
    const lead = line.length - line.trimStart().length;
    items.push({ index: i, text: r.text(i, lead).slice(2).trim(), plain: line.slice(lead).slice(2).trim() });
  }
  return items;
}

/**
 * `Yes: 5, No: 1` in any order (", " or "; " between), options matched as in the Options section
 * (longest first, so an option holding ", " or ": " is read whole); an option left out counts 0.
 * Null when it does not read.
 */
function parseCounts(list: string, options: readonly string[]): Map<string, number> | null {
  const sorted = [...options].sort((a, b) => b.length - a.length);
  const read = (rest: string, counts: Map<string, number>): Map<string, number> | null => {
    if (rest === '') return counts;
    for (const option of sorted) {
      if (counts.has(option) || !rest.toLowerCase().startsWith(`${option.toLowerCase()}:`)) continue;
      const n = /^:\s*(\d+)(?:[,;]\s*(?=\S)|\.?\s*$)/.exec(rest.slice(option.length));
      if (!n) continue;
      const done = read(rest.slice(option.length + n[0].length), new Map(counts).set(option, Number(n[1])));
      if (done) return done;
    }
    return null;
  };
  return read(list.trim(), new Map());
}

/** A final vote line in any words: roundtable's (FINAL_VOTE_LINE), or any line holding "Final vote: <counts>". */
const FINAL_VOTE_ANY = /^(.*?)\bFinal vote:\s*(.*)$/;

/**
 * The line that closes the summary, when it is a final vote line: its counts (and, in roundtable's
 * words, the winner and label it names) are checked against the votes shown; a contradiction is
 * refused. Null when the line is summary text.
 */
function readFinalVote(r: TextReader, index: number, t: Transcript): string | null {
  const given = r.at(index).trim();
  const any = FINAL_VOTE_ANY.exec(given);
  if (!any) return null;
  const ours = FINAL_VOTE_LINE.exec(given);
  const counts = parseCounts(any[2]!, t.options);
  // A sentence of the summary that only mentions a final vote stays in the summary.
  if (!ours && counts === null && any[1]!.trim() !== '') return null;
  const shown = shownResult(t);
  const expected = finalVoteLine(t);
  const refuse = (): never =>
    r.fail(index, `the final vote line says "${given}", but ${expected ? `the responses give "${expected}"` : 'no response holds a valid vote'}`);
  if (!shown) return refuse();
  if (counts === null) {
    // Counts in the usual shape that name no option contradict the options; anything else is unread.
    if (any[2]!.split(/[,;] /).every((item) => /^.+: \d+$/.test(item.trim()))) refuse();
    r.note(index, `the counts of the final vote line "${given}" could not be read, so they were not checked against the votes`);
    return given;
  }
  if (!t.options.every((o) => (counts.get(o) ?? 0) === own(shown.tally, o))) refuse();
  if (ours) {
    const [, named, top, valid, label] = ours;
    const most = Math.max(...Object.values(shown.tally));
    if (named !== undefined) {
      const option = resolveOption(t.options, named);
      // The option named must lead (a page may name one side of a tie, as on its result line).
      if (option === null || own(shown.tally, option) !== most || Number(top) !== most || Number(valid) !== shown.validVotes) refuse();
    } else {
      // No winner: a tie, called by the page's label or by the recount.
      const labels = [shown.label, closedResult(t.result)?.computed].filter((l) => l !== undefined).map((l) => l.toLowerCase());
      if (shown.winner !== null || !labels.includes(label!.toLowerCase())) refuse();
    }
  }
  return given;
}

function readJudgement(
  r: TextReader,
  at: { summary: number; strongest: number; turningPoints: number },
  t: Transcript,
  wording: Record<string, string>,
): Judgement {
  let first = at.summary + 1;
  let last = at.strongest - 1;
  while (first <= last && r.at(first) === '') first++;
  while (last >= first && r.at(last) === '') last--;
  // The final vote line closes the summary; its meaning is checked, and its wording kept for export
  // (an empty wording: the page has none, and export writes none).
  const expected = finalVoteLine(t);
  const given = last >= first ? readFinalVote(r, last, t) : null;
  if (given !== null) last--;
  if (expected !== null && given !== expected) wording[expected] = given ?? '';
  const text = r.raw.slice(first, last + 1).join('\n').trim();
  const summary = r.lines.slice(first, last + 1).join('\n').trim() === NO_SUMMARY ? '' : freeText(text);
  if (!text) r.fail(at.summary, `the "${HEADINGS.summary}" section holds no summary`);

  const strongestArguments: Record<string, string> = textRecord();
  for (const { index, text: written, plain: text } of listItems(r, at.strongest + 1, at.turningPoints, '"- <option>: <argument>"')) {
    // The longest option the line starts with, so that "Yes, but" wins over "Yes"; a key the judge
    // gave that is no option is kept as it stands.
    const option = [...t.options].sort((a, b) => b.length - a.length).find((o) => text.toLowerCase().startsWith(`${o.toLowerCase()}:`));
    const key = option ?? (text.includes(': ') ? text.slice(0, text.indexOf(': ')) : null);
    if (key === null) r.expect(index, '"- <option>: <argument>"');
    if (Object.hasOwn(strongestArguments, key)) r.fail(index, `the strongest argument for ${key} is given twice`);
    strongestArguments[key] = written.slice(key.length + 1).trim();
  }
  const turningPoints = listItems(r, at.turningPoints + 1, r.lines.length, '"- <turning point>"').map((item) => item.text);
  return { summary, strongestArguments, turningPoints };
}

/** The Council Ranking section, checked line by line against the Borda count of the ballots above it. */
function checkCouncilRanking(r: TextReader, heading: number, end: number, expected: readonly string[]): void {
  const given: number[] = [];
  for (let i = heading + 1; i < end; i++) if (r.at(i) !== '') given.push(i);
  if (!expected.length) r.fail(heading, `the "${HEADINGS.council}" section ranks the members, but no response above it gives a ballot ("${RANKED} …")`);
  expected.forEach((line, k) => {
    const at = given[k];
    if (at === undefined) {
      // The decision line closes the section since it was added; a text written before has none.
      if (k === expected.length - 1 && k === given.length && isDecisionLine(line)) return;
      r.expect(end, `"${line}" in the council ranking (the Borda count of the ballots)`);
    }
    if (r.at(at).trim() !== line) r.fail(at, `the council ranking says "${r.at(at).trim()}", but the ballots give "${line}"`);
  });
  if (given.length > expected.length) r.fail(given[expected.length]!, `the council ranking has more lines than the panel has members`);
}

/** The question: the line after the header; a page copied with the ask-a-question form there does not show it. */
function readMotion(r: TextReader, index: number): string {
  const motion = r.at(index).trim();
  if (!motion || motion.startsWith('Result:')) r.expect(index, 'the motion on the line after the header');
  // The question as matched (a no-break space a browser put in it made plain): it names the question in stats and compare.
  if (!QUESTION_FORM.test(motion)) return motion;
  r.note(index, `the ask-a-question form's text stands where the question belongs, so the question is not on the page; it is recorded as "${QUESTION_NOT_SHOWN}"`);
  return QUESTION_NOT_SHOWN;
}

/** A yes/no page's other option, spelt like the one it shows ("no" → "yes", "No" → "Yes"). */
function otherOfYesNo(label: string): string | null {
  const other = { yes: 'no', no: 'yes' }[label.toLowerCase()];
  if (other === undefined) return null;
  if (label === label.toUpperCase()) return other.toUpperCase();
  return label[0] === label[0]!.toUpperCase() ? other[0]!.toUpperCase() + other.slice(1) : other;
}

/**
 * A page copied from the browser can show the Options heading with no option lines: the options
 * are then the labels the vote lines (under a name) and the result line name, as written, in the
 * order they first appear; a yes/no pair reads Yes first, as the page's form lists it, and a page
 * whose votes all name one of them has the other too. A final vote line that names every one of
 * them ("Final vote: a: 1, b: 0, c: 2") gives them all, in its order, those without votes too.
 */
function optionsFromVotes(r: TextReader, heading: number, from: number, end: number, stated: StatedResult | null, finalVote: string | null): string[] {
  const found: string[] = [];
  const add = (label: string) => {
    if (label && label.toLowerCase() !== 'none' && resolveOption(found, label) === null) found.push(label);
  };
  for (let i = from; i < end; i++) {
    const label = /^Vote:\s*(.+?)\s*$/.exec(r.at(i))?.[1]?.replace(/ \((?:changed from .+|previously .+|unchanged)\)$/, '');
    if (label === undefined) continue;
    let above = i - 1;
    while (above > from && r.at(above) === '') above--;
    if (above < from || !looksLikeName(withoutMark(r.at(above)))) continue;
    add(label);
  }
  if (stated) (stated.label === 'Tie' ? stated.named.split(' / ') : [stated.named]).forEach(add);
  const listed = finalVote === null ? null : FINAL_VOTE_ANY.exec(finalVote)?.[2]?.split(/[,;] /).map((item) => /^(.+): \d+$/.exec(item)?.[1]);
  if (listed?.every((label) => label !== undefined) && new Set(listed.map((l) => l.toLowerCase())).size === listed.length) {
    if (found.every((label) => resolveOption(listed, label) !== null) && listed.length >= 2) {
      r.note(heading, `the Options section lists no options: read ${listed.map((o) => `"${o}"`).join(', ')} from the final vote line`);
      return listed;
    }
  }
  let assumed = '';
  const other = found.length === 1 ? otherOfYesNo(found[0]!) : null;
  if (other !== null) {
    found.push(other);
    assumed = ` and "${other}", the other of the page's Yes / No`;
  }
  if (found.length === 2 && found[0]!.toLowerCase() === 'no' && found[1]!.toLowerCase() === 'yes') found.reverse();
  if (found.length < 2) {
    r.fail(heading, `the Options section lists no options, and the votes name ${found.length ? `only "${found[0]}"` : 'none'}; list the options under it as "- <option> (<n> votes)"`);
  }
  r.note(heading, `the Options section lists no options: read ${found.filter((o) => o !== other).map((o) => `"${o}"`).join(', ')} from the votes and the result line${assumed}`);
  return found;
}

export interface ImportedText {
  transcript: Transcript;
  /** What was read by a rule for pages, or could not be checked: one line each, "<path> line <n>: …". */
  notes: string[];
}

/** Parses a debate in the roundtable text format; throws a UsageError naming path and line when it cannot. */
export function importText(text: string, path: string): Transcript {
  return readText(text, path).transcript;
}

/** importText, with the notes on what it read by a rule for pages (for stderr). */
export function readText(text: string, path: string): ImportedText {
  // An open question's page (Open Debate / Open Poll) has a layout of its own.
  // Page chrome above its header (a browser's copy) is dropped here too: blanked, so that line numbers hold.
  const pageLines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map(withoutEdgeMarks);
  // The page's fixed lines are recognised with plain spaces where a browser copied other ones.
  const plain = pageLines.map(plainSpaces);
  // Chrome under the page (a copy that ran past its end) is blanked, so that line numbers hold.
  const below = chromeBelow(plain);
  const belowSaid = below.length ? belowNote(plain, below) : null;
  for (const i of below) pageLines[i] = plain[i] = '';
  // What the debate reader reads: the page without that chrome (its mock marker still in place).
  const page = below.length ? pageLines.join('\n') : text;
  // A mock run's page opens with the mock marker (the one mock rule, below): an open page's too.
  const markedAt = plain.findIndex((line) => line.trim() !== '');
  const openMarked = markedAt >= 0 && plain[markedAt] === MOCK_MARKER;
  if (openMarked) pageLines[markedAt] = plain[markedAt] = '';
  const firstLine = plain.findIndex((line) => line.trim() !== '' && !CHROME_ABOVE.test(line.trim()));
  const chrome = plain.slice(0, Math.max(0, firstLine)).flatMap((line, i) => (line.trim() ? [i + 1] : []));
  const unchromed = chrome.length || openMarked || below.length ? pageLines.map((line, i) => (i < firstLine ? '' : line)).join('\n') : text;
  if (firstLine >= 0 && isOpenPage(plain.slice(Math.max(0, firstLine)).join('\n'))) {
    const transcript = importOpenText(unchromed, path);
    const notes = chrome.map((n) => `${path} line ${n}: page chrome above the header ("${pageLines[n - 1]!.trim()}") was dropped.`);
    if (belowSaid) notes.push(`${path} line ${below[0]! + 1}: ${belowSaid}.`);
    return { transcript: openMarked ? { ...transcript, source: 'mock' } : transcript, notes };
  }
  const r: TextReader = new TextReader(page, path);
  if (belowSaid) r.note(below[0]!, belowSaid);
  // The one mock rule: a first line that is the mock marker makes the transcript `source: mock`.
  const mockAt = r.nextNonBlank(0);
  const mocked = r.at(mockAt) === MOCK_MARKER;
  const header = readHeader(r, mocked ? mockAt + 1 : 0);

  const motionIndex = r.nextNonBlank(header.index + 1);
  const motion = readMotion(r, motionIndex);
  const resultIndex = r.nextNonBlank(motionIndex + 1);
  const stated = readStatedResult(r, resultIndex);
  // A debate that did not complete says so on the line after the result.
  let statusIndex = -1;
  let status: Transcript['status'] = 'complete';
  let statusDetail: string | null = null;
  let optionsIndex = r.nextNonBlank(resultIndex + 1);
  const statusMatch = STATUS_LINE.exec(r.at(optionsIndex));
  let stopped = false;
  if (statusMatch) {
    statusIndex = optionsIndex;
    // "stopped": ended early by design (a budget); the transcript is complete and says why.
    stopped = statusMatch[1] === 'stopped';
    status = stopped ? 'complete' : (statusMatch[1] as Transcript['status']);
    statusDetail = statusMatch[2]?.trim() ?? null;
    optionsIndex = r.nextNonBlank(statusIndex + 1);
  } else if (/^Status:/.test(r.at(optionsIndex))) {
    r.expect(optionsIndex, '"Status: interrupted", "Status: failed — <why>" or "Status: stopped — <why>"');
  }
  if (r.at(optionsIndex) !== HEADINGS.options) r.expect(optionsIndex, `"${HEADINGS.options}"`);
  const listing = readOptions(r, optionsIndex);
  const { counts, lines: optionLines, end: responsesIndex } = listing;

  const listed = counts.reduce((a, b) => a + b, 0);
  if (listed > header.models) {
    r.fail(optionsIndex, `the Options section counts ${listed} votes, but the header announces ${header.models} models`);
  }

  const sections = findJudgementSections(r, responsesIndex);
  const judgementAt = sections?.summary ?? r.lines.length;
  // A council's aggregate ranking closes the responses.
  let councilIndex = -1;
  if (header.council) for (let i = judgementAt - 1; i > responsesIndex && councilIndex < 0; i--) if (r.at(i) === HEADINGS.council) councilIndex = i;
  const end = councilIndex >= 0 ? councilIndex : judgementAt;
  // The line that closes the summary, where a final vote line stands.
  let closing = sections ? sections.strongest - 1 : -1;
  while (sections && closing > sections.summary && r.at(closing) === '') closing--;
  const finalVote = sections && closing > sections.summary ? r.at(closing) : null;
  const options = listing.options.length ? listing.options : optionsFromVotes(r, optionsIndex, responsesIndex + 1, end, stated, finalVote);
  // Without option lines, the counts that tell responses apart are unknown: any number up to the panel.
  const target = new Map<string | null, number>(options.map((o, i) => [o, optionLines.length ? counts[i]! : header.models]));
  target.set(null, header.models - listed);

  const first = r.nextNonBlank(responsesIndex + 1, end);
  if (first >= end) r.fail(end, `the header announces ${header.models} models, but no response follows "${HEADINGS.responses}"`);
  if (!startAt(r, first, end, options)) {
    const next = r.nextNonBlank(first + 1, end);
    if (/^Vote:/.test(r.at(next))) r.expect(next, `"Vote: <option>" with one of the options (${options.join(', ')})`);
    r.expect(first, 'a debater\'s name (a short line, not a sentence) followed by a "Vote: <option>" line');
  }
  const candidates: Start[] = [];
  for (let i = first; i < end; i++) {
    const start = startAt(r, i, end, options);
    if (start) candidates.push(start);
  }
  // A page may leave out seats that gave no answer: then the votes it shows are all the votes it
  // counts (in the Options section and on the result line).
  const accountsFor = (shown: Start[]) => {
    const votes = options.map((o) => shown.filter((s) => s.vote.option === o).length);
    // Published pages have no status line, and a council's ranking would name the missing seats.
    if (statusIndex >= 0 || header.council) return false;
    if (optionLines.length && votes.some((n, i) => n !== counts[i])) return false;
    return stated === null || stated.validVotes === votes.reduce((a, b) => a + b, 0);
  };
  const starts = chooseStarts(r, candidates, header.models, options, target, end, accountsFor);
  if (starts.length < header.models) checkNoResponseLost(r, starts, end);
  const gap = starts.filter((s) => r.nextNonBlank(s.index + 1) !== s.index + 1);
  if (gap.length) {
    r.note(gap[0]!.index, `blank lines between a name and its vote line are skipped (${gap.length === 1 ? 'one response' : `${gap.length} responses`})`);
  }
  for (const s of starts) if (s.pageError) r.note(s.voteIndex, `${s.name} shows an error line instead of a vote: read as a seat with no vote`);

  const seats = new PageSeats(r);
  const panel = starts.map(({ name, index }) => {
    if (index > first && withoutMark(r.at(index - 1)).toLowerCase() === name.toLowerCase()) r.fail(index - 1, `the name "${name}" is written twice`);
    return seats.named(index, name);
  });
  const ballot = header.council ? ballotReader(r, panel) : null;
  const read = starts.map((start, k) => readTurn(r, start, starts[k + 1]?.index ?? end, panel[k]!.id, ballot));
  const turns = read.filter((turn): turn is Turn => turn !== null);
  for (const seat of unshownSeats(r, starts.length, header.models, end, seats)) {
    panel.push(seat.member);
    turns.push(seat.turn);
  }
  // The text holds one round, the last; a council's is its ranking round (the votes in it are the
  // members' answers), kept as round 1 like every imported round. The answers it shows are counted
  // together (`round`); an answer marked from an earlier round goes back into it (placeRounds).
  const round = { number: 1, turns };
  const rounds = placeRounds(r, read, starts, turns);

  const missing = read.findIndex((turn) => turn === null);
  if (missing >= 0 && status !== 'interrupted' && !stopped) {
    r.fail(starts[missing]!.voteIndex + 1, `"${NO_TURN}" belongs to an interrupted or stopped debate, but the file has no "Status: interrupted" or "Status: stopped" line after the result`);
  }
  if (status === 'interrupted' && statusDetail !== null) {
    const answered = ANSWERED_BEFORE_STOP.exec(statusDetail);
    const inLast = rounds.at(-1)?.turns.length ?? 0;
    if (answered && (Number(answered[1]) !== inLast || Number(answered[2]) !== header.models)) {
      r.fail(statusIndex, `the status line says ${answered[1]} of ${answered[2]} debaters answered, but ${inLast} of the ${header.models} responses are answers of the last round`);
    }
    if (answered?.[3] !== undefined && rounds.length > 1 && Number(answered[3]) !== rounds.length) {
      r.fail(statusIndex, `the status line names round ${answered[3]}, but the responses mark answers of round ${rounds.length - 1} as earlier ones`);
    }
  }

  const counted = computeResult(options, round, turns.length);
  optionLines.forEach((_, i) => {
    const option = options[i]!;
    const voted = turns.filter((t) => t.vote === option).length;
    if (voted !== counts[i]) {
      r.fail(optionLines[i]!, `the Options section says ${option} has ${counts[i]} votes, but ${voted} ${voted === 1 ? 'response votes' : 'responses vote'} ${option}`);
    }
  });
  const checked = checkResult(r, stated, counted, resultIndex);
  const ballots = turns.flatMap((turn) => (turn.ranking ? [turn.ranking] : []));
  const result = checked && ballots.length ? { ...checked, ranking: bordaRanking(panel, ballots) } : checked;

  const transcript: Transcript = {
    format: TRANSCRIPT_FORMAT,
    version: TRANSCRIPT_VERSION,
    // Derived from the text, so that importing the same file again gives the same transcript.
    id: `imported-${createHash('sha256').update(r.lines.join('\n')).digest('hex').slice(0, 16)}`,
    motion,
    options,
    mode: header.mode,
    ...(header.council ? { protocol: 'council' as const } : {}),
    status,
    source: mocked ? 'mock' : 'imported',
    startedAt: null,
    finishedAt: null,
    panel,
    judge: null,
    rounds,
    result,
    judgement: null,
  };
  if (status === 'failed' && statusDetail) transcript.error = statusDetail;
  if (stopped) transcript.stopReason = statusDetail ?? 'stopped early';

  // Derived lines were checked for meaning above; where the file words one differently from what
  // roundtable writes, its wording is kept so that export gives the same text back.
  const wording = textRecord<string>();
  const derived = derivedLines(transcript);
  const keep = (index: number, expected: string | null) => {
    if (index >= 0 && expected !== null && r.at(index) !== expected) wording[expected] = r.at(index);
  };
  keep(header.index, derived.header);
  keep(resultIndex, derived.result);
  keep(statusIndex, derived.status);
  optionLines.forEach((index, i) => keep(index, derived.options[i]!));
  if (councilIndex >= 0) checkCouncilRanking(r, councilIndex, judgementAt, derived.council);
  if (sections) transcript.judgement = readJudgement(r, sections, transcript, wording);
  if (Object.keys(wording).length) transcript.importedWording = wording;

  const valid = TranscriptSchema.safeParse(transcript);
  if (!valid.success) {
    throw new UsageError(`${path} does not make a valid transcript: ${formatZodIssues(valid.error.issues, transcriptField)}.`);
  }
  return { transcript: valid.data, notes: r.notes };
}
