// Mock mode holds the request's max_tokens as a provider does: a longer reply stops at the limit
// ("length"), and asked again for a shorter one (as roundtable asks, naming the limit) the stand-in
// writes one that fits. So a mock run's tokens, and the cost it says it would have had, stay within
// what its budget planned for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { fittedReply, mockScript, replyLimit } from '../src/mock/script.js';
import { approxTokens } from '../src/mock/sse.js';
import type { WireCall } from '../src/mock/types.js';
import { runCli, tempDir } from './support/cli.js';

const call = (messages: string[], limit: Record<string, number>): WireCall => ({
  provider: 'openai',
  url: 'https://api.openai.com/v1/chat/completions',
  model: 'gpt-5.4',
  body: { model: 'gpt-5.4', stream: true, messages: [{ role: 'system', content: 'You are the judge of the AI Roundtable.' }, ...messages.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }))], ...limit },
  headers: new Headers(),
  seat: 'Judge',
  role: 'judge',
  round: null,
  attempt: 1,
});

describe('the stand-in and max_tokens', () => {
  it('reads the limit in any of its fields', () => {
    expect(replyLimit({ max_tokens: 10 })).toBe(10);
    expect(replyLimit({ max_completion_tokens: 20 })).toBe(20);
    expect(replyLimit({})).toBeNull();
    expect(replyLimit({ max_tokens: 0 })).toBeNull();
  });

  it('stops a longer reply at the limit, and fits it when asked again', async () => {
    const script = mockScript(null, { paceMs: 0 });
    const first = await script(call(['Nothing a judge can read.'], { max_completion_tokens: 6 }));
    expect(first.kind).toBe('length');
    expect(approxTokens((first as { text: string }).text)).toBeLessThanOrEqual(6);
    const again = await script(call(['Nothing a judge can read.', 'The stand-in judge could', 'Your reply was cut at the 6-token limit; reply again in full.'], { max_completion_tokens: 6 }));
    expect(again.kind ?? 'reply').toBe('reply');
    expect(approxTokens((again as { text: string }).text)).toBeLessThanOrEqual(6);
    // Without a limit, or within it, the reply is as generated.
    const free = await script(call(['Nothing a judge can read.'], {}));
    expect(free.kind ?? 'reply').toBe('reply');
  });

  it('fits a JSON reply by shortening its texts, keeping every field', () => {
    const long = JSON.stringify({ vote: 'Yes', argument: 'First point stands. Second point follows from it. Third point closes the case with a flourish of many words.' });
    const fitted = fittedReply(long, 25)!;
    expect(approxTokens(fitted)).toBeLessThanOrEqual(25);
    const parsed = JSON.parse(fitted) as { vote: string; argument: string };
    expect(parsed.vote).toBe('Yes');
    // Whole sentences dropped from the end, as a writer shortens.
    expect(parsed.argument).toBe('First point stands. Second point follows from it.');
    expect(fittedReply(JSON.stringify({ a: 'x'.repeat(400) }), 5)).toBeNull();
  });

  it('a mock debate with a small --max-tokens: every call within the limit, every seat still votes', async () => {
    const dir = tempDir();
    const file = join(dir, 'small.json');
    const run = await runCli(['debate', 'Should cities ban cars?', '--mock', '--mock-pace', '0', '--max-tokens', '60', '--judge-max-tokens', '300', '--rounds', '2', '--headless', '--out', file], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const turn of t.rounds.flatMap((r) => r.turns)) {
      expect(turn.vote).not.toBeNull();
      // At most two attempts (the reply stopped at the limit, then one that fits), each within 60.
      expect(turn.usage!.outputTokens).toBeLessThanOrEqual(120);
    }
    expect(t.judgement).not.toBeNull();
    expect(t.judgeUsage!.outputTokens).toBeLessThanOrEqual(600);
  });
});
