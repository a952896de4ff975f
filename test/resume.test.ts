// Resuming: a failed round is asked again (complete only when every round held quorum), a
// transcript is checked like flags are, and flags a resume would ignore are refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { isJudgeCall, judgement, lastUserText, useWire, vote } from './support/wire.js';

const wire = useWire();
const THREE = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning';
const FAST = ['--retry-base-ms', '1', '--headless'];
const read = (path: string): Transcript => TranscriptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
const isRound1 = (call: Parameters<typeof isJudgeCall>[0]) => !isJudgeCall(call) && /opening round/.test(lastUserText(call));

describe('resuming a failed debate', () => {
  it('asks the debaters who gave no vote in the failed round again, and records complete only once every round held quorum', async () => {
    const out = join(tempDir(), 'failed.json');
    // Round 1: only OpenAI can answer; the others are refused (401, not retried). The debate fails.
    wire.script((call) => (call.provider === 'openai' ? vote('Yes', 'OpenAI stood alone.') : { kind: 'http', status: 401 }));
    const first = await runCli(['debate', 'Quorum?', '--models', THREE, '--judge', 'openai:gpt-5.4', '--rounds', '2', '--out', out, ...FAST], { env: FAKE_KEYS });
    expect(first.code).toBe(1);
    const failed = read(out);
    expect(failed).toMatchObject({ status: 'failed', judgement: null });
    expect(failed.rounds).toHaveLength(1);

    // Still no quorum on resume: failed again, never complete, and no judge is asked.
    wire.calls.length = 0;
    const again = await runCli(['debate', '--resume', out, ...FAST], { env: FAKE_KEYS });
    expect(again.code).toBe(1);
    expect(read(out)).toMatchObject({ status: 'failed', judgement: null });
    expect(wire.calls.filter(isJudgeCall)).toHaveLength(0);
    expect(wire.calls.map((c) => c.provider).sort()).toEqual(['anthropic', 'xai']);

    // Now everyone answers: round 1 asks again only the two who gave no vote, then round 2 and the judge.
    wire.calls.length = 0;
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote(call.provider === 'xai' ? 'No' : 'Yes', `${call.provider} answers on resume.`)));
    const resumed = await runCli(['debate', '--resume', out, '--json', ...FAST], { env: FAKE_KEYS });
    expect(resumed.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(resumed.stdout));
    expect(t).toMatchObject({ status: 'complete', error: null, id: failed.id });
    expect(wire.calls.filter(isRound1).map((c) => c.provider).sort()).toEqual(['anthropic', 'xai']);
    expect(t.rounds.map((r) => r.turns.map((x) => x.vote))).toEqual([
      ['Yes', 'Yes', 'No'],
      ['Yes', 'Yes', 'No'],
    ]);
    expect(t.rounds[0]!.turns[0]!.argument).toBe('OpenAI stood alone.');
    expect(t.judgement).not.toBeNull();
    expect(t.result).toMatchObject({ label: 'Majority', winner: 'Yes', validVotes: 3 });
  });
});

/** An interrupted transcript of a real run, to be altered by each case. */
async function interruptedTranscript(): Promise<Transcript> {
  wire.script((call) => (isJudgeCall(call) ? judgement() : vote(call.provider === 'xai' ? 'No' : 'Yes')));
  const out = join(tempDir(), 'base.json');
  const run = await runCli(['debate', 'Checked?', '--models', THREE, '--no-judge', '--rounds', '2', '--out', out, ...FAST], { env: FAKE_KEYS });
  expect(run.code).toBe(0);
  const t = read(out);
  return { ...t, status: 'interrupted', finishedAt: null, rounds: t.rounds.slice(0, 1) };
}

function save(t: unknown): string {
  const path = join(tempDir(), 'altered.json');
  writeFileSync(path, JSON.stringify(t, null, 2));
  return path;
}

