// A table of bad inputs for every command: each is exit 2 with one sentence naming the file and
// the first problem, no stack trace, and nothing written or overwritten.
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSCRIPT_BYTES } from '../src/transcript/store.js';
import { runCli, tempDir } from './support/cli.js';

const SEED = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;
const seed = JSON.parse(readFileSync(SEED, 'utf8'));
const dir = tempDir('roundtable-bad-');

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const mutate = (name: string, change: (t: Record<string, unknown>) => void) => {
  const t = structuredClone(seed);
  change(t);
  return file(name, JSON.stringify(t));
};
const huge = file('huge.json', '');
const hugeMiB = Math.round(MAX_TRANSCRIPT_BYTES / 1048576) + 1;
truncateSync(huge, hugeMiB * 1024 * 1024);
const folder = join(dir, 'a-folder');
mkdirSync(folder);

const transcripts: Array<[string, string, RegExp]> = [
  ['an empty file', file('empty.json', ''), /empty\.json is empty/],
  ['binary junk', file('junk.json', Buffer.from([0x7b, 0x00, 0xff, 0x13, 0x00])), /junk\.json holds binary data/],
  ['non-UTF-8 text', file('latin1.json', Buffer.from('{"motion": "caf\xe9"}', 'latin1')), /latin1\.json is not UTF-8 text/],
  ['a huge file', huge, new RegExp(`huge\\.json is ${hugeMiB} MiB, larger than the ${hugeMiB - 1} MiB allowed`)],
  ['a missing file', join(dir, 'missing.json'), /missing\.json not found/],
  ['a folder', folder, /a-folder is a folder/],
  ['not JSON', file('prose.json', 'Is there a moat?'), /prose\.json is not valid JSON/],
  ['a JSON array', file('array.json', '[1,2]'), /array\.json is not a roundtable transcript/],
  ['an unknown version', mutate('v2.json', (t) => (t.version = 2)), /v2\.json is a transcript of version 2, and this roundtable reads version 1/],
  ['a missing field', mutate('nomotion.json', (t) => delete t.motion), /nomotion\.json is not a valid transcript: the field "motion"/],
  ['a wrong type', mutate('rounds.json', (t) => (t.rounds = 'three')), /rounds\.json is not a valid transcript: the field "rounds"/],
  ['two wrong fields', mutate('two.json', (t) => ((t.id = 7), (t.rounds = 'three'))), /two\.json is not a valid transcript: the field "id" should be a string, not a number; and the field "rounds" should be an array, not a string\./],
  ['NaN in a field', file('nan.json', readFileSync(SEED, 'utf8').replace('"latencyMs": null', '"latencyMs": NaN')), /nan\.json is not valid JSON \(unexpected "N" on line \d+, column \d+\); expected a roundtable transcript\./],
  ['a vote that is no option', mutate('vote.json', (t) => ((t.rounds as Array<{ turns: Array<{ vote: string }> }>)[0]!.turns[0]!.vote = 'Maybe')), /vote\.json is not a valid transcript: the field "rounds\[0\]\.turns\[0\]\.vote" is "Maybe"/],
  ['an unknown debater', mutate('who.json', (t) => ((t.rounds as Array<{ turns: Array<{ debater: string }> }>)[0]!.turns[0]!.debater = 'nobody')), /who\.json is not a valid transcript: the field "rounds\[0\]\.turns\[0\]\.debater" names "nobody"/],
];

const commands: Array<[string, (bad: string) => string[]]> = [
  ['replay', (bad) => ['replay', bad, '--headless']],
  ['export', (bad) => ['export', bad]],
  ['export --format markdown', (bad) => ['export', bad, '--format', 'markdown']],
  ['compare (first)', (bad) => ['compare', bad, SEED]],
  ['compare (second)', (bad) => ['compare', SEED, bad, '--json']],
  ['debate --resume', (bad) => ['debate', '--resume', bad, '--headless']],
  ['debate --mock', (bad) => ['debate', '--mock', bad, '--headless']],
  ['debate --mock-from', (bad) => ['debate', '--mock-from', bad, '--headless']],
];

function expectOneSentence(run: { code: number; stderr: string; stdout: string }, message: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^roundtable: /);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(run.stdout).toBe('');
}

