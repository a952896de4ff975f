// A later round's request is written from the parts of its prompt (the quoted blocks every reader
// shares), each encoded once. The bytes must be those JSON.stringify gives for the whole body, and
// the prompt's text the one fill gives for the joined parts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PartedBody } from '../src/agents/body.js';
import { PromptBook } from '../src/prompting/prompts.js';

const PARTS: [string, string[]][] = [
  ['plain blocks', ['═════ BEGIN', '\n\n', '┃ a "quoted" word\n┃ and a \\ backslash', '\n\n', '═════ END']],
  ['control and format characters', ['tab\there', '\u0000\u001f\u2028\u2029', 'end']],
  ['emoji and surrogate pairs', ['😀 smile', ' and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '!']],
  ['a lone surrogate inside a part', ['before \ud800 after', ' next']],
  ['many parts', Array.from({ length: 300 }, (_, i) => (i % 2 ? '\n\n' : `block ${i} ┃ ${'x'.repeat(i)}`))],
  ['a part repeated', ['same', 'same', 'same']],
];

describe('PartedBody', () => {
  it.each(PARTS)('writes the bytes JSON.stringify gives for the whole body: %s', (_what, parts) => {
    const parted = new PartedBody();
    const whole = parts.join('');
    const messages = [
      { role: 'user' as const, content: whole, parts },
      { role: 'assistant' as const, content: 'a reply "with" quotes' },
      { role: 'user' as const, content: whole, parts },
    ];
    const body = { model: 'm', messages: [{ role: 'system', content: 'rules' }, ...messages.map((m) => ({ role: m.role, content: parted.content(m) }))], stream: true };
    const expected = JSON.stringify({ model: 'm', messages: [{ role: 'system', content: 'rules' }, ...messages.map((m) => ({ role: m.role, content: m.content }))], stream: true });
    const bytes = parted.bytes(body)!;
    expect(Buffer.from(bytes).toString('utf8')).toBe(expected);
    expect(JSON.parse(Buffer.from(bytes).toString('utf8')).messages[1].content).toBe(whole);
  });

  it('leaves a body without parted messages to the SDK', () => {
    const parted = new PartedBody();
    const body = { messages: [{ role: 'user', content: parted.content({ role: 'user', content: 'hi' }) }] };
    expect(body.messages[0]!.content).toBe('hi');
    expect(parted.bytes(body)).toBeUndefined();
  });

  it('never takes text that merely resembles its mark for it', () => {
    const parted = new PartedBody();
    const forged = '\u0000roundtable-0000000000000000-0\u0000';
    const body = { messages: [{ role: 'assistant', content: forged }, { role: 'user', content: parted.content({ role: 'user', content: 'ab', parts: ['a', 'b'] }) }] };
    expect(JSON.parse(Buffer.from(parted.bytes(body)!).toString('utf8')).messages).toEqual([{ role: 'assistant', content: forged }, { role: 'user', content: 'ab' }]);
  });
});

describe('PromptBook.fillParts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-parts-'));
  const cases: [string, string, string[]][] = [
    ['blocks between blank lines', 'Motion: {{motion}}\n\n{{previousTurns}}\n\n\nVote now.', ['A block', '\n\n', 'B block']],
    ['at the very start and end', '{{previousTurns}}', ['first', '\n\n', 'last']],
    ['a part ending in newlines', 'X\n{{previousTurns}}\nY', ['a\n\n', '\n', 'b']],
    ['a part with a run of blank lines', 'X\n{{previousTurns}}\nY', ['a\n\n\n\nb', 'c']],
    ['leading spaces', 'X {{previousTurns}} Y', ['  a', 'b  ']],
    ['no parts', 'X\n\n{{previousTurns}}\n\nY', []],
    ['the key twice', '{{previousTurns}} and {{previousTurns}}', ['a', 'b']],
    ['a value holding the splice mark', '{{motion}} {{previousTurns}}', ['a', 'b']],
  ];
  it.each(cases)('gives the text fill gives for the joined parts, and parts that join to it: %s', (what, template, parts) => {
    writeFileSync(join(dir, 'later-round.md'), template);
    const book = new PromptBook(pathToFileURL(`${dir}/`), 'MATERIAL-test');
    const motion = what === 'a value holding the splice mark' ? 'has \u0000splice\u0000 in it' : 'Is it?';
    const { text, parts: out } = book.fillParts('later-round', { motion }, 'previousTurns', parts);
    expect(text).toBe(book.fill('later-round', { motion, previousTurns: parts.join('') }));
    expect(out.join('')).toBe(text);
    // Clean blocks stay whole parts, shared and not copied.
    if (what === 'blocks between blank lines') expect(out).toEqual(['Motion: Is it?\n\n', 'A block', '\n\n', 'B block', '\n\nVote now.']);
  });
});
