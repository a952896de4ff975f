// Failed attempts that used tokens are billed, so they count in the turn's usage and cost: at the
// retry loop (a fake client) and at the wire (Anthropic's message_start counts the input before a
// stream fails mid-way with overloaded_error).
import { describe, expect, it } from 'vitest';
import type { ChatResult, ModelClient } from '../src/agents/client.js';
import { ProviderError } from '../src/agents/errors.js';
import { completeWithRetry, DEFAULT_RETRY } from '../src/agents/retry.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { useWire, vote } from './support/wire.js';

const wire = useWire();
const policy = { ...DEFAULT_RETRY, baseDelayMs: 0, random: () => 0 };
const hooks = () => ({ signal: new AbortController().signal });

/** A client whose attempts play out as given: a failure carrying usage, or a reply. */
function scripted(attempts: Array<{ fail: ProviderError } | { reply: ChatResult }>): ModelClient {
  let n = 0;
  return {
    provider: 'anthropic',
    model: 'claude-opus-4-6',
    async complete() {
      const next = attempts[n++]!;
      if ('fail' in next) throw next.fail;
      return next.reply;
    },
  };
}
const failing = (usage: { inputTokens: number; outputTokens: number } | null) => {
  const e = new ProviderError('overloaded', 'error inside the stream (overloaded_error): Overloaded');
  e.usage = usage;
  return e;
};

describe('billed failures', () => {
  it('adds what failed attempts used to the reply that finally came', async () => {
    const client = scripted([
      { fail: failing({ inputTokens: 100, outputTokens: 20 }) },
      { fail: failing(null) },
      { reply: { text: 'ok', toolArguments: null, usage: { inputTokens: 100, outputTokens: 50 } } },
    ]);
    const result = await completeWithRetry(client, { system: 's', messages: [{ role: 'user', content: 'p' }], maxTokens: 10 }, hooks(), policy);
    expect(result.usage).toEqual({ inputTokens: 200, outputTokens: 70 });
  });

  it('keeps what every failed attempt used on the error when none succeeded', async () => {
    const client = scripted([{ fail: failing({ inputTokens: 100, outputTokens: 20 }) }, { fail: failing({ inputTokens: 100, outputTokens: 5 }) }]);
    const err = await completeWithRetry(client, { system: 's', messages: [{ role: 'user', content: 'p' }], maxTokens: 10 }, hooks(), { ...policy, retries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).usage).toEqual({ inputTokens: 200, outputTokens: 25 });
  });

  it('counts the input of an Anthropic stream that failed mid-way, in the turn and its cost', async () => {
    const run = async (fault: boolean, always = false) => {
      wire.script((call) =>
        fault && call.provider === 'anthropic' && (always || call.attempt === 1)
          ? { kind: 'stream-error', afterChunks: 2, type: 'overloaded_error', message: 'Overloaded' }
          : vote('Yes', 'Same argument every time.'),
      );
      const r = await runCli(['debate', 'Billed?', '--models', 'anthropic:claude-opus-4-6,openai:gpt-5.4,xai:grok-4-1-fast-reasoning', '--no-judge', '--mode', 'poll', '--json', '--headless', '--retry-base-ms', '1', '--retries', '1'], { env: FAKE_KEYS });
      expect(r.code, r.stderr).toBe(0);
      return TranscriptSchema.parse(JSON.parse(r.stdout)).rounds[0]!.turns.find((t) => t.debater === 'claude-opus-4-6')!;
    };
    const clean = await run(false);
    const retried = await run(true);
    expect(retried.retries).toHaveLength(1);
    expect(retried.usage!.inputTokens).toBe(2 * clean.usage!.inputTokens);
    // Claude Opus 4.6: $5 per million input tokens; the failed attempt's input is billed on top.
    // A turn whose every attempt failed still carries (and is charged for) what they used.
    const failed = await run(true, true);
    expect(failed.vote).toBeNull();
    expect(failed.error).toMatch(/Overloaded/);
    expect(failed.usage!.inputTokens).toBe(2 * clean.usage!.inputTokens);
    expect(failed.cost!.usd).toBeGreaterThan(0);
    expect(retried.cost!.usd! - clean.cost!.usd!).toBeCloseTo((clean.usage!.inputTokens * 5 + (retried.usage!.outputTokens - clean.usage!.outputTokens) * 25) / 1e6, 12);
  });

  it('counts an attempt that failed mid-answer without a usage report at its worst case, apart, never as zero', async () => {
    const answeredFailure = () => {
      const e = new ProviderError('stream', 'error inside the stream (server_error): boom');
      e.answered = true;
      return e;
    };
    const request = { system: 's', messages: [{ role: 'user' as const, content: 'p'.repeat(400) }], maxTokens: 10 };
    // A failure before any answer (an HTTP error) is not billed; one mid-answer is.
    const before = new ProviderError('overloaded', 'HTTP 529: Overloaded', 529);
    const ok = await completeWithRetry(scripted([{ fail: before }, { fail: answeredFailure() }, { reply: { text: 'ok', toolArguments: null, usage: { inputTokens: 100, outputTokens: 5 } } }]), request, hooks(), policy);
    expect(ok.usage).toEqual({ inputTokens: 100, outputTokens: 5 });
    expect(ok.unreportedUsage).toEqual({ inputTokens: 101, outputTokens: 10 });
    const err = await completeWithRetry(scripted([{ fail: answeredFailure() }, { fail: answeredFailure() }]), request, hooks(), { ...policy, retries: 1 }).catch((e: unknown) => e);
    expect((err as ProviderError).unreportedUsage).toEqual({ inputTokens: 202, outputTokens: 20 });
  });

  it('a stream that says no usage (a compat server), cut by an error event or a stall, records the turn\'s worst case for budgets and cost', async () => {
    const COMPAT = 'http://compat.test/v1';
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({ debaters: [{ name: 'Qwen', model: 'compat:qwen3-32b', baseURL: COMPAT }, { name: 'GPT', model: 'openai:gpt-5.4' }, { name: 'Grok', model: 'xai:grok-4-1-fast-reasoning' }] }));
    for (const fault of [
      { kind: 'stream-error' as const, afterChunks: 3, type: 'server_error', message: 'The server had an error' },
      { kind: 'stall' as const, afterChunks: 3 },
    ]) {
      wire.script((call) => (call.provider === 'compat' ? fault : vote('Yes', 'Fine.')), [{ provider: 'compat', baseURL: COMPAT }]);
      const r = await runCli(['debate', 'Billed?', '--panel', panel, '--no-judge', '--mode', 'poll', '--json', '--headless', '--retries', '0', '--max-tokens', '300', '--idle-timeout', '1'], { env: FAKE_KEYS, cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const t = TranscriptSchema.parse(JSON.parse(r.stdout));
      const turn = t.rounds[0]!.turns.find((x) => x.debater === 'qwen')!;
      expect(turn.vote, fault.kind).toBeNull();
      expect(turn.usage ?? null, fault.kind).toBeNull();
      // The attempt had begun its answer: billed, so counted at its prompt and max_tokens, never as zero.
      // (An error event a compat stream ends with reads as a cut reply, asked once more: two attempts, each counted.)
      expect(turn.unreportedUsage?.outputTokens, fault.kind).toBeGreaterThanOrEqual(300);
      expect(turn.unreportedUsage!.outputTokens % 300, fault.kind).toBe(0);
      expect(turn.unreportedUsage!.inputTokens, fault.kind).toBeGreaterThan(50);
      expect(t.cost!.unreported!.seats, fault.kind).toBe(1);
    }
  });
});
