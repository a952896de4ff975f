// `roundtable doctor`: checks every seat before a live run. For each debater and the judge: the key
// variable (by name, set or missing; never its value), the base URL, one tiny live call (its latency,
// or the provider's own error sentence sorted into a kind), and whether its price is known.
import { performance } from 'node:perf_hooks';
import type { ModelClient } from '../../agents/client.js';
import { createModelClient, resolveEndpoint, type Env, type SeatConfig } from '../../agents/factory.js';
import { toProviderError } from '../../agents/errors.js';
import { resolvePanel } from '../../plan/panel.js';
import { parseVia } from '../../gateway/via.js';
import { ExitCode } from '../../util/errors.js';
import { sanitizeLine } from '../../util/sanitize.js';
import { loadPrices, priceBookFor, routePanel } from '../../plan/cost-plan.js';
import { withJudge } from '../../plan/debate-plan.js';
import type { Io } from '../io.js';

export interface DoctorFlags {
  panel?: string;
  models?: string;
  judge?: string | false;
  via?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  prices?: string;
  json?: boolean;
  timeout: number;
}

/** What went wrong with a seat, in the words a user acts on. */
export type Problem = 'key missing' | 'bad key' | 'unknown model' | 'no credit' | 'rate limited' | 'unreachable' | 'timed out' | 'error';

export interface SeatCheck {
  seat: string;
  role: 'debater' | 'judge';
  model: string;
  keyEnv: string | null;
  keySet: boolean | null;
  baseURL: string;
  ready: boolean;
  latencyMs: number | null;
  problem: Problem | null;
  /** The provider's own error sentence. */
  error: string | null;
  priced: boolean;
}

const PROBE = { system: 'You are checking a connection. Answer with the single word OK.', prompt: 'Say OK.', maxTokens: 16 };

const CREDIT = /credit|balance|quota|billing|insufficient.?funds|payment/i;
/** A key refused with a 400 rather than a 401: xAI ("Incorrect API key provided"), Gemini ("API key not valid"). */
const BAD_KEY = /api.?key|x-api-key|unauthori[sz]ed|authenticat/i;
const UNKNOWN_MODEL = /not.?found|does not exist|unknown|invalid|not exist|not a valid|no such|not available|unsupported/i;

/** Sorts a failed call into the kind of problem it is, from its status, kind and the provider's words. */
export function classify(error: { kind: string; status: number | null; message: string; retryAfterMs?: number | null }): Problem {
  const m = error.message;
  // A limit that says when to try again is a rate limit, even in words of "quota" (Gemini's per-minute quota).
  if (error.kind === 'rate_limit' && error.retryAfterMs != null) return 'rate limited';
  if (error.kind === 'spend_limit' || error.status === 402 || CREDIT.test(m)) return 'no credit';
  if (error.kind === 'auth') return 'bad key';
  if (error.kind === 'not_found' || (/model/i.test(m) && UNKNOWN_MODEL.test(m))) return 'unknown model';
  if (error.kind === 'invalid_request' && BAD_KEY.test(m)) return 'bad key';
  if (error.kind === 'rate_limit') return 'rate limited';
  if (error.kind === 'connection' || error.kind === 'refused') return 'unreachable';
  if (error.kind === 'timeout' || error.kind === 'stalled') return 'timed out';
  return 'error';
}

async function checkSeat(seat: SeatConfig, role: SeatCheck['role'], env: Env, timeoutMs: number, priced: boolean): Promise<SeatCheck> {
  const endpoint = resolveEndpoint(seat, env);
  const keyEnv = endpoint.keyEnv;
  const keySet = keyEnv ? Boolean(env[keyEnv]) : null;
  const base: SeatCheck = { seat: seat.name, role, model: seat.model, keyEnv, keySet, baseURL: endpoint.baseURL, ready: false, latencyMs: null, problem: null, error: null, priced };
  if (keyEnv && !keySet) return { ...base, problem: 'key missing', error: `${keyEnv} is not set` };
  const client: ModelClient = createModelClient(seat, { env, timeouts: { firstTokenMs: timeoutMs, idleMs: timeoutMs, totalMs: timeoutMs } });
  const started = performance.now();
  try {
    await client.complete(
      { system: PROBE.system, messages: [{ role: 'user', content: PROBE.prompt }], maxTokens: PROBE.maxTokens },
      { signal: AbortSignal.timeout(timeoutMs + 1000) },
    );
    return { ...base, ready: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    const failure = toProviderError(err);
    return { ...base, problem: classify(failure), error: sanitizeLine(failure.message), latencyMs: Math.round(performance.now() - started) };
  }
}

/** One row a seat: the long live-call column last, so the others line up. */
function table(rows: SeatCheck[]): string {
  const head = ['seat', 'model', 'key', 'base URL', 'price', 'live call'];
  const cells = rows.map((r) => [
    `${r.role === 'judge' ? 'judge: ' : ''}${r.seat}`,
    r.model,
    r.keyEnv ? `${r.keyEnv} ${r.keySet ? 'set' : 'missing'}` : 'no key needed',
    r.baseURL,
    r.priced ? 'known' : 'unpriced',
    r.ready ? `ok ${((r.latencyMs ?? 0) / 1000).toFixed(1)} s` : `${r.problem}${r.error ? `: ${r.error}` : ''}`,
  ].map(sanitizeLine));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  return [fmt(head), ...cells.map(fmt)].join('\n');
}

export async function doctorCommand(io: Io, flags: DoctorFlags): Promise<number> {
  const via = parseVia(flags);
  const panel = resolvePanel(flags.panel, flags.models);
  const routed = routePanel(panel.debaters, withJudge(panel, flags), via);
  const prices = priceBookFor(loadPrices(flags.prices), routed.aliases);
  const seats: Array<{ seat: SeatConfig; role: SeatCheck['role'] }> = [
    ...routed.debaters.map((seat) => ({ seat, role: 'debater' as const })),
    ...(routed.judge ? [{ seat: routed.judge, role: 'judge' as const }] : []),
  ];
  for (const { seat } of seats) resolveEndpoint(seat, io.env);
  const timeoutMs = flags.timeout * 1000;
  const rows = await Promise.all(seats.map(({ seat, role }) => checkSeat(seat, role, io.env, timeoutMs, Boolean(prices.lookup(seat.model)))));
  const ready = rows.every((r) => r.ready);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ ready, via: via?.kind ?? null, seats: rows }, null, 2)}\n`);
  } else {
    const notReady = rows.filter((r) => !r.ready).length;
    io.stdout.write(`${table(rows)}\n${ready ? `All ${rows.length} seats are ready.` : `${notReady} of ${rows.length} seats are not ready.`}\n`);
  }
  return ready ? ExitCode.ok : ExitCode.failed;
}
