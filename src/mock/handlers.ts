// msw handlers that stand in for the providers at their real URLs (or any overridden base URL):
// each request is checked as strictly as the real service would, then answered by a script in
// that provider's streaming dialect, or with the fault the script asks for.
import { http, HttpResponse, type HttpHandler } from 'msw';
import { PROVIDERS, type ProviderId } from '../agents/providers.js';
import { anthropicError, messageBody, messagesStreamError, messagesStreamItems, validateMessagesRequest } from './dialects/anthropic.js';
import { chatCompletionBody, chatStreamError, chatStreamItems, errorBody, validateChatRequest } from './dialects/openai-compatible.js';
import { sseStream, type SseItem } from './sse.js';
import type { WireAnswer, WireCall, WireEndpoint, WireFault, WireScript } from './types.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

function faultResponse(provider: ProviderId, fault: Extract<WireFault, { kind: 'http' }>): Response {
  const message = fault.message ?? `mock failure ${fault.status}`;
  const type =
    fault.type ?? (fault.status === 429 ? 'rate_limit_error' : fault.status === 529 ? 'overloaded_error' : fault.status >= 500 ? 'api_error' : fault.status === 401 ? 'authentication_error' : 'invalid_request_error');
  const body =
    fault.body ??
    (PROVIDERS[provider].api === 'anthropic-messages'
      ? anthropicError(fault.status, type, message, fault.code ? { error_code: fault.code } : undefined)
      : errorBody(provider, fault.status, message, type, fault.code, fault.retryDelay));
  return HttpResponse.json(body as Record<string, unknown>, { status: fault.status, headers: fault.headers ?? {} });
}

function endpointsByUrl(endpoints: WireEndpoint[]): Map<string, WireEndpoint> {
  const map = new Map<string, WireEndpoint>();
  for (const e of endpoints) {
    const base = e.baseURL.replace(/\/+$/, '');
    const url = PROVIDERS[e.provider].api === 'anthropic-messages' ? `${base}/v1/messages` : `${base}/chat/completions`;
    if (!map.has(url)) map.set(url, e);
  }
  return map;
}

/**
 * What a stand-in reads of a request: a fetch Request, or mock mode's own lighter view of the
 * SDK's call (`mockFetch`), which skips building a Request (a signal that follows the caller's,
 * the body copied into a stream and read back) for the same method, URL, headers, signal and body.
 */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly signal: AbortSignal;
  json(): Promise<unknown>;
}

export interface WireOptions {
  /** Every call, in order, for assertions. */
  log?: WireCall[];
}

export function providerHandlers(endpoints: WireEndpoint[], script: WireScript, options: WireOptions = {}): HttpHandler[] {
  const answer = answerer(script, options);
  return [...endpointsByUrl(endpoints)].map(([url, endpoint]) => http.post(url, ({ request }) => answer(endpoint, request)));
}

/**
 * The same stand-ins as one function of a request, for mock mode's own fetch: the endpoint is found
 * by the request's exact URL (the path each SDK posts to, without a query), with none of msw's
 * general matching (a URL pattern per handler, cookies parsed for every request). Null: no
 * stand-in there (only POST is answered, as by the handlers).
 */
export function providerResponder(endpoints: WireEndpoint[], script: WireScript, options: WireOptions = {}): (request: WireRequest) => Promise<Response> | null {
  const answer = answerer(script, options);
  const byUrl = endpointsByUrl(endpoints);
  return (request) => {
    if (request.method !== 'POST') return null;
    const url = request.url;
    const cut = url.search(/[?#]/);
    const endpoint = byUrl.get(cut < 0 ? url : url.slice(0, cut));
    return endpoint ? answer(endpoint, request) : null;
  };
}

function answerer(script: WireScript, options: WireOptions): (endpoint: WireEndpoint, request: WireRequest) => Promise<Response> {
  const attempts = new Map<string, number>();
  return async (endpoint, request) => {
    const provider = endpoint.provider;
    const anthropic = PROVIDERS[provider].api === 'anthropic-messages';
    let body: Record<string, unknown>;
    try {
      body = (await request.json()) as Record<string, unknown>;
    } catch {
      return HttpResponse.json(
        (anthropic ? anthropicError(400, 'invalid_request_error', 'There was an error parsing the body') : errorBody(provider, 400, 'We could not parse the JSON body of your request.')) as Record<string, unknown>,
        { status: 400 },
      );
    }
    const invalid = anthropic ? validateMessagesRequest(body, request.headers) : validateChatRequest(provider, body, request.headers);
    const round = Number(request.headers.get('x-roundtable-round'));
    const seat = request.headers.get('x-roundtable-seat');
    const role = request.headers.get('x-roundtable-role');
    const key = `${provider}|${String(body.model)}|${seat}|${role}|${round}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    const call: WireCall = {
      provider,
      url: request.url,
      model: String(body.model ?? ''),
      body,
      headers: request.headers,
      seat: seat ? decodeURIComponent(seat) : null,
      role: role === 'debater' || role === 'judge' || role === 'digest' ? role : null,
      round: Number.isFinite(round) && round > 0 ? round : null,
      attempt,
    };
    options.log?.push(call);
    if (invalid) return HttpResponse.json(invalid.body as Record<string, unknown>, { status: invalid.status });
    if (body.stream !== true) {
      return HttpResponse.json((anthropic ? anthropicError(400, 'invalid_request_error', 'roundtable mocks stream only') : errorBody(provider, 400, 'roundtable mocks stream only')) as Record<string, unknown>, { status: 400 });
    }
    const answer: WireAnswer = await script(call);
    if (answer.kind === 'http') return faultResponse(provider, answer);
    if (answer.kind === 'reset') return HttpResponse.error();
    const model = call.model;
    if ((answer.kind === undefined || answer.kind === 'reply') && answer.quirks?.includes('non-streamed')) {
      return HttpResponse.json(anthropic ? messageBody(model, body, answer) : chatCompletionBody(model, body, answer));
    }
    let items: SseItem[] = anthropic ? messagesStreamItems(model, body, answer) : chatStreamItems(provider, model, body, answer);
    let fault: { at: number; kind: 'cut' | 'stall' } | undefined;
    if (answer.kind === 'stream-error') {
      const at = Math.min(answer.afterChunks, items.length);
      items = [...items.slice(0, at), anthropic ? messagesStreamError(answer.type, answer.message) : chatStreamError(provider, answer.type, answer.message)];
    } else if (answer.kind === 'cut' || answer.kind === 'stall') {
      fault = { at: Math.min(answer.afterChunks, items.length), kind: answer.kind };
    }
    const reply = answer.kind === undefined || answer.kind === 'reply' ? answer : undefined;
    const stream = sseStream(
      { items, firstDelayMs: reply?.firstChunkDelayMs ?? 0, delayMs: reply?.chunkDelayMs ?? 0, ...(fault ? { fault } : {}) },
      request.signal,
    );
    return new HttpResponse(stream, { status: 200, headers: SSE_HEADERS });
  };
}
