// Every provider of the contract, reached through the real SDKs at its real URL (and at an
// overridden base URL), answered by stand-ins as strict as the real services.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { isJudgeCall, judgement, lastUserText, useWire, vote } from './support/wire.js';

const wire = useWire();
const FAST = ['--retry-base-ms', '1', '--headless'];

const MODELS: Record<string, string> = {
  openai: 'openai:gpt-5.4',
  anthropic: 'anthropic:claude-opus-4-6',
  xai: 'xai:grok-4-1-fast-reasoning',
  google: 'google:gemini-3.1-pro-preview',
  mistral: 'mistral:mistral-large-latest',
  moonshot: 'moonshot:kimi-k2.5',
  deepseek: 'deepseek:deepseek-reasoner',
  openrouter: 'openrouter:meta-llama/llama-4-maverick',
  ollama: 'ollama:llama3.2:3b',
};

describe('every provider at its default URL', () => {
  it('debates with all nine providers and records usage and latency for each', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : { ...vote('Yes', `${call.provider} says yes.`), reasoning: 'private chain of thought' }));
    const dir = tempDir();
    const out = join(dir, 't.json');
    const run = await runCli(['debate', 'Is this a test?', '--models', Object.values(MODELS).join(','), '--judge', 'anthropic:claude-haiku-4-5-20251001', '--rounds', '1', '--out', out, ...FAST], { env: FAKE_KEYS });
    expect(run.stderr).not.toMatch(/Failed/);
    expect(run.code).toBe(0);
    const providers = new Set(wire.calls.map((c) => c.provider));
    expect([...providers].sort()).toEqual(Object.keys(MODELS).sort());
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(t.result).toMatchObject({ label: 'Unanimous', winner: 'Yes', validVotes: 9, panelSize: 9 });
    for (const turn of t.rounds[0]!.turns) {
      expect(turn.error).toBeNull();
      expect(turn.usage?.inputTokens).toBeGreaterThan(0);
      expect(turn.usage?.outputTokens).toBeGreaterThan(0);
      expect(turn.latencyMs).toBeGreaterThanOrEqual(0);
      // Reasoning streamed beside the answer never becomes the argument.
      expect(turn.argument).not.toMatch(/chain of thought/);
    }
    expect(t.judgement?.summary).toBe('The panel argued it out.');
  });

  it('sends each provider only the fields it accepts', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('No')));
    await runCli(['debate', 'Fields?', '--models', Object.values(MODELS).join(','), '--no-judge', '--rounds', '1', ...FAST], { env: FAKE_KEYS });
    const body = (p: string) => wire.callsTo(p as never)[0]!.body;
    expect(body('openai')).toHaveProperty('max_completion_tokens');
    expect(body('openai')).not.toHaveProperty('max_tokens');
    expect(body('mistral')).not.toHaveProperty('stream_options');
    expect(body('mistral')).toHaveProperty('max_tokens');
    for (const p of Object.keys(MODELS)) expect(body(p)).not.toHaveProperty('temperature');
    expect(wire.callsTo('anthropic')[0]!.headers.get('authorization')).toBe(`Bearer ${FAKE_KEYS.ANTHROPIC_API_KEY}`);
    expect(wire.callsTo('anthropic')[0]!.headers.get('anthropic-version')).toBeTruthy();
    expect(wire.callsTo('xai')[0]!.headers.get('authorization')).toBe(`Bearer ${FAKE_KEYS.XAI_API_KEY}`);
  });
});

describe('overridden base URLs', () => {
  it('reaches every provider at its *_BASE_URL, and compat at the panel entry\'s baseURL', async () => {
    const env: Record<string, string> = { ...FAKE_KEYS, LOCAL_KEY: 'local-secret-123456' };
    const extra = [] as { provider: never; baseURL: string }[];
    for (const [provider, variable] of Object.entries({
      openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL', xai: 'XAI_BASE_URL', google: 'GEMINI_BASE_URL',
      mistral: 'MISTRAL_BASE_URL', moonshot: 'MOONSHOT_BASE_URL', deepseek: 'DEEPSEEK_BASE_URL', openrouter: 'OPENROUTER_BASE_URL', ollama: 'OLLAMA_BASE_URL',
    })) {
      env[variable] = `http://gateway.test/${provider}${provider === 'anthropic' ? '' : '/v1'}`;
      extra.push({ provider: provider as never, baseURL: env[variable]! });
    }
    extra.push({ provider: 'compat' as never, baseURL: 'http://vllm.test/v1' });
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('A')), extra);
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    const debaters = Object.entries(MODELS).map(([p, model]) => ({ name: `Seat ${p}`, model }));
    debaters.push({ name: 'Local vLLM', model: 'compat:qwen3-32b', baseURL: 'http://vllm.test/v1', apiKeyEnv: 'LOCAL_KEY' } as never);
    (await import('node:fs')).writeFileSync(panel, JSON.stringify({ debaters, judge: { name: 'J', model: 'anthropic:claude-opus-4-6' } }));
    const run = await runCli(['debate', 'Base URLs?', '--panel', panel, '--rounds', '1', ...FAST], { env });
    expect(run.code).toBe(0);
    const hosts = new Set(wire.calls.map((c) => new URL(c.url).host));
    expect([...hosts].sort()).toEqual(['gateway.test', 'vllm.test']);
    const compat = wire.calls.find((c) => c.url.startsWith('http://vllm.test/v1/chat/completions'))!;
    expect(compat.headers.get('authorization')).toBe('Bearer local-secret-123456');
    expect(wire.calls.find((c) => c.url === 'http://gateway.test/anthropic/v1/messages')).toBeDefined();
  });
});

