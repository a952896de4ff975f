// Calls in flight, limited per provider: every attempt of every seat of one provider waits for a
// slot of that provider's limiter (p-limit). Backoff sleeps hold no slot.
import pLimit, { type LimitFunction } from 'p-limit';
import type { AttemptHooks, ChatRequest, ChatResult, ModelClient } from './client.js';

/** Calls in flight per provider unless --concurrency says otherwise. Local servers get fewer. */
export const DEFAULT_CONCURRENCY = 16;
const LOCAL_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 1000;

export function defaultConcurrency(provider: string): number {
  return provider === 'ollama' || provider === 'compat' ? LOCAL_CONCURRENCY : DEFAULT_CONCURRENCY;
}

/** One limiter per provider, made on first use. `concurrency` (from --concurrency) applies to every provider. */
export function providerLimits(concurrency?: number): (provider: string) => LimitFunction {
  const limits = new Map<string, LimitFunction>();
  return (provider) => {
    let limit = limits.get(provider);
    if (!limit) {
      limit = pLimit(concurrency ?? defaultConcurrency(provider));
      limits.set(provider, limit);
    }
    return limit;
  };
}

/** What a call waits for before it goes out: a provider's limiter (p-limit, or one shared further, e.g. through Redis). */
export type CallLimit = <T>(call: () => Promise<T>) => Promise<T>;

/** The client with every attempt run through its provider's limiter. */
export function limitedClient(client: ModelClient, limit: CallLimit): ModelClient {
  return {
    provider: client.provider,
    model: client.model,
    complete: (request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult> =>
      limit(() => (hooks.signal.aborted ? Promise.reject(hooks.signal.reason) : client.complete(request, hooks))),
  };
}
