// How many tokens a text could be, before any provider has counted it: the rule every estimate
// uses (budgets, --dry-run, the worst case of a call whose usage was never reported).
//
// The panel mixes tokenizers (OpenAI's, Anthropic's, Gemini's, Mistral's, Kimi's), so no one real
// tokenizer is right for every seat; the rule is by script and errs high where scripts differ most:
//   ASCII (English, code, JSON)   four characters a token, the common rate of every tokenizer here;
//   every other character          half a token per UTF-8 byte: one a character for Latin accents,
//                                  Greek, Cyrillic, Hebrew, Arabic (2 bytes); one and a half for
//                                  Chinese, Japanese, Korean, Thai, Devanagari (3 bytes), which real
//                                  tokenizers count at about 0.6 to 1.3 a character; two for emoji.
// A 100,000-character Chinese brief is 150,000 tokens by this rule, never the 25,000 that four
// characters a token would say.

/** Tokens `text` could take by the rule above, not rounded: what a piece of a text adds to it. */
export function tokenWeight(text: string): number {
  let ascii = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c < 0x800) bytes += 2;
    // Each half of a surrogate pair is two of the character's four bytes.
    else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return ascii / 4 + bytes / 2;
}

// A round quotes the same arguments to every reader: their counts are kept (by the string, whose hash
// V8 keeps with it), so a 256-seat round does not scan each argument 255 times. Bounded; cleared when full.
const counted = new Map<string, number>();
const COUNTED_MAX = 2048;

/** Tokens `text` could take, by the rule above (rounded up). */
export function estimateTokens(text: string): number {
  if (text.length < 256) return Math.ceil(tokenWeight(text));
  const known = counted.get(text);
  if (known !== undefined) return known;
  const tokens = Math.ceil(tokenWeight(text));
  if (counted.size >= COUNTED_MAX) counted.clear();
  counted.set(text, tokens);
  return tokens;
}
