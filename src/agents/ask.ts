// One structured question to a model: call it (with retries), parse the reply, and when the reply
// cannot be read, ask once more with the reason.
import type { Usage } from '../core/schema.js';
import type { ChatMessage, ChatRequest, ModelClient, RequestTag } from './client.js';
import { clippedNote, type Clipped } from '../core/reply-cap.js';
import { completeWithRetry, type RetryHooks, type RetryPolicy } from './retry.js';
import { stripThinkBlock } from './think.js';
import { addUsage, worstCase } from './usage.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface AskOutcome<T> {
  value: T | null;
  /** Why no value: the provider failed, or the reply could not be read twice. */
  error: string | null;
  usage: Usage | null;
  /**
   * The calls whose reply came with no usage (a stream that never reported it), at the worst case
   * each request allowed: its prompt's estimated tokens in, max_tokens out. Null when every reply
   * reported its usage. Never added to `usage`, which holds only what providers reported.
   */
  unreportedUsage: Usage | null;
  latencyMs: number;
  /** What a reply cut off twice had said (kept, never passed off as complete). */
  partialText?: string;
  /** The reply kept (value or partialText) was cut at the character cap. */
  clipped?: Clipped;
}

export interface AskOptions<T> {
  client: ModelClient;
  system: string;
  prompt: string;
  /** The prompt as the parts it was built from (see ChatMessage.parts). */
  promptParts?: readonly string[];
  maxTokens: number;
  parse: (text: string, toolArguments: string | null) => Parsed<T>;
  reask: (reason: string) => string;
  hooks: RetryHooks;
  retry: RetryPolicy;
  tag?: RequestTag;
  /** The reply could not be read and is asked again (a re-ask, recorded apart from transport retries). */
  onReask?: (reason: string) => void;
  /** The most characters kept of each reply (absent: the adapter's REPLY_CHAR_CAP). */
  maxChars?: number;
}

/** Why a reply was cut, in words that name the limit. */
function cutReason(stop: 'length' | 'unterminated', maxTokens: number): string {
  return stop === 'length'
    ? `the reply was cut at the ${maxTokens}-token limit`
    : 'the reply was cut off: the stream ended before the reply did';
}

/** Whether a reply's usage says anything: none at all, or all zeros beside a reply, is not a report. */
const reportsUsage = (u: Usage | null): boolean => Boolean(u && (u.inputTokens > 0 || u.outputTokens > 0 || u.providerCostUsd !== undefined));

/** Throws only when cancelled (the ProviderError of kind 'aborted'); every other failure is data. */
export async function ask<T>(options: AskOptions<T>): Promise<AskOutcome<T>> {
  const started = performance.now();
  const messages: ChatMessage[] = [{ role: 'user', content: options.prompt, ...(options.promptParts ? { parts: options.promptParts } : {}) }];
  let usage: Usage | null = null;
  let unreported: Usage | null = null;
  for (let round = 0; round < 2; round++) {
    const request: ChatRequest = {
      system: options.system,
      messages: [...messages],
      maxTokens: options.maxTokens,
      ...(options.tag ? { tag: options.tag } : {}),
      ...(options.maxChars !== undefined ? { maxChars: options.maxChars } : {}),
    };
    let reply;
    try {
      reply = await completeWithRetry(options.client, request, options.hooks, options.retry);
    } catch (err) {
      const e = err as { kind?: string; message?: string; usage?: Usage | null; unreportedUsage?: Usage | null };
      if (e.kind === 'aborted') throw err;
      // Attempts that failed after using tokens are billed: they count; those that said nothing at their worst case.
      return { value: null, error: e.message ?? String(err), usage: addUsage(usage, e.usage ?? null), unreportedUsage: addUsage(unreported, e.unreportedUsage ?? null), latencyMs: performance.now() - started };
    }
    usage = addUsage(usage, reply.usage);
    unreported = addUsage(unreported, reply.unreportedUsage ?? null);
    if (!reportsUsage(reply.usage)) unreported = addUsage(unreported, worstCase(request));
    const latencyMs = () => performance.now() - started;
    // A refusal is an answer: recorded with the model's explanation, never asked again.
    if (reply.stop === 'refusal') {
      return { value: null, error: `the model refused: ${reply.refusal ?? 'no explanation given'}`, usage, unreportedUsage: unreported, latencyMs: latencyMs() };
    }
    const text = stripThinkBlock(reply.text);
    // A cut reply is never complete: asked once more naming the limit, then kept as said with the reason.
    if (reply.stop === 'length' || reply.stop === 'unterminated') {
      const reason = cutReason(reply.stop, options.maxTokens);
      if (round === 1) {
        return {
          value: null,
          error: reply.stop === 'length' ? `the reply was cut at ${options.maxTokens} tokens (the limit), again after asking for a shorter one` : `${reason}, twice`,
          usage,
          unreportedUsage: unreported,
          latencyMs: latencyMs(),
          partialText: text.trim(),
        };
      }
      options.hooks.onRetry?.({ attempt: round + 1, reason: `${reason}; asking again`, delayMs: 0 });
      messages.push({ role: 'assistant', content: text.trim() || reply.toolArguments || '(empty reply)' });
      messages.push({ role: 'user', content: options.reask(`${reason}; reply again in full, well within ${options.maxTokens} tokens`) });
      continue;
    }
    const clipped = reply.clipped ? { clipped: reply.clipped } : {};
    const parsed = options.parse(text, reply.toolArguments);
    if (parsed.ok) return { value: parsed.value, error: null, usage, unreportedUsage: unreported, latencyMs: performance.now() - started, ...clipped };
    if (reply.clipped) {
      // Too long to keep whole, and unreadable as cut: asked once more for a shorter one, then kept as cut.
      const reason = `the ${clippedNote(reply.clipped)}, and what was kept could not be read (${parsed.reason})`;
      if (round === 1) {
        return { value: null, error: `${reason}, again after asking for a shorter one`, usage, unreportedUsage: unreported, latencyMs: performance.now() - started, partialText: text.trim(), ...clipped };
      }
      options.hooks.onRetry?.({ attempt: round + 1, reason: `${reason}; asking again`, delayMs: 0 });
      messages.push({ role: 'assistant', content: text.trim() || reply.toolArguments || '(empty reply)' });
      messages.push({ role: 'user', content: options.reask(`${reason}; reply again in full, well within ${reply.clipped.keptChars} characters`) });
      continue;
    }
    if (round === 1) {
      return { value: null, error: `no valid reply after asking twice: ${parsed.reason}`, usage, unreportedUsage: unreported, latencyMs: performance.now() - started };
    }
    options.onReask?.(parsed.reason);
    messages.push({ role: 'assistant', content: text.trim() || reply.toolArguments || '(empty reply)' });
    messages.push({ role: 'user', content: options.reask(parsed.reason) });
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
