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
 * Options for either SDK, whose client is built once per seat with the seat's wire fetch
 * (wire-fetch.ts), which calls the run's own fetch (mock mode) or the global one at call time.
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