describe('the reply forms the contract accepts', () => {
  const forms: Record<string, string | { toolArguments: string }> = {
    'bare JSON': '{"vote": "No", "argument": "Bare."}',
    'a json fence': 'Here you go:\n```json\n{"vote": "No", "argument": "Fenced."}\n```',
    'JSON inside prose': 'After thought, {"vote": "no", "argument": "In prose, {braces} too."} is my answer.',
    'a Vote: first line': '\n  Vote: No\nThe argument follows on the next lines.\n\nAnd a second paragraph.',
    'the option letter': '{"vote": "B", "argument": "By letter."}',
    'a tool call': { toolArguments: '{"vote": "No", "argument": "By tool."}' },
  };
  for (const [form, reply] of Object.entries(forms)) {
    for (const provider of ['openai', 'anthropic']) {
      it(`reads ${form} from ${provider}`, async () => {
        wire.script((call) => (call.provider === provider ? (typeof reply === 'string' ? { text: reply } : { text: '', ...reply }) : vote('Yes')));
        const run = await runCli(['debate', 'Forms?', '--models', `${MODELS[provider]},xai:grok-4-1-fast-non-reasoning`, '--no-judge', '--rounds', '1', '--json', ...FAST], { env: FAKE_KEYS });
        expect(run.code).toBe(0);
        const t = TranscriptSchema.parse(JSON.parse(run.stdout));
        const turn = t.rounds[0]!.turns[0]!;
        expect(turn.vote).toBe('No');
        expect(turn.argument.length).toBeGreaterThan(2);
        expect(wire.callsTo(provider as never)).toHaveLength(1);
      });
    }
  }

  it('asks again once, with the reason, when a reply has no valid vote', async () => {
    wire.script((call) => {
      if (call.provider !== 'openai') return vote('Yes');
      return lastUserText(call).includes('could not be read') ? vote('Yes', 'Second try.') : { text: '{"vote": "Maybe", "argument": "Hmm."}' };
    });
    const run = await runCli(['debate', 'Re-ask?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--no-judge', '--rounds', '1', '--json', ...FAST], { env: FAKE_KEYS });
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds[0]!.turns[0]).toMatchObject({ vote: 'Yes', argument: 'Second try.', error: null });
    // A re-ask is recorded as a re-ask, apart from the transport's retries.
    expect(t.rounds[0]!.turns[0]!.reasks).toEqual([{ reason: 'the vote "Maybe" is not one of the options' }]);
    expect(t.rounds[0]!.turns[0]!.retries).toBeUndefined();
    expect(run.stderr).toMatch(/asked again: the vote "Maybe" is not one of the options/);
    const openai = wire.callsTo('openai');
    expect(openai).toHaveLength(2);
    expect(lastUserText(openai[1]!)).toMatch(/the vote "Maybe" is not one of the options/);
  });

  it('records the turn with its error and no vote when the second reply is no better', async () => {
    wire.script((call) => (call.provider === 'openai' ? { text: 'I refuse to choose.' } : vote('Yes')));
    const run = await runCli(['debate', 'Refusal?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', '--no-judge', '--rounds', '1', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds[0]!.turns[0]).toMatchObject({ vote: null, argument: '' });
    expect(t.rounds[0]!.turns[0]!.error).toMatch(/no valid reply after asking twice/);
    expect(t.result).toMatchObject({ label: 'Unanimous', validVotes: 2, panelSize: 3, abstentions: 1 });
    expect(wire.callsTo('openai')).toHaveLength(2);
  });
});
