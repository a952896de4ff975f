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
}

/**
 * Options for either SDK, built per call (the SDKs capture fetch when constructed, so a client
 * made earlier would escape msw) with that call's fetch (wire-fetch.ts). SDK retries are off: the
 * retry loop owns retrying.
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
