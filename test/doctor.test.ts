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

  // Each provider's own answer to each failure, in its own shape and status (the recorded bodies of
  // test/fixtures/wire where there is one, else as the provider sends it): a key it rejects with a
  // 400 (xAI, Gemini) is still a bad key, and a 429 that asks to retry later is a rate limit, not a
  // lack of credit, even when it says "quota" (Gemini).
  /** `words`: what the error must say, where the whole sentence is not kept (a masked key is redacted all the same). */
  type Own = { status: number; body: unknown; headers?: Record<string, string>; words?: string };
  const OWN: Record<string, Partial<Record<string, Own>>> = {
    'bad key': {
      openai: { status: 401, words: 'Incorrect API key provided: ', body: { error: { message: 'Incorrect API key provided: sk-proj-********abcd. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } },
      anthropic: { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } },
      xai: { status: 400, words: 'Incorrect API key provided: ', body: { code: 'Client specified an invalid argument', error: 'Incorrect API key provided: xa***00. You can obtain an API key from https://console.x.ai.' } },
      google: { status: 400, body: [{ error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }] },
      mistral: { status: 401, body: { message: 'Unauthorized', request_id: '0b1c2d3e' } },
      moonshot: { status: 401, body: { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } } },
      deepseek: { status: 401, words: 'Authentication Fails, Your api key: ', body: { error: { message: 'Authentication Fails, Your api key: ****0000 is invalid', type: 'authentication_error', param: null, code: 'invalid_request_error' } } },
      openrouter: { status: 401, body: { error: { message: 'No auth credentials found', code: 401 } } },
    },
    'unknown model': {
      openai: { status: 404, body: { error: { code: 'model_not_found', message: 'The model `gpt-5.2-proo` does not exist or you do not have access to it.', param: null, type: 'invalid_request_error' } } },
      anthropic: { status: 404, body: { error: { message: 'model: claude-sonet-4-5', type: 'not_found_error' }, request_id: 'req_011CdufXo8Y2LVfY2veyuQWG', type: 'error' } },
      xai: { status: 404, body: { code: 'Some requested entity was not found', error: 'The model grok-nope does not exist or your team does not have access to it.' } },
      google: { status: 404, body: [{ error: { code: 404, message: 'models/gemini-3.6-flahs is not found for API version v1beta, or is not supported for generateContent. Call ModelService.ListModels to see the list of available models and their supported methods.', status: 'NOT_FOUND' } }] },
      mistral: { status: 400, body: { object: 'error', message: 'Invalid model: mistral-nope', type: 'invalid_model', param: null, code: '1500' } },
      moonshot: { status: 404, body: { error: { message: 'Not found the model kimi-nope or Permission denied', type: 'resource_not_found_error' } } },
      deepseek: { status: 400, body: { error: { message: 'Model Not Exist', type: 'invalid_request_error', param: null, code: 'invalid_request_error' } } },
      openrouter: { status: 400, body: { error: { message: 'meta-llama/nope is not a valid model ID', code: 400 } } },
      ollama: { status: 404, body: { error: { message: 'model "llama-nope" not found, try pulling it first', type: 'api_error', param: null, code: null } } },
    },
    'no credit': {
      openai: { status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } } },
      anthropic: { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' } } },
      xai: { status: 403, body: { code: 'The caller does not have permission to execute the specified operation', error: "Your newly created team doesn't have any credits yet. You can purchase credits on https://console.x.ai." } },
      google: { status: 429, body: [{ error: { code: 429, message: 'Your prepayment credits are depleted. Please go to AI Studio to manage your project and billing.', status: 'RESOURCE_EXHAUSTED' } }] },
      mistral: { status: 402, body: { object: 'error', message: 'Payment required: add a payment method to your workspace.', type: 'payment_required', param: null, code: null } },
      moonshot: { status: 429, body: { error: { message: 'Your account org-0000 <ak-0000> is suspended, please check your plan and billing details', type: 'exceeded_current_quota_error' } } },
      deepseek: { status: 402, body: { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } } },
      openrouter: { status: 402, body: { error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } } },
    },
    'rate limited': {
      openai: { status: 429, headers: { 'retry-after-ms': '1200' }, body: { error: { message: 'Rate limit reached for gpt-5.4 in organization org-xxx on tokens per min (TPM): Limit 30000, Used 29500, Requested 1200. Please try again in 1.2s.', type: 'tokens', param: null, code: 'rate_limit_exceeded' } } },
      anthropic: { status: 429, headers: { 'retry-after': '7' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit; see the response headers for current usage.' } } },
      xai: { status: 429, body: { code: 'Too many requests', error: 'Your team has reached its requests-per-second limit for grok-4-1-fast-reasoning.' } },
      google: { status: 429, body: [{ error: { code: 429, message: 'You exceeded your current quota, please check your plan.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' }] } }] },
      mistral: { status: 429, body: { message: 'Requests rate limit exceeded' } },
      moonshot: { status: 429, body: { error: { message: 'Your account org-0000 <ak-0000> request reached organization max RPM: 3, please try again after 1 seconds', type: 'rate_limit_reached_error' } } },
      deepseek: { status: 429, body: { error: { message: 'Rate Limit Reached', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } } },
      openrouter: { status: 429, body: { error: { code: 429, message: 'Provider returned error', metadata: { provider_name: 'Google', raw: 'meta-llama/llama-4-maverick is temporarily rate-limited upstream. Please retry shortly.' } } } },
      ollama: { status: 429, body: { error: { message: 'server busy, please try again. maximum pending requests exceeded', type: 'api_error', param: null, code: null } } },
    },
  };
  const message = (own: Own): string => {
    if (own.words) return own.words;
    const first = (Array.isArray(own.body) ? own.body[0] : own.body) as Record<string, unknown>;
    const err = first.error as Record<string, unknown> | string | undefined;
    const text = typeof err === 'string' ? err : ((err?.message as string | undefined) ?? (first.message as string));
    const raw = typeof err === 'object' ? (err.metadata as { raw?: string } | undefined)?.raw : undefined;
    return raw ?? text;
  };
  for (const [problem, answers] of Object.entries(OWN)) {
    it(`names "${problem}" from each provider's own answer, in its own words; exit 1`, async () => {
      const models = Object.keys(answers).map((p) => MODELS[p]!);
      wire.script((call) => {
        const own = answers[call.provider]!;
        return { kind: 'http', status: own.status, body: own.body, ...(own.headers ? { headers: own.headers } : {}) };
      });
      const run = await runCli(['doctor', '--models', models.join(','), '--no-judge', '--json'], { env: FAKE_KEYS });
      expect(run.code, run.stderr).toBe(1);
      const seats = rows(run.stdout);
      expect(seats.map(providerOf).sort()).toEqual(Object.keys(answers).sort());
      for (const row of seats) {
        const own = answers[providerOf(row)]!;
        expect({ model: row.model, ready: row.ready, problem: row.problem }).toEqual({ model: row.model, ready: false, problem });
        expect(row.error, row.model).toContain(message(own));
        expect(row.error, row.model).toMatch(new RegExp(`^HTTP ${own.status}`));
      }
      // One probe a seat: doctor never retries, so a rate limit costs no waiting.
      expect(wire.calls).toHaveLength(models.length);
      for (const value of Object.values(FAKE_KEYS)) expect(run.stdout).not.toContain(value);
    });
  }

  it('names "unreachable" for every provider when the connection drops; exit 1', async () => {
    wire.script(() => ({ kind: 'reset' }));
    const run = await runCli(['doctor', ...ALL], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(1);
    const seats = rows(run.stdout);
    expect(seats.map(providerOf).sort()).toEqual(Object.keys(MODELS).sort());
    for (const row of seats) {
      expect({ model: row.model, problem: row.problem, ready: row.ready }).toEqual({ model: row.model, problem: 'unreachable', ready: false });
      expect(row.error, row.model).toMatch(/connect|connection/);
    }
  });

  it('names "timed out" for every provider that answers nothing within --timeout; exit 1', async () => {
    wire.script(() => ({ kind: 'stall', afterChunks: 0 }));
    const run = await runCli(['doctor', ...ALL, '--timeout', '0.2'], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(1);
    const seats = rows(run.stdout);
    expect(seats.map(providerOf).sort()).toEqual(Object.keys(MODELS).sort());
    for (const row of seats) {
      expect({ model: row.model, problem: row.problem, ready: row.ready }).toEqual({ model: row.model, problem: 'timed out', ready: false });
      expect(row.error, row.model).toBe('no reply within 0.2 s (first-token deadline)');
    }
  });

  it('names a missing key by its variable, never calls that seat, and prints a table', async () => {
    wire.script(() => ({ text: 'OK' }));
    const env = { ...FAKE_KEYS, MISTRAL_API_KEY: undefined };
    const run = await runCli(['doctor', '--models', 'openai:gpt-5.4,mistral:mistral-large-latest', '--judge', 'ollama:my-local-model'], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    // Fit to 100 columns (not a terminal): the live-call column says ok or the kind of problem.
    expect(lines[0]).toMatch(/^seat +model +key +base URL +price +live call$/);
    // Columns cut to fit end in "…".
    expect(lines[1]).toMatch(/^gpt-5\.4 +openai:gpt-5\.4 +OPENAI_API_KEY set +api\.openai\.com\/\S* +known +ok \d+\.\d s$/);
    expect(lines[2]).toMatch(/^mistral-\S*… +mistral:mistral-large\S* +MISTRAL_API_KEY missing +api\.mistral\.ai\/\S* +known +key missing$/);
    expect(lines[3]).toMatch(/^judge: my\S*… +ollama:my-local-model +no key needed +http:\/\/localho\S* +unpriced +ok/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
    expect(lines[4]).toBe('1 of 3 seats are not ready.');
    expect(lines[5]).toMatch(/^Next: set MISTRAL_API_KEY, add --via openrouter/);
    expect(wire.calls.map((c) => c.provider).sort()).toEqual(['ollama', 'openai']);
  });

  it('checks the seats as routed with --via openrouter, and refuses bad input with exit 2', async () => {
    wire.script(() => ({ text: 'OK' }));
    const ok = await runCli(['doctor', '--via', 'openrouter', '--json'], { env: { OPENROUTER_API_KEY: 'sk-or-test-000000000000' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(rows(ok.stdout).every((r) => r.keyEnv === 'OPENROUTER_API_KEY' && r.baseURL === 'https://openrouter.ai/api/v1' && r.priced)).toBe(true);
    expect(new Set(wire.calls.map((c) => c.url))).toEqual(new Set(['https://openrouter.ai/api/v1/chat/completions']));
    // --via compat: every seat at the gateway, its key by the variable named, priced as the model it stands for.
    const base = 'https://llm-gateway.example.com/v1';
    const compat = ['doctor', '--via', 'compat', '--base-url', base, '--api-key-env', 'GATEWAY_KEY', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--no-judge', '--json'];
    const unset = await runCli(compat, { env: {} });
    expect(unset.code).toBe(1);
    expect(rows(unset.stdout).map((r) => [r.model, r.keyEnv, r.keySet, r.baseURL, r.problem, r.priced])).toEqual([
      ['compat:gpt-5.4', 'GATEWAY_KEY', false, base, 'key missing', true],
      ['compat:claude-opus-4-6', 'GATEWAY_KEY', false, base, 'key missing', true],
    ]);
    wire.script(() => ({ text: 'OK' }), [{ provider: 'compat', baseURL: base }]);
    const set = await runCli(compat, { env: { GATEWAY_KEY: 'gw-secret-123456789' } });
    expect(set.code, set.stderr).toBe(0);
    expect(wire.calls.filter((c) => c.url === `${base}/chat/completions`).map((c) => c.model).sort()).toEqual(['claude-opus-4-6', 'gpt-5.4']);
    expect(set.stdout).not.toContain('gw-secret');
    const bad = await runCli(['doctor', '--models', 'nonsense'], { env: FAKE_KEYS });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('sorting a failure into a problem', () => {
  const cases: Array<[string, { kind: string; status: number | null; message: string; retryAfterMs?: number | null }, string]> = [
    ['401', { kind: 'auth', status: 401, message: 'HTTP 401: Incorrect API key provided' }, 'bad key'],
    ['403 permission', { kind: 'auth', status: 403, message: 'HTTP 403: forbidden' }, 'bad key'],
    ['404', { kind: 'not_found', status: 404, message: 'HTTP 404 (not_found_error): model: claude-nope' }, 'unknown model'],
    ['400 naming the model', { kind: 'invalid_request', status: 400, message: 'HTTP 400: Invalid model: mistral-nope' }, 'unknown model'],
    ['402', { kind: 'invalid_request', status: 402, message: 'HTTP 402: Insufficient credits' }, 'no credit'],
    ['insufficient_quota', { kind: 'spend_limit', status: 429, message: 'HTTP 429 (insufficient_quota): You exceeded your current quota' }, 'no credit'],
    ['Anthropic credit balance', { kind: 'invalid_request', status: 400, message: 'HTTP 400: Your credit balance is too low to access the Anthropic API.' }, 'no credit'],
    ['429', { kind: 'rate_limit', status: 429, message: 'HTTP 429: slow down' }, 'rate limited'],
    ['a key refused with a 400 (xAI)', { kind: 'invalid_request', status: 400, message: 'HTTP 400 (Client specified an invalid argument): Incorrect API key provided: [redacted].' }, 'bad key'],
    ['a key refused with a 400 (Gemini)', { kind: 'invalid_request', status: 400, message: 'HTTP 400 (INVALID_ARGUMENT): API key not valid. Please pass a valid API key.' }, 'bad key'],
    ['a "quota" that says when to retry (Gemini)', { kind: 'rate_limit', status: 429, message: 'HTTP 429 (RESOURCE_EXHAUSTED): You exceeded your current quota, please check your plan.', retryAfterMs: 34400 }, 'rate limited'],
    ['a "quota" with no retry hint', { kind: 'rate_limit', status: 429, message: 'HTTP 429: You exceeded your current quota, please check your plan and billing details.', retryAfterMs: null }, 'no credit'],
    ['a 400 about the model that mentions the key', { kind: 'invalid_request', status: 400, message: 'HTTP 400: The model grok-nope is not available for this API key.' }, 'unknown model'],
    ['a model id that is not valid (OpenRouter)', { kind: 'invalid_request', status: 400, message: 'HTTP 400: meta-llama/nope is not a valid model ID' }, 'unknown model'],
    ['refused on loopback', { kind: 'refused', status: null, message: 'could not connect to http://localhost:11434/v1: connection refused' }, 'unreachable'],
    ['dropped connection', { kind: 'connection', status: null, message: 'could not connect to https://api.x.ai/v1: connection reset' }, 'unreachable'],
    ['timeout', { kind: 'timeout', status: null, message: 'the request timed out' }, 'timed out'],
    ['anything else', { kind: 'server', status: 500, message: 'HTTP 500: oops' }, 'error'],
  ];
  for (const [name, failure, problem] of cases) it(name, () => expect(classify(failure)).toBe(problem));
});
