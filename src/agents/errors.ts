// Provider failures as data: every way a call can fail becomes a ProviderError that says whether
// it is worth another attempt and how long the provider asked us to wait.
import type { Usage } from '../core/schema.js';
import { redactSecrets } from '../util/redact.js';

export type FailureKind =
  | 'rate_limit'
  | 'spend_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'stalled'
  | 'connection'
  | 'stream'
  | 'auth'
  | 'invalid_request'
  | 'not_found'
  | 'refused'
  | 'refusal'
  | 'aborted';

// 'refused': a loopback server that is not running (retrying cannot help); 'refusal': the model declined.
const RETRYABLE: ReadonlySet<FailureKind> = new Set(['rate_limit', 'overloaded', 'server', 'timeout', 'stalled', 'connection', 'stream']);

export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly retryable: boolean;
  /** Tokens the failed attempt had used by the time it failed, when the provider had said (they are billed). */
  usage: Usage | null = null;
  /** The provider had begun its answer when the attempt failed (a stream had started): billed, said or not. */
  answered = false;
  /** Attempts that had begun an answer and said no usage, at the worst case their requests allowed (completeWithRetry). */
  unreportedUsage: Usage | null = null;
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(redactSecrets(message));
    this.retryable = RETRYABLE.has(kind);
  }
}

/** The message of an error body in any of the providers' shapes (OpenAI, xAI, Gemini's array, Mistral's object). */
export function errorBodyMessage(body: unknown): { message: string | null; type: string | null; code: string | null } {
  const first = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== 'object') {
    return { message: typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : null, type: null, code: null };
  }
  const obj = first as Record<string, unknown>;
  const err = obj.error;
  const nested = err && typeof err === 'object' ? (err as Record<string, unknown>) : null;
  const str = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v && typeof v === 'object' ? JSON.stringify(v) : null;
  const base =
    str(nested?.message) ?? (typeof err === 'string' ? err : null) ?? str(obj.message) ?? str(obj.detail) ?? null;
  // OpenRouter keeps the upstream's real reason in error.metadata.raw ("Provider returned error" says nothing).
  const metadata = nested?.metadata && typeof nested.metadata === 'object' ? (nested.metadata as Record<string, unknown>) : null;
  const raw = typeof metadata?.raw === 'string' && metadata.raw.trim() ? metadata.raw.trim() : null;
  const upstream = typeof metadata?.provider_name === 'string' ? ` (${metadata.provider_name})` : '';
  const message = raw && base ? `${base}${upstream}: ${raw}` : (base ?? raw);
  const details = nested?.details && typeof nested.details === 'object' ? (nested.details as Record<string, unknown>) : null;
  return {
    message: message ? message.slice(0, 500) : null,
    type: str(nested?.type) ?? str(nested?.status) ?? str(obj.type) ?? null,
    code: str(details?.error_code) ?? str(nested?.code) ?? str(obj.code) ?? null,
  };
}

/**
 * A retry hint inside an error body: Google's google.rpc.RetryInfo `retryDelay` ("34.4s", or
 * {seconds, nanos}) in error.details, in either the object or the one-element-array shape.
 */
export function retryHintFromBody(body: unknown): number | null {
  const first = Array.isArray(body) ? body[0] : body;
  const err = first && typeof first === 'object' ? (first as Record<string, unknown>).error : null;
  const details = err && typeof err === 'object' ? (err as Record<string, unknown>).details : null;
  if (!Array.isArray(details)) return null;
  for (const d of details) {
    if (!d || typeof d !== 'object') continue;
    const detail = d as Record<string, unknown>;
    if (!String(detail['@type'] ?? '').endsWith('RetryInfo')) continue;
    const delay = detail.retryDelay;
    if (typeof delay === 'string') {
      const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(delay);
      if (m) return Math.round(Number(m[1]) * 1000);
    } else if (delay && typeof delay === 'object') {
      const { seconds, nanos } = delay as { seconds?: unknown; nanos?: unknown };
      const total = Number(seconds ?? 0) * 1000 + Number(nanos ?? 0) / 1e6;
      if (Number.isFinite(total)) return Math.round(total);
    }
  }
  return null;
}

/** Reads retry-after-ms / retry-after (seconds or an HTTP date) from response headers. */
export function retryAfterFrom(headers: Headers | undefined | null, now = Date.now()): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers.get('retry-after');
  if (!after) return null;
  if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function kindForStatus(status: number, type: string | null, code: string | null): FailureKind {
  if (code === 'enforced_spend_limit_reached' || code === 'insufficient_quota') return 'spend_limit';
  if (status === 429) return 'rate_limit';
  if (status === 529 || type === 'overloaded_error') return 'overloaded';
  if (status === 408) return 'timeout';
  if (status === 409 || status >= 500) return 'server';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  return 'invalid_request';
}

/**
 * fetch for the SDKs: reads a failed response's body whatever its shape and throws a ProviderError
 * carrying status, message and retry-after. The SDKs surface it as the cause of their connection
 * error, which toProviderError unwraps. Calls the run's own fetch when given one (mock mode), else
 * looks up globalThis.fetch at call time, so a test's msw server sees it.
 */
