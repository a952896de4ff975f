// Mock mode: an in-process msw server answers the providers' URLs, so the real adapters,
// retries and parsing run with no network and no keys. Any request it does not know is an error.
import { setupServer } from 'msw/node';
import { providerHandlers } from './handlers.js';
import type { WireEndpoint, WireScript } from './types.js';

export interface MockServer {
  close(): void;
}

export function startMockServer(endpoints: WireEndpoint[], script: WireScript): MockServer {
  const server = setupServer(...providerHandlers(endpoints, script));
  server.listen({
    // Local loads (Ink's layout engine fetches its wasm from a data: URL) pass; anything bound
    // for the network is an error.
    onUnhandledRequest: (request, print) => {
      if (/^https?:/i.test(request.url)) print.error();
    },
  });
  return { close: () => server.close() };
}
