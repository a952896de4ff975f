// Mock mode: the providers' stand-ins answer through a fetch of this run's own (the handlers'
// own answers, found by URL), handed to the SDK clients of this run only. Nothing global is patched, so
// several mock debates can run in one process, each with its own script. A request for a URL
// with no stand-in is refused with a 404, never sent to the network.
import { resolveEndpoint, type SeatConfig } from '../agents/factory.js';
import { getResponse } from 'msw';
import { providerHandlers, providerResponder, type WireOptions } from './handlers.js';
import type { WireEndpoint, WireScript } from './types.js';

/** A fetch that answers the given endpoints from the script, and nothing else. */
export function mockFetch(endpoints: WireEndpoint[], script: WireScript, options: WireOptions = {}): typeof globalThis.fetch {
  const respond = providerResponder(endpoints, script, options);
  // A URL not found as it is (a base URL written another way) goes through msw's own matching.
  let handlers: ReturnType<typeof providerHandlers> | undefined;
  return async (input, init) => {
    const request = new Request(input, init);
    const response = (await respond(request)) ?? (await getResponse((handlers ??= providerHandlers(endpoints, script, options)), request));
    if (!response) {
      return Response.json({ error: { message: `mock mode has no stand-in for ${request.method} ${request.url}`, type: 'not_found' } }, { status: 404 });
    }
    // HttpResponse.error(): the connection dropped, as undici reports it.
    if (response.type === 'error') throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    return response;
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
