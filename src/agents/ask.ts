// One structured question to a model: call it (with retries), parse the reply, and when the reply
// cannot be read, ask once more with the reason.
import type { Usage } from '../core/schema.js';
import type { ChatMessage, ChatRequest, ModelClient, RequestTag } from './client.js';
import { completeWithRetry, type RetryHooks, type RetryPolicy } from './retry.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface AskOutcome<T> {
  value: T | null;
  /** Why no value: the provider failed, or the reply could not be read twice. */
  error: string | null;
  usage: Usage | null;
  latencyMs: number;
}

export interface AskOptions<T> {
  client: ModelClient;
  system: string;
  prompt: string;
  maxTokens: number;
  parse: (text: string, toolArguments: string | null) => Parsed<T>;
  reask: (reason: string) => string;
  hooks: RetryHooks;
  retry: RetryPolicy;
  tag?: RequestTag;
  /** The reply could not be read and is asked again (a re-ask, recorded apart from transport retries). */
  onReask?: (reason: string) => void;
}

function addUsage(a: Usage | null, b: Usage | null): Usage | null {
  if (!a) return b;
  if (!b) return a;
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

/** Throws only when cancelled (the ProviderError of kind 'aborted'); every other failure is data. */
export async function ask<T>(options: AskOptions<T>): Promise<AskOutcome<T>> {
  const started = performance.now();
  const messages: ChatMessage[] = [{ role: 'user', content: options.prompt }];
  let usage: Usage | null = null;
  for (let round = 0; round < 2; round++) {
    const request: ChatRequest = {
      system: options.system,
      messages: [...messages],
      maxTokens: options.maxTokens,
      ...(options.tag ? { tag: options.tag } : {}),
    };
    let reply;
    try {
      reply = await completeWithRetry(options.client, request, options.hooks, options.retry);
    } catch (err) {
      const e = err as { kind?: string; message?: string };
      if (e.kind === 'aborted') throw err;
      return { value: null, error: e.message ?? String(err), usage, latencyMs: performance.now() - started };
    }
    usage = addUsage(usage, reply.usage);
    const parsed = options.parse(reply.text, reply.toolArguments);
    if (parsed.ok) return { value: parsed.value, error: null, usage, latencyMs: performance.now() - started };
    if (round === 1) {
      return { value: null, error: `no valid reply after asking twice: ${parsed.reason}`, usage, latencyMs: performance.now() - started };
    }
    options.onReask?.(parsed.reason);
    messages.push({ role: 'assistant', content: reply.text.trim() || reply.toolArguments || '(empty reply)' });
    messages.push({ role: 'user', content: options.reask(parsed.reason) });
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
