// The seven ways the recorded wire broke roundtable (issue #10), one test each beyond the table
// suite: each failed before its fix.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY } from '../src/agents/retry.js';
import { ThinkFilter, stripThinkBlock } from '../src/agents/think.js';
import { loadRecording, substituteAnswer } from '../src/mock/recordings.js';
import { useRecordings } from './support/recordings.js';

const recordings = useRecordings();

afterEach(() => {
  vi.useRealTimers();
});

const messagesOf = (body: Record<string, unknown>) => body.messages as Array<{ role: string; content: unknown }>;

describe('1. Mistral content arrays', () => {
  it('reads text parts as the answer, and re-asks with that text, never [object Object]', async () => {
    const unreadable = substituteAnswer(loadRecording('mistral-magistral-vercel').body, 'Perhaps, on balance.').body;
    const r = await recordings.replay('mistral-magistral-vercel', { serve: (body, attempt) => (attempt === 1 ? unreadable : body) });
    expect(r.attempts).toBe(2);
    const assistant = messagesOf(r.bodies[1]!).find((m) => m.role === 'assistant');
    expect(assistant?.content).toBe('Perhaps, on balance.');
    expect(r.outcome.value).toEqual({ vote: 'Yes', argument: r.argument });
  });
});

describe('2. keep-alive comments count as life', () => {
  it('keeps a stream alive through 10 s of `: OPENROUTER PROCESSING` under a 3 s first-token deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const encoder = new TextEncoder();
    const serve = (body: string) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 1000));
          if (sent++ < 10) controller.enqueue(encoder.encode(': OPENROUTER PROCESSING\n\n'));
          else {
            controller.enqueue(encoder.encode(body));
            controller.close();
          }
        },
      });
    };
    const done = recordings.replay('openrouter-o3-reasoning', { serve, timeouts: { firstTokenMs: 3000, idleMs: 3000, totalMs: 60_000 } });
    await vi.advanceTimersByTimeAsync(12_000);
    const r = await done;
    expect(r.outcome.error).toBeNull();
    expect(r.attempts).toBe(1);
    expect(r.outcome.value?.vote).toBe('Yes');
  });
});

describe('3. truncation is never a complete reply', () => {
  it('asks again naming the limit when Anthropic stops at max_tokens, and reads the second reply', async () => {
    const r = await recordings.replay('anthropic-short', {
      json: true,
      serve: (body, attempt) => (attempt === 1 ? body.replace('"stop_reason":"end_turn"', '"stop_reason":"max_tokens"') : body),
    });
    expect(r.attempts).toBe(2);
    expect(r.retries[0]!.reason).toMatch(/cut at the 1200-token limit; asking again/);
    expect(JSON.stringify(messagesOf(r.bodies[1]!).at(-1))).toMatch(/within 1200 tokens/);
    expect(r.outcome).toMatchObject({ value: { vote: 'Yes', argument: r.argument }, error: null });
  });

  it('keeps what a stream that ended without finish_reason or [DONE] said, twice, as cut with the reason', async () => {
    const r = await recordings.replay('openai-text', {
      serve: (body) => {
        const events = body.split('\n\n');
        return events.slice(0, 150).join('\n\n') + '\n\n';
      },
    });
    expect(r.attempts).toBe(2);
    expect(r.outcome.value).toBeNull();
    expect(r.outcome.error).toMatch(/cut off: the stream ended before the reply did, twice/);
    expect(r.outcome.partialText).toMatch(/^Vote: Yes\nThe recorded wire/);
    expect(r.outcome.partialText!.length).toBeLessThan(`Vote: Yes\n${r.argument}`.length);
  });

  it('treats an Anthropic stream without message_stop as cut', async () => {
    const r = await recordings.replay('anthropic-delta-input-tokens', { json: true, serve: (body) => body.replace(/event: message_stop\ndata: .*\n\n/, '') });
    expect(r.outcome.error).toMatch(/cut off/);
    expect(r.attempts).toBe(2);
  });
});

