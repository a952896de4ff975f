// What `debate` says before it runs: the judge under its seat's display name, and npm start
// naming the keys it found and the ones it misses.
import { describe, expect, it } from 'vitest';
import { planDebate, type DebateFlags } from '../src/plan/debate-plan.js';
import { runConfig, type BatchSettings } from '../src/batch/run-one.js';
import { parseSpec, type Question } from '../src/batch/spec.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';

const flags = (extra: Partial<DebateFlags>): DebateFlags => ({
  options: 'Yes,No',
  mode: 'debate',
  maxTokens: 1500,
  retries: 4,
  retryBaseMs: 1000,
  firstTokenTimeout: 60,
  idleTimeout: 30,
  callTimeout: 300,
  motionArg: 'Should cities ban cars?',
  ...extra,
});

const io = () => ({ stdout: process.stdout, stderr: process.stderr, env: { ...FAKE_KEYS }, cwd: tempDir() });

describe('the judge on screen', () => {
  it.each([
    ['the first debater, by default', { models: 'openai:gpt-5.4,anthropic:claude-opus-4-6' }, 'gpt-5.4'],
    ['--judge naming a debater', { models: 'openai:gpt-5.4,anthropic:claude-opus-4-6', judge: 'anthropic:claude-opus-4-6' }, 'claude-opus-4-6'],
    ['--judge naming a seed seat', { panel: 'seed', judge: 'openai:gpt-5.4' }, 'GPT-5.4'],
    ['--judge outside the panel', { models: 'openai:gpt-5.4,anthropic:claude-opus-4-6', judge: 'xai:grok-4-1-fast-reasoning' }, 'grok-4-1-fast-reasoning'],
  ])('is named as its seat: %s', async (_what, extra, name) => {
    const plan = await planDebate(io(), flags(extra as Partial<DebateFlags>));
    expect(plan.config.judge?.name).toBe(name);
  });
});

describe('the judge of a batch run', () => {
  const settings: BatchSettings = { repeats: 1, seed: 1, mock: true, rounds: 2, maxTokens: 1500, retries: 4, retryBaseMs: 1000, mockPace: 0 };
  const question = (extra: Partial<Question> = {}) => parseSpec(JSON.stringify({ motion: 'Q?', options: ['Yes', 'No'], ...extra }), 'spec.jsonl')[0]!;
  it.each([
    ['the first debater, by default', { models: 'openai:gpt-5.4,anthropic:claude-opus-4-6' }, {}, 'gpt-5.4'],
    ['--judge naming a seed seat', { panel: 'seed', judge: 'openai:gpt-5.4' }, {}, 'GPT-5.4'],
    ['a question\'s judge outside the panel', { models: 'openai:gpt-5.4,anthropic:claude-opus-4-6' }, { judge: 'xai:grok-4-1-fast-reasoning' }, 'grok-4-1-fast-reasoning'],
  ])('is named as its seat, as in a single debate: %s', (_what, extra, asked, name) => {
    expect(runConfig(question(asked as Partial<Question>), { ...settings, ...extra }, 1).judge?.name).toBe(name);
  });
});

describe('npm start with some keys set', () => {
  it('says which keys it found and which are missing, then what it runs', async () => {
    const run = await runCli(['debate', '--demo', '--mock-pace', '0', '--headless', '--rounds', '1'], {
      env: { OPENAI_API_KEY: FAKE_KEYS.OPENAI_API_KEY, ANTHROPIC_API_KEY: FAKE_KEYS.ANTHROPIC_API_KEY },
    });
    expect(run.code).toBe(0);
    const first = run.stderr.split('\n')[0]!;
    expect(first).not.toMatch(/No API keys found/);
    expect(first).toMatch(/^Found OPENAI_API_KEY and ANTHROPIC_API_KEY; missing XAI_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY and MOONSHOT_API_KEY for the seed panel, so this is the seed debate in mock mode/);
    // The keys' values are never printed.
    expect(run.stderr).not.toContain(FAKE_KEYS.OPENAI_API_KEY);
    // A live run with the keys that are set.
    expect(run.stderr).toContain('npx roundtable debate "your motion" --models openai:gpt-5.4,anthropic:claude-opus-4-6');
  });
});
