import { createHash } from 'node:crypto';

/**
 * A file- and id-safe slug: "GPT-5.4" → "gpt-5-4", "Is there a moat…?" → "is-there-a-moat". A slug
 * longer than `maxLength` is cut at a word boundary (a single long word is cut where it must);
 * a text with no letter or digit to keep (an emoji-only motion) gets a short hash of itself.
 */
export function slugify(text: string, maxLength = 60): string {
  const full = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!full) return createHash('sha256').update(text).digest('hex').slice(0, 8);
  if (full.length <= maxLength) return full;
  // The cut falls between words when the next character is a dash; otherwise back to the last one.
  const head = full.slice(0, maxLength);
  const boundary = full[maxLength] === '-' ? maxLength : head.lastIndexOf('-');
  return (boundary > 0 ? head.slice(0, boundary) : head).replace(/-+$/g, '');
}
