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
import { jsonText, sanitizeLine } from '../../util/sanitize.js';
import { displayWidth, wrapLines } from '../../ui/wrap.js';
import { loadPrices, priceBookFor, routePanel } from '../../plan/cost-plan.js';
import { withJudge } from '../../plan/debate-plan.js';
import { COMMAND, type Io } from '../io.js';

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

/** The width the table is fit to: the terminal's, or 100 columns when not a terminal. */
const PIPE_WIDTH = 100;
/** Columns that give way, in this order, and how narrow each may get (base URL, seat, model, key): comfortably first, then as far as they can. */
const SHRINK: Array<[column: number, min: number]> = [[3, 16], [0, 10], [1, 22], [2, 14], [3, 10], [0, 7], [1, 14], [2, 10]];

/** A cell cut to `width` columns, with an ellipsis where it was cut. */
function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(`${out}${ch}`) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A base URL for the table: without the scheme of an https URL, and never with a password. */
function shownUrl(url: string): string {
  return safeUrl(url).replace(/^https:\/\//, '');
}

/** A URL with any password in it masked (the redactor masks keys; a password is not key-shaped). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = 'redacted';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * One row a seat, fit to `width` columns: the live-call column says ok (with the latency) or the
 * kind of problem; the provider's own sentences follow the table, wrapped to the width.
 */
function table(rows: SeatCheck[], width: number): string[] {
  const head = ['seat', 'model', 'key', 'base URL', 'price', 'live call'];
  const cells = rows.map((r) => [
    `${r.role === 'judge' ? 'judge: ' : ''}${r.seat}`,
    r.model,
    r.keyEnv ? `${r.keyEnv} ${r.keySet ? 'set' : 'missing'}` : 'no key needed',
    shownUrl(r.baseURL),
    r.priced ? 'known' : 'unpriced',
    r.ready ? `ok ${((r.latencyMs ?? 0) / 1000).toFixed(1)} s` : (r.problem ?? 'error'),
  ].map(sanitizeLine));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => displayWidth(c[i]!))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  for (const [column, min] of SHRINK) {
    const over = total() - width;
    if (over <= 0) break;
    widths[column] = Math.max(min, widths[column]! - over);
  }
  const fmt = (c: string[]) =>
    c.map((x, i) => (i === c.length - 1 ? x : cut(x, widths[i]!) + ' '.repeat(Math.max(0, widths[i]! - displayWidth(cut(x, widths[i]!)))))).join('  ');
  const lines = [fmt(head), ...cells.map(fmt)];
  // The provider's own words for each seat that is not ready (a missing key is said by its column).
  for (const r of rows) {
    if (r.ready || !r.error || r.problem === 'key missing') continue;
    lines.push(...wrapLines(sanitizeLine(`${r.role === 'judge' ? 'judge: ' : ''}${r.seat}: ${r.error}`), width - 4).map((l, i) => (i ? `    ${l}` : `  ${l}`)));
  }
  return lines;
}

/** What to do next when a seat is not ready: the keys to set, and the ways to run without them. */
function nextStep(rows: SeatCheck[], via: string | null): string {
  const missing = [...new Set(rows.filter((r) => r.problem === 'key missing' && r.keyEnv).map((r) => r.keyEnv!))];
  const steps: string[] = [missing.length ? `set ${missing.join(', ')}` : 'fix the seats named above'];
  if (via !== 'openrouter') steps.push('add --via openrouter to send every seat through OpenRouter with one key (OPENROUTER_API_KEY)');
  steps.push(`try it with no keys and no network: ${COMMAND} debate --mock`);
  return `Next: ${steps.slice(0, -1).join(', ')}, or ${steps.at(-1)}.`;
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
    // As every JSON output: keys masked, control and invisible characters escaped.
    io.stdout.write(`${jsonText({ ready, via: via?.kind ?? null, seats: rows.map((r) => ({ ...r, baseURL: safeUrl(r.baseURL) })) })}\n`);
  } else {
    const width = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : PIPE_WIDTH;
    const notReady = rows.filter((r) => !r.ready).length;
    const lines = table(rows, width);
    if (ready) lines.push(`All ${rows.length} seats are ready.`);
    else lines.push(`${notReady} of ${rows.length} seats are not ready.`, ...wrapLines(nextStep(rows, via?.kind ?? null), width));
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return ready ? ExitCode.ok : ExitCode.failed;
}
