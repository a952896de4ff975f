// The roundtable text format (the seed debate's): writing a transcript out as text, and the few
// rules of the format that the writer and the reader (text-import.ts) must agree on.
//
// The layout, line by line:
//   AI Roundtable Debate · 6 models          (or "Poll", or "Council" for --protocol council)
//   <motion>
//   Result: Supermajority — Yes (5/6 votes)
//   Status: interrupted — 4 of 6 debaters answered round 2 before the debate stopped   (only when not
//                                            complete, or "Status: stopped — <why>" when a budget ended it early)
//   Options
//   - Yes (5 votes)                          (one line per option)
//   Model Responses
//   <name>                                   (one block per debater: its latest turn, the last round's
//                                             unless the debate stopped before it answered that round;
//                                             "<name> (changed mind)" when it changed its vote and the page
//                                             does not say from what)
//   Vote: Yes                                (or "Vote: none", see voteSuffix for the marks; an answer from an
//                                             earlier round ends "(round 1)", see roundMark; or, a page's
//                                             seat that failed, only its "Error: …" line)
//   Ranked: Claude > Grok > Gemini           (a council's ranking round: the seat's ballot, best first)
//   <argument, any number of lines>          (or a mark: "(no argument)", "(no reply)", "(no valid vote: …)",
//                                             NO_TURN for a debater the last round had not reached)
//   Council Ranking                          (a council with ballots: the Borda count of them)
//   1. Claude — 6 points, 3 first places
//   Council's decision: Python — ranked first (Claude's answer, 6 points), …   (see councilDecision)
//   Final Summary                            (this section and the two after it only with a judgement)
//   <summary, any number of lines>
//   Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1   (a poll and a council: without
//                                            "after discussion"; a plurality: "A plurality chose")
//   Strongest Arguments
//   - Yes: <argument>
//   Key Turning Points
//   - <turning point>
import { ballotText, bordaRanking, closedJudgement, closedResult, computeResult, councilDecision, formatResult, namedPanelists, namedResponses, rankingLines } from '../core/result.js';
import { own } from '../util/records.js';
import { sanitizeText } from '../util/sanitize.js';
import type { Result, Transcript, Turn } from '../core/schema.js';
import { exportOpenText } from './open-text-format.js';

export const HEADINGS = {
  options: 'Options',
  responses: 'Model Responses',
  summary: 'Final Summary',
  strongest: 'Strongest Arguments',
  turningPoints: 'Key Turning Points',
  council: 'Council Ranking',
} as const;

/** A council seat's ballot line. */
export const RANKED = 'Ranked:';

/** What a debater whose turn holds no valid vote shows instead of an argument. */
export const NO_REPLY = '(no reply)';
export const NO_ARGUMENT = '(no argument)';
/** A judgement whose summary is empty (the format never leaves the section empty). */
export const NO_SUMMARY = '(no summary)';
export const noValidVote = (error: string) => `(no valid vote: ${error})`;
/** A debater with no turn in the last round: the debate stopped (interrupted) before it answered. */
export const NO_TURN = '(no answer: the debate stopped before this turn)';

/**
 * After a name: the debater changed its vote in the shown round, the page does not say from what
 * (a turn with changed true and previousVote null; "(changed from X)" on the vote line says more).
 */
export const CHANGED_MIND = ' (changed mind)';

/** A page's seat that failed shows an error line where the vote belongs: "Error: …". */
export const PAGE_ERROR = /^Error(?::| [—–-] )/;

/**
 * A seat the page leaves out (its header counts more models than it shows responses): imported
 * under this name, with this error and no vote, and never written back, so the page comes back as
 * it was. N is the seat's number among the header's models.
 */
export const unshownSeatName = (n: number) => `(unnamed seat ${n})`;
export const UNSHOWN_SEAT_ERROR = 'no answer: the page does not show this seat';

/** Whether a panel member is a seat the page left out (see unshownSeatName). */
export function isUnshownSeat(name: string, turn: Turn | undefined): boolean {
  return turn !== undefined && turn.vote === null && turn.error === UNSHOWN_SEAT_ERROR && /^\(unnamed seat \d+\)$/.test(name);
}

