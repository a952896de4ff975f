// Import never misreads a damaged page either: every mutation of a copied page (each line deleted,
// doubled, blanked, each pair of adjacent lines swapped) either imports to the same debate (the same
// names in order, votes, "changed mind" marks, seats left out and errors, and every argument made
// of its own lines) or is refused with a line number.
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../src/core/schema.js';
import { importText } from '../src/transcript/text-import.js';
import { UsageError } from '../src/util/errors.js';
import { generatePage, pageText, type PageSpec } from './fixtures/text/pages.js';

const seat = (name: string, vote: string, changedMind = false) => ({ name, vote, changedMind, argument: `${name} gives its reasons for ${vote}, at some length.` });
const spec: PageSpec = {
  models: 7,
  motion: 'Which range is right?',
  options: ['0-20%', '21-40%', '41-60%'],
  seats: [
    seat('GPT-5.4', '41-60%', true),
    seat('Claude Opus 4.6', '21-40%'),
    { name: 'Sonar Pro', vote: { error: 'Error: the model did not respond in time' }, argument: '' },
    seat('Kimi K2.5', '41-60%'),
    seat('Grok 4.1 Fast', '21-40%', true),
    seat('Gemini 3.1 Pro', '41-60%'),
  ],
  finalVote: 'short',
};

const debate = (t: Transcript, own: Transcript) => ({
  names: t.panel.map((p) => p.name),
  turns: t.rounds[0]!.turns.map((turn, i) => ({
    vote: turn.vote,
    changed: turn.changed,
    error: turn.error,
    ownLines: turn.argument.split('\n').every((line) => own.rounds[0]!.turns[i]?.argument.split('\n').includes(line)),
  })),
});

// Seats left out, error lines, "(changed mind)", Japanese and numeric labels, names that are options.
const generated = [24, 39, 2].map((seed) => generatePage(seed));
describe.each<[string, string]>([
  ['in our layout', pageText(spec)],
  ['copied from the browser', pageText(spec, { loading: true, spaced: true, emptyOptions: true })],
  ...generated.map((g, i): [string, string] => [`generated (${i + 1}), in our layout`, pageText(g)]),
  ...generated.map((g, i): [string, string] => [`generated (${i + 1}), copied from the browser`, pageText(g, { loading: true, spaced: true })]),
])('mutations of a page %s', (_layout, page) => {
  const lines = page.split('\n');
  const original = importText(page, 'page.txt');
  const mutations: [string, string][] = [];
  lines.forEach((_, i) => {
    mutations.push([`line ${i + 1} deleted`, lines.filter((__, j) => j !== i).join('\n')]);
    mutations.push([`line ${i + 1} doubled`, lines.flatMap((l, j) => (j === i ? [l, l] : [l])).join('\n')]);
    mutations.push([`line ${i + 1} blanked`, lines.map((l, j) => (j === i ? '' : l)).join('\n')]);
    if (i + 1 < lines.length) {
      const swapped = [...lines];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
      mutations.push([`lines ${i + 1} and ${i + 2} swapped`, swapped.join('\n')]);
    }
  });

  it.each(mutations)('%s: the same debate, or refused with a line number', (_what, text) => {
    let t: Transcript;
    try {
      t = importText(text, 'mutated.txt');
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^mutated\.txt line \d+: [^\n]+\.$/);
      return;
    }
    expect(debate(t, original)).toEqual(debate(original, original));
  });
});
