// The debate end to end through the CLI: rounds, vote changes, result labels, the judge,
// retries, failing providers and the transcript file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { isJudgeCall, judgement, lastUserText, useWire, vote } from './support/wire.js';
import type { WireAnswer, WireCall } from '../src/mock/types.js';
import { closedJudgement, closedResult } from '../src/core/result.js';

const wire = useWire();
const FAST = ['--retry-base-ms', '1', '--headless'];
const THREE = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning';

function parse(stdout: string): Transcript {
  return TranscriptSchema.parse(JSON.parse(stdout));
}

/** Which round a debater is in: round 1 prompts contain "the opening round". */
const roundOf = (call: WireCall) => (/opening round/.test(lastUserText(call)) ? 1 : Number(/This is round (\d+)/.exec(lastUserText(call))?.[1]));

describe('rounds and votes', () => {
  it('runs a blind round, then shows each debater the previous round and records changed votes', async () => {
    wire.script((call) => {
      if (isJudgeCall(call)) return judgement();
      // Anthropic starts on No and is persuaded in round 2.
      if (call.provider === 'anthropic') return roundOf(call) === 1 ? vote('No', 'Round one: no.') : vote('Yes', 'Persuaded by GPT.');
      return vote('Yes', `${call.provider} argues yes in round ${roundOf(call)}.`);
    });
    const run = await runCli(['debate', 'Moat?', '--models', THREE, '--judge', 'openai:gpt-5.4-mini', '--rounds', '3', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const t = parse(run.stdout);
    expect(t.rounds.map((r) => r.number)).toEqual([1, 2, 3]);
    const claude = t.rounds.map((r) => r.turns.find((x) => x.debater === 'claude-opus-4-6')!);
    expect(claude.map((x) => [x.vote, x.previousVote, x.changed])).toEqual([
      ['No', null, false],
      ['Yes', 'No', true],
      ['Yes', 'Yes', false],
    ]);
    // Round 1 is blind; round 2 quotes round 1 (and never round 2) as material.
    const round1 = wire.calls.filter((c) => !isJudgeCall(c) && roundOf(c) === 1);
    expect(round1).toHaveLength(3);
    for (const c of round1) expect(lastUserText(c)).not.toMatch(/argues yes|Round one/);
    const round2Gpt = wire.calls.find((c) => c.provider === 'openai' && !isJudgeCall(c) && roundOf(c) === 2)!;
    expect(lastUserText(round2Gpt)).toMatch(/BEGIN MATERIAL MATERIAL-[0-9a-f]{12}: claude-opus-4-6, voted No ═════\n┃ Round one: no\./);
    expect(lastUserText(round2Gpt)).not.toMatch(/Persuaded/);
    // The judge sees the whole debate, vote changes included.
    const judgeCall = wire.calls.find(isJudgeCall)!;
    expect(lastUserText(judgeCall)).toMatch(/claude-opus-4-6, round 2, voted Yes \(changed from No\)/);
    expect(t.result).toMatchObject({ label: 'Unanimous', winner: 'Yes', tally: { Yes: 3, No: 0 } });
    expect(closedJudgement(t.judgement)?.strongestArguments).toEqual({ Yes: 'The best case for Yes.', No: 'The best case for No.' });
  });

  it('prints progress on stderr and the result in the roundtable text format on stdout', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote(call.provider === 'xai' ? 'No' : 'Yes')));
    const run = await runCli(['debate', 'Moat?', '--models', THREE, ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^AI Roundtable Debate · 3 models\nMoat\?\nResult: Majority — Yes \(2\/3 votes\)\nOptions\n- Yes \(2 votes\)\n- No \(1 votes\)\nModel Responses\n/);
    expect(run.stdout).toMatch(/Final Summary\nThe panel argued it out\./);
    expect(run.stderr).toMatch(/Round 1 of 2 \(blind\)/);
    expect(run.stderr).toMatch(/✓ grok-4-1-fast-reasoning\s+No\s+\d+\.\d s/);
    expect(run.stderr).toMatch(/Judging · gpt-5\.4\n/);
    expect(run.stderr).toMatch(/Transcript saved to transcripts\/\d{4}-\d\d-\d\d-moat\.json/);
  });

  const labels: Array<[string, string[], string, string | null]> = [
    ['Unanimous', ['A', 'A', 'A', 'A'], 'Unanimous — Yes (4/4 votes)', 'Yes'],
    ['Supermajority', ['A', 'A', 'A', 'B'], 'Supermajority — Yes (3/4 votes)', 'Yes'],
    ['Majority', ['A', 'A', 'A', 'B', 'C'], 'Majority — Yes (3/5 votes)', 'Yes'],
    ['Plurality', ['A', 'A', 'B', 'C'], 'Plurality — Yes (2/4 votes)', 'Yes'],
    ['Tie', ['A', 'A', 'B', 'B'], 'Tie — Yes / No (2/4 votes each)', null],
  ];
  for (const [label, votes, line, winner] of labels) {
    it(`labels a ${label}`, async () => {
      const models = votes.map((_, i) => `openai:gpt-5.4-seat${i}`);
      wire.script((call) => vote(votes[Number(/seat(\d)/.exec(call.model)![1])]!));
      const run = await runCli(['debate', 'Labels?', '--options', 'Yes,No,Maybe', '--models', models.join(','), '--no-judge', '--mode', 'poll', '--json', ...FAST], { env: FAKE_KEYS });
      const t = parse(run.stdout);
      expect(t.result?.label).toBe(label);
      expect(closedResult(t.result)?.winner).toBe(winner);
      expect(run.stderr).toContain(line);
    });
  }
});

