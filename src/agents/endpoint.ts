// What an adapter needs to reach one model, and the SDK options every adapter shares.
import type { CallTimeouts } from './client.js';
import type { ProviderProfile } from './providers.js';

export interface EndpointConfig {
  profile: ProviderProfile;
  model: string;
  baseURL: string;
  apiKey: string;
  timeouts: CallTimeouts;
  /** Sampling parameters are sent only when the panel entry sets them. */
  temperature?: number;
  /** Mock mode: tag each request with the seat and round asking. */
  tagRequests?: boolean;
  /** This run's own fetch (mock mode answers through it); without it, the global fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Options for either SDK, whose client is built once per endpoint (sharedSdkClient) with its wire
 * fetch (wire-fetch.ts), which calls the run's own fetch (mock mode) or the global one at call time.
 * SDK retries are off: the retry loop owns retrying.
 */
export function sdkOptions(config: EndpointConfig, fetch: typeof globalThis.fetch) {
  return {
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: 0,
    timeout: config.timeouts.totalMs,
    fetch,
  };
}

/** The SDK clients made so far: by the run's own fetch (mock mode's, or GLOBAL_FETCH), then by endpoint. */
const sdkClients = new WeakMap<object, Map<string, unknown>>();
const GLOBAL_FETCH = {};

/**
 * One SDK client per endpoint, shared by every seat that calls it: the same adapter, base URL, key,
 * call deadline and fetch. A client holds no state of a call (each request names its own wire
 * observer, wire-fetch.ts), and a thousand seats made a thousand clients.
 */
export function sharedSdkClient<T>(api: string, config: EndpointConfig, make: () => T): T {
  const scope = config.fetch ?? GLOBAL_FETCH;
  let clients = sdkClients.get(scope);
  if (!clients) sdkClients.set(scope, (clients = new Map()));
  const key = `${api}\u0000${config.baseURL}\u0000${config.apiKey}\u0000${config.timeouts.totalMs}`;
  let client = clients.get(key) as T | undefined;
  if (client === undefined) {
    client = make();
    clients.set(key, client);
  }
  return client;
}
