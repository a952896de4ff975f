// The call watchdog leaves no timer behind once a call has ended: bytes of a body nobody cancelled
// can still arrive after Ctrl-C, and a deadline armed by them held the process open for a whole
// idle timeout (30 s) before it could exit 130.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWatchdog } from '../src/agents/watchdog.js';

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

  it('iterates a stream under guard: yields its items, ends with it, and a read that never settles fails at the deadline', async () => {
    const watchdog = startWatchdog({ ...TIMEOUTS, idleMs: 1000 }, new AbortController().signal);
    let reads = 0;
    // Two items, then a read that never settles (a transport that ignores the abort).
    const stream: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => (++reads <= 2 ? Promise.resolve({ done: false, value: reads }) : new Promise<IteratorResult<number>>(() => {})),
        return: () => Promise.resolve({ done: true, value: undefined }),
      }),
    };
    const seen: number[] = [];
    const done = (async () => {
      for await (const n of watchdog.iterate(stream)) seen.push(n);
    })();
    const failed = done.then(() => null, (err: Error) => err);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([1, 2]);
    expect(watchdog.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await failed)?.message).toBe('the stream went silent for 1 s');
    watchdog.dispose();
  });

  it('iterates to the end of a stream, and a read after a cancel fails at once', async () => {
    const outer = new AbortController();
    const watchdog = startWatchdog(TIMEOUTS, outer.signal);
    async function* three() {
      yield 1;
      yield 2;
      yield 3;
    }
    const seen: number[] = [];
    for await (const n of watchdog.iterate(three())) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
    const again = watchdog.iterate(three())[Symbol.asyncIterator]();
    expect(await again.next()).toEqual({ done: false, value: 1 });
    outer.abort(new Error('interrupted'));
    await expect(again.next()).rejects.toMatchObject({ kind: 'aborted' });
    // A stream that throws fails the read with its own error.
    const broken: AsyncIterable<number> = { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('reset')) }) };
    const other = startWatchdog(TIMEOUTS, new AbortController().signal);
    await expect(other.iterate(broken)[Symbol.asyncIterator]().next()).rejects.toThrow('reset');
    watchdog.dispose();
    other.dispose();
  });
});
