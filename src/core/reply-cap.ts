// How much of a model's reply roundtable keeps. A reply is cut at a fixed number of characters
// (UTF-16 units, as JavaScript counts them): what streams in beyond the cap is neither kept nor
// shown, and the adapter stops reading the stream there. The cap for a debater shrinks with the
// panel and the rounds so that a whole debate's replies stay within one budget; from that budget
// the largest transcript roundtable can write follows, and the reader accepts every such file
// (MAX_TRANSCRIPT_BYTES in src/transcript/store.ts).
import { MAX_PANEL, MAX_ROUNDS } from './schema.js';

/** The most kept of any one reply (a debater's or the judge's): about 50,000 tokens of prose. */
export const REPLY_CHAR_CAP = 200_000;

/** The most kept of all debaters' replies in one debate: the full cap at 12 seats and 10 rounds. */
export const DEBATE_REPLY_CHAR_BUDGET = 12 * 10 * REPLY_CHAR_CAP;

/** The least a debater's reply may be cut to, whatever the panel (the budget gives way first). */
export const MIN_REPLY_CHAR_CAP = 2_000;

/** The cap on each debater's reply in a debate of this panel size and number of rounds. */
export function debaterReplyCap(panelSize: number, rounds: number): number {
  const turns = Math.max(1, panelSize) * Math.max(1, rounds);
  return Math.max(MIN_REPLY_CHAR_CAP, Math.min(REPLY_CHAR_CAP, Math.floor(DEBATE_REPLY_CHAR_BUDGET / turns)));
}

/** The most characters all debaters' replies of a debate can keep, over every panel and round count allowed. */
export function maxDebateReplyChars(): number {
  return Math.max(DEBATE_REPLY_CHAR_BUDGET, MAX_PANEL * MAX_ROUNDS * MIN_REPLY_CHAR_CAP);
}

/** How a reply was cut: what was kept and what had arrived when reading stopped (at least that much was sent). */
export interface Clipped {
  keptChars: number;
  receivedChars: number;
}

/**
 * The streamed text of one reply, kept up to the cap. push() returns the part of the piece that
 * is kept (to show and to store); once the cap is reached, full() is true and nothing more is kept.
 */
export class CappedText {
  private parts: string[] = [];
  private kept = 0;
  private received = 0;

  constructor(readonly cap: number = REPLY_CHAR_CAP) {}

  push(piece: string): string {
    if (!piece) return '';
    this.received += piece.length;
    const room = this.cap - this.kept;
    if (room <= 0) return '';
    let take = piece.length <= room ? piece : piece.slice(0, room);
    // Never keep half of a surrogate pair.
    if (take.length < piece.length && /[\ud800-\udbff]$/.test(take)) take = take.slice(0, -1);
    this.kept += take.length;
    if (take.length < piece.length) this.kept = this.cap;
    this.parts.push(take);
    return take;
  }

  /** The cap has been reached: what arrives from now on is dropped. */
  full(): boolean {
    return this.kept >= this.cap;
  }

  /** More arrived than was kept. */
  clipped(): Clipped | null {
    const text = this.text();
    return this.received > text.length ? { keptChars: text.length, receivedChars: this.received } : null;
  }

  text(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }
}

/** Appends a piece to a side text (a refusal, a tool call's arguments) without passing the cap. */
export function appendCapped(text: string, piece: string, cap: number = REPLY_CHAR_CAP): string {
  return text.length >= cap ? text : (text + piece).slice(0, cap);
}

/** The words a turn carries when its reply was cut. */
export function clippedNote(clipped: Pick<Clipped, 'keptChars'>): string {
  return `reply cut at ${clipped.keptChars.toLocaleString('en-US')} characters`;
}

/**
 * The most tokens the judge may reply with: the larger of a debater's limit and 2000; for an open
 * question more with a larger panel (its synthesis names every seat in a group), up to 32000.
 */
export function judgeReplyTokens(maxTokens: number, open: boolean, panelSize: number): number {
  const base = Math.max(maxTokens, 2000);
  return open ? Math.max(base, Math.min(32_000, 1_000 + 16 * panelSize)) : base;
}
