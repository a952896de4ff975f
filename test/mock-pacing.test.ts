// Mock mode's streamed replies keep their pace against the stream's start, so a process that was
// busy (the live screen draws in the process that answers mock calls) does not push every later
// chunk back: recorded latencies do not depend on the screen. Fake timers and a fake clock: no timing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sseStream } from '../src/mock/sse.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Reads the stream in the background; `got` lists each chunk's data as it arrives. */
function collect(stream: ReadableStream<Uint8Array>) {
  const got: string[] = [];
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const m of decoder.decode(value).matchAll(/data: (\S+)/g)) got.push(m[1]!);
    }
  })();
  return { got, done };
}

const plan = { items: ['a', 'b', 'c', 'd', 'e'].map((data) => ({ data })), firstDelayMs: 100, delayMs: 10 };

describe('mock stream pacing', () => {
  it('sends chunk i at start + firstDelayMs + i × delayMs when nothing holds the process up', async () => {
    const { got, done } = collect(sseStream(plan, new AbortController().signal, () => Date.now()));
    await vi.advanceTimersByTimeAsync(100);
    expect(got).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(10);
    expect(got).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(30);
    expect(got).toEqual(['a', 'b', 'c', 'd', 'e']);
    await done;
  });

  it('after the process was busy, the chunks whose time has passed go at once and the reply ends on schedule', async () => {
    const { got, done } = collect(sseStream(plan, new AbortController().signal, () => Date.now()));
    await vi.advanceTimersByTimeAsync(100);
    expect(got).toEqual(['a']);
    // 25 ms pass with no timer run (a frame of the live screen being drawn): the pause for 'b'
    // ends late, at 135 ms instead of 110.
    vi.setSystemTime(Date.now() + 25);
    await vi.advanceTimersByTimeAsync(10);
    // 'c' (due at 120) and 'd' (130) are overdue and follow 'b' at once; 'e' keeps its time, 140.
    expect(got).toEqual(['a', 'b', 'c', 'd']);
    await vi.advanceTimersByTimeAsync(5);
    expect(got).toEqual(['a', 'b', 'c', 'd', 'e']);
    await done;
  });
});