/** Whether a turn is written as a page writes a failed seat: only its error line, no vote line. */
function isPageError(turn: Turn): boolean {
  return turn.vote === null && turn.previousVote === null && !turn.changed && !turn.ranking && turn.argument === '' && turn.error !== null && PAGE_ERROR.test(turn.error);
}

/**
 * The generated line after the summary: `Majority chose "Yes" after discussion (5/6). Final vote: …`
 * (`A plurality chose "Yes" …` when the winner has half the votes or fewer) or `No single option won
 * after discussion (Tie). Final vote: …`; a poll's and a council's have no "after discussion", and
 * the reader takes every form. Groups: winner, its votes, valid votes, label, the counts.
 */
export const FINAL_VOTE_LINE = /^(?:(?:Majority|A plurality) chose "(.*)"(?: after discussion)? \((\d+)\/(\d+)\)\.|No single option won(?: after discussion)? \((\w+)\)\.) Final vote: (.*)$/;

/**
 * The status line, for a debate that did not complete, or that stopped early by design (a budget:
 * `Status: stopped — <why>`; its transcript is complete, with a stopReason). Groups: status, what
 * follows the dash.
 */
export const STATUS_LINE = /^Status: (interrupted|failed|stopped)(?: [—–-] (.*))?$/;
/**
 * The first line of a mock run's text, before the header: the replies below are the offline
 * stand-in's, not the named models'. The reader takes it back as `source: mock`; any other text
 * (real, imported) has no such line, so the seed's text stays byte for byte what it was.
 */
export const MOCK_MARKER = "MOCK RUN · every reply below came from roundtable's offline stand-in (generated, or replayed from a file), not live from the models named";

/** How the screen names a mock run's replies: generated, or scripted (from a file, generated where it had none). */
export function mockRepliesLabel(kind: 'generated' | 'scripted' | undefined): string {
  if (kind === 'generated') return 'generated replies';
  if (kind === 'scripted') return 'scripted replies, generated where the script has none';
  return 'stand-in replies';
}

/** What an interrupted debate's status line says after the dash when the last round is partial. */
export const answeredBeforeStop = (answered: number, panel: number, round: number) =>
  `${answered} of ${panel} debaters answered round ${round} before the debate stopped`;
/** Groups: answered, panel, the round (absent in texts written before the round was named). */
export const ANSWERED_BEFORE_STOP = /^(\d+) of (\d+) debaters answered(?: round (\d+))? before the debate stopped$/;

/**
 * The end of the vote line of a debater whose latest answer is from an earlier round than the last
 * (the debate stopped before it answered the last): ` (round 1)`. Groups: the rest of the line, the round.
 */
export const roundMark = (round: number) => ` (round ${round})`;
export const ROUND_MARK = /^(.*) \(round (\d+)\)$/;

/**
 * A line of free text (an argument, the summary, an error) that the reader would take for part of
 * the format's structure: a vote line, a section heading, the final vote line, or a no-argument
 * mark. The writer puts a backslash before such a line, and before one that already starts with
 * backslashes followed by the same, so that the reader can take exactly one away again.
 */