describe('4. retry hints in error bodies', () => {
  it("waits Gemini's RetryInfo.retryDelay of 34.4 s (no retry-after header), then succeeds", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const limited = loadRecording('google-429');
    const done = recordings.replay('google-compat', {
      policy: DEFAULT_RETRY,
      serve: (body, attempt) => (attempt === 1 ? new Response(limited.body, { status: 429, headers: limited.headers }) : body),
    });
    await vi.advanceTimersByTimeAsync(34_390);
    expect(recordings.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20);
    const r = await done;
    expect(r.attempts).toBe(2);
    expect(r.retries).toEqual([expect.objectContaining({ delayMs: 34_400, reason: expect.stringMatching(/HTTP 429/) })]);
    expect(r.outcome.value?.vote).toBe('Yes');
  });
});

describe('5. a leading <think> block', () => {
  const cases: Array<[string, string[], string]> = [
    ['whole block in one piece', ['<think>hmm</think>\n\nVote: Yes\nBecause.'], 'Vote: Yes\nBecause.'],
    ['tags split across pieces', ['<th', 'ink>\nweighing', ' it</thi', 'nk>', '\n\n', 'Vote: No', '\nFine.'], 'Vote: No\nFine.'],
    ['leading whitespace before the tag', ['\n <think>x</think>Vote: A'], 'Vote: A'],
    ['no think block', ['Vote: Yes', '\nPlain.'], 'Vote: Yes\nPlain.'],
    ['a reply that merely starts with <', ['<b>bold</b>'], '<b>bold</b>'],
    ['an unfinished think block is dropped', ['<think>never ends'], ''],
    ['think later in the text stays', ['Vote: Yes\nI <think> so.'], 'Vote: Yes\nI <think> so.'],
  ];
  for (const [label, pieces, expected] of cases) {
    it(`streams ${label}`, () => {
      const filter = new ThinkFilter();
      const out = pieces.map((p) => filter.push(p)).join('') + filter.flush();
      expect(out).toBe(expected);
      expect(stripThinkBlock(pieces.join('')).trimStart()).toBe(expected);
    });
  }

  it('keeps the think block of a recorded R1 stream out of the argument and the live preview', async () => {
    const r = await recordings.replay('groq-r1-think');
    expect(r.outcome.value).toEqual({ vote: 'Yes', argument: r.argument });
    expect(r.preview).toBe(`Vote: Yes\n${r.argument}`);
  });
});

describe('7. errors keep their reason', () => {
  it("counts the usage OpenRouter reports beside its in-stream error, even split over tiny chunks", async () => {
    const encoder = new TextEncoder();
    const tiny = (body: string) => {
      const bytes = encoder.encode(body);
      let at = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= bytes.length) return controller.close();
          controller.enqueue(bytes.slice(at, (at += 7)));
        },
      });
    };
    const r = await recordings.replay('openrouter-stream-error', { serve: tiny });
    expect(r.outcome.error).toMatch(/error inside the stream.*Token limit reached/);
    expect(r.outcome.usage).toEqual({ inputTokens: 43, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 10, providerCostUsd: 0 });
  });

  it('records an Anthropic refusal with its explanation and does not ask again', async () => {
    const r = await recordings.replay('anthropic-refusal', { json: true });
    expect(r.attempts).toBe(1);
    expect(r.retries).toEqual([]);
    expect(r.outcome.error).toBe("the model refused: This request triggered restrictions on violative cyber content and was blocked under Anthropic's Usage Policy.");
  });

  it('reads a whole JSON body sent where a stream was asked for as the complete reply', async () => {
    const r = await recordings.replay('ollama-nonstream-json', { json: true });
    expect(r.outcome).toMatchObject({ value: { vote: 'Yes', argument: r.argument }, error: null, usage: { inputTokens: 136, outputTokens: 15 } });
    expect(r.preview).not.toMatch(/Okay, the user/);
  });
});

