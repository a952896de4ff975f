// Import never mis-reads a damaged seed text: every mutation of the seed (each line deleted, each
// pair of adjacent lines swapped, each line doubled) either imports to the same debate or is
// refused with a line number. A misread, concretely: an import that succeeds with a panel whose
// names are not the seed's six in order, or with a debater's vote or argument not the seed's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importText } from '../src/transcript/text-import.js';
import { UsageError } from '../src/util/errors.js';

const ROOT = new URL('../', import.meta.url).pathname;
const seedText = readFileSync(join(ROOT, 'seeds/000_30eaba9eac67d68e.txt'), 'utf8');
const seed = importText(seedText, 'seed.txt');
const seedLines = seedText.split('\n');

/**
 * What must survive any accepted mutation: the motion, the options (in any order), the six names
 * in order, each vote, and each argument made only of lines of that debater's own seed argument
 * (a doubled argument line is a different but honest reading; a name or another debater's text
 * inside an argument is a misread).
 */
const debate = (t: typeof seed) => ({
  motion: t.motion,
  options: [...t.options].sort(),
  names: t.panel.map((p) => p.name),
  turns: t.rounds[0]?.turns.map((turn, i) => ({
    vote: turn.vote,
    error: turn.error,
    ownLines: turn.argument.split('\n').every((line) => seed.rounds[0]!.turns[i]?.argument.split('\n').includes(line)),
  })),
});

const mutations: [string, string][] = [];
seedLines.forEach((_, i) => {
  mutations.push([`line ${i + 1} deleted`, seedLines.filter((__, j) => j !== i).join('\n')]);
  mutations.push([`line ${i + 1} doubled`, seedLines.flatMap((l, j) => (j === i ? [l, l] : [l])).join('\n')]);
  mutations.push([`line ${i + 1} blanked`, seedLines.map((l, j) => (j === i ? '' : l)).join('\n')]);
  if (i + 1 < seedLines.length) {
    const swapped = [...seedLines];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    mutations.push([`lines ${i + 1} and ${i + 2} swapped`, swapped.join('\n')]);
  }
});
// The report's case: `sed 11d`, GPT-5.4's name line gone.
mutations.push(['sed 11d', seedLines.filter((_, j) => j !== 10).join('\n')]);
// Two name lines swapped between responses.
mutations.push(['two names exchanged', seedText.replace('\nGPT-5.4\n', '\n@@\n').replace('\nKimi K2.5\nVote', '\nGPT-5.4\nVote').replace('\n@@\n', '\nKimi K2.5\n')]);

describe('mutations of the seed text', () => {
  it.each(mutations)('%s: the same debate, or refused with a line number', (_what, text) => {
    let t: typeof seed;
    try {
      t = importText(text, 'mutated.txt');
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^mutated\.txt line \d+: [^\n]+\.$/);
      return;
    }
    const got = debate(t);
    if (_what === 'two names exchanged') {
      // A legitimate other debate: the names are still the seed's.
      expect([...got.names].sort()).toEqual([...debate(seed).names].sort());
      return;
    }
    expect(got).toEqual(debate(seed));
  });

  it('refuses sed 11d at the argument that would have become a name', () => {
    expect(() => importText(seedLines.filter((_, j) => j !== 10).join('\n'), 'mutated.txt')).toThrow(
      /^mutated\.txt line 10: expected a debater's name \(a short line, not a sentence\) above "Vote: Yes" on line 11, found "I maintain my vote for A: Yes, there is a substantial moat …"\.$/,
    );
  });

  it('refuses a response whose argument line went missing, at its vote line', () => {
    expect(() => importText(seedLines.filter((_, j) => j !== 9).join('\n'), 'mutated.txt')).toThrow(
      /^mutated\.txt line 9: the response of Grok 4\.1 Fast ends at its vote line; an argument or a mark such as "\(no argument\)" belongs under it\.$/,
    );
  });
});
