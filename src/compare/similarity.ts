// Lexical similarity of two arguments: cosine similarity of their word unigram + bigram counts.
// Lexical on purpose: it is cheap, needs no model, and says how much of the wording a rerun
// reproduced (not whether it meant the same thing).

/** Lowercased words; apostrophes are dropped ("don't" → "dont"), every other non-letter, non-digit splits words. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Counts of every word and every pair of adjacent words. */
export function termCounts(text: string): Map<string, number> {
  const tokens = words(text);
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  tokens.forEach((word, i) => {
    add(word);
    if (i > 0) add(`${tokens[i - 1]} ${word}`);
  });
  return counts;
}

/**
 * 0 (no word in common) to 1 (the same words in the same pairs and proportions). Texts with the
 * same words give exactly 1; two texts without words are taken as alike (1), one without words
 * against one with words as unlike (0).
 */
export function argumentSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.join(' ') === wb.join(' ')) return 1;
  if (wa.length === 0 || wb.length === 0) return 0;
  const ca = termCounts(a);
  const cb = termCounts(b);
  let dot = 0;
  for (const [term, n] of ca) dot += n * (cb.get(term) ?? 0);
  const norm = (c: Map<string, number>) => Math.sqrt([...c.values()].reduce((sum, n) => sum + n * n, 0));
  return Math.min(1, Math.max(0, dot / (norm(ca) * norm(cb))));
}
