// roundtable doctor against stand-ins at every provider's real URL: ready seats with their latency,
// and each failure kind (missing key, bad key, unknown model, no credit) in the provider's words.
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../src/agents/providers.js';
import { classify } from '../src/cli/commands/doctor.js';
import type { WireAnswer } from '../src/mock/types.js';
import { FAKE_KEYS, runCli } from './support/cli.js';
import { useWire } from './support/wire.js';

const wire = useWire();

const MODELS: Record<string, string> = {
  openai: 'openai:gpt-5.4',
  anthropic: 'anthropic:claude-opus-4-6',
  xai: 'xai:grok-4-1-fast-reasoning',
  google: 'google:gemini-3.1-pro-preview',
  mistral: 'mistral:mistral-large-latest',
  moonshot: 'moonshot:kimi-k2.5',
  deepseek: 'deepseek:deepseek-chat',
  openrouter: 'openrouter:meta-llama/llama-4-maverick',
  ollama: 'ollama:llama3.2:3b',
};
const ALL = ['--models', Object.values(MODELS).join(','), '--no-judge', '--json'];

interface Row { seat: string; model: string; keyEnv: string | null; keySet: boolean | null; baseURL: string; ready: boolean; latencyMs: number | null; problem: string | null; error: string | null; priced: boolean }
const rows = (stdout: string): Row[] => (JSON.parse(stdout) as { seats: Row[] }).seats;
const providerOf = (row: Row) => row.model.slice(0, row.model.indexOf(':'));

