// One SDK client per endpoint, shared by the seats that call it (src/agents/endpoint.ts): each
// request names the observer of its own bytes (wire-fetch.ts), so two seats' calls in flight at
// once through one client each see only their own response: its bytes keep only its own watchdog
// alive, its usage beside an error event is billed to it alone, and one seat failing leaves the
// other's call as it was. No network: the run's own fetch answers.
import { describe, expect, it } from 'vitest';
import { createAnthropicClient } from '../src/agents/anthropic-messages.js';
import { DEFAULT_TIMEOUTS, type ChatResult } from '../src/agents/client.js';
import { sharedSdkClient, type EndpointConfig } from '../src/agents/endpoint.js';
import { createOpenAIChatClient } from '../src/agents/openai-chat.js';
import { PROVIDERS } from '../src/agents/providers.js';
import { ProviderError } from '../src/agents/errors.js';

const encoder = new TextEncoder();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A response streamed from steps: text to send, or a pause; `hang` leaves the stream open and silent at the end. */
function streamed(steps: (string | number)[], hang = false): Response {
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const step of steps) {
        if (typeof step === 'number') await wait(step);
        else controller.enqueue(encoder.encode(step));
      }
      if (!hang) controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const chatChunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const chatEnd = (prompt: number) =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [], usage: { prompt_tokens: prompt, completion_tokens: 5, total_tokens: prompt + 5 } })}\n\n` +
  'data: [DONE]\n\n';

const TIMEOUTS = { ...DEFAULT_TIMEOUTS, firstTokenMs: 300, idleMs: 300 };

describe('one SDK client shared by the seats of an endpoint', () => {
  it('is made once per endpoint, key, deadline and fetch', () => {
    const fetchA = (async () => new Response('')) as typeof fetch;
    const fetchB = (async () => new Response('')) as typeof fetch;
    const base: EndpointConfig = { profile: PROVIDERS.openai, model: 'a', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-one-000000', timeouts: TIMEOUTS, fetch: fetchA };
    let made = 0;
    const make = () => ({ n: ++made });
    const one = sharedSdkClient('openai-chat', base, make);
    expect(sharedSdkClient('openai-chat', { ...base, model: 'b', temperature: 0.5 }, make)).toBe(one);
    for (const other of [{ apiKey: 'sk-two-000000' }, { baseURL: 'http://127.0.0.1:9/v2' }, { timeouts: { ...TIMEOUTS, totalMs: 1 } }, { fetch: fetchB }]) {
      expect(sharedSdkClient('openai-chat', { ...base, ...other }, make)).not.toBe(one);
    }
    expect(sharedSdkClient('anthropic-messages', base, make)).not.toBe(one);
  });

  it('openai: two seats at once; each watchdog sees only its own bytes, each error usage is its own, one failing leaves the other whole', async () => {
    // Seat "quiet" says one word and goes silent; seat "alive" sends only keep-alive comments for
    // a while (the SDK never sees them: only its own bytes can keep its watchdog from firing), then
    // its answer. Seat "billed" fails with an error event that carries the tokens used.
    const fetch = (async (_input: unknown, init?: RequestInit) => {
      const model = (JSON.parse(String(init?.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : init?.body)) as { model: string }).model;
      if (model === 'quiet') return streamed([chatChunk('Hello')], true);
      if (model === 'billed') return streamed([chatChunk('Hel'), 50, `data: ${JSON.stringify({ error: { message: 'upstream failed', code: 502 }, usage: { prompt_tokens: 77, completion_tokens: 3, total_tokens: 80 } })}\n\n`]);
      return streamed([...Array.from({ length: 12 }, () => [': keep-alive\n\n', 60] as const).flat(), chatChunk('Yes'), chatEnd(11)]);
    }) as typeof globalThis.fetch;
    const seat = (model: string) => createOpenAIChatClient({ profile: PROVIDERS.openai, model, baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-shared-00000', timeouts: TIMEOUTS, fetch });
    const ask = (model: string) =>
      seat(model)
        .complete({ system: 's', messages: [{ role: 'user', content: 'q' }], maxTokens: 10 }, { signal: new AbortController().signal })
        .then((r: ChatResult) => r, (e: ProviderError) => e);
    const [alive, quiet, billed] = await Promise.all([ask('alive'), ask('quiet'), ask('billed')]);
    // 720 ms of keep-alives past a 300 ms idle deadline: alive only because its own bytes counted.
    expect(alive).toMatchObject({ text: 'Yes', stop: 'complete', usage: { inputTokens: 11, outputTokens: 5 } });
    // The keep-alives of the other seat's stream did not keep this one alive.
    expect(quiet).toBeInstanceOf(ProviderError);
    expect(quiet).toMatchObject({ kind: 'stalled', usage: null });
    // The error event's usage is billed to the seat whose stream carried it, and to no other.
    expect(billed).toBeInstanceOf(ProviderError);
    expect((billed as ProviderError).usage).toMatchObject({ inputTokens: 77, outputTokens: 3 });
  });

  it('anthropic: two seats at once; each watchdog sees only its own bytes', async () => {
    const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const start = event('message_start', { message: { id: 'm', type: 'message', role: 'assistant', model: 'c', content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 0 } } });
    const fetch = (async (_input: unknown, init?: RequestInit) => {
      const model = (JSON.parse(String(init?.body instanceof Uint8Array ? new TextDecoder().decode(init.body) : init?.body)) as { model: string }).model;
      if (model === 'quiet') return streamed([start], true);
      return streamed([
        start,
        ...Array.from({ length: 12 }, () => [event('ping', {}), 60] as const).flat(),
        event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
        event('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'No' } }),
        event('content_block_stop', { index: 0 }),
        event('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 4 } }),
        event('message_stop', {}),
      ]);
    }) as typeof globalThis.fetch;
    const seat = (model: string) => createAnthropicClient({ profile: PROVIDERS.anthropic, model, baseURL: 'http://127.0.0.1:9', apiKey: 'sk-ant-shared-0000', timeouts: TIMEOUTS, fetch });
    const ask = (model: string) =>
      seat(model)
        .complete({ system: 's', messages: [{ role: 'user', content: 'q' }], maxTokens: 10 }, { signal: new AbortController().signal })
        .then((r: ChatResult) => r, (e: ProviderError) => e);
    const [alive, quiet] = await Promise.all([ask('alive'), ask('quiet')]);
    expect(alive).toMatchObject({ text: 'No', stop: 'complete', usage: { inputTokens: 9, outputTokens: 4 } });
    expect(quiet).toBeInstanceOf(ProviderError);
    expect(quiet).toMatchObject({ kind: 'stalled' });
    // The quiet seat's message_start had counted its input: billed to it alone.
    expect((quiet as ProviderError).usage).toMatchObject({ inputTokens: 9, outputTokens: 0 });
  });
});
