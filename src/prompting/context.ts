// What one reader can take in: --max-context bounds the tokens of a prompt. When the quoted
// arguments would not fit, each is shortened to its fair share (short ones are kept whole and
// leave their room to the others), always with an explicit "[… N words not shown]" marker —
// never silently cut.
import { estimateTokens, tokenWeight } from '../core/tokens.js';

/** The default --max-context: a 64-seat round, with the reply, stays within a 128k-token window. */
export const DEFAULT_MAX_CONTEXT = 120_000;

/**
 * The token estimate every budget uses (core/tokens: four ASCII characters a token, more for other
 * scripts), so that a quoted argument in Chinese is fitted by its real weight, not a quarter of it.
 */
export { estimateTokens };

/** What fencing one quoted text as material costs besides the text. */
export const QUOTE_OVERHEAD_TOKENS = 40;

const words = (text: string) => text.match(/\S+\s*/g) ?? [];

/** The marker that ends a shortened text. */
export const notShown = (words: number): string => `[… ${words} words not shown]`;

/** A text as fitted: what is kept, and how many words were left out (0: all of it). */
export interface Fitted {
  text: string;
  hidden: number;
}

/** The text cut to about `tokens`, counting the marker that will say what was left out. */
export function shorten(text: string, tokens: number): Fitted {
  if (estimateTokens(text) <= tokens) return { text, hidden: 0 };
  const all = words(text);
  let kept = '';
  let count = 0;
  let weight = 0;
  const room = Math.max(0, tokens - 8); // leave room for the marker
  while (count < all.length && weight + tokenWeight(all[count]!) <= room) {
    weight += tokenWeight(all[count]!);
    kept += all[count++];
  }
  return { text: kept.trimEnd(), hidden: all.length - count };
}

/**
 * Fits texts into a budget of tokens: each gets an equal share, a text shorter than its share
 * keeps it all and hands the rest to the longer ones. Returns the texts in the same order.
 */
export function fitTexts(texts: readonly string[], budgetTokens: number): Fitted[] {
  const sizes = texts.map(estimateTokens);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= budgetTokens) return texts.map((text) => ({ text, hidden: 0 }));
  const order = sizes.map((size, i) => ({ size, i })).sort((a, b) => a.size - b.size);
  const shares = new Array<number>(texts.length).fill(0);
  let left = Math.max(0, budgetTokens);
  order.forEach(({ size, i }, k) => {
    const share = Math.floor(left / (order.length - k));
    shares[i] = Math.min(size, share);
    left -= shares[i]!;
  });
  return texts.map((text, i) => (sizes[i]! <= shares[i]! ? { text, hidden: 0 } : shorten(text, shares[i]!)));
}

/** The tokens left for quoted arguments once the rest of the prompt and the reply are counted. */
export function quoteBudget(maxContext: number, fixedText: string, replyTokens: number, quotes: number): number {
  return maxContext - estimateTokens(fixedText) - replyTokens - quotes * QUOTE_OVERHEAD_TOKENS - 200;
}
