// One key for every seat: --via openrouter sends exactly the mapped ids to OpenRouter's URL with
// OPENROUTER_API_KEY alone; --via compat reaches any OpenAI-compatible gateway; both recorded.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { startFakeProviderServer } from '../src/mock/http-server.js';
import { runCli, tempDir } from './support/cli.js';
import { runCliProcess } from './support/cli-process.js';
import { isJudgeCall, judgement, useWire, vote } from './support/wire.js';

const wire = useWire();
const OR_KEY = 'sk-or-v1-test-0000000000000000';
const SEED_IDS = [
  'x-ai/grok-4.1-fast',
  'openai/gpt-5.4',
  'google/gemini-3.1-pro-preview',
  'mistralai/mistral-large-2512',
  'anthropic/claude-opus-4.6',
  'moonshotai/kimi-k2.5',
];

describe('--via openrouter', () => {
  it('sends every seat of the seed panel, and the judge, to OpenRouter under its mapped id with one key', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes')));
    const dir = tempDir();
    const run = await runCli(['debate', 'Moat?', '--via', 'openrouter', '--rounds', '1', '--json', '--headless', '--retry-base-ms', '1'], { env: { OPENROUTER_API_KEY: OR_KEY }, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(wire.calls.length).toBe(7);
    for (const call of wire.calls) {
      expect(call.url).toBe('https://openrouter.ai/api/v1/chat/completions');
      expect(call.headers.get('authorization')).toBe(`Bearer ${OR_KEY}`);
    }
    expect(wire.calls.filter((c) => !isJudgeCall(c)).map((c) => c.model).sort()).toEqual([...SEED_IDS].sort());
    expect(wire.calls.find(isJudgeCall)!.model).toBe('anthropic/claude-opus-4.6');
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.settings?.via).toBe('openrouter');
    expect(t.panel.map((p) => p.model)).toEqual(SEED_IDS.map((id) => `openrouter:${id}`).sort((a, b) => SEED_IDS.indexOf(a.slice(11)) - SEED_IDS.indexOf(b.slice(11))));
    expect(t.judge?.model).toBe('openrouter:anthropic/claude-opus-4.6');
    // OpenRouter's own usage.cost is used as billed, and said so.
    for (const turn of t.rounds[0]!.turns) expect(turn.cost).toEqual({ usd: 0.0001, source: 'provider' });
    expect(t.cost!.usd).toBeCloseTo(0.0007, 12);
    expect(run.stderr).toMatch(/Cost · \$0\.0007 · .* · as the provider billed it/);
    expect(run.stderr).toContain('  ✓ judgement written  $0.0001 billed\n');
    expect(JSON.stringify(t)).not.toContain(OR_KEY);
  });

  it('refuses a model it has no OpenRouter id for, naming the seat; a panel entry may name its own id', async () => {
    const dir = tempDir();
    const refused = await runCli(['debate', 'M?', '--via', 'openrouter', '--models', 'openai:gpt-5.4,mistral:my-finetune-v9'], { env: { OPENROUTER_API_KEY: OR_KEY }, cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('roundtable: --via openrouter: the debater "my-finetune-v9" (mistral:my-finetune-v9) has no known OpenRouter id; give it one with "openrouter": "vendor/model" in its panel entry.\n');
    expect(wire.calls).toHaveLength(0);

    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('No')));
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({
      debaters: [
        { name: 'Tuned', model: 'mistral:my-finetune-v9', openrouter: 'mistralai/mistral-medium-3.1' },
        { name: 'GPT', model: 'openai:gpt-5.4-mini' },
      ],
      judge: null,
    }));
    const run = await runCli(['debate', 'M?', '--via', 'openrouter', '--panel', panel, '--rounds', '1', '--headless'], { env: { OPENROUTER_API_KEY: OR_KEY }, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(wire.calls.map((c) => c.model).sort()).toEqual(['mistralai/mistral-medium-3.1', 'openai/gpt-5.4-mini']);
  });

  it('npm start with only OPENROUTER_API_KEY runs the seed debate live through OpenRouter, and says so', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes')));
    const dir = tempDir();
    const run = await runCli(['debate', '--demo', '--rounds', '1', '--headless', '--retry-base-ms', '1'], { env: { OPENROUTER_API_KEY: OR_KEY }, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Not every provider's key is set \(.*\), but OPENROUTER_API_KEY is: this is the seed debate run live through OpenRouter, every seat with that one key\./);
    expect(run.stderr).not.toMatch(/mock/);
    expect(new Set(wire.calls.map((c) => c.provider))).toEqual(new Set(['openrouter']));
    expect(wire.calls.filter((c) => !isJudgeCall(c)).map((c) => c.model).sort()).toEqual([...SEED_IDS].sort());
  });

  it('npm start, as its own process with only OPENROUTER_API_KEY, runs the seed debate live against a loopback OpenRouter', async () => {
    // What `npm start` runs, from package.json, run the same way as a separate process.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe('node bin/roundtable.js debate --demo');
    const server = await startFakeProviderServer((call) => (isJudgeCall(call) ? judgement() : vote('Yes')));
    try {
      const cwd = tempDir();
      // Only the key, and where OpenRouter is (here: a loopback stand-in).
      const env = { OPENROUTER_API_KEY: OR_KEY, OPENROUTER_BASE_URL: server.env.OPENROUTER_BASE_URL! };
      const run = await runCliProcess(['debate', '--demo', '--rounds', '1', '--retry-base-ms', '1'], { env, cwd });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^Not every provider's key is set \(XAI_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, ANTHROPIC_API_KEY, MOONSHOT_API_KEY\), but OPENROUTER_API_KEY is: this is the seed debate run live through OpenRouter/);
      expect(new Set(server.calls.map((c) => c.provider))).toEqual(new Set(['openrouter']));
      expect(server.calls.filter((c) => !isJudgeCall(c)).map((c) => c.model).sort()).toEqual([...SEED_IDS].sort());
      for (const call of server.calls) expect(call.headers.get('authorization')).toBe(`Bearer ${OR_KEY}`);
      const saved = /Transcript saved to (\S+)/.exec(run.stderr)![1]!;
      const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(cwd, saved), 'utf8')));
      expect(t).toMatchObject({ source: 'live', status: 'complete', settings: { via: 'openrouter' }, judge: { model: 'openrouter:anthropic/claude-opus-4.6' } });
      expect(run.stderr).not.toMatch(/mock mode/);
    } finally {
      await server.close();
    }
  });

  it('takes no --base-url, and --via names a gateway it knows', async () => {
    const a = await runCli(['debate', 'M?', '--via', 'openrouter', '--base-url', 'https://x.example/v1'], { env: { OPENROUTER_API_KEY: OR_KEY } });
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--via openrouter takes no --base-url/);
    const b = await runCli(['debate', 'M?', '--via', 'portkey'], { env: { OPENROUTER_API_KEY: OR_KEY } });
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('roundtable: --via takes openrouter or compat, not "portkey".\n');
  });
});

