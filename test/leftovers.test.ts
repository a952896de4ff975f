// A refused command leaves nothing behind, and what a refused or broken run could leave does not
// break the readers: a debate refused for a bad stance writes no transcript; a refused batch no
// --out folder; a bad judge in a spec line is refused naming the line and the question; stats
// and report skip an empty or broken file of a folder with one line on stderr.
import { copyFileSync, readFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

const SEED = join(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');

describe('a debate refused for its panel writes no transcript', () => {
  it.each([
    ['a stance that is no option', { debaters: [{ name: 'A', model: 'openai:gpt-5.4', stance: 'Maybe' }, { name: 'B', model: 'anthropic:claude-opus-4-6' }] }],
    ['a stance on the second seat', { debaters: [{ name: 'A', model: 'openai:gpt-5.4' }, { name: 'B', model: 'anthropic:claude-opus-4-6', stance: 'Partly' }] }],
  ])('%s: exit 2, transcripts/ holds nothing', async (_what, panel) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'panel.json'), JSON.stringify(panel));
    const run = await runCli(['debate', '--mock', 'Q?', '--panel', join(dir, 'panel.json'), '--mock-pace', '0'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stance/);
    const folder = join(dir, 'transcripts');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('with --out: the file is not created', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'panel.json'), JSON.stringify({ debaters: [{ name: 'A', model: 'openai:gpt-5.4', stance: 'Nope' }, { name: 'B', model: 'openai:gpt-5.4-mini' }] }));
    const out = join(dir, 'out.json');
    const run = await runCli(['debate', '--mock', 'Q?', '--panel', join(dir, 'panel.json'), '--out', out], { cwd: dir });
    expect(run.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a refused batch leaves no --out folder', () => {
  const spec = (dir: string, lines: object[]) => {
    const path = join(dir, 'spec.jsonl');
    writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
    return path;
  };
  it.each([
    ['missing keys (live)', [{ motion: 'Is tea better?', options: ['Yes', 'No'] }], [] as string[]],
    ['an unknown provider as a line\'s judge', [{ motion: 'Is A better?', options: ['Yes', 'No'] }, { motion: 'Is tea better?', options: ['Yes', 'No'], judge: 'nope:x' }], ['--mock']],
    ['a bad panel preset', [{ motion: 'Is tea better?', options: ['Yes', 'No'], panel: 'no-such-panel' }], ['--mock']],
  ])('%s', async (_what, lines, flags) => {
    const dir = tempDir();
    const run = await runCli(['batch', spec(dir, lines), '--out', 'out', ...flags], { cwd: dir, env: {} });
    expect(run.code, run.stderr).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.each([
    ['an unknown provider', 'nope:x', /unknown provider "nope"/],
    ['no provider:model form', 'openai', /not of the form provider:model/],
  ])('a judge with %s names the spec line and the question', async (_what, judge, why) => {
    const dir = tempDir();
    const path = spec(dir, [{ motion: 'Is A better?', options: ['Yes', 'No'] }, { motion: 'Is tea better than coffee?', options: ['Yes', 'No'], judge }]);
    const run = await runCli(['batch', path, '--mock', '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/spec\.jsonl line 2/);
    expect(run.stderr).toMatch(/Is tea better than coffee\?/);
    expect(run.stderr).toMatch(why);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('stats and report skip a broken file in a folder', () => {
  function runs(broken: Record<string, string>): string {
    const dir = tempDir();
    const folder = join(dir, 'transcripts');
    mkdirSync(folder);
    copyFileSync(SEED, join(folder, 'a.json'));
    // A second run, not the same one twice (stats counts a run given twice once, and says so).
    writeFileSync(join(folder, 'b.json'), JSON.stringify({ ...JSON.parse(readFileSync(SEED, 'utf8')), id: 'a-second-run' }));
    for (const [name, text] of Object.entries(broken)) writeFileSync(join(folder, name), text);
    return dir;
  }
  const cases: Array<[string, Record<string, string>]> = [
    ['a 0-byte file', { 'c.json': '' }],
    ['half a transcript', { 'c.json': '{"format": "roundtable-transcript", "version": 1, "motion": "x' }],
    ['a 0-byte file and a stray JSON file', { 'c.json': '', 'd.json': '{"hello": 1}' }],
  ];

  it.each(cases)('stats: %s', async (_what, broken) => {
    const dir = runs(broken);
    const run = await runCli(['stats', 'transcripts/', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toBeTruthy();
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(Object.keys(broken).length);
    for (const name of Object.keys(broken)) expect(run.stderr).toContain(name);
    expect(run.stderr).toMatch(/skipp/i);
  });

  it.each(cases)('report: %s', async (_what, broken) => {
    const dir = runs(broken);
    const run = await runCli(['report', 'transcripts/'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/i);
    expect(run.stderr.trim().split('\n')).toHaveLength(Object.keys(broken).length);
  });

  it('a folder of nothing but broken files is refused, exit 2', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'transcripts'));
    writeFileSync(join(dir, 'transcripts', 'x.json'), '');
    writeFileSync(join(dir, 'transcripts', 'y.json'), '');
    const run = await runCli(['stats', 'transcripts'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no readable transcript/i);
  });
});