export async function providerFetch(input: string | URL | Request, init?: RequestInit, base?: typeof globalThis.fetch): Promise<Response> {
  // A string body goes out as its UTF-8 bytes: fetch would otherwise scan it for lone surrogates
  // and encode it again in JavaScript, the costliest step of a large panel's round (the prompts
  // quote every other seat). Buffer.from writes the same bytes (a lone surrogate becomes U+FFFD).
  const sent = typeof init?.body === 'string' ? { ...init, body: Buffer.from(init.body, 'utf8') } : init;
  const response = await (base ?? globalThis.fetch)(input, sent);
  if (response.ok) return response;
  let text = '';
  try {
    text = await response.text();
  } catch {
    // An unreadable body never hides the status.
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  const { message, type, code } = errorBodyMessage(body);
  const kind = kindForStatus(response.status, type, code);
  const detail = [type, code].filter((x, i, all) => x && all.indexOf(x) === i).join(', ');
  throw new ProviderError(
    kind,
    `HTTP ${response.status}${detail ? ` (${detail})` : ''}: ${message ?? response.statusText ?? 'no message'}`,
    response.status,
    retryAfterFrom(response.headers) ?? retryHintFromBody(body),
  );
}

/** Errors raised inside a 200 stream carry a type but no status: sort them by the type. */
function kindForStreamError(type: string | null, code: string | null, message: string): FailureKind {
  const t = `${type ?? ''} ${code ?? ''}`.toLowerCase();
  if (t.includes('overloaded')) return 'overloaded';
  if (t.includes('rate_limit') || t.includes('429')) return 'rate_limit';
  if (t.includes('invalid_request') || t.includes('invalid_argument') || t.includes('400')) return 'invalid_request';
  if (t.includes('authentication') || t.includes('permission') || t.includes('401') || t.includes('403')) return 'auth';
  if (t.includes('not_found') || t.includes('404')) return 'not_found';
  if (/context length|too long|invalid/i.test(message) && !t.trim()) return 'invalid_request';
  return 'stream';
}

interface SdkLikeError {
  name?: string;
  message?: string;
  status?: number;
  error?: unknown;
  cause?: unknown;
  type?: string | null;
  headers?: Headers;
}

/** Turns whatever an SDK threw into a ProviderError. */
export function toProviderError(err: unknown, signal?: AbortSignal): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as SdkLikeError;
  if (e.cause instanceof ProviderError) return e.cause;
  if (signal?.aborted || e.name === 'AbortError' || /UserAbortError/.test(e.name ?? '')) {
    return new ProviderError('aborted', 'the call was cancelled');
  }
  if (/ConnectionTimeoutError/.test(e.name ?? '')) return new ProviderError('timeout', 'the request timed out');
  if (/ConnectionError/.test(e.name ?? '') || e.name === 'TypeError' || isConnectionCause(e.cause ?? err)) {
    const cause = e.cause as { message?: string; code?: string } | undefined;
    return new ProviderError('connection', `connection failed: ${cause?.code ?? cause?.message ?? e.message ?? 'unknown error'}`);
  }
  if (typeof e.status === 'number') {
    const { message, type, code } = errorBodyMessage({ error: e.error });
    return new ProviderError(kindForStatus(e.status, type, code), `HTTP ${e.status}: ${message ?? e.message}`, e.status, retryAfterFrom(e.headers));
  }
  if (e.name === 'APIError' || e.error !== undefined) {
    // Raised from an SSE error event inside a 200 stream (both SDKs).
    const body = e.error && typeof e.error === 'object' && 'error' in (e.error as object) ? e.error : { error: e.error };
    const { message, type, code } = errorBodyMessage(body);
    const text = message ?? e.message ?? 'error inside the stream';
    return new ProviderError(kindForStreamError(e.type ?? type, code, text), `error inside the stream${type ? ` (${type})` : ''}: ${text}`);
  }
  return new ProviderError('stream', `the call failed: ${e.message ?? String(err)}`);
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'certificate expired',
};

/** The system error code under a fetch failure (undici nests it, and wraps dual-stack tries in an AggregateError). */
function causeCode(err: unknown): string | null {
  for (let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && CAUSES[e.code]) return e.code;
    const inner = Array.isArray(e.errors) ? (e.errors[0] as typeof e) : undefined;
    if (inner && typeof inner.code === 'string' && CAUSES[inner.code]) return inner.code;
    e = e.cause as typeof e;
  }
  return null;
}

const isLoopback = (host: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i.test(host);

/**
 * A fetch that could not reach the server, as one sentence naming the address and the cause:
 * "could not connect to http://localhost:11434/v1: connection refused". A refused loopback
 * connection is final (nothing listens there; retrying for seconds cannot help); elsewhere it may pass.
 */
export function connectionFailure(err: unknown, baseURL: string): ProviderError | null {
  const code = causeCode(err);
  if (!code) {
    // fetch rejects with a TypeError when no response came at all (a dropped connection, a socket
    // closed by the other side): still a failure to connect, whatever the cause underneath.
    if (!(err instanceof TypeError)) return null;
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error && cause.message ? cause.message : 'the connection failed';
    return new ProviderError('connection', `could not connect to ${baseURL}: ${detail}`);
  }
  let host = '';
  try {
    host = new URL(baseURL).hostname;
  } catch {
    // keep ''
  }
  const kind: FailureKind = code === 'ECONNREFUSED' && isLoopback(host) ? 'refused' : 'connection';
  return new ProviderError(kind, `could not connect to ${baseURL}: ${CAUSES[code]}`);
}

function isConnectionCause(cause: unknown): boolean {
  const c = cause as { code?: string; message?: string } | null;
  if (!c || typeof c !== 'object') return false;
  return (
    /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR_\w+)$/.test(c.code ?? '') ||
    /terminated|socket|network|fetch failed/i.test(c.message ?? '')
  );
}
