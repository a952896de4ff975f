// Input errors are input errors (exit 2, one sentence that says what to do), never "unexpected
// failure": a transcript nested 2,000 levels deep, a missing file ("not found", not "(ENOENT)"),
// a text page given where a transcript belongs, `export --format html`, a prices file with a
// string or an absurd price, --max-cost with an unpriced seat named once.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

const SEEDS = join(import.meta.dirname, '..', 'seeds');
const SEED_JSON = join(SEEDS, '000_30eaba9eac67d68e.json');
const SEED_TXT = join(SEEDS, '000_30eaba9eac67d68e.txt');

function oneSentence(run: { code: number; stderr: string }, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/unexpected failure|ENOENT|EACCES|ENOTDIR|at .*\.ts:\d+/);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('a transcript nested deeper than any roundtable writes', () => {
  const deep = (levels: number, where: 'settings' | 'judgement') => {
    const dir = tempDir();
    const t = JSON.parse(readFileSync(SEED_JSON, 'utf8'));
    t.status = 'interrupted';
    let inner: Record<string, unknown> = {};
    const root = inner;
    for (let i = 0; i < levels; i++) {
      inner.a = {};
      inner = inner.a as Record<string, unknown>;
    }
    if (where === 'settings') t.settings = { ...t.settings, deep: root };
    else t.judgement = { ...t.judgement, extra: root };
    const file = join(dir, 'deep.json');
    writeFileSync(file, JSON.stringify(t));
    return { dir, file };
  };

  it.each([
    ['debate --resume', (f: string) => ['debate', '--resume', f, '--mock', '--mock-pace', '0']],
    ['export', (f: string) => ['export', f]],
    ['replay --headless', (f: string) => ['replay', f, '--headless']],
    ['stats', (f: string) => ['stats', f]],
  ])('%s of 2,000-deep settings is refused as input', async (_what, args) => {
    const { dir, file } = deep(2000, 'settings');
    oneSentence(await runCli(args(file), { cwd: dir }), /deep\.json .*nest.*levels deep/);
  });

  it('a judgement with 300 nested levels is refused too, naming the field', async () => {
    const { dir, file } = deep(300, 'judgement');
    oneSentence(await runCli(['export', file], { cwd: dir }), /"judgement"/);
  });

  it('a few levels of settings a newer roundtable may write still read', async () => {
    const { dir, file } = deep(5, 'settings');
    const run = await runCli(['export', file], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
  });
});

describe('a file that is not there is "not found"', () => {
  it.each([
    ['replay', (m: string) => ['replay', m, '--headless']],
    ['export', (m: string) => ['export', m]],
    ['compare', (m: string) => ['compare', m, SEED_JSON]],
    ['stats', (m: string) => ['stats', m]],
    ['report', (m: string) => ['report', m]],
    ['import', (m: string) => ['import', m.replace(/json$/, 'txt')]],
    ['debate --mock-from', (m: string) => ['debate', '--mock-from', m]],
    ['debate --resume', (m: string) => ['debate', '--resume', m]],
    ['debate --prices', (m: string) => ['debate', '--mock', 'Q?', '--prices', m]],
    ['debate --panel', (m: string) => ['debate', '--mock', 'Q?', '--panel', m]],
    ['batch', (m: string) => ['batch', m.replace(/json$/, 'jsonl'), '--mock']],
  ])('%s', async (_what, args) => {
    const dir = tempDir();
    const missing = join(dir, 'nothere.json');
    oneSentence(await runCli(args(missing), { cwd: dir }), /nothere\.(jsonl?|txt) not found/);
  });

  it('a path through a file where a folder belongs says so in words', async () => {
    const dir = tempDir();
    copyFileSync(SEED_JSON, join(dir, 'a.json'));
    oneSentence(await runCli(['stats', 'a.json/runs'], { cwd: dir }), /a\.json\/runs .*not a folder/);
    oneSentence(await runCli(['export', join(dir, 'a.json', 'x.json')]), /not a folder/);
  });
});

describe('the right command for the file', () => {
  it.each([
    ['replay', (f: string) => ['replay', f, '--headless']],
    ['export', (f: string) => ['export', f]],
    ['compare', (f: string) => ['compare', f, SEED_JSON]],
  ])('%s of a page in the text format suggests import', async (_what, args) => {
    const dir = tempDir();
    const page = join(dir, 'page.txt');
    copyFileSync(SEED_TXT, page);
    oneSentence(await runCli(args(page), { cwd: dir }), /page\.txt .*roundtable text format.*npx roundtable import .*page\.txt -o /);
  });

  it('a text page saved as .json is recognised by its first line', async () => {
    const dir = tempDir();
    const page = join(dir, 'page.json');
    copyFileSync(SEED_TXT, page);
    oneSentence(await runCli(['export', page], { cwd: dir }), /npx roundtable import /);
  });

  it.each(['html', 'HTML', 'pdf'])('export --format %s says which formats there are, and points to report for a page', async (format) => {
    const run = await runCli(['export', SEED_JSON, '--format', format]);
    oneSentence(run, /text or markdown/);
    if (/html/i.test(format)) expect(run.stderr).toMatch(/npx roundtable report .* -o /);
  });
});

describe('prices files', () => {
  const prices = (content: unknown) => {
    const dir = tempDir();
    const file = join(dir, 'prices.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return { dir, file };
  };

  it.each([
    ['a string price', { 'openai:gpt-5.4': { input: '2', output: 3 } }, /input.*must be a number.*"2"|input.*a number, not a string/],
    ['a boolean price', { 'openai:gpt-5.4': { input: 2, output: true } }, /output.*number/],
    ['a null price', { 'openai:gpt-5.4': { input: null, output: 3 } }, /input.*number/],
  ])('%s says the field must be a number', async (_what, content, pattern) => {
    const { dir, file } = prices(content);
    const run = await runCli(['debate', '--mock', 'Q?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--prices', file, '--dry-run'], { cwd: dir });
    oneSentence(run, pattern);
    expect(run.stderr).not.toMatch(/missing/);
  });

  it('a missing price still says it is missing', async () => {
    const { dir, file } = prices({ 'openai:gpt-5.4': { input: 2 } });
    oneSentence(await runCli(['debate', '--mock', 'Q?', '--prices', file, '--dry-run'], { cwd: dir }), /output.*missing/);
  });

  it.each([['1e308', '{"openai:gpt-5.4": {"input": 1e308, "output": 1e308}}'], ['1e12', '{"openai:gpt-5.4": {"input": 1e12, "output": 1}}']])(
    'a price of %s per million tokens is refused, never printed as $Infinity',
    async (_what, text) => {
      const { dir, file } = prices(text);
      const run = await runCli(['debate', '--mock', 'Q?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--prices', file, '--dry-run'], { cwd: dir });
      expect(run.stdout).not.toMatch(/Infinity|NaN/);
      oneSentence(run, /more than .* per million tokens/);
    },
  );
});

describe('--max-cost with an unpriced seat', () => {
  it('names a seat that is both the first debater and the judge once', async () => {
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({ debaters: [{ name: 'Local', model: 'compat:foo', baseURL: 'http://localhost:9/v1' }, { name: 'G', model: 'openai:gpt-5.4' }] }));
    const run = await runCli(['debate', '--mock', 'Q?', '--panel', panel, '--max-cost', '1'], { cwd: dir });
    oneSentence(run, /Local \(compat:foo\)/);
    expect(run.stderr.match(/compat:foo/g)).toHaveLength(1);
  });

  it('names two unpriced models once each', async () => {
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({ debaters: [{ name: 'L1', model: 'compat:foo', baseURL: 'http://localhost:9/v1' }, { name: 'L2', model: 'compat:bar', baseURL: 'http://localhost:9/v1' }, { name: 'G', model: 'openai:gpt-5.4' }] }));
    const run = await runCli(['debate', '--mock', 'Q?', '--panel', panel, '--max-cost', '1'], { cwd: dir });
    oneSentence(run, /L1 \(compat:foo\).*L2 \(compat:bar\)/);
    expect(run.stderr.match(/compat:foo/g)).toHaveLength(1);
  });
});
