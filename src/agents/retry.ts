// The one retry loop: SDK retries are off and p-retry owns retrying. Retryable failures (408, 409,
// 429, 5xx, 529, dropped connections, stalls, errors inside a stream) wait with jittered
// exponential backoff, or exactly as long as the provider asks (retry-after-ms / retry-after
// headers, or a hint in the body such as Gemini's RetryInfo.retryDelay). A wait longer than the
// cap is not cut short: the call gives up at once, saying how long the provider asked for.
import pRetry from 'p-retry';
import type { RetryNote, Usage } from '../core/schema.js';
import { sleep } from '../util/sleep.js';
import type { AttemptHooks, ChatRequest, ChatResult, ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';
import { addUsage, worstCase } from './usage.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest wait a provider may ask for (header or body hint); a longer one ends the call at once. */
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

const formatWait = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** Runs one model call with retries. Throws the last ProviderError when every attempt failed. */
export async function completeWithRetry(
  client: ModelClient,
  request: ChatRequest,
  hooks: RetryHooks,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<ChatResult> {
  const started = performance.now();
  // What failed attempts used before they failed: billed, so counted in the call's usage; an attempt
  // that had begun its answer but said nothing counts at its worst case, apart (never as zero).
  let spent: Usage | null = null;
  let unreported: Usage | null = null;
  try {
    return await pRetry(
      async () => {
        if (hooks.signal.aborted) throw new ProviderError('aborted', 'the call was cancelled');
        try {
          const result = await client.complete(request, hooks);
          const withSpent = spent ? { ...result, usage: addUsage(spent, result.usage) } : result;
          return unreported ? { ...withSpent, unreportedUsage: unreported } : withSpent;
        } catch (err) {
          const failure = toProviderError(err, hooks.signal);
          if (failure.usage) spent = addUsage(spent, failure.usage);
          else if (failure.answered) unreported = addUsage(unreported, worstCase(request));
          throw failure;
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
          if (failure.retryAfterMs !== null && failure.retryAfterMs > policy.maxRetryAfterMs) {
            throw new ProviderError(
              failure.kind,
              `${failure.message} (the provider asks to wait ${formatWait(failure.retryAfterMs)}, longer than the ${formatWait(policy.maxRetryAfterMs)} allowed; not retried)`,
              failure.status,
              failure.retryAfterMs,
            );
          }
          const delayMs = backoffDelay(policy, attemptNumber, failure);
          if (performance.now() - started + delayMs > policy.maxRetryTimeMs) throw failure;
          hooks.onRetry?.({ attempt: attemptNumber, reason: failure.message, delayMs });
          await sleep(delayMs, hooks.signal);
        },
      },
    );
  } catch (err) {
    const failure = toProviderError(err, hooks.signal);
    failure.usage = spent;
    failure.unreportedUsage = unreported;
    throw failure;
  }
}
