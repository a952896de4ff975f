// Deadlines for one streamed attempt: the first token, the silence between chunks, the whole call.
// Each aborts the request (undici would otherwise wait five minutes) with a retryable ProviderError.
import type { CallTimeouts } from './client.js';
import { ProviderError } from './errors.js';

export interface Watchdog {
  /** The signal to hand the SDK: aborts on the caller's signal or on a missed deadline. */
  readonly signal: AbortSignal;
  /** Call on every chunk received (answer, reasoning or keep-alive data). */
  activity(): void;
  /**
   * Settles with the promise, or rejects as soon as the watchdog aborts: a transport that does not
   * honour the abort (or is stuck before the body starts) can never hang the debate.
   */
  guard<T>(promise: Promise<T>): Promise<T>;
  /** If a deadline fired, the ProviderError that says which; otherwise null. */
  failure(): ProviderError | null;
  dispose(): void;
}

/** "60 s", "0.2 s": a deadline as the flags take it, never rounded to "0 s". */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;

export function startWatchdog(timeouts: CallTimeouts, outer: AbortSignal): Watchdog {
  const controller = new AbortController();
  let fired: ProviderError | null = null;
  let started = false;
  let disposed = false;
  const fire = (kind: 'stalled' | 'timeout', message: string) => {
    if (fired || controller.signal.aborted) return;
    fired = new ProviderError(kind, message);
    controller.abort(fired);
  };
  // The idle deadline is checked when its timer fires, not re-armed on every chunk: a stream
  // sends thousands of chunks, and a timer re-armed per chunk costs more than reading them.
  let lastActivity = 0;
  const idleCheck = () => {
    const quiet = Date.now() - lastActivity;
    if (quiet >= timeouts.idleMs) fire('stalled', `the stream went silent for ${seconds(timeouts.idleMs)}`);
    else idle = setTimeout(idleCheck, timeouts.idleMs - quiet);
  };
  let idle = setTimeout(
    () => fire('stalled', `no reply within ${seconds(timeouts.firstTokenMs)} (first-token deadline)`),
    timeouts.firstTokenMs,
  );
  const total = setTimeout(() => fire('timeout', `the call took longer than ${seconds(timeouts.totalMs)}`), timeouts.totalMs);
  const onOuter = () => controller.abort(outer.reason);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener('abort', onOuter, { once: true });

  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(fired ?? new ProviderError('aborted', 'the call was cancelled')), { once: true });
  });
  aborted.catch(() => {});
  const guard = <T>(promise: Promise<T>) => Promise.race([promise, aborted]);

  const watchdog: Watchdog = {
    signal: controller.signal,
    guard,
    activity() {
      // Bytes can still arrive after the call ended (a body nobody cancelled): a timer armed then
      // would hold the process open for a whole idle timeout after Ctrl-C.
      if (disposed || controller.signal.aborted) return;
      lastActivity = Date.now();
      if (started) return;
      started = true;
      clearTimeout(idle);
      idle = setTimeout(idleCheck, timeouts.idleMs);
    },
    failure: () => fired,
    dispose() {
      disposed = true;
      clearTimeout(idle);
      clearTimeout(total);
      outer.removeEventListener('abort', onOuter);
    },
  };
  return watchdog;
}
