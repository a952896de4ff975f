// Serving one recorded provider response (answer substituted) through msw at the provider's real
// URL, and asking it for a vote through the real SDK, adapter, retry loop and parser.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ask } from '../../src/agents/ask.js';
import { createModelClient } from '../../src/agents/factory.js';
import { PROVIDERS } from '../../src/agents/providers.js';
import { parseVoteReply } from '../../src/agents/reply.js';
import type { RetryPolicy } from '../../src/agents/retry.js';
import type { CallTimeouts } from '../../src/agents/client.js';
import { loadRecording, recordingSource, substituteAnswer } from '../../src/mock/recordings.js';
import type { RetryNote } from '../../src/core/schema.js';
import { FAKE_KEYS } from './cli.js';

export const OPTIONS = ['Yes', 'No'];
export const MAX_TOKENS = 1200;
/** Fast retries; waits a provider asks for are honoured up to 1.5 s (Gemini's 34.4 s is over). */
export const POLICY: RetryPolicy = { retries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 1500, maxRetryTimeMs: 60_000 };

/** The substituted answer: a `Vote:` reply (or JSON), at least as long as the deltas it is split over. */
export function answerFor(deltas: number, json: boolean): { text: string; argument: string } {
  let argument = 'The recorded wire carries this argument intact, every word of it.';
  while (argument.length < deltas) argument += ' And still more of it.';
  return { text: json ? JSON.stringify({ vote: 'Yes', argument }) : `Vote: Yes\n${argument}`, argument };
}

export interface ReplayOptions {
  /** Answer in the JSON form instead of `Vote:`. */
  json?: boolean;
  /** What to send for each attempt, given the substituted body (default: that body every time). */
  serve?: (body: string, attempt: number) => string | ReadableStream<Uint8Array> | Response;
  policy?: RetryPolicy;
  timeouts?: CallTimeouts;
}

export interface Replayed {
  outcome: Awaited<ReturnType<typeof ask<{ vote: string; argument: string }>>>;
  attempts: number;
  bodies: Array<Record<string, unknown>>;
  retries: RetryNote[];
  preview: string;
  argument: string;
  /** The whole substituted answer (the `Vote:` or JSON text the deltas carry). */
  text: string;
  deltas: number;
  /** Wall time of the whole ask, measured around it here (latency must fall inside it). */
  elapsedMs: number;
}


export function useRecordings() {
  const requests: Array<Record<string, unknown>> = [];
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  /** Serves one recording (answer substituted) at the provider's real URL and asks it for a vote. */
  async function replay(name: string, options: ReplayOptions = {}): Promise<Replayed> {
    const { json = false, serve, policy = POLICY } = options;
    const recording = loadRecording(name);
    const source = recordingSource(name);
    const base = (source.baseURL ?? PROVIDERS[source.provider].defaultBaseURL!).replace(/\/+$/, '');
    const url = PROVIDERS[source.provider].api === 'anthropic-messages' ? `${base}/v1/messages` : `${base}/chat/completions`;
    const { deltas } = substituteAnswer(recording.body, '');
    const answer = answerFor(deltas, json);
    const served = recording.status === 200 ? substituteAnswer(recording.body, answer.text).body : recording.body;
    const bodies = requests;
    bodies.length = 0;
    server.use(
      http.post(url, async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        const out = serve ? serve(served, bodies.length) : served;
        return out instanceof Response ? out : new HttpResponse(out, { status: recording.status, headers: recording.headers });
      }),
    );
    const client = createModelClient({ name, model: source.model, ...(source.baseURL ? { baseURL: source.baseURL, apiKeyEnv: 'OPENAI_API_KEY' } : {}) }, { env: FAKE_KEYS, ...(options.timeouts ? { timeouts: options.timeouts } : {}) });
    const retries: RetryNote[] = [];
    let preview = '';
    const started = performance.now();
    const outcome = await ask({
      client,
      system: 'You debate.',
      prompt: 'Vote.',
      maxTokens: MAX_TOKENS,
      parse: (text, tool) => {
        const parsed = parseVoteReply(text, tool, OPTIONS);
        return parsed.ok ? { ok: true, value: { vote: parsed.vote, argument: parsed.argument } } : parsed;
      },
      reask: (reason) => `Your reply could not be read: ${reason}.`,
      hooks: {
        signal: new AbortController().signal,
        onToken: (t) => (preview += t),
        onRetry: (note) => {
          retries.push(note);
          preview = '';
        },
      },
      retry: policy,
    });
    const elapsedMs = performance.now() - started;
    return { outcome, attempts: bodies.length, bodies: [...bodies], retries, preview, argument: answer.argument, text: answer.text, deltas, elapsedMs };
  }

  /** The request bodies of the replay under way (live, for tests that step fake timers). */
  return { replay, requests };
}
