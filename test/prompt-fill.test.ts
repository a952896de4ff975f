// PromptBook.fill splices a large value (a round's quoted arguments) in after tidying the template,
// instead of tidying each reader's whole prompt again. The text must be what the plain rule gives:
// fill the placeholders, make runs of blank lines one, trim.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PromptBook } from '../src/prompting/prompts.js';

const plainFill = (template: string, values: Record<string, string>, marker: string) =>
  template
    .replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? values[key]! : key === 'marker' ? marker : whole))
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const big = (text: string) => `${text} ${'x '.repeat(3000)}end`;

const TEMPLATES = [
  'Motion: {{motion}}\n\n{{previousTurns}}\n\n\nVote {{marker}} now.',
  '{{previousTurns}}',
  '  {{previousTurns}}\n\n\n\n{{briefing}}\n',
  'A\n{{previousTurns}}\n{{previousTurns}}\nB {{unknown}}',
  '{{motion}} {{previousTurns}} {{briefing}}',
];

const VALUES = [
  big('plain words'),
  `${big('ends in a newline')}\n`,
  `\n${big('starts with a newline')}`,
  `${big('holds')}\n\n\n\nblank lines`,
  `   ${big('leading spaces')}`,
  `${big('trailing spaces')}   `,
  '',
  'short\n\n\n\nvalue',
  `${big('a dollar $& and $1 stay')}`,
  `${big('looks like')}\u0000splice\u0000`,
  `\ufeff${big('a byte-order mark')}\u2029`,
];

describe('PromptBook.fill', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-fill-'));
  TEMPLATES.forEach((template, t) => {
    for (const [v, value] of VALUES.entries()) {
      it(`template ${t}, value ${v}: the same text as filling and tidying it whole`, () => {
        writeFileSync(join(dir, 'later-round.md'), template);
        const book = new PromptBook(pathToFileURL(`${dir}/`), 'MATERIAL-test');
        // Each value also stands beside the others (the motion a short one): a value that cannot be
        // spliced, or one that holds the splice mark, must not disturb one that can.
        const values = { motion: VALUES[(v + 2) % VALUES.length]!.slice(-40), previousTurns: value, briefing: VALUES[(v + 1) % VALUES.length]! };
        expect(book.fill('later-round', values)).toBe(plainFill(template, values, 'MATERIAL-test'));
      });
    }
  });
});