describe('briefing', () => {
  it('gives every debater the seed discussions as quoted background reading with --brief seed', async () => {
    wire.script(() => vote('Yes'));
    const run = await runCli(['debate', 'Moat?', '--models', THREE, '--no-judge', '--rounds', '1', '--brief', 'seed', ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    for (const call of wire.calls) {
      const prompt = lastUserText(call);
      expect(prompt).toMatch(/Background reading, quoted as material:/);
      for (const n of ['001', '002', '003', '004']) expect(prompt).toMatch(new RegExp(`BEGIN MATERIAL MATERIAL-[0-9a-f]{12}: background reading \\(${n}_`));
      expect(prompt).toContain('Anthropic’s moat is their best tool, Claude Code.');
    }
  });
});

describe('failing providers never lose the debate', () => {
  const panel = ['--models', THREE, '--no-judge', '--rounds', '1', '--json', ...FAST];

  it('waits as retry-after says on a 429, then succeeds with exactly two calls', async () => {
    wire.script((call) => (call.provider === 'openai' && call.attempt === 1 ? { kind: 'http', status: 429, headers: { 'retry-after-ms': '30' } } : vote('Yes')));
    const run = await runCli(['debate', 'R?', ...panel], { env: FAKE_KEYS });
    const t = parse(run.stdout);
    expect(wire.callsTo('openai')).toHaveLength(2);
    const turn = t.rounds[0]!.turns[0]!;
    expect(turn.vote).toBe('Yes');
    expect(turn.retries).toEqual([{ attempt: 1, reason: expect.stringMatching(/HTTP 429/), delayMs: 30 }]);
    expect(run.stderr).toMatch(/↻ gpt-5\.4\s+retry 1 in 0\.0 s: HTTP 429/);
  });

  it('retries a 500 twice, then succeeds', async () => {
    wire.script((call) => (call.provider === 'anthropic' && call.attempt <= 2 ? { kind: 'http', status: 500, message: 'boom' } : vote('Yes')));
    const t = parse((await runCli(['debate', 'R?', ...panel], { env: FAKE_KEYS })).stdout);
    expect(wire.callsTo('anthropic')).toHaveLength(3);
    expect(t.rounds[0]!.turns[1]).toMatchObject({ vote: 'Yes', error: null });
    expect(t.rounds[0]!.turns[1]!.retries).toHaveLength(2);
  });

  it('does not retry a 401, records the error and goes on', async () => {
    wire.script((call) => (call.provider === 'xai' ? { kind: 'http', status: 401, message: 'Incorrect API key provided' } : vote('No')));
    const run = await runCli(['debate', 'R?', ...panel], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const t = parse(run.stdout);
    expect(wire.callsTo('xai')).toHaveLength(1);
    expect(t.rounds[0]!.turns[2]!.error).toMatch(/HTTP 401.*Incorrect API key provided/);
    expect(t.result).toMatchObject({ label: 'Unanimous', winner: 'No', validVotes: 2, abstentions: 1 });
  });

  it('keeps going when a debater is down for the whole debate, and asks it again each round', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : call.provider === 'xai' ? { kind: 'http', status: 503, message: 'unavailable' } : vote('Yes')));
    const run = await runCli(['debate', 'Down?', '--models', THREE, '--judge', 'openai:gpt-5.4', '--rounds', '2', '--retries', '2', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const t = parse(run.stdout);
    expect(t.status).toBe('complete');
    expect(wire.callsTo('xai')).toHaveLength(6);
    for (const round of t.rounds) expect(round.turns[2]).toMatchObject({ vote: null, error: expect.stringMatching(/HTTP 503/) });
    expect(t.judgement).not.toBeNull();
  });

  it('retries a stream cut half-way and discards the partial reply', async () => {
    wire.script((call) => (call.provider === 'openai' && call.attempt === 1 ? { kind: 'cut', afterChunks: 4, text: '{"vote": "No", "argument": "partial partial partial"}' } : vote('Yes', 'Whole reply.')));
    const t = parse((await runCli(['debate', 'Cut?', ...panel], { env: FAKE_KEYS })).stdout);
    expect(wire.callsTo('openai')).toHaveLength(2);
    expect(t.rounds[0]!.turns[0]).toMatchObject({ vote: 'Yes', argument: 'Whole reply.' });
    expect(t.rounds[0]!.turns[0]!.retries![0]!.reason).toMatch(/connection|ECONNRESET|terminated/i);
  });

  it('keeps the debate when the judge fails, with judgement null and the error noted', async () => {
    wire.script((call) => (isJudgeCall(call) ? { kind: 'http', status: 400, message: 'context too long' } : vote('Yes')));
    const run = await runCli(['debate', 'Judge?', '--models', THREE, '--judge', 'anthropic:claude-opus-4-6', '--rounds', '1', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const t = parse(run.stdout);
    expect(t.status).toBe('complete');
    expect(t.judgement).toBeNull();
    expect(t.judgeError).toMatch(/HTTP 400.*context too long/);
    expect(t.result?.label).toBe('Unanimous');
    expect(run.stderr).toMatch(/✗ no judgement: HTTP 400/);
  });

  it('fails with exit 1 and a transcript that says why when fewer than two can vote', async () => {
    const dir = tempDir();
    const out = join(dir, 'fail.json');
    wire.script((call) => (call.provider === 'openai' ? vote('Yes') : { kind: 'http', status: 403, message: 'forbidden' }));
    const run = await runCli(['debate', 'Alone?', '--models', THREE, '--no-judge', '--out', out, ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(1);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/only 1 of 3 debaters gave a valid vote in round 1/);
    expect(t.rounds).toHaveLength(1);
    expect(run.stderr).toMatch(/Failed · only 1 of 3/);
  });
});

describe('the transcript file', () => {
  it('validates against the schema and holds no key, even when a provider echoes it', async () => {
    const dir = tempDir();
    const out = join(dir, 'sub', 'run.json');
    wire.script((call) =>
      call.provider === 'xai'
        ? { kind: 'http', status: 400, message: `Bad key ${FAKE_KEYS.XAI_API_KEY} in header Authorization: Bearer ${FAKE_KEYS.XAI_API_KEY}` }
        : isJudgeCall(call) ? judgement() : vote('Yes', `My key is ${FAKE_KEYS.OPENAI_API_KEY}?`),
    );
    const run = await runCli(['debate', 'Keys?', '--models', THREE, '--judge', 'openai:gpt-5.4', '--rounds', '1', '--out', out, ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const t = TranscriptSchema.parse(JSON.parse(text));
    expect(t).toMatchObject({ format: 'roundtable-transcript', version: 1, status: 'complete', source: 'live', mode: 'debate' });
    expect(t.panel.map((p) => p.id)).toEqual(['gpt-5-4', 'claude-opus-4-6', 'grok-4-1-fast-reasoning']);
    const schema = JSON.parse(readFileSync(new URL('../schema/transcript.schema.json', import.meta.url), 'utf8'));
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'version', 'rounds', 'result', 'judgement']));
    for (const key of Object.values(FAKE_KEYS)) {
      expect(text).not.toContain(key);
      expect(run.stderr).not.toContain(key);
      expect(run.stdout).not.toContain(key);
    }
    expect(text).toMatch(/\[redacted\]/);
    expect(existsSync(join(dir, 'sub'))).toBe(true);
  });

  it('keeps the shipped JSON Schema in step with the zod schema', async () => {
    const { transcriptJsonSchema } = await import('../src/transcript/json-schema.js');
    const shipped = JSON.parse(readFileSync(new URL('../schema/transcript.schema.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(transcriptJsonSchema())));
  });
});

describe('bad input: exit 2, one clear sentence, nothing written', () => {
  const dir = tempDir();
  const badPanel = join(dir, 'bad-panel.json');
  writeFileSync(badPanel, '{"debaters": [{"name": "A", "model": "openai:x"}');
  const wrongPanel = join(dir, 'wrong-panel.json');
  writeFileSync(wrongPanel, JSON.stringify({ debaters: [{ name: 'A', model: 'openai:x' }, { name: 'B' }] }));
  const cases: Array<[string, string[], RegExp]> = [
    ['no motion', ['debate', '--models', THREE], /No motion given: run `npx roundtable debate "Your motion\?"`/],
    ['one option', ['debate', 'M?', '--options', 'Yes', '--models', THREE], /--options needs at least two options/],
    ['duplicate options', ['debate', 'M?', '--options', 'Yes,No,yes', '--models', THREE], /--options lists "yes" twice/],
    ['unknown provider', ['debate', 'M?', '--models', 'openai:gpt-5.4,acme:rocket'], /unknown provider "acme"/],
    ['a model id without provider', ['debate', 'M?', '--models', 'gpt-5.4,claude'], /not of the form provider:model/],
    ['malformed panel file', ['debate', 'M?', '--panel', badPanel], /panel file .*bad-panel\.json is not valid JSON/],
    ['panel file missing a field', ['debate', 'M?', '--panel', wrongPanel], /wrong-panel\.json at debaters\[1\]\.model/],
    ['missing panel file', ['debate', 'M?', '--panel', join(dir, 'nope.json')], /nope\.json not found/],
    ['unknown preset', ['debate', 'M?', '--panel', 'sed'], /neither a preset \(seed\) nor a path/],
    ['zero rounds', ['debate', 'M?', '--models', THREE, '--rounds', '0'], /--rounds takes a whole number from 1 to 10, not "0"/],
    ['poll with rounds', ['debate', 'M?', '--models', THREE, '--mode', 'poll', '--rounds', '3'], /--mode poll is a single round/],
    ['unknown flag', ['debate', 'M?', '--modles', THREE], /unknown option '--modles'/],
    ['unknown mode', ['debate', 'M?', '--mode', 'brawl'], /argument 'brawl' is invalid/],
    ['an existing --out', ['debate', 'M?', '--models', THREE, '--out', badPanel], /already exists/],
  ];
  // A folder under a file cannot be made or written, even by root.
  cases.push(['unwritable --out folder', ['debate', 'M?', '--models', THREE, '--out', join(badPanel, 'x.json')], /cannot be written to/]);

  for (const [what, argv, message] of cases) {
    it(`rejects ${what}`, async () => {
      wire.script(() => vote('Yes'));
      const cwd = tempDir();
      const run = await runCli(argv, { env: FAKE_KEYS, cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(wire.calls).toHaveLength(0);
      expect(existsSync(join(cwd, 'transcripts'))).toBe(false);
    });
  }

  it('names every missing key variable', async () => {
    const run = await runCli(['debate', 'M?', '--models', THREE], { env: { OPENAI_API_KEY: 'sk-x-1234567890' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Missing API keys: set ANTHROPIC_API_KEY, XAI_API_KEY/);
  });
});

export type { WireAnswer };