describe('a transcript is checked like flags are', () => {
  const cases: [string, (t: Transcript) => unknown, RegExp][] = [
    ['1,000 planned rounds', (t) => ({ ...t, plannedRounds: 1000 }), /"plannedRounds" is 1000, more than the 10 rounds roundtable runs/],
    ['a 1001-member panel', (t) => ({ ...t, panel: Array.from({ length: 1001 }, (_, i) => ({ id: `d${i}`, name: `D${i}`, model: 'openai:gpt-5.4' })), rounds: [] }), /"panel" has 1001 debaters, more than the 1000 roundtable seats/],
    ['duplicate panel ids', (t) => ({ ...t, panel: [...t.panel, { ...t.panel[0]! }] }), /"panel\[3\]\.id" is "gpt-5-4" again/],
    ['a round with one debater twice (and another never)', (t) => ({ ...t, rounds: [{ ...t.rounds[0]!, turns: [t.rounds[0]!.turns[0]!, t.rounds[0]!.turns[1]!, t.rounds[0]!.turns[0]!] }] }), /"rounds\[0\]\.turns\[2\]\.debater" names "gpt-5-4" a second time in round 1/],
    ['11 rounds', (t) => ({ ...t, plannedRounds: undefined, rounds: Array.from({ length: 11 }, (_, i) => ({ ...t.rounds[0]!, number: i + 1 })) }), /"rounds" holds 11 rounds, more than the 10 roundtable runs/],
  ];
  it.each(cases)('refuses %s on --resume, replay and export with one sentence, exit 2', async (_name, alter, message) => {
    const path = save(alter(await interruptedTranscript()));
    wire.calls.length = 0;
    for (const argv of [['debate', '--resume', path, ...FAST], ['replay', path, '--headless'], ['export', path]]) {
      const run = await runCli(argv, { env: FAKE_KEYS });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(wire.calls).toHaveLength(0);
  });

  it('recomputes the result from the votes: a stored result that contradicts them is never shown', async () => {
    const base = await interruptedTranscript();
    const path = save({ ...base, status: 'complete', result: { label: 'Unanimous', winner: 'Maybe', tally: { Maybe: 99 }, validVotes: 99, panelSize: 99 } });
    const run = await runCli(['replay', path, '--headless'], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Maybe|99/);
    expect(run.stdout).toMatch(/Result: Majority — Yes \(2\/3 votes\)/);
    for (const argv of [['export', path], ['export', path, '--format', 'markdown'], ['compare', path, path], ['compare', path, path, '--json']]) {
      const shown = await runCli(argv, { env: {} });
      expect(shown.code, argv.join(' ')).toBe(0);
      expect(shown.stdout, argv.join(' ')).not.toMatch(/Maybe|99|Unanimous/);
      expect(shown.stdout, argv.join(' ')).toMatch(/Majority|"winner": "Yes"/);
    }
  });
});

describe('--resume refuses flags it would ignore', () => {
  it.each([
    [['--out', 'other.json'], '--out'],
    [['--models', THREE], '--models'],
    [['--rounds', '3'], '--rounds'],
    [['--options', 'Yes,No'], '--options'],
    [['--mode', 'debate'], '--mode'],
    [['--options', 'A,B', '--rounds', '3'], '--options, --rounds'],
  ])('refuses %j with one sentence, exit 2', async (extra, named) => {
    const path = save(await interruptedTranscript());
    wire.calls.length = 0;
    const run = await runCli(['debate', '--resume', path, ...extra, ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`roundtable: --resume continues the debate its transcript describes, so it cannot take ${named}; run it without ${named.includes(',') ? 'them' : 'it'}.\n`);
    expect(wire.calls).toHaveLength(0);
  });

  it('refuses a motion given with --resume', async () => {
    const path = save(await interruptedTranscript());
    const run = await runCli(['debate', 'Another motion?', '--resume', path, ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot take a motion; run it without it\.\n$/);
  });
});
