// The roundtable text format for open questions (the published "Open Debate" / "Open Poll" pages),
// and the rules of it that the writer and the reader (open-text-import.ts) must agree on.
//
// The layout, line by line:
//   AI Roundtable Open Debate · 4 models     (or "Open Poll", or "Open Council" for --protocol council)
//   <question>
//   Answer: <synthesis> (All 4 models agreed)          (or "(3 of 4 models agreed)",
//                                            "(no agreement; largest position 2 of 4)";
//                                            "Answer: none (no synthesis)" without a judge's,
//                                            "Answer: none (no answers)" with no result)
//   Counterpoint: <the strongest dissent>    (only when there is one)
//   Status: interrupted — …                  (only when not complete, as on a debate page)
//   Model Responses
//   <name> (changed mind)                    (one block per debater, the last round's turns; the mark
//                                             only where its position moved in that round)
//   Answer: <its answer>                     (or "Answer: none")
//   Ranked: Claude > Grok > Gemini           (a council's ranking round: the seat's ballot)
//   <argument, any number of lines>          (or a mark: "(no argument)", "(no reply)", "(no answer: …)",
//                                             NO_TURN for a debater the last round had not reached)
//   Council Ranking                          (a council with ballots: the Borda count of them)
//   1. Claude — 6 points, 3 first places
//   Final Summary                            (this section and the next only with a synthesis)
//   <summary, any number of lines>
//   Key Turning Points
//   - <turning point>
import { answered, ballotText, openResult } from '../core/result.js';
import type { OpenResult, Transcript, Turn } from '../core/schema.js';
import { sanitizeText } from '../util/sanitize.js';
import { HEADINGS, NO_ARGUMENT, NO_REPLY, NO_SUMMARY, NO_TURN, RANKED, shownRankingLines, shownTurns, statusLine } from './text-format.js';

/** The header of an open page. Groups: the kind (Debate, Poll, Council), the number of models. */
export const OPEN_HEADER = /^AI Roundtable Open (Debate|Poll|Council) · (\d+) models?$/;

/** A page is an open question's when its first non-empty line is an open header. */
export function isOpenPage(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  return OPEN_HEADER.test(first.trim());
}

export const CHANGED_MIND = ' (changed mind)';
export const ANSWER = 'Answer:';
export const COUNTERPOINT = 'Counterpoint:';
export const NO_SYNTHESIS = 'Answer: none (no synthesis)';
export const NO_ANSWERS = 'Answer: none (no answers)';
export const noAnswer = (error: string) => `(no answer: ${error})`;

/**
 * The answer line of a synthesis. Groups: the answer, then all N | K, N | no agreement K, N. A
 * page's "(3 of 6 models agreed on …)" is read too (and its wording kept by the reader).
 */
export const ANSWER_LINE = /^Answer: (.*) \((?:All (\d+) models? agreed|(\d+) of (\d+) models? agreed(?: on [^()]*)?|no agreement; largest position (\d+) of (\d+))\)$/;

/**
 * A line of free text that the reader would take for part of the structure: an answer, ranking or
 * counterpoint line, a section heading, or a mark. The writer puts a backslash before it (and
 * before one that already starts with backslashes followed by the same); the reader takes one away.
 */
const STRUCTURAL = /^\\*(?:Answer:|Counterpoint:|Ranked:|Status:|(?:Model Responses|Final Summary|Strongest Arguments|Key Turning Points|Council Ranking)\s*$|\(no (?:argument|reply|answer|summary))/;

export const escapeOpenLine = (line: string) => (STRUCTURAL.test(line) ? `\\${line}` : line);
export const unescapeOpenLine = (line: string) => (line.startsWith('\\') && STRUCTURAL.test(line) ? line.slice(1) : line);

/** One line of text: newlines become spaces (other spaces are kept, so the round trip is exact). */
export const oneLine = (text: string) => sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
/** Paragraphs kept, with control characters, blank-line runs and structure-like lines defused. */
const block = (text: string) =>
  sanitizeText(text)
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map(escapeOpenLine)
    .join('\n');

/** How many agreed, inside the answer line's parentheses. */
export function agreedNote(result: Pick<OpenResult, 'label' | 'agreed' | 'panelSize'>): string {
  const models = (n: number) => `${n} model${n === 1 ? '' : 's'}`;
  if (result.label === 'All agreed') return `All ${models(result.panelSize)} agreed`;
  if (result.label === 'Agreement') return `${result.agreed} of ${models(result.panelSize)} agreed`;
  return `no agreement; largest position ${result.agreed} of ${result.panelSize}`;
}

/** `Answer: <synthesis> (3 of 4 models agreed)`, or the line for no synthesis / no result. */
export function answerLine(result: OpenResult | null): string {
  if (!result) return NO_ANSWERS;
  if (result.answer === null) return NO_SYNTHESIS;
  return `${ANSWER} ${oneLine(result.answer)} (${agreedNote(result)})`;
}

export function openHeader(t: Pick<Transcript, 'mode' | 'protocol' | 'panel'>): string {
  return `AI Roundtable Open ${t.mode === 'poll' ? 'Poll' : t.protocol === 'council' ? 'Council' : 'Debate'} · ${t.panel.length} models`;
}

function responseLines(t: Transcript, name: string, turn: Turn | undefined): string[] {
  if (!turn) return [oneLine(name), `${ANSWER} none`, NO_TURN];
  const lines = [`${oneLine(name)}${turn.changed ? CHANGED_MIND : ''}`, `${ANSWER} ${answered(turn) ? oneLine(turn.answer) : 'none'}`];
  if (turn.ranking && t.protocol === 'council') lines.push(oneLine(`${RANKED} ${ballotText(t.panel, turn.ranking)}`));
  // A ranking turn keeps the member's answer; whether it read the others is its ranking.
  const failed = turn.error !== null || (!answered(turn) && !turn.ranking);
  if (failed) lines.push(turn.error ? noAnswer(block(turn.error)) : NO_REPLY);
  else lines.push(block(turn.argument) || NO_ARGUMENT);
  return lines;
}

/** An open question's transcript as a page of the roundtable text format. */
export function exportOpenText(t: Transcript): string {
  const result = openResult(t.result);
  // The answer line keeps the wording of the page the transcript was imported from, while it says the same.
  const wording = t.importedWording;
  const say = (line: string) => (wording && Object.hasOwn(wording, line) ? wording[line]! : line);
  const lines: string[] = [openHeader(t), oneLine(t.motion), say(answerLine(result))];
  if (result?.counterpoint) lines.push(`${COUNTERPOINT} ${oneLine(result.counterpoint)}`);
  const status = statusLine(t);
  if (status) lines.push(status);
  lines.push(HEADINGS.responses);
  for (const { name, turn } of shownTurns(t)) lines.push(...responseLines(t, name, turn));
  const council = shownRankingLines(t);
  if (council.length) lines.push(HEADINGS.council, ...council.map(oneLine));
  if (t.judgement) {
    lines.push(HEADINGS.summary, block(t.judgement.summary) || NO_SUMMARY, HEADINGS.turningPoints);
    for (const point of t.judgement.turningPoints) lines.push(`- ${oneLine(point)}`);
  }
  return `${lines.join('\n')}\n`;
}
