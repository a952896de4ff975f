// Mock output never passes for real output: everything a user can save or share from a mock run
// says plainly that the replies were the offline stand-in's (the text format's first line, which
// import reads back as `source: mock`; Markdown's title; the report's banner; headless stdout), and
// the screen says "generated" for generated replies and "scripted" only for scripted ones.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { exportText, MOCK_MARKER } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { runCli, tempDir } from './support/cli.js';
import { mockDebate } from './support/mock-debate.js';

const SEED_TEXT = readFileSync(new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url), 'utf8');
const SEED = TranscriptSchema.parse(JSON.parse(readFileSync(new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url), 'utf8')));

async function mockRun(args: string[]) {
  const dir = tempDir();
  const out = join(dir, 't.json');
  const run = await runCli(['debate', '--mock-pace', '0', '--headless', '--out', out, ...args], { cwd: dir });
  return { ...run, dir, out, t: TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8'))) };
}

describe('the text format of a mock run', () => {
  it('opens with the mock marker, which import reads back as source: mock; the round trip is exact', async () => {
    for (const seed of [1, 2, 3, 7, 11]) {
      for (const options of [['Yes', 'No'], ['Yes', 'No', 'Partly']]) {
        const { transcript } = await mockDebate({ seed, options, motion: 'Should "smart" cities ban cars?' });
        expect(transcript.source).toBe('mock');
        const text = exportText(transcript);
        expect(text.split('\n')[0]).toBe(MOCK_MARKER);
        expect(text.split('\n')[1]).toMatch(/^AI Roundtable Debate · 4 models$/);
        const back = importText(text, 'mock.txt');
        expect(back.source).toBe('mock');
        expect(exportText(back)).toBe(text);
      }
    }
  });

  it('leaves real and imported text as it was: the seed comes back byte for byte, with no marker', () => {
    const imported = importText(SEED_TEXT, 'seed.txt');
    expect(imported.source).toBe('imported');
    expect(exportText(imported).trimEnd()).toBe(SEED_TEXT.trimEnd());
    for (const source of ['live', 'imported'] as const) expect(exportText({ ...SEED, source } as Transcript)).not.toMatch(/MOCK/);
  });

  it('a marker anywhere but the first line is not one (an argument quoting it is text)', () => {
    const lines = SEED_TEXT.split('\n');
    const quoting = [...lines.slice(0, 1), MOCK_MARKER, ...lines.slice(1)].join('\n');
    expect(() => importText(quoting, 'x.txt')).toThrow();
  });
});

describe('what a mock run prints and saves', () => {
  it('headless stdout opens with the marker; the header says generated replies for a generated run', async () => {
    const run = await mockRun(['--mock', 'Should cities ban cars?', '--seed', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(MOCK_MARKER);
    expect(run.stderr).toMatch(/^roundtable · Should cities ban cars\? .* · mock \(generated replies, no network\)$/m);
    expect(run.stderr).not.toMatch(/scripted/);
    expect(run.t.settings?.mockReplies).toBe('generated');
  });

  it('the seed rerun says scripted (with its generated round said too), and so does a --mock-from run', async () => {
    const seed = await mockRun(['--mock']);
    expect(seed.stderr).toMatch(/ · mock \(scripted replies, generated where the script has none, no network\)$/m);
    expect(seed.t.settings?.mockReplies).toBe('scripted');
    const from = await mockRun(['--mock-from', 'seeds/000_30eaba9eac67d68e.txt'.replace(/^/, new URL('../', import.meta.url).pathname)]);
    expect(from.t.settings?.mockReplies).toBe('scripted');
  });

  it('export, Markdown and the report mark it plainly', async () => {
    const run = await mockRun(['--mock', 'Should cities ban cars?', '--seed', '5']);
    const text = await runCli(['export', run.out], { cwd: run.dir });
    expect(text.stdout.split('\n')[0]).toBe(MOCK_MARKER);
    const md = await runCli(['export', run.out, '--format', 'markdown'], { cwd: run.dir });
    expect(md.stdout.split('\n')[0]).toBe('# Mock run: Should cities ban cars?');
    expect(md.stdout).toContain(`**${MOCK_MARKER}**`);
    const html = join(run.dir, 'r.html');
    const report = await runCli(['report', run.out, '-o', html], { cwd: run.dir });
    expect(report.code, report.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<p class="mock-banner" role="note">MOCK RUN · every reply below came from roundtable(&#39;|')s offline stand-in \(generated, or replayed from a file\), not live from the models named<\/p>/);
    // The text file imports back as a mock run.
    writeFileSync(join(run.dir, 't.txt'), text.stdout);
    const imported = await runCli(['import', join(run.dir, 't.txt')], { cwd: run.dir });
    expect(JSON.parse(imported.stdout).source).toBe('mock');
  });

  it('a live transcript gets no banner, title mark or marker', () => {
    const live = { ...SEED, source: 'live' } as Transcript;
    expect(exportMarkdown(live).split('\n')[0]).toBe(`# ${SEED.motion}`);
    expect(exportMarkdown(live)).not.toContain('MOCK');
  });
});
