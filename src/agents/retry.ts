// The one retry loop: SDK retries are off and p-retry owns retrying. Retryable failures (408, 409,
// 429, 5xx, 529, dropped connections, stalls, errors inside a stream) wait with jittered
// exponential backoff, or exactly as long as retry-after-ms / retry-after say (up to a cap).
import pRetry from 'p-retry';
import type { RetryNote } from '../core/schema.js';
import { sleep } from '../util/sleep.js';
import type { AttemptHooks, ChatRequest, ChatResult, ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest retry-after that is honoured as asked; longer ones are cut to this. */
  maxRetryAfterMs: number;
  /** No new attempt starts once this much time has passed since the first. */
  maxRetryTimeMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  maxRetryTimeMs: 180_000,
};

export interface RetryHooks extends AttemptHooks {
  /** A retry is scheduled: the failure, and how long until the next attempt. */
  onRetry?: (note: RetryNote) => void;
}

export function backoffDelay(policy: RetryPolicy, failedAttempt: number, error: ProviderError): number {
  if (error.retryAfterMs !== null) return Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const random = policy.random ?? Math.random;
  return Math.round(exp * (0.5 + random() * 0.5));
}

/** Runs one model call with retries. Throws the last ProviderError when every attempt failed. */
export async function completeWithRetry(
  client: ModelClient,
  request: ChatRequest,
  hooks: RetryHooks,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<ChatResult> {
  const started = performance.now();
  try {
    return await pRetry(
      async () => {
        if (hooks.signal.aborted) throw new ProviderError('aborted', 'the call was cancelled');
        try {
          return await client.complete(request, hooks);
        } catch (err) {
          throw toProviderError(err, hooks.signal);
        }
      },
      {
        retries: policy.retries,
        minTimeout: 0,
        maxTimeout: 0,
        signal: hooks.signal,
        async onFailedAttempt({ error, attemptNumber, retriesLeft }) {
          const failure = error instanceof ProviderError ? error : toProviderError(error, hooks.signal);
          if (!failure.retryable || hooks.signal.aborted) throw failure;
          if (retriesLeft <= 0) return;
          const delayMs = backoffDelay(policy, attemptNumber, failure);
          if (performance.now() - started + delayMs > policy.maxRetryTimeMs) throw failure;
          hooks.onRetry?.({ attempt: attemptNumber, reason: failure.message, delayMs });
          await sleep(delayMs, hooks.signal);
        },
      },
    );
  } catch (err) {
    throw toProviderError(err, hooks.signal);
  }
}
