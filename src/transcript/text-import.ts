// Reading the roundtable text format (the seed debate's; the layout is described in
// text-format.ts) back into a transcript. The text holds one round: the last one's votes and
// arguments. Everything the text states about numbers is checked against the responses, and the
// first thing that does not fit is reported with its line number.
import { createHash } from 'node:crypto';
import { bordaRanking, computeResult } from '../core/result.js';
import { PRESETS } from '../core/seat.js';
import { UsageError } from '../util/errors.js';
import { own, textRecord } from '../util/records.js';
import { sanitizeText } from '../util/sanitize.js';
import { slugify } from '../util/slug.js';
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
  STATUS_LINE,
  derivedLines,
  finalVoteLine,
  isDecisionLine,
  shownResult,
  unescapeLine,
} from './text-format.js';

const HEADER = /^AI Roundtable (Debate|Poll|Council) · (\d+) models?$/;
const RESULT = /^Result: (\S+) [—–-] (.+) \((\d+)\/(\d+) votes( each)?(?:, (\d+) abstained)?\)$/;
const NO_RESULT = /^Result: No result [—–-] no valid votes$/;
const OPTION = /^- (.+) \((\d+) votes?\)$/;
const NO_VALID_VOTE = /^\(no valid vote: ([\s\S]*)\)$/;

/** Known names (the seed panel's) and their model ids; anyone else is imported with model null. */
const KNOWN_MODELS = new Map(PRESETS.seed!.debaters.map((d) => [d.name.toLowerCase(), d.model]));

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
  name: string;
  vote: VoteLine;
}

interface StatedResult {
  index: number;
  label: ResultLabel;
  named: string;
  top: number;
  validVotes: number;
  abstained: number | null;
}

class TextReader {
  readonly lines: string[];

  constructor(
    text: string,
    readonly path: string,
  ) {
    // sanitizeText also turns \r\n and lone \r into \n, so line numbers match what an editor shows.
    this.lines = sanitizeText(text.replace(/^\uFEFF/, '')).split('\n');
  }

  /** A line with trailing spaces removed, for matching the format's fixed lines. */
  at(index: number): string {
    return (this.lines[index] ?? '').trimEnd();
  }

  fail(index: number, message: string): never {
    throw new UsageError(`${this.path} line ${Math.min(index, this.lines.length - 1) + 1}: ${message}.`);
  }

  /** How a line is quoted in an error: short, or "the end of the file". */
  found(index: number): string {
    if (index >= this.lines.length) return 'the end of the file';
    const line = this.lines[index]!.trim();
    return `"${line.length > 60 ? `${line.slice(0, 59)}…` : line}"`;
  }

  expect(index: number, what: string): never {
    return this.fail(index, `expected ${what}, found ${this.found(index)}`);
  }

