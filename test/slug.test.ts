// Slugs for file names and ids: cut at a word boundary, and a short hash when the text has no
// letters or digits to keep (an emoji-only motion).
import { describe, expect, it } from 'vitest';
import { slugify } from '../src/util/slug.js';

describe('slugify', () => {
  it.each([
    ['GPT-5.4', 60, 'gpt-5-4'],
    ['Is there a moat to training an LLM model?', 60, 'is-there-a-moat-to-training-an-llm-model'],
    ['Is there a moat to training an LLM model?', 20, 'is-there-a-moat-to'],
    ['Is there a moat to training an LLM model?', 18, 'is-there-a-moat-to'],
    ['Is there a moat to training an LLM model?', 17, 'is-there-a-moat'],
    ['Café déjà vu', 60, 'cafe-deja-vu'],
    ['Supercalifragilisticexpialidocious', 10, 'supercalif'],
  ])('%s (at most %i) → %s', (text, max, slug) => {
    expect(slugify(text, max)).toBe(slug);
  });

  it.each([['🚗🚲🚇'], ['？？？'], ['—'], ['']])('gives "%s" a short hash, not "x"', (text) => {
    const slug = slugify(text, 48);
    expect(slug).toMatch(/^[0-9a-f]{8}$/);
    expect(slugify(text, 48)).toBe(slug);
  });

  it('tells two emoji-only motions apart', () => {
    expect(slugify('🚗')).not.toBe(slugify('🚲'));
  });
});