const STRUCTURAL = /^\\*(?:Vote:|Ranked:|Final vote:|Error(?::| [—–-] )|(?:Final Summary|Strongest Arguments|Key Turning Points|Council Ranking)\s*$|(?:Majority|A plurality) chose "|No single option won|\(no (?:argument|reply|valid vote|answer|summary))/;

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

/**
 * The result the text shows: counted from the turns of the last round it shows, so that its counts
 * always agree with the votes under them (an interrupted transcript's stored result belongs to an
 * earlier round, or is null). A stored result with the same counts keeps its label.
 */
export function shownResult(t: Transcript): Result | null {
  const turns = shownTurns(t).flatMap((s) => (s.turn ? [s.turn] : []));
  const counted = computeResult(t.options, { number: t.rounds.at(-1)?.number ?? 1, turns }, turns.length);
  const stored = closedResult(t.result);
  if (!counted || !stored) return counted;
  const same = stored.validVotes === counted.validVotes && t.options.every((o) => (own(stored.tally, o) ?? 0) === own(counted.tally, o));
  return same && (stored.winner === null) === (counted.winner === null) ? { ...counted, label: stored.label } : counted;
}

/** The line after the summary in the seed: `Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1`. */
export function finalVoteLine(t: Transcript): string | null {
  const r = shownResult(t);
  if (!r) return null;
  const counts = t.options.map((o) => `${oneLine(o)}: ${own(r.tally, o) ?? 0}`).join(', ');
  // A poll has one round and a council's members never read each other: neither discussed.
  const after = t.mode === 'poll' || t.protocol === 'council' ? '' : ' after discussion';
  // "Majority" is true of a majority, a supermajority and a unanimous vote, never of a plurality.
  const chose = r.label === 'Plurality' ? 'A plurality chose' : 'Majority chose';
  const lead = r.winner
    ? `${chose} "${oneLine(r.winner)}"${after} (${own(r.tally, r.winner) ?? 0}/${r.validVotes}).`
    : `No single option won${after} (${r.label}).`;
  return `${lead} Final vote: ${counts}`;
}

/**
 * Each panel member's latest turn, in panel order, with the round it is from: the last round's, or,
 * for one the debate stopped before in that round, its turn of the latest round it answered (an
 * interrupted round would otherwise hide every answer given before it). Undefined for one no round reached.
 */
export function shownTurns(t: Transcript): { name: string; turn: Turn | undefined; round: number | undefined }[] {
  const turns = new Map<string, { turn: Turn; round: number }>();
  for (const round of [...t.rounds].reverse()) {
    for (const turn of round.turns) if (!turns.has(turn.debater)) turns.set(turn.debater, { turn, round: round.number });
  }
  return t.panel.map((p) => ({ name: p.name, turn: turns.get(p.id)?.turn, round: turns.get(p.id)?.round }));
}

/** `Status: interrupted — 4 of 6 debaters answered before the debate stopped`, `Status: failed — why`, `Status: stopped — why`; null when complete. */
export function statusLine(t: Transcript): string | null {
  if (t.status === 'complete') return t.stopReason ? `Status: stopped — ${oneLine(t.stopReason)}` : null;
  if (t.status === 'failed') return `Status: failed${t.error ? ` — ${oneLine(t.error)}` : ''}`;
  const last = t.rounds.at(-1);
  const answered = new Set(last?.turns.map((turn) => turn.debater)).size;
  return `Status: interrupted${last && answered < t.panel.length ? ` — ${answeredBeforeStop(answered, t.panel.length, last.number)}` : ''}`;
}

/** A council's aggregate ranking as the text shows it: the Borda count of the ballots it shows. */
function shownRanking(t: Transcript): Result['ranking'] {
  if (t.protocol !== 'council') return undefined;
  const ballots = (t.rounds.at(-1)?.turns ?? []).flatMap((turn) => (turn.ranking ? [turn.ranking] : []));
  return ballots.length ? bordaRanking(t.panel, ballots) : undefined;
}

/**
 * The "Council Ranking" section's lines: the Borda count of the ballots shown, one line a member,
 * then the council's decision (the answer ranked first, beside what the blind answers gave).
 */
export function shownRankingLines(t: Transcript): string[] {
  const ranking = shownRanking(t);
  if (!ranking) return [];
  const result = shownResult(t);
  const decision = councilDecision({ ...t, result: result && { ...result, ranking } });
  return [...rankingLines(t.panel, { ranking }), ...(decision ? [decision] : [])];
}

/** The last line of the "Council Ranking" section (a text written before it was added has none). */
export const isDecisionLine = (line: string) => line.startsWith("Council's decision: ");

/** The lines of the text that are derived from the rest (counts, result, status, a council's ranking): a reader checks their meaning. */
export function derivedLines(t: Transcript): { header: string; result: string; status: string | null; options: string[]; finalVote: string | null; council: string[] } {
  const r = shownResult(t);
  return {
    header: `AI Roundtable ${t.mode === 'poll' ? 'Poll' : t.protocol === 'council' ? 'Council' : 'Debate'} · ${t.panel.length} models`,
    result: `Result: ${formatResult(r)}`,
    status: statusLine(t),
    // "(1 votes)" is the seed's own wording, kept so that the seed's text comes back byte for byte.
    options: t.options.map((o) => `- ${oneLine(o)} (${r ? (own(r.tally, o) ?? 0) : 0} votes)`),
    finalVote: finalVoteLine(t),
    council: shownRankingLines(t),
  };
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
  // An open question's page (Open Debate / Open Poll) has a layout of its own.
  // An open question's page; a mock run's says so on its first line, as every mock page does.
  if (t.open) return `${t.source === 'mock' ? `${MOCK_MARKER}\n` : ''}${exportOpenText(t)}`;
  // A derived line keeps the wording of the file the transcript was imported from, as long as it
  // still says the same thing (the wording is looked up by the line roundtable would write).
  const wording = t.importedWording;
  const say = (line: string) => (wording && Object.hasOwn(wording, line) ? wording[line]! : line);
  const derived = derivedLines(t);
  const lines: string[] = [];
  if (t.source === 'mock') lines.push(MOCK_MARKER);
  lines.push(say(derived.header));
  lines.push(oneLine(t.motion));
  lines.push(say(derived.result));
  if (derived.status) lines.push(say(derived.status));
  lines.push(HEADINGS.options);
  for (const line of derived.options) lines.push(say(line));
  lines.push(HEADINGS.responses);
  // Under --anonymize a text names panelists by letter: each is followed by the seat it meant, as
  // Markdown does ("Panelist C (Claude)"; the turns by their round's letters, the judge by the
  // last round's, which it read), and a council reason's "Response B" by the member it was.
  const lettersOf = new Map(t.rounds.map((r) => [r.number, r.letters]));
  const lastRound = t.rounds.at(-1)?.number;
  const named = (text: string, round = lastRound) => namedPanelists(t.panel, text, round === undefined ? undefined : lettersOf.get(round));
  for (const { name, turn, round } of shownTurns(t)) {
    if (isUnshownSeat(name, turn)) continue;
    lines.push(oneLine(name) + (turn?.changed && turn.previousVote === null ? CHANGED_MIND : ''));
    if (!turn) {
      lines.push('Vote: none', NO_TURN);
      continue;
    }
    if (isPageError(turn)) {
      // The error line is the page's own, not an argument line that looks like one: not escaped.
      lines.push(block(turn.error!).replace(/^\\/, ''));
      continue;
    }
    const earlier = round !== undefined && round !== lastRound ? roundMark(round) : '';
    lines.push(oneLine(`Vote: ${turn.vote ?? 'none'}${voteSuffix(turn)}${earlier}`));
    if (turn.ranking && t.protocol === 'council') lines.push(oneLine(`${RANKED} ${ballotText(t.panel, turn.ranking)}`));
    // The marks are written as they are; only the text inside them is defused.
    if (turn.vote === null) lines.push(turn.error ? noValidVote(block(turn.error)) : NO_REPLY);
    else lines.push(block(named(turn.ranking ? namedResponses(t.panel, turn.argument, turn.shown) : turn.argument, round)) || NO_ARGUMENT);
  }
  if (derived.council.length) lines.push(HEADINGS.council, ...derived.council.map(oneLine));
  if (t.judgement) {
    lines.push(HEADINGS.summary);
    lines.push(block(named(t.judgement.summary)) || NO_SUMMARY);
    // A page whose summary has no final vote line is imported with an empty wording for it.
    if (derived.finalVote && say(derived.finalVote) !== '') lines.push(say(derived.finalVote));
    lines.push(HEADINGS.strongest);
    for (const [option, argument] of Object.entries(closedJudgement(t.judgement)?.strongestArguments ?? {})) {
      lines.push(`- ${oneLine(option)}: ${oneLine(named(argument))}`);
    }
    lines.push(HEADINGS.turningPoints);
    for (const point of t.judgement.turningPoints) lines.push(`- ${oneLine(named(point))}`);
  }
  return `${lines.join('\n')}\n`;
}