describe('--via compat', () => {
  it('sends every seat to the gateway with the key from the named variable, under its model name', async () => {
    const base = 'https://llm-gateway.example.com/v1';
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes')), [{ provider: 'compat', baseURL: base }]);
    const dir = tempDir();
    const out = join(dir, 't.json');
    const run = await runCli(
      ['debate', 'M?', '--via', 'compat', '--base-url', base, '--api-key-env', 'GATEWAY_KEY', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--rounds', '1', '--out', out, '--headless'],
      { env: { GATEWAY_KEY: 'gw-secret-123456789' }, cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(wire.calls.length).toBe(3);
    for (const call of wire.calls) {
      expect(call.url).toBe(`${base}/chat/completions`);
      expect(call.headers.get('authorization')).toBe('Bearer gw-secret-123456789');
    }
    expect(wire.calls.filter((c) => !isJudgeCall(c)).map((c) => c.model).sort()).toEqual(['claude-opus-4-6', 'gpt-5.4']);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(t.settings?.via).toBe('compat');
    expect(t.panel.map((p) => p.model)).toEqual(['compat:gpt-5.4', 'compat:claude-opus-4-6']);
    expect(readFileSync(out, 'utf8')).not.toContain('gw-secret');
    // Priced as the models they stand for.
    const plan = await runCli(['debate', 'M?', '--via', 'compat', '--base-url', base, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--dry-run'], { cwd: dir });
    expect(plan.stdout).toMatch(/compat:gpt-5\.4 .* \$0\.\d{4} – \$0\.\d{4}\n/);
    expect(plan.stdout).not.toMatch(/unpriced/);
  });

  it('resumes through the same gateway, given again; another route is refused', async () => {
    const base = 'https://llm-gateway.example.com/v1';
    const dir = tempDir();
    const out = join(dir, 't.json');
    const gateway = ['--via', 'compat', '--base-url', base, '--api-key-env', 'GATEWAY_KEY'];
    const env = { GATEWAY_KEY: 'gw-secret-123456789', OPENROUTER_API_KEY: OR_KEY };
    // The gateway refuses every call: round 1 fails, and the transcript is left to resume.
    wire.script(() => ({ kind: 'http', status: 401, message: 'bad gateway key' }), [{ provider: 'compat', baseURL: base }]);
    const first = await runCli(['debate', 'M?', ...gateway, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--rounds', '1', '--out', out, '--headless'], { env, cwd: dir });
    expect(first.code).toBe(1);
    expect(TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')))).toMatchObject({ status: 'failed', settings: { via: 'compat' } });

    const bare = await runCli(['debate', '--resume', out, '--headless'], { env, cwd: dir });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toBe(`roundtable: ${out} ran through --via compat; resume it with the same --via compat --base-url URL (and --api-key-env VAR).\n`);
    const other = await runCli(['debate', '--resume', out, '--via', 'openrouter', '--headless'], { env, cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(`roundtable: ${out} ran through --via compat, so it cannot be resumed with --via openrouter.\n`);

    wire.calls.length = 0;
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes')), [{ provider: 'compat', baseURL: base }]);
    const resumed = await runCli(['debate', '--resume', out, ...gateway, '--headless'], { env, cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(wire.calls.length).toBeGreaterThan(0);
    for (const call of wire.calls) {
      expect(call.url).toBe(`${base}/chat/completions`);
      expect(call.headers.get('authorization')).toBe('Bearer gw-secret-123456789');
    }
    expect(TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')))).toMatchObject({ status: 'complete', settings: { via: 'compat' } });
  });

  it('needs --base-url, and --api-key-env is a variable name', async () => {
    const a = await runCli(['debate', 'M?', '--via', 'compat']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--via compat needs --base-url URL/);
    const b = await runCli(['debate', 'M?', '--via', 'compat', '--base-url', 'https://g.example/v1', '--api-key-env', 'sk-live-abc']);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('roundtable: --api-key-env takes the NAME of the variable that holds the gateway key (letters, digits and _), never the key itself.\n');
  });
});
