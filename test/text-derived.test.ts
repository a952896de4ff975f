// Derived lines of the text format (the header's count, the result line, the Options counts, the
// status line, the final vote line) are checked for what they say, not byte for byte, and the
// file's own wording is kept so that export gives the same file back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportText } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { UsageError } from '../src/util/errors.js';
import { buildTranscript } from './fixtures/text/build.js';
import { closedResult } from '../src/core/result.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SEED_TXT = join(ROOT, 'seeds/000_30eaba9eac67d68e.txt');
const seedText = readFileSync(SEED_TXT, 'utf8');
const seedFinal = 'Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1';

const threeOptions = [
  'AI Roundtable Debate · 5 models',
  'Should cities ban cars?',
  'Result: Plurality — Partly (3/5 votes)',
  'Options',
  '- Yes (1 votes)',
  '- No (1 votes)',
  '- Partly (3 votes)',
  'Model Responses',
  'A', 'Vote: Partly', 'a',
  'B', 'Vote: Yes', 'b',
  'C', 'Vote: Partly', 'c',
  'D', 'Vote: No', 'd',
  'E', 'Vote: Partly', 'e',
  'Final Summary',
  'Mostly partly.',
  'Majority chose "Partly" after discussion (3/5). Final vote: Partly: 3, Yes: 1, No: 1',
  'Strongest Arguments',
  '- Partly: p',
  'Key Turning Points',
  '- none',
].join('\n');

function importError(body: string): string {
  try {
    importText(body, 'debate.txt');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('importText accepted the text');
}

describe('derived lines read for their meaning, wording kept', () => {
  it.each([
    ['the final tally by count, three options', threeOptions, null],
    ['the final tally in another order', seedText.replace(seedFinal, 'Majority chose "Yes" after discussion (5/6). Final vote: No: 1, Yes: 5'), null],
    ['a final line without "after discussion"', seedText.replace(seedFinal, 'Majority chose "Yes" (5/6). Final vote: Yes: 5, No: 1'), null],
    ['a zero count left out of the final tally', seedText.replace('- No (1 votes)', '- No (0 votes)').replace('Kimi K2.5\nVote: No', 'Kimi K2.5\nVote: Yes').replace('Yes (5/6 votes)', 'Unanimous — Yes (6/6 votes)').replace('Result: Supermajority — Unanimous', 'Result: Unanimous').replace('- Yes (5 votes)', '- Yes (6 votes)').replace(seedFinal, 'Majority chose "Yes" after discussion (6/6). Final vote: Yes: 6'), null],
    ['"(1 vote)" in the singular', seedText.replace('- No (1 votes)', '- No (1 vote)'), null],
    ['an en dash in the result line', seedText.replace('Result: Supermajority — Yes', 'Result: Supermajority – Yes'), null],
    ['a hyphen in the result line and "(2 vote)"', ['AI Roundtable Poll · 2 models', 'M', 'Result: Unanimous - Yes (2/2 votes)', 'Options', '- Yes (2 vote)', '- No (0 votes)', 'Model Responses', 'A', 'Vote: Yes', 'a', 'B', 'Vote: Yes', 'b'].join('\n'), null],
  ])('accepts %s and exports the file as it was', (_what, text) => {
    const t = importText(text, 'debate.txt');
    expect(exportText(t)).toBe(`${text.replace(/\n$/, '')}\n`);
  });

  it('keeps the seed byte for byte, and stores no wording for it', () => {
    const t = importText(seedText, SEED_TXT);
    expect(t.importedWording).toBeUndefined();
    expect(exportText(t)).toBe(`${seedText}\n`);
  });

  it('uses the kept wording only while the line says the same thing', () => {
    const t = importText(threeOptions, 'debate.txt');
    expect(t.importedWording).toEqual({
      // roundtable words a plurality as one ("A plurality chose"); the page's own wording is kept.
      'A plurality chose "Partly" after discussion (3/5). Final vote: Yes: 1, No: 1, Partly: 3': 'Majority chose "Partly" after discussion (3/5). Final vote: Partly: 3, Yes: 1, No: 1',
    });
    // One debater changes its vote: the counts change, and the line is written afresh.
    const changed = structuredClone(t);
    changed.rounds[0]!.turns[1]!.vote = 'Partly';
    changed.result = { ...closedResult(changed.result)!, label: 'Supermajority', tally: { Yes: 0, No: 1, Partly: 4 } };
    expect(exportText(changed)).toContain('\nMajority chose "Partly" after discussion (4/5). Final vote: Yes: 0, No: 1, Partly: 4\n');
  });

  it.each([
    ['counts that differ', threeOptions.replace('Final vote: Partly: 3, Yes: 1, No: 1', 'Final vote: Partly: 2, Yes: 2, No: 1')],
    ['an option named twice', threeOptions.replace('Final vote: Partly: 3, Yes: 1, No: 1', 'Final vote: Partly: 3, Yes: 1, Yes: 1')],
    ['an option that is none', threeOptions.replace('Final vote: Partly: 3, Yes: 1, No: 1', 'Final vote: Partly: 3, Yes: 1, Maybe: 1')],
    ['another winner', threeOptions.replace('Majority chose "Partly" after discussion (3/5)', 'Majority chose "Yes" after discussion (3/5)')],
    ['another count for the winner', threeOptions.replace('Majority chose "Partly" after discussion (3/5)', 'Majority chose "Partly" after discussion (3/4)')],
    ['no winner where there is one', threeOptions.replace('Majority chose "Partly" after discussion (3/5).', 'No single option won (Tie).')],
  ])('refuses a final vote line with %s, naming the line', (_what, text) => {
    expect(importError(text)).toMatch(/^debate\.txt line 26: the final vote line says ".*", but the responses give "A plurality chose "Partly" after discussion \(3\/5\)\. Final vote: Yes: 1, No: 1, Partly: 3"\.$/);
  });
});

describe('a poll', () => {
  const poll = buildTranscript({ names: ['A', 'B', 'C'], votes: [['Yes', 'No', 'Yes']], mode: 'poll' });
  const tie = buildTranscript({ names: ['A', 'B'], votes: [['Yes', 'No']], mode: 'poll' });

  it('never claims "after discussion" in its final line', () => {
    expect(exportText(poll)).toContain('\nMajority chose "Yes" (2/3). Final vote: Yes: 2, No: 1\n');
    expect(exportText(tie)).toContain('\nNo single option won (Tie). Final vote: Yes: 1, No: 1\n');
    expect(exportText(poll)).not.toContain('after discussion');
  });

  it('imports with either form of the final line, and gives each file back as it was', () => {
    for (const t of [poll, tie]) {
      const text = exportText(t);
      const discussed = text.replace(/^(Majority chose ".*"|No single option won) /m, '$1 after discussion ');
      expect(discussed).not.toBe(text);
      expect(exportText(importText(text, 'poll.txt'))).toBe(text);
      expect(exportText(importText(discussed, 'poll.txt'))).toBe(discussed);
    }
  });
});
