// A person's turn: asked through the desk (the live view's composer) instead of a model's API. The
// reply is read by the protocol's own parser, exactly as a model's is; one it cannot read goes back
// to the person with the reason, as a model's re-ask does. With --human-timeout the seat has no
// vote for the round once its time runs out, as a model that failed.
import type { Parsed } from '../agents/ask.js';
import type { HumanDesk, HumanReply, HumanTurnRequest } from '../core/human.js';

export interface PersonOutcome<T> {
  value: T | null;
  error: string | null;
  usage: null;
  /** A person makes no calls: no usage, reported or not. */
  unreportedUsage: null;
  latencyMs: number;
  partialText?: undefined;
  clipped?: undefined;
}

/** The reply as the text a model would have sent: the contract's JSON object. */
export function replyText(reply: HumanReply, open: boolean, previous: string | null): string {
  // A council's review: the ranking reply's JSON form ({"ranking": [...], "reason": "..."}).
  if (reply.ranking) return JSON.stringify({ ranking: reply.ranking, reason: reply.argument });
  if (!open) return JSON.stringify({ vote: reply.vote ?? '', argument: reply.argument });
  const answer = (reply.answer ?? '').trim();
  const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
  return JSON.stringify({ answer, argument: reply.argument, changed: previous !== null && !same(answer, previous) });
}

/** The most times a person is asked again for a reply that cannot be read (each says why). */
const MAX_ASKS = 5;

export async function personTurn<T>(options: {
  desk: HumanDesk | undefined;
  request: Omit<HumanTurnRequest, 'reask' | 'deadline'>;
  parse: (text: string, toolArguments: string | null) => Parsed<T>;
  signal: AbortSignal;
  /** --human-timeout in ms; none when absent. */
  timeoutMs?: number | undefined;
  onReask?: (reason: string) => void;
}): Promise<PersonOutcome<T>> {
  const started = performance.now();
  const done = (value: T | null, error: string | null): PersonOutcome<T> => ({ value, error, usage: null, unreportedUsage: null, latencyMs: performance.now() - started });
  if (!options.desk) return done(null, 'no one is at the terminal to answer for this seat');
  const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : null;
  // The seat's own signal: the run's, and the seat's time.
  const timer = new AbortController();
  const onRunAbort = () => timer.abort(options.signal.reason);
  options.signal.addEventListener('abort', onRunAbort, { once: true });
  const clock = options.timeoutMs !== undefined ? setTimeout(() => timer.abort(new Error('timeout')), options.timeoutMs) : null;
  try {
    let reask: string | null = null;
    for (let i = 0; i < MAX_ASKS; i++) {
      let reply: HumanReply;
      try {
        reply = await options.desk.ask({ ...options.request, reask, deadline }, timer.signal);
      } catch (err) {
        if (options.signal.aborted) throw Object.assign(new Error('interrupted'), { kind: 'aborted' });
        if (timer.signal.aborted) return done(null, `no answer within ${Math.round((options.timeoutMs ?? 0) / 1000)} s (--human-timeout)`);
        throw err;
      }
      const parsed = options.parse(replyText(reply, options.request.open, options.request.previous), null);
      if (parsed.ok) return done(parsed.value, null);
      reask = parsed.reason;
      options.onReask?.(parsed.reason);
    }
    return done(null, `the reply could not be read: ${reask}`);
  } finally {
    if (clock) clearTimeout(clock);
    options.signal.removeEventListener('abort', onRunAbort);
  }
}