  nextNonBlank(index: number, end = this.lines.length): number {
    while (index < end && this.at(index) === '') index++;
    return index;
  }
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

function readHeader(r: TextReader): { index: number; mode: 'debate' | 'poll'; council: boolean; models: number } {
  const index = r.nextNonBlank(0);
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
  if (options.length < 2) r.fail(index, `the Options section lists ${options.length} option${options.length === 1 ? '' : 's'}, and a debate needs at least two`);
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
  if (!name || name.length > MAX_NAME_LENGTH || name.startsWith('Vote:') || unescapeLine(name) !== name) return false;
  if (/[.!?:;,…]["')\]]?$/.test(name)) return false;
  // A name has few words; a clause of an argument has more.
  if (name.split(/\s+/).length > 8) return false;
  return !/^[-*•] /.test(name) && !STATUS_LINE.test(name) && !/^Result: /.test(name);
}

/** A line that can open a response: a name, followed by a vote line. Escaped or vote-like lines are never names. */
function startAt(r: TextReader, index: number, end: number, options: readonly string[]): Start | null {
  const name = r.lines[index]!.trim();
  if (index + 1 >= end || !looksLikeName(name)) return null;
  const vote = parseVoteLine(r.at(index + 1), options);
  return vote ? { index, name, vote } : null;
}

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
): Start[] {
  if (candidates.length < models) {
    // A vote line naming no option is the likeliest reason a response went missing: say so.
    const badVote = r.lines.findIndex((line, i) => i > candidates[0]!.index && i < end && /^Vote:/.test(line) && !parseVoteLine(line.trimEnd(), options));
    if (badVote >= 0) r.expect(badVote, `"Vote: <option>" with one of the options (${options.join(', ')})`);
    // Or a name line went missing: a vote line under a line that is no name (an argument).
    const taken = new Set(candidates.map((c) => c.index + 1));
    const orphan = r.lines.findIndex((line, i) => i > candidates[0]!.index && i < end && !taken.has(i) && parseVoteLine(line.trimEnd(), options) !== null);
    if (orphan >= 0) {
      r.fail(orphan - 1, `expected a debater's name (a short line, not a sentence) above "${r.at(orphan)}" on line ${orphan + 1}, found ${r.found(orphan - 1)}`);
    }
    r.fail(end, `the header announces ${models} models, but the responses end here after ${candidates.length}`);
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
  let from = start.index + 2;
  // A council's ranking round: the seat's ballot on the line under its vote.
  let ranking: string[] | null = null;
  if (ballot) {
    let k = from;
    while (k < end && r.at(k) === '') k++;
    if (r.at(k).startsWith(RANKED)) [ranking, from] = [ballot(r.at(k), k, id), k + 1];
  }
  const body = r.lines.slice(from, end);
  while (body.length && body[0]!.trim() === '') body.shift();
  while (body.length && body.at(-1)!.trim() === '') body.pop();
  const raw = body.join('\n');
  if (raw.trim() === '') {
    r.fail(start.index + 1, `the response of ${start.name} ends at its vote line; an argument or a mark such as "${NO_ARGUMENT}" belongs under it`);
  }
  // The writer escapes every line of an argument that looks like the format's own, so a vote line
  // right under the vote line, or a judgement heading inside a response, means the lines are out of order.
  const second = body.findIndex((line) => line.trim() !== '');
  if (/^Vote:/.test(body[second]!.trim())) r.fail(from + second, `${start.name} has a second vote line`);
  const heading = body.findIndex((line) => JUDGEMENT_HEADINGS.has(line.trim()));
  if (heading >= 0) {
    r.fail(from + heading, `"${body[heading]!.trim()}" inside the response of ${start.name}; the section appears twice, or a line of it is out of place`);
  }
  if (raw === NO_TURN) {
    if (!start.vote.none) r.fail(from, `"${NO_TURN}" belongs under "Vote: none"`);
    return null;
  }
  const unescape = (text: string) => text.split('\n').map(unescapeLine).join('\n');
  const { vote } = start;
  const noVoteMark = raw === NO_REPLY || NO_VALID_VOTE.test(raw);
  const base = { debater: id, previousVote: vote.previousVote, changed: vote.changed, latencyMs: null, usage: null, ...(ranking ? { ranking } : {}) };
  // "Vote: none" is no vote, unless an option is called "none" and the text under it is an argument.
  if (vote.none && (vote.option === null || noVoteMark)) {
    const error = NO_VALID_VOTE.exec(raw)?.[1];
    if (error !== undefined) return { ...base, vote: null, changed: false, argument: '', error: unescape(error) };
    return { ...base, vote: null, changed: false, argument: raw === NO_REPLY ? '' : unescape(raw), error: null };
  }
  return { ...base, vote: vote.option, argument: raw === NO_ARGUMENT ? '' : unescape(raw), error: null };
}

/**
 * The rounds of the responses: one (round 1), or, when some answers are marked ` (round N)` (from
 * an earlier round than the last: the debate stopped before those debaters answered it), every
 * round up to the last, each marked answer back in its round and the others in the last.
 */
function placeRounds(r: TextReader, read: readonly (Turn | null)[], starts: readonly Start[]): Round[] {
  const marks = starts.map((s) => s.vote.round);
  const latest = Math.max(0, ...marks.map((m) => m ?? 0));
  if (latest === 0) {
    const turns = read.filter((turn): turn is Turn => turn !== null);
    return turns.length ? [{ number: 1, turns }] : [];
  }
  if (latest >= MAX_ROUNDS) r.fail(starts[marks.indexOf(latest)]!.index + 1, `an answer from round ${latest} before a later round; roundtable runs at most ${MAX_ROUNDS} rounds`);
  const rounds: Round[] = Array.from({ length: latest + 1 }, (_, i) => ({ number: i + 1, turns: [] }));
  read.forEach((turn, k) => {
    if (turn) rounds[(marks[k] ?? latest + 1) - 1]!.turns.push(turn);
  });
  return rounds;
}

/** The result as the text states it, checked against the result counted from the responses. */
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
    const winner = resolveOption(Object.keys(counted.tally), stated.named);
    if (winner === null) r.fail(resultIndex, `the result line names "${stated.named}", which is not one of the options`);
    if (counted.winner === null) r.fail(resultIndex, `the result line names ${winner} the winner, but the responses tie ${leaders.join(' / ')}`);
    if (winner !== counted.winner) r.fail(resultIndex, `the result line names ${winner} the winner, but ${counted.winner} leads with ${votes(top)}`);
  }
  if (stated.top !== top) r.fail(resultIndex, `the result line gives ${stated.named} ${votes(stated.top)}, but the responses give ${votes(top)}`);
  return { ...counted, label: stated.label };
}

/** A `- …` line of the judgement's lists, without its dash; blank lines are skipped. */
function listItems(r: TextReader, from: number, to: number, what: string): { index: number; text: string }[] {
  const items: { index: number; text: string }[] = [];
  for (let i = from; i < to; i++) {
    const line = r.at(i);
    if (line === '') continue;
    if (line !== '-' && !line.startsWith('- ')) r.expect(i, what);
    items.push({ index: i, text: line.slice(2).trim() });
  }
  return items;
}

/**
 * `Yes: 5, No: 1` in any order, options matched as in the Options section (longest first, so an
 * option holding ", " or ": " is read whole); an option left out counts 0. Null when it does not read.
 */
function parseCounts(list: string, options: readonly string[]): Map<string, number> | null {
  const sorted = [...options].sort((a, b) => b.length - a.length);
  const read = (rest: string, counts: Map<string, number>): Map<string, number> | null => {
    if (rest === '') return counts;
    for (const option of sorted) {
      if (counts.has(option) || !rest.toLowerCase().startsWith(`${option.toLowerCase()}:`)) continue;
      const n = /^:\s*(\d+)(?:,\s*(?=\S)|\s*$)/.exec(rest.slice(option.length));
      if (!n) continue;
      const done = read(rest.slice(option.length + n[0].length), new Map(counts).set(option, Number(n[1])));
      if (done) return done;
    }
    return null;
  };
  return read(list.trim(), new Map());
}

/** Whether a final vote line, in whatever order or form, says what the responses give. */
function finalVoteMeans(line: string, t: Transcript): boolean {
  const match = FINAL_VOTE_LINE.exec(line);
  const r = shownResult(t);
  if (!match || !r) return false;
  const [, named, top, valid, label, list] = match;
  if (named !== undefined) {
    if (r.winner === null || resolveOption(t.options, named) !== r.winner) return false;
    if (Number(top) !== own(r.tally, r.winner) || Number(valid) !== r.validVotes) return false;
  } else if (r.winner !== null || label!.toLowerCase() !== r.label.toLowerCase()) {
    return false;
  }
  const counts = parseCounts(list!, t.options);
  return counts !== null && t.options.every((o) => (counts.get(o) ?? 0) === own(r.tally, o));
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
  // The generated final vote line closes the summary; it is checked for meaning (any order of the
  // counts, with or without "after discussion"), and its wording kept for export.
  if (last >= first && FINAL_VOTE_LINE.test(r.at(last))) {
    const given = r.at(last);
    const expected = finalVoteLine(t);
    if (!expected || !finalVoteMeans(given, t)) {
      r.fail(last, `the final vote line says "${given}", but ${expected ? `the responses give "${expected}"` : 'no response holds a valid vote'}`);
    }
    if (given !== expected) wording[expected] = given;
    last--;
  }
  const text = r.lines.slice(first, last + 1).join('\n').trim();
  const summary = text === NO_SUMMARY ? '' : text.split('\n').map(unescapeLine).join('\n');
  if (!text) r.fail(at.summary, `the "${HEADINGS.summary}" section holds no summary`);

  const strongestArguments: Record<string, string> = textRecord();
  for (const { index, text } of listItems(r, at.strongest + 1, at.turningPoints, '"- <option>: <argument>"')) {
    // The longest option the line starts with, so that "Yes, but" wins over "Yes"; a key the judge
    // gave that is no option is kept as it stands.
    const option = [...t.options].sort((a, b) => b.length - a.length).find((o) => text.toLowerCase().startsWith(`${o.toLowerCase()}:`));
    const key = option ?? (text.includes(': ') ? text.slice(0, text.indexOf(': ')) : null);
    if (key === null) r.expect(index, '"- <option>: <argument>"');
    if (Object.hasOwn(strongestArguments, key)) r.fail(index, `the strongest argument for ${key} is given twice`);
    strongestArguments[key] = text.slice(key.length + 1).trim();
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

/** Parses a debate in the roundtable text format; throws a UsageError naming path and line when it cannot. */
export function importText(text: string, path: string): Transcript {
  const r: TextReader = new TextReader(text, path);
  const header = readHeader(r);

  const motionIndex = r.nextNonBlank(header.index + 1);
  const motion = r.at(motionIndex).trim();
  if (!motion || motion.startsWith('Result:')) r.expect(motionIndex, 'the motion on the line after the header');
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
  const { options, counts, lines: optionLines, end: responsesIndex } = readOptions(r, optionsIndex);

  const listed = counts.reduce((a, b) => a + b, 0);
  if (listed > header.models) {
    r.fail(optionsIndex, `the Options section counts ${listed} votes, but the header announces ${header.models} models`);
  }
  const target = new Map<string | null, number>(options.map((o, i) => [o, counts[i]!]));
  target.set(null, header.models - listed);

  const sections = findJudgementSections(r, responsesIndex);
  const judgementAt = sections?.summary ?? r.lines.length;
  // A council's aggregate ranking closes the responses.
  let councilIndex = -1;
  if (header.council) for (let i = judgementAt - 1; i > responsesIndex && councilIndex < 0; i--) if (r.at(i) === HEADINGS.council) councilIndex = i;
  const end = councilIndex >= 0 ? councilIndex : judgementAt;
  const first = r.nextNonBlank(responsesIndex + 1, end);
  if (first >= end) r.fail(end, `the header announces ${header.models} models, but no response follows "${HEADINGS.responses}"`);
  if (!startAt(r, first, end, options)) {
    if (/^Vote:/.test(r.at(first + 1))) r.expect(first + 1, `"Vote: <option>" with one of the options (${options.join(', ')})`);
    r.expect(first, 'a debater\'s name (a short line, not a sentence) followed by a "Vote: <option>" line');
  }
  const candidates: Start[] = [];
  for (let i = first; i < end; i++) {
    const start = startAt(r, i, end, options);
    if (start) candidates.push(start);
  }
  const starts = chooseStarts(r, candidates, header.models, options, target, end);

  const used = new Set<string>();
  const names = new Set<string>();
  const panel = starts.map(({ name, index }) => {
    if (index > first && r.at(index - 1).trim().toLowerCase() === name.toLowerCase()) r.fail(index - 1, `the name "${name}" is written twice`);
    if (names.has(name.toLowerCase())) r.fail(index, `the debater "${name}" has a second response here; each debater answers once`);
    names.add(name.toLowerCase());
    const base = slugify(name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { id, name, model: KNOWN_MODELS.get(name.toLowerCase()) ?? null };
  });
  const ballot = header.council ? ballotReader(r, panel) : null;
  const read = starts.map((start, k) => readTurn(r, start, starts[k + 1]?.index ?? end, panel[k]!.id, ballot));
  const turns = read.filter((turn): turn is Turn => turn !== null);
  // The text holds one round, the last; a council's is its ranking round (the votes in it are the
  // members' answers), kept as round 1 like every imported round. The answers it shows are counted
  // together (`round`); an answer marked from an earlier round goes back into it (placeRounds).
  const round = { number: 1, turns };
  const rounds = placeRounds(r, read, starts);

  const missing = read.findIndex((turn) => turn === null);
  if (missing >= 0 && status !== 'interrupted' && !stopped) {
    r.fail(starts[missing]!.index + 2, `"${NO_TURN}" belongs to an interrupted or stopped debate, but the file has no "Status: interrupted" or "Status: stopped" line after the result`);
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
  options.forEach((option, i) => {
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
    source: 'imported',
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
  return valid.data;
}
