// Recorded provider responses replayed through the CLI as its own process, from loopback servers
// (src/mock/replay-server.ts, the same one scripts/wire-replay.ts runs): one debate whose seats
// each meet a different recording, and a seat whose local server is not running.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANSWER, startReplayServer, type ReplayServer } from '../src/mock/replay-server.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCliProcess } from './support/cli-process.js';
import { tempDir } from './support/cli.js';

const SEATS: Array<[variable: string, model: string, recording: string]> = [
  ['OPENAI_BASE_URL', 'openai:gpt-x', 'mistral-magistral'],
  ['MISTRAL_BASE_URL', 'mistral:r1-on-groq', 'groq-r1-think'],
  ['DEEPSEEK_BASE_URL', 'deepseek:deepseek-chat', 'deepseek-text-length'],
  ['XAI_BASE_URL', 'xai:local-json', 'ollama-nonstream-json'],
  ['ANTHROPIC_BASE_URL', 'anthropic:claude-x', 'anthropic-refusal'],
  ['OPENROUTER_BASE_URL', 'openrouter:google/gemini', 'openrouter-429'],
];

const servers: ReplayServer[] = [];
let closedPort = 0;
beforeAll(async () => {
  for (const [, , recording] of SEATS) servers.push(await startReplayServer(recording));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('recordings replayed through the CLI against loopback servers', () => {
  it('reads each the way the table suite does, and names a server that is not running', async () => {
    const env: Record<string, string> = {
      OPENAI_API_KEY: 'sk-e2e-0000000000', MISTRAL_API_KEY: 'm-e2e-000000', DEEPSEEK_API_KEY: 'sk-ds-e2e-0000', XAI_API_KEY: 'xai-e2e-000000',
      ANTHROPIC_API_KEY: 'sk-ant-e2e-00000', OPENROUTER_API_KEY: 'sk-or-e2e-00000',
      OLLAMA_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
    };
    SEATS.forEach(([variable], i) => {
      env[variable] = Object.values(servers[i]!.env)[0]!.replace(/\/v1$/, variable === 'ANTHROPIC_BASE_URL' ? '' : '/v1');
    });
    const models = [...SEATS.map(([, model]) => model), 'ollama:not-running'].join(',');
    const run = await runCliProcess(['debate', 'Replayed?', '--models', models, '--no-judge', '--rounds', '1', '--json', '--headless', '--retry-base-ms', '1', '--max-tokens', '800'], {
      env,
      cwd: tempDir(),
    });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    const turn = (model: string) => t.rounds[0]!.turns.find((x) => x.debater === t.panel.find((p) => p.model === model)!.id)!;
    const argument = DEFAULT_ANSWER.split('\n')[1]!;
    expect(turn('openai:gpt-x')).toMatchObject({ vote: 'Yes', argument, error: null, usage: { inputTokens: 10, outputTokens: 232 } });
    expect(turn('mistral:r1-on-groq')).toMatchObject({ vote: 'Yes', argument, error: null, usage: { inputTokens: 21, outputTokens: 988 } });
    expect(turn('deepseek:deepseek-chat')).toMatchObject({ vote: null, argument: DEFAULT_ANSWER, error: expect.stringMatching(/cut at 800 tokens/) });
    expect(turn('xai:local-json')).toMatchObject({ vote: 'Yes', argument, error: null });
    expect(turn('anthropic:claude-x')).toMatchObject({ vote: null, error: expect.stringMatching(/^the model refused: This request triggered restrictions/) });
    expect(turn('openrouter:google/gemini').error).toMatch(/HTTP 429.*temporarily rate-limited upstream/);
    expect(turn('ollama:not-running')).toMatchObject({ vote: null, error: `could not connect to http://127.0.0.1:${closedPort}/v1: connection refused` });
    expect(turn('ollama:not-running').retries ?? []).toEqual([]);
    expect(servers.map((s) => s.requests())).toEqual([1, 1, 2, 1, 1, 5]);
    expect(t.result).toMatchObject({ winner: 'Yes', validVotes: 3 });
  });
});

describe('scripts/wire-replay.ts, as the README shows it', () => {
  it('serves a recording and prints a command that replays it through the CLI as its own provider', async () => {
    const { spawn } = await import('node:child_process');
    const { createRequire } = await import('node:module');
    const { pathToFileURL } = await import('node:url');
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = new URL('../scripts/wire-replay.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', tsx, script, 'mistral-magistral-vercel', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.split('\n').length > 2) resolve(out);
        });
        child.on('error', reject);
        child.on('close', (code) => reject(new Error(`wire-replay exited (${code}): ${out}`)));
      });
      const line = printed.split('\n')[1]!.trim();
      const m = /^((?:\w+=\S+ )+)npx roundtable (.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const env = Object.fromEntries(m![1]!.trim().split(' ').map((pair) => pair.split('=', 2) as [string, string]));
      expect(Object.keys(env).sort()).toEqual(['MISTRAL_API_KEY', 'MISTRAL_BASE_URL']);
      const argv = [...m![2]!.matchAll(/"([^"]*)"|(\S+)/g)].map((x) => x[1] ?? x[2]!);
      const run = await runCliProcess([...argv, '--json'], { env, cwd: tempDir() });
      expect(run.code).toBe(0);
      const t = TranscriptSchema.parse(JSON.parse(run.stdout));
      for (const turn of t.rounds[0]!.turns) {
        expect(turn).toMatchObject({ vote: 'Yes', argument: DEFAULT_ANSWER.split('\n')[1], error: null, usage: { inputTokens: 10, outputTokens: 46 } });
      }
    } finally {
      child.kill();
    }
  }, 60_000);
});
