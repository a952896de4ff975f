// Pages copied from a browser carry other spaces than the plain one: no-break spaces (U+00A0) in
// "AI Roundtable Debate · 6 models", narrow no-break or thin spaces around "—" and "/", an
// ideographic space in a Japanese page. import reads the page's fixed lines with plain spaces in
// their place, and keeps free text (arguments, answers, summaries) as written.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../src/core/schema.js';
import { exportOpenText } from '../src/transcript/open-text-format.js';
import { exportText } from '../src/transcript/text-format.js';
import { importText, readText } from '../src/transcript/text-import.js';
import { plainSpaces } from '../src/transcript/text-reader.js';
import { generatePage, pageText } from './fixtures/text/pages.js';
import { runCli, tempDir } from './support/cli.js';

const SEEDS = new URL('../seeds/', import.meta.url).pathname;
const seedPages = readdirSync(SEEDS).filter((f) => /^000_.*\.txt$/.test(f)).sort().map((f) => ({ name: f, text: readFileSync(join(SEEDS, f), 'utf8') }));

const OTHER = ['\u00A0', '\u202F', '\u2009', '\u2007', '\u3000', '\u2002'];

/** Ways a browser's copy puts other spaces in a page. */
const variants: Array<[string, (page: string) => string]> = [
  ['every space a no-break space', (p) => p.replace(/ /g, '\u00A0')],
  ['every other space narrow or thin', (p) => { let n = 0; return p.replace(/ /g, () => (n++ % 2 ? ' ' : OTHER[n % OTHER.length]!)); }],
  ['the header, the result line and the vote lines only', (p) =>
    p.split('\n').map((line, i) => (i < 3 || /^(Vote|Result|Answer):/.test(line) || /^- /.test(line) ? line.replace(/ /g, '\u00A0') : line)).join('\n')],
  ['a trailing no-break space after each line', (p) => p.split('\n').map((line) => (line ? `${line}\u00A0` : line)).join('\n')],
];

/** A transcript's JSON with every other space made plain, to compare with the plain page's import (the id is a hash of the page's bytes). */
const plainJson = (t: Transcript) => plainSpaces(JSON.stringify({ ...t, id: null })).replace(/ +"/g, '"').replace(/ +\\n/g, '\\n');

function samePage(page: string, name: string): void {
  const plain = importText(page, 'page.txt');
  for (const [how, vary] of variants) {
    const varied = vary(page);
    expect(varied, `${name}: ${how}`).not.toBe(page);
    let got: Transcript;
    try {
      got = importText(varied, 'page.txt');
    } catch (err) {
      throw new Error(`${name}, ${how}: ${(err as Error).message}`);
    }
    expect(plainJson(got), `${name}: ${how}`).toBe(plainJson(plain));
  }
}

describe('import: pages copied with other spaces', () => {
  for (const { name, text } of seedPages) it(`the seed page ${name}`, () => samePage(text, name));

  it('forty generated pages (sizes, labels in several scripts, changed minds, error lines)', () => {
    for (let seed = 1; seed <= 40; seed++) samePage(pageText(generatePage(seed)), `generated page ${seed}`);
  });

  it('open pages: an Open Debate and an Open Poll, as exported', async () => {
    const dir = tempDir();
    for (const mode of ['debate', 'poll']) {
      const file = join(dir, `${mode}.json`);
      const run = await runCli(['debate', '--open', 'Which database should a small team start with?', '--mode', mode, '--mock', '--seed', '4', '--mock-pace', '0', '--headless', '--out', file], { env: {} });
      expect(run.code, run.stderr).toBe(0);
      const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
      samePage(exportOpenText(t), `open ${mode}`);
    }
  });

  it('keeps a no-break space in free text as written, and exports it back byte for byte', () => {
    const page = readFileSync(join(SEEDS, seedPages[0]!.name), 'utf8');
    const t = importText(page, 'page.txt');
    // French typography: a no-break space before "?" and "!" in an argument and in the summary.
    t.rounds[0]!.turns[0]!.argument = 'Oui\u00A0! Le fossé existe-t-il\u00A0? Il existe.';
    t.judgement!.summary = 'Le panel a conclu\u00A0: oui.';
    const text = exportText(t);
    const back = importText(text, 'page.txt');
    expect(back.rounds[0]!.turns[0]!.argument).toBe('Oui\u00A0! Le fossé existe-t-il\u00A0? Il existe.');
    expect(back.judgement!.summary).toBe('Le panel a conclu\u00A0: oui.');
    expect(exportText(back)).toBe(text);
  });

  it('zero-width marks at the ends of lines (a zero-width space, a word joiner, a stray byte-order mark) are dropped; joiners inside text kept', () => {
    const page = seedPages[0]!.text;
    const plain = importText(page, 'page.txt');
    const marks = ['\u200B', '\u2060', '\uFEFF'];
    let n = 0;
    const marked = page.split('\n').map((line) => (line ? (n++ % 2 ? `${marks[n % 3]}${line}` : `${line}${marks[n % 3]}`) : line)).join('\n');
    expect(plainJson(importText(marked, 'page.txt'))).toBe(plainJson(plain));
    // A family emoji (joined by U+200D) and Persian text (U+200C) in an argument stay as written.
    const joined = page.replace('I maintain my vote for A', 'I maintain (👨\u200D👩\u200D👧, می\u200Cخواهم) my vote for A');
    expect(JSON.stringify(importText(joined, 'page.txt'))).toContain('👨\u200D👩\u200D👧, می\u200Cخواهم');
  });

  it('the browser\'s chrome below the page is skipped and said, as it is above the header; debate and open pages', async () => {
    const page = seedPages[0]!.text.trimEnd();
    for (const tail of ['\n\nAI Roundtable\n', '\nLoading session...\n\n', '\n\nAI Roundtable\nLoading session…\n']) {
      const { transcript, notes } = readText(`${page}${tail}`, 'page.txt');
      expect(plainJson(transcript)).toBe(plainJson(importText(page, 'page.txt')));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatch(/^page\.txt line \d+: skipped "(AI Roundtable|Loading session)[^"]*"(, "[^"]+")? below the page \(the browser's page chrome\)\.$/);
    }
    // A line of the page that only looks like chrome inside it is no chrome: a turning point still reads.
    expect(readText(`${page}\n- AI Roundtable\n`, 'page.txt').transcript.judgement!.turningPoints.at(-1)).toBe('AI Roundtable');
    const dir = tempDir();
    const file = join(dir, 'open.json');
    const run = await runCli(['debate', '--open', 'Which database first?', '--mock', '--seed', '2', '--mock-pace', '0', '--headless', '--out', file], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const open = exportOpenText(JSON.parse(readFileSync(file, 'utf8')) as Transcript).trimEnd();
    const copied = readText(`Loading session...\n${open}\n\nAI Roundtable\n`, 'open.txt');
    expect(plainJson(copied.transcript)).toBe(plainJson(importText(open, 'open.txt')));
    expect(copied.notes.join('\n')).toMatch(/below the page/);
  });

  it('the CLI imports a page whose header has no-break spaces', async () => {
    const dir = tempDir();
    const file = join(dir, 'copied.txt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, seedPages[0]!.text.replace(/ /g, '\u00A0'));
    const run = await runCli(['import', file], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).result.label).toBe('Supermajority');
  });
});
