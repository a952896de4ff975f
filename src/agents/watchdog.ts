// Deadlines for one streamed attempt: the first token, the silence between chunks, the whole call.
// Each aborts the request (undici would otherwise wait five minutes) with a retryable ProviderError.
import type { CallTimeouts } from './client.js';
import { ProviderError } from './errors.js';

export interface Watchdog {
  /** The signal to hand the SDK: aborts on the caller's signal or on a missed deadline. */
  readonly signal: AbortSignal;
  /** Call on every chunk received (answer, reasoning or keep-alive data). */
  activity(): void;
  /** If a deadline fired, the ProviderError that says which; otherwise null. */
  failure(): ProviderError | null;
  dispose(): void;
}

export function startWatchdog(timeouts: CallTimeouts, outer: AbortSignal): Watchdog {
  const controller = new AbortController();
  let fired: ProviderError | null = null;
  let started = false;
  const fire = (kind: 'stalled' | 'timeout', message: string) => {
    if (fired || controller.signal.aborted) return;
    fired = new ProviderError(kind, message);
    controller.abort(fired);
  };
  let idle = setTimeout(
    () => fire('stalled', `no reply within ${Math.round(timeouts.firstTokenMs / 1000)} s (first-token deadline)`),
    timeouts.firstTokenMs,
  );
  const total = setTimeout(() => fire('timeout', `the call took longer than ${Math.round(timeouts.totalMs / 1000)} s`), timeouts.totalMs);
  const onOuter = () => controller.abort(outer.reason);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', onOuter, { once: true });

  return {
    signal: controller.signal,
    activity() {
      started = true;
      clearTimeout(idle);
      idle = setTimeout(
        () => fire('stalled', `the stream went silent for ${Math.round(timeouts.idleMs / 1000)} s`),
        started ? timeouts.idleMs : timeouts.firstTokenMs,
      );
    },
    failure: () => fired,
    dispose() {
      clearTimeout(idle);
      clearTimeout(total);
      outer.removeEventListener('abort', onOuter);
    },
  };
}
