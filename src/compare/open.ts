// Comparing two open-question transcripts (no options, no votes): does the panel land on the same
// synthesis, with the same agreement, and how close is each seat's final answer to its answer in
// the other run. Answers are compared as arguments are (similarity.ts): by their wording.
import { agreementNote } from '../core/agreement.js';
import { formatOpenResult, isOpenTranscript, openResult } from '../core/result.js';
import type { AnyResult, Transcript, Turn } from '../core/schema.js';
import { UsageError } from '../util/errors.js';
import { sanitizeInline } from '../util/sanitize.js';
import { argumentSimilarity } from './similarity.js';

/** A turn's one-sentence answer (null: none, or a closed turn). */
export const answerOf = (turn: Turn | null | undefined): string | null => (typeof turn?.answer === 'string' && turn.answer.trim() ? turn.answer : null);

/** Both open, or both with options; otherwise one sentence, for exit code 2. */
export function checkSameKind(a: Transcript, b: Transcript, labels: { a: string; b: string } = { a: 'A', b: 'B' }): boolean {
  const openA = isOpenTranscript(a);
  const openB = isOpenTranscript(b);
  if (openA === openB) return openA;
  const [open, closed] = openA ? [labels.a, labels.b] : [labels.b, labels.a];
  throw new UsageError(
    `${sanitizeInline(open)} is an open question (answers, no options) and ${sanitizeInline(closed)} is a vote among options; compare needs two transcripts of the same kind.`,
  );
}

/** `<synthesis> (All 4 models agreed)`, `(3 of 6 models agreed)`; without a synthesis, the result line that says so. */
export function synthesisLine(result: AnyResult | null): string {
  const r = openResult(result);
  if (!r || r.answer === null) return formatOpenResult(r);
  return `${sanitizeInline(r.answer)} (${agreementNote(r)})`;
}

/** Two answers the same: the same words in the same order (similarity 1); two missing answers are not. */
export const sameAnswer = (a: string | null, b: string | null): boolean => a !== null && b !== null && argumentSimilarity(a, b) === 1;

export interface OpenFields {
  /** 0..1: the wording of the two syntheses' answers; null when either run has no synthesis. */
  answerSimilarity: number | null;
  /**
   * Both results say how many agreed alike: the same label and the same agreed count, both grouped
   * by a judge or both by wording alone (both absent counts as the same).
   */
  sameAgreement: boolean;
}

export function openFields(a: Transcript, b: Transcript): OpenFields {
  const ra = openResult(a.result);
  const rb = openResult(b.result);
  const answerSimilarity = ra?.answer != null && rb?.answer != null ? argumentSimilarity(ra.answer, rb.answer) : null;
  // A judge's grouping and a grouping by wording (no synthesis) do not count alike.
  const sameAgreement =
    ra === null || rb === null ? ra === rb : ra.label === rb.label && ra.agreed === rb.agreed && (ra.answer === null) === (rb.answer === null);
  return { answerSimilarity, sameAgreement };
}

/** The same synthesis: both answers in the same words, or neither run has one. */
export function sameSynthesis(a: Transcript, b: Transcript): boolean {
  const answerA = openResult(a.result)?.answer ?? null;
  const answerB = openResult(b.result)?.answer ?? null;
  return answerA === null && answerB === null ? true : sameAnswer(answerA, answerB);
}
