// The call watchdog leaves no timer behind once a call has ended: bytes of a body nobody cancelled
// can still arrive after Ctrl-C, and a deadline armed by them held the process open for a whole
// idle timeout (30 s) before it could exit 130.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWatchdog } from '../src/agents/watchdog.js';
import { observedBy, wireFetch } from '../src/agents/wire-fetch.js';

const TIMEOUTS = { firstTokenMs: 60_000, idleMs: 30_000, totalMs: 300_000 };

describe('the call watchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('arms the first-token and total deadlines, and re-arms the idle one on activity', () => {
    const watchdog = startWatchdog(TIMEOUTS, new AbortController().signal);
    expect(vi.getTimerCount()).toBe(2);
    watchdog.activity();
    expect(vi.getTimerCount()).toBe(2);
    watchdog.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('arms nothing for bytes that arrive after it was disposed', () => {
    const watchdog = startWatchdog(TIMEOUTS, new AbortController().signal);
    watchdog.dispose();
    watchdog.activity();
    watchdog.activity();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('arms nothing for bytes that arrive after the caller aborted (Ctrl-C)', () => {
    const outer = new AbortController();
    const watchdog = startWatchdog(TIMEOUTS, outer.signal);
    outer.abort(new Error('interrupted'));
    expect(watchdog.signal.aborted).toBe(true);
    watchdog.dispose();
    watchdog.activity();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still fires a missed deadline as a retryable failure', () => {
    const watchdog = startWatchdog({ ...TIMEOUTS, idleMs: 1000 }, new AbortController().signal);
    watchdog.activity();
    vi.advanceTimersByTime(1000);
    expect(watchdog.signal.aborted).toBe(true);
    expect(watchdog.failure()?.message).toBe('the stream went silent for 1 s');
    watchdog.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a stream alive while chunks arrive, and fires one idle period after the last', () => {
    const watchdog = startWatchdog({ ...TIMEOUTS, idleMs: 1000 }, new AbortController().signal);
    for (let i = 0; i < 30; i++) {
      watchdog.activity();
      vi.advanceTimersByTime(400);
    }
    expect(watchdog.signal.aborted).toBe(false);
    watchdog.activity();
    vi.advanceTimersByTime(999);
    expect(watchdog.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(watchdog.failure()?.message).toBe('the stream went silent for 1 s');
    watchdog.dispose();
  });

  it('keeps one idle timer however many chunks arrive (no timer re-armed per chunk)', () => {
    const watchdog = startWatchdog({ ...TIMEOUTS, idleMs: 1000 }, new AbortController().signal);
    const armed = vi.spyOn(globalThis, 'setTimeout');
    for (let i = 0; i < 500; i++) watchdog.activity();
    expect(armed.mock.calls.length).toBeLessThanOrEqual(1);
    armed.mockRestore();
    watchdog.dispose();
  });
});

describe('a streamed body under the call\'s abort (wire-fetch)', () => {
  const encoder = new TextEncoder();
  /** A transport that sends one chunk and then neither sends more nor honours the abort. */
  const deaf = (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('data: {}\n\n'));
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    )) as typeof fetch;

  it('fails the read in progress when the watchdog fires, even when the transport ignores the abort', async () => {
    const watchdog = startWatchdog({ ...TIMEOUTS, idleMs: 50 }, new AbortController().signal);
    const seen: number[] = [];
    const fetch = wireFetch({ baseURL: 'http://127.0.0.1:9', api: 'openai-chat', fetch: deaf });
    const response = await fetch('http://127.0.0.1:9/v1/chat/completions', { method: 'POST', body: '{}', signal: watchdog.signal, ...observedBy({ onBytes: () => (seen.push(1), watchdog.activity()) }) });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    expect(seen).toHaveLength(1);
    // The second read never settles on its own: the idle deadline fails it.
    await expect(reader.read()).rejects.toMatchObject({ kind: 'stalled' });
    expect(watchdog.failure()?.message).toBe('the stream went silent for 0.05 s');
    watchdog.dispose();
  });

  it('fails at once a read after a cancel, and leaves a body read to its end as it was', async () => {
    const outer = new AbortController();
    const fetch = wireFetch({ baseURL: 'http://127.0.0.1:9', api: 'openai-chat', fetch: deaf });
    const response = await fetch('http://127.0.0.1:9/v1/chat/completions', { method: 'POST', body: '{}', signal: outer.signal });
    const reader = response.body!.getReader();
    await reader.read();
    outer.abort(new Error('interrupted'));
    await expect(reader.read()).rejects.toThrow('interrupted');
    const whole = wireFetch({ baseURL: 'http://127.0.0.1:9', api: 'openai-chat', fetch: (async () => new Response('data: [DONE]\n\n', { headers: { 'content-type': 'text/event-stream' } })) as typeof globalThis.fetch });
    const done = new AbortController();
    const text = await (await whole('http://127.0.0.1:9/v1/chat/completions', { method: 'POST', body: '{}', signal: done.signal })).text();
    expect(text).toBe('data: [DONE]\n\n');
    // Aborting after the end changes nothing.
    done.abort();
  });
});