describe.each(commands)('%s with a bad transcript', (_name, argv) => {
  it.each(transcripts)('rejects %s', async (_what, bad, message) => {
    const before = existsSync(bad) && !bad.endsWith('a-folder') ? readFileSync(bad) : null;
    const cwd = tempDir();
    const run = await runCli(argv(bad), { cwd });
    expectOneSentence(run, message);
    if (before) expect(readFileSync(bad).equals(before)).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('import with bad text', () => {
  const texts: Array<[string, string, RegExp]> = [
    ['an empty file', file('empty.txt', ''), /empty\.txt is empty/],
    ['binary junk', file('junk.txt', Buffer.from([0x41, 0x00, 0x42])), /junk\.txt holds binary data/],
    ['non-UTF-8 text', file('latin1.txt', Buffer.from('AI Roundtable Debate \xb7 2 models', 'latin1')), /latin1\.txt is not UTF-8 text/],
    ['prose', file('prose.txt', 'Dear diary,\ntoday the models argued.\n'), /prose\.txt line 1/],
    ['a truncated debate', file('cut.txt', readFileSync(new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url), 'utf8').slice(0, 900)), /cut\.txt/],
  ];
  it.each(texts)('rejects %s, and writes nothing with -o', async (_what, bad, message) => {
    const out = join(tempDir(), 'out.json');
    const run = await runCli(['import', bad, '-o', out]);
    expectOneSentence(run, message);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['a 300-character -o name', (d: string) => join(d, `${'n'.repeat(296)}.json`), /The -o file name "n{24}…" is 301 bytes long, more than the 255 a file name may have; choose a shorter one\./],
    ['a 300-character folder in -o', (d: string) => join(d, 'f'.repeat(300), 'out.json'), /cannot be written to; choose another -o\.$/m],
    ['-o under a file', (d: string) => join(file('plain.txt', 'x'), 'out.json'), /cannot be written to; choose another -o\.$/m],
  ])('refuses %s in one sentence, exit 2', async (_what, out, message) => {
    const cwd = tempDir();
    const run = await runCli(['import', new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url).pathname, '-o', out(cwd)], { cwd });
    expectOneSentence(run, message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('never overwrites an existing -o file', async () => {
    const existing = file('keep.json', 'precious');
    const run = await runCli(['import', new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url).pathname, '-o', existing]);
    expect(run.code).toBe(2);
    expect(readFileSync(existing, 'utf8')).toBe('precious');
  });
});

describe('debate with a bad panel file', () => {
  const panels: Array<[string, string, RegExp]> = [
    ['an empty file', file('p-empty.json', ''), /p-empty\.json is empty/],
    ['binary junk', file('p-junk.json', Buffer.from([0, 1, 2])), /p-junk\.json holds binary data/],
    ['debaters of the wrong type', file('p-type.json', '{"debaters": "GPT and Claude"}'), /p-type\.json at debaters should be an array, not a string;/],
    ['two bad seats', file('p-two.json', JSON.stringify({ debaters: [{ name: '', model: 'openai:x' }, { name: 'B', model: 'openai:y', temprature: 1 }] })), /p-two\.json at debaters\[0\]\.name needs a non-empty "name"; and at debaters\[1\] has unknown field "temprature";/],
    ['NaN in a panel file', file('p-nan.json', '{\n  "debaters": [\n    { "name": "A", "model": "openai:x", "temperature": NaN }\n  ]\n}'), /p-nan\.json is not valid JSON \(unexpected "N" on line 3, column \d+\)\./],
    ['one debater', file('p-one.json', JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }] })), /p-one\.json at debaters needs at least two debaters/],
    ['an unknown field', file('p-extra.json', JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }, { name: 'B', model: 'openai:y', temprature: 1 }] })), /p-extra\.json at debaters\[1\] has unknown field "temprature"/],
    ['a bad model id', file('p-model.json', JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }, { name: 'B', model: 'skynet:y' }] })), /p-model\.json: The model id "skynet:y" names the unknown provider "skynet"/],
    ['the same name twice', file('p-twice.json', JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }, { name: 'a', model: 'openai:y' }] })), /p-twice\.json names the debater "a" twice/],
    ['compat without a baseURL', file('p-compat.json', JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }, { name: 'B', model: 'compat:y' }] })), /B uses the provider "compat", which needs a "baseURL"/],
  ];
  it.each(panels)('rejects %s', async (_what, bad, message) => {
    const cwd = tempDir();
    const run = await runCli(['debate', 'M?', '--panel', bad, '--mock'], { cwd });
    expectOneSentence(run, message);
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('debate flags', () => {
  const flags: Array<[string, string[], RegExp]> = [
    ['a motion given twice', ['debate', 'A?', '--motion', 'B?', '--mock'], /Give the motion once/],
    ['both --panel and --models', ['debate', 'A?', '--panel', 'seed', '--models', 'openai:a,openai:b', '--mock'], /either --panel or --models/],
    ['one model', ['debate', 'A?', '--models', 'openai:a', '--mock'], /--models needs at least two model ids/],
    ['too many rounds', ['debate', 'A?', '--rounds', '11', '--mock'], /--rounds takes a whole number from 1 to 10, not "11"/],
    ['a non-numeric --retries', ['debate', 'A?', '--retries', 'many', '--mock'], /--retries takes a whole number from 0 to 10, not "many"/],
    ['a bad --brief file', ['debate', 'A?', '--brief', join(dir, 'nope.txt'), '--mock'], /nope\.txt not found/],
    ['27 options', ['debate', 'A?', '--options', Array.from({ length: 27 }, (_, i) => `o${i}`).join(','), '--mock'], /at most 26 options/],
    ['an unknown command', ['debait'], /unknown command 'debait'/],
  ];
  it.each(flags)('rejects %s', async (_what, argv, message) => {
    const cwd = tempDir();
    const run = await runCli(argv, { cwd });
    expectOneSentence(run, message);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
