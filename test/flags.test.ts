// Every number flag against its stated range (below, above, not a number), --help showing each
// default and range, and flags that conflict refused with exit 2 and one sentence.
import { describe, expect, it } from 'vitest';
import { NUMBER_FLAGS, parseNumberFlag, type NumberFlag, type NumberRange } from '../src/cli/number-flags.js';
import { runCli } from './support/cli.js';

const SEED = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;

/** The command line that gives a flag a value. */
function argvFor(flag: NumberFlag, value: string): string[] {
  if (flag === '--speed') return ['replay', SEED, flag, value];
  if (flag === '--timeout') return ['doctor', '--no-judge', flag, value];
  return ['debate', '--mock', '--headless', flag, value];
}

function expectRefused(run: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(run.stdout).toBe('');
}

const rows = Object.entries(NUMBER_FLAGS) as Array<[NumberFlag, NumberRange]>;

describe('number flags', () => {
  const cases = rows.flatMap(([flag, range]) => [
    [flag, 'below the range', String(range.min - 1)],
    ...(range.min > 0 ? [[flag, 'zero', '0']] : []),
    [flag, 'above the range', String(range.max + 1)],
    [flag, 'far above the range', String(Math.max(3_000_000, range.max * 1000))],
    [flag, 'not a number', 'soon'],
    [flag, 'empty', ''],
    [flag, 'infinite', '1e999'],
    [flag, 'hexadecimal', '0x10'],
    ...(range.integer ? [[flag, 'a fraction', `${range.min}.5`]] : []),
  ]) as Array<[NumberFlag, string, string]>;

  it.each(cases)('%s %s ("%s") is refused with its range', async (flag, _what, value) => {
    const range = NUMBER_FLAGS[flag] as NumberRange;
    const run = await runCli(argvFor(flag, value), { env: {} });
    const escaped = flag.replace(/-/g, '\\-');
    expectRefused(run, new RegExp(`^roundtable: ${escaped} takes a (whole )?number from ${range.min} to ${range.max}`));
  });

  it.each(rows)('%s takes its bounds and its default', (flag, range) => {
    expect(parseNumberFlag(flag, range, String(range.min))).toBe(range.min);
    expect(parseNumberFlag(flag, range, String(range.max))).toBe(range.max);
    if (range.default !== undefined) {
      expect(range.default).toBeGreaterThanOrEqual(range.min);
      expect(range.default).toBeLessThanOrEqual(range.max);
    }
  });

  it('keeps every time within what a Node timer can wait, and no timeout at zero', () => {
    // Node turns a delay above 2^31-1 ms into 1 ms: a timeout in seconds must stay well under it.
    for (const flag of ['--first-token-timeout', '--idle-timeout', '--call-timeout'] as const) {
      expect(NUMBER_FLAGS[flag].min).toBeGreaterThan(0);
      expect(NUMBER_FLAGS[flag].max * 1000).toBeLessThan(2 ** 31 - 1);
    }
    const retry = NUMBER_FLAGS['--retry-base-ms'];
    expect(retry.max * 2 ** NUMBER_FLAGS['--retries'].max).toBeLessThan(2 ** 31 - 1);
  });

  it.each([
    ['debate', 'debate --help'],
    ['replay', 'replay --help'],
  ])('%s --help shows every number flag with its default and range', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    const text = run.stdout.replace(/\s+/g, ' ');
    const numberFlags = [...run.stdout.matchAll(/(--[a-z-]+) <(?:n|ms|s|seconds|tokens|usd|count)>/g)].map((m) => m[1]!);
    expect(numberFlags.length).toBeGreaterThan(0);
    for (const flag of numberFlags) {
      // Every number flag of the command is in the table, and its help says its range.
      expect(Object.keys(NUMBER_FLAGS)).toContain(flag);
      const range = NUMBER_FLAGS[flag as NumberFlag] as NumberRange;
      const unit = range.unit ? ` ${range.unit}` : '';
      expect(text).toContain(`${range.min} to ${range.max}${unit})`);
      if (range.default !== undefined) expect(text).toContain(`(default ${range.default}${unit};`);
    }
  });

  it('states the defaults a new user asks about', async () => {
    const text = (await runCli(['debate', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/--rounds <n> total rounds, the blind opening round included \(default 2, or 1 with --mode poll; 1 to 10\)/);
    expect(text).toMatch(/--mock-pace <ms> .*\(default 25 ms; 0 to 5000 ms\)/);
  });
});

describe('conflicting flags', () => {
  it.each([
    ['--judge then --no-judge', ['debate', '--mock', '--headless', '--judge', 'openai:gpt-5.4', '--no-judge'], /^roundtable: Give --judge or --no-judge, not both\.$/m],
    ['--no-judge then --judge', ['debate', '--mock', '--headless', '--no-judge', '--judge', 'openai:gpt-5.4'], /^roundtable: Give --judge or --no-judge, not both\.$/m],
    ['replay --speed with --headless', ['replay', SEED, '--headless', '--speed', '2'], /^roundtable: --speed sets the pace of the player and --headless prints the text instead/],
    ['--mock-pace on a live run', ['debate', 'Is it?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--mock-pace', '0'], /^roundtable: --mock-pace sets the pace of mock replies, so it needs --mock\.$/m],
  ])('%s is refused with exit 2', async (_what, argv, message) => {
    expectRefused(await runCli(argv as string[], { env: {} }), message as RegExp);
  });
});
