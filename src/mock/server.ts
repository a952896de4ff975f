// Mock mode: the providers' stand-ins answer through a fetch of this run's own (the handlers'
// own answers, found by URL), handed to the SDK clients of this run only. Nothing global is patched, so
// several mock debates can run in one process, each with its own script. A request for a URL
// with no stand-in is refused with a 404, never sent to the network.
import { resolveEndpoint, type SeatConfig } from '../agents/factory.js';
import { getResponse } from 'msw';
import { providerHandlers, providerResponder, type WireOptions, type WireRequest } from './handlers.js';
import type { WireEndpoint, WireScript } from './types.js';

/** A fetch that answers the given endpoints from the script, and nothing else. */
export function mockFetch(endpoints: WireEndpoint[], script: WireScript, options: WireOptions = {}): typeof globalThis.fetch {
  const respond = providerResponder(endpoints, script, options);
  // A URL not found as it is (a base URL written another way) goes through msw's own matching.
  let handlers: ReturnType<typeof providerHandlers> | undefined;
  return async (input, init) => {
    // The SDKs' call (a URL string, a string or byte body) is read as it is; anything else, or a
    // URL with no stand-in, as a fetch Request.
    const light = lightRequest(input, init);
    let response: Response | null | undefined = light ? await respond(light) : null;
    let request: Request | undefined;
    if (!response) {
      request = new Request(input, init);
      response = (await respond(request)) ?? (await getResponse((handlers ??= providerHandlers(endpoints, script, options)), request));
    }
    if (!response) {
      return Response.json({ error: { message: `mock mode has no stand-in for ${request!.method} ${request!.url}`, type: 'not_found' } }, { status: 404 });
    }
    // HttpResponse.error(): the connection dropped, as undici reports it.
    if (response.type === 'error') throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    return response;
  };
}

const utf8 = new TextDecoder();
/** The methods fetch writes in capitals whatever the case given (any other is kept as given). */
const NORMAL_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const normalMethod = (method: string) => (NORMAL_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method);
/** The signal of a call made without one: never aborted. */
const NEVER = new AbortController().signal;

/**
 * A call to fetch as the stand-in reads it, without building a Request: for a URL string and a
 * body that is a string or bytes (what both SDKs send), with the method, headers, signal and body
 * a Request would give (its body read as fetch's json() reads it: UTF-8, a leading BOM dropped).
 * Null for anything else (a Request, a URL object, a stream body), which goes through a Request.
 */
export function lightRequest(input: string | URL | Request, init: RequestInit | undefined): WireRequest | null {
  if (typeof input !== 'string') return null;
  const body = init?.body;
  let text: string;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = utf8.decode(body);
  else return null;
  const headers = new Headers(init?.headers);
  // As a Request does: a string body without a content type is sent as plain text.
  if (typeof body === 'string' && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
  let used = false;
  return {
    method: normalMethod(init?.method ?? 'GET'),
    url: input,
    headers,
    signal: init?.signal ?? NEVER,
    json: async () => {
      if (used) throw new TypeError('Body is unusable: Body has already been read');
      used = true;
      return JSON.parse(text);
    },
  };
}

/** The mock fetch of one run: a stand-in at each seat's own endpoint (its provider's URL, or the panel's baseURL). */
export function mockFetchForSeats(seats: readonly SeatConfig[], env: Record<string, string | undefined>, script: WireScript): typeof globalThis.fetch {
  return mockFetch(
    seats.map((seat) => {
      const e = resolveEndpoint(seat, env);
      return { provider: e.profile.id, baseURL: e.baseURL };
    }),
    script,
  );
}