/** Each provider's own words for running out of credit. */
const NO_CREDIT: Record<string, WireAnswer> = {
  anthropic: { kind: 'http', status: 400, type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' },
  openrouter: { kind: 'http', status: 402, message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits' },
  deepseek: { kind: 'http', status: 402, message: 'Insufficient Balance' },
};
const quota: WireAnswer = { kind: 'http', status: 429, code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota, please check your plan and billing details.' };

describe('roundtable doctor', () => {
  it('reports every seat ready with its key variable by name, base URL, latency and price; exit 0', async () => {
    wire.script(() => ({ text: 'OK' }));
    const run = await runCli(['doctor', ...ALL], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const seats = rows(run.stdout);
    expect(seats.map(providerOf).sort()).toEqual(Object.keys(MODELS).sort());
    for (const row of seats) {
      expect(row.ready).toBe(true);
      expect(row.latencyMs).toBeGreaterThanOrEqual(0);
      expect(row.problem).toBeNull();
    }
    expect(seats.find((r) => providerOf(r) === 'anthropic')).toMatchObject({ keyEnv: 'ANTHROPIC_API_KEY', keySet: true, baseURL: 'https://api.anthropic.com', priced: true });
    expect(seats.find((r) => providerOf(r) === 'ollama')).toMatchObject({ keyEnv: null, keySet: null, priced: false });
    // One tiny call per seat, a few tokens.
    expect(wire.calls).toHaveLength(9);
    for (const call of wire.calls) expect(Number(call.body.max_tokens ?? call.body.max_completion_tokens)).toBeLessThanOrEqual(16);
    for (const value of Object.values(FAKE_KEYS)) expect(run.stdout).not.toContain(value);
  });

  const kinds: Array<[string, (p: ProviderId) => WireAnswer, RegExp]> = [
    ['bad key', () => ({ kind: 'http', status: 401, type: 'authentication_error', code: 'invalid_api_key', message: 'Incorrect API key provided: sk-test-*****0000.' }), /Incorrect API key provided/],
    ['unknown model', (p) => ({ kind: 'http', status: 404, type: p === 'anthropic' ? 'not_found_error' : 'invalid_request_error', code: 'model_not_found', message: 'The model `nope` does not exist or you do not have access to it.' }), /The model `nope` does not exist/],
    ['no credit', (p) => NO_CREDIT[p] ?? quota, /credit|Balance|quota/],
  ];
  for (const [problem, answer, words] of kinds) {
    it(`names "${problem}" for every provider, in the provider's own words; exit 1`, async () => {
      wire.script((call) => answer(call.provider));
      const run = await runCli(['doctor', ...ALL], { env: FAKE_KEYS });
      expect(run.code, run.stderr).toBe(1);
      for (const row of rows(run.stdout)) {
        expect(row.ready, row.model).toBe(false);
        expect(row.problem, row.model).toBe(problem);
        expect(row.error, row.model).toMatch(words);
        expect(row.error).toMatch(/^HTTP \d{3}/);
      }
      for (const value of Object.values(FAKE_KEYS)) expect(run.stdout).not.toContain(value);
    });
  }

  it('names a missing key by its variable, never calls that seat, and prints a table', async () => {
    wire.script(() => ({ text: 'OK' }));
    const env = { ...FAKE_KEYS, MISTRAL_API_KEY: undefined };
    const run = await runCli(['doctor', '--models', 'openai:gpt-5.4,mistral:mistral-large-latest', '--judge', 'ollama:my-local-model'], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^seat +model +key +base URL +price +live call$/);
    expect(lines[1]).toMatch(/^gpt-5\.4 +openai:gpt-5\.4 +OPENAI_API_KEY set +https:\/\/api\.openai\.com\/v1 +known +ok \d+\.\d s$/);
    expect(lines[2]).toMatch(/^mistral-large-latest +mistral:mistral-large-latest +MISTRAL_API_KEY missing +https:\/\/api\.mistral\.ai\/v1 +known +key missing: MISTRAL_API_KEY is not set$/);
    expect(lines[3]).toMatch(/^judge: my-local-model +ollama:my-local-model +no key needed +http:\/\/localhost:11434\/v1 +unpriced +ok/);
    expect(lines[4]).toBe('1 of 3 seats are not ready.');
    expect(wire.calls.map((c) => c.provider).sort()).toEqual(['ollama', 'openai']);
  });

  it('checks the seats as routed with --via openrouter, and refuses bad input with exit 2', async () => {
    wire.script(() => ({ text: 'OK' }));
    const ok = await runCli(['doctor', '--via', 'openrouter', '--json'], { env: { OPENROUTER_API_KEY: 'sk-or-test-000000000000' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(rows(ok.stdout).every((r) => r.keyEnv === 'OPENROUTER_API_KEY' && r.baseURL === 'https://openrouter.ai/api/v1' && r.priced)).toBe(true);
    expect(new Set(wire.calls.map((c) => c.url))).toEqual(new Set(['https://openrouter.ai/api/v1/chat/completions']));
    const bad = await runCli(['doctor', '--models', 'nonsense'], { env: FAKE_KEYS });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('sorting a failure into a problem', () => {
  const cases: Array<[string, { kind: string; status: number | null; message: string }, string]> = [
    ['401', { kind: 'auth', status: 401, message: 'HTTP 401: Incorrect API key provided' }, 'bad key'],
    ['403 permission', { kind: 'auth', status: 403, message: 'HTTP 403: forbidden' }, 'bad key'],
    ['404', { kind: 'not_found', status: 404, message: 'HTTP 404 (not_found_error): model: claude-nope' }, 'unknown model'],
    ['400 naming the model', { kind: 'invalid_request', status: 400, message: 'HTTP 400: Invalid model: mistral-nope' }, 'unknown model'],
    ['402', { kind: 'invalid_request', status: 402, message: 'HTTP 402: Insufficient credits' }, 'no credit'],
    ['insufficient_quota', { kind: 'spend_limit', status: 429, message: 'HTTP 429 (insufficient_quota): You exceeded your current quota' }, 'no credit'],
    ['Anthropic credit balance', { kind: 'invalid_request', status: 400, message: 'HTTP 400: Your credit balance is too low to access the Anthropic API.' }, 'no credit'],
    ['429', { kind: 'rate_limit', status: 429, message: 'HTTP 429: slow down' }, 'rate limited'],
    ['refused on loopback', { kind: 'refused', status: null, message: 'could not connect to http://localhost:11434/v1: connection refused' }, 'unreachable'],
    ['dropped connection', { kind: 'connection', status: null, message: 'could not connect to https://api.x.ai/v1: connection reset' }, 'unreachable'],
    ['timeout', { kind: 'timeout', status: null, message: 'the request timed out' }, 'timed out'],
    ['anything else', { kind: 'server', status: 500, message: 'HTTP 500: oops' }, 'error'],
  ];
  for (const [name, failure, problem] of cases) it(name, () => expect(classify(failure)).toBe(problem));
});
