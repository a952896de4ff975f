// No command writes over one of its own inputs: `report in.json -o in.json`, `-o runs/batch.json`
// of a folder it reads, a path that names an input another way (../, a symlink), `import x.txt -o
// x.txt`, `debate --mock-from t.json --out t.json`. Each is refused with exit 2 and one sentence,
// and the input is left byte for byte as it was.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

const SEEDS = join(import.meta.dirname, '..', 'seeds');
const SEED_JSON = join(SEEDS, '000_30eaba9eac67d68e.json');
const SEED_TXT = join(SEEDS, '000_30eaba9eac67d68e.txt');

function folder(): { dir: string; a: string; b: string; runs: string; manifest: string } {
  const dir = tempDir();
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  copyFileSync(SEED_JSON, a);
  copyFileSync(SEED_JSON, b);
  const runs = join(dir, 'runs');
  mkdirSync(runs);
  copyFileSync(SEED_JSON, join(runs, 'q1-r1.json'));
  const manifest = join(runs, 'batch.json');
  writeFileSync(manifest, '{"format":"roundtable-batch"}\n');
  return { dir, a, b, runs, manifest };
}

function expectRefused(run: { code: number; stderr: string }, file: string, before: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^roundtable: .*(input|reads)/);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(readFileSync(file, 'utf8')).toBe(before);
}

describe('report never writes over what it reads', () => {
  it.each([
    ['the same name', (f: ReturnType<typeof folder>) => ({ args: [f.a, '-o', f.a], hit: f.a })],
    ['the second of two inputs', (f: ReturnType<typeof folder>) => ({ args: [f.a, f.b, '-o', f.b], hit: f.b })],
    ['a relative name from the cwd', (f: ReturnType<typeof folder>) => ({ args: ['a.json', '-o', 'a.json'], hit: f.a })],
    ['a roundabout path', (f: ReturnType<typeof folder>) => ({ args: ['a.json', '-o', `runs/../a.json`], hit: f.a })],
    ['the batch.json of a folder it reads', (f: ReturnType<typeof folder>) => ({ args: ['runs', '-o', 'runs/batch.json'], hit: f.manifest })],
    ['a transcript of a folder it reads', (f: ReturnType<typeof folder>) => ({ args: [`${f.runs}/`, '-o', join(f.runs, 'q1-r1.json')], hit: join(f.runs, 'q1-r1.json') })],
  ])('refuses -o naming %s', async (_what, make) => {
    const f = folder();
    const { args, hit } = make(f);
    const before = readFileSync(hit, 'utf8');
    expectRefused(await runCli(['report', ...args], { cwd: f.dir }), hit, before);
  });

  it('refuses -o through a symlink to an input', async () => {
    const f = folder();
    const link = join(f.dir, 'link.json');
    symlinkSync(f.a, link);
    const before = readFileSync(f.a, 'utf8');
    expectRefused(await runCli(['report', f.a, '-o', link], { cwd: f.dir }), f.a, before);
  });

  it('writes a page beside its inputs as before', async () => {
    const f = folder();
    const run = await runCli(['report', 'runs', '-o', 'runs/report.html'], { cwd: f.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(f.runs, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});

describe('import and debate never write over what they read', () => {
  it('import x.txt -o x.txt says the file is its input', async () => {
    const dir = tempDir();
    const txt = join(dir, 'x.txt');
    copyFileSync(SEED_TXT, txt);
    const before = readFileSync(txt, 'utf8');
    expectRefused(await runCli(['import', txt, '-o', txt], { cwd: dir }), txt, before);
  });

  it('debate --mock-from t.json --out t.json says the file is its input', async () => {
    const dir = tempDir();
    const t = join(dir, 't.json');
    copyFileSync(SEED_JSON, t);
    const before = readFileSync(t, 'utf8');
    expectRefused(await runCli(['debate', '--mock-from', t, '--out', t, '--mock-pace', '0'], { cwd: dir }), t, before);
  });

  it('debate --brief b.txt --out b.txt says the file is its input', async () => {
    const dir = tempDir();
    const b = join(dir, 'b.txt');
    writeFileSync(b, 'Some background.\n');
    expectRefused(await runCli(['debate', '--mock', 'Q?', '--brief', b, '--out', b, '--mock-pace', '0'], { cwd: dir }), b, 'Some background.\n');
  });
});
