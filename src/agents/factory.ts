// Builds the client for one panel seat from its model id, the environment and the seat's overrides.
import type { SeatConfig } from '../core/seat.js';
import { UsageError } from '../util/errors.js';
import { registerSecret } from '../util/redact.js';
import { DEFAULT_TIMEOUTS, type AttemptHooks, type CallTimeouts, type ChatRequest, type ModelClient } from './client.js';
import { parseModelId } from './model-id.js';
import { PROVIDERS, type ProviderProfile } from './providers.js';

export type { SeatConfig };

export type Env = Record<string, string | undefined>;

/** A value no real service accepts, sent where no key is needed (the SDKs want a string). */
const NO_KEY = 'no-key';

export interface ResolvedEndpoint {
  profile: ProviderProfile;
  model: string;
  baseURL: string;
  keyEnv: string | null;
}

export function resolveEndpoint(seat: SeatConfig, env: Env): ResolvedEndpoint {
  const { provider, model } = parseModelId(seat.model);
  const profile = PROVIDERS[provider];
  const baseURL = seat.baseURL ?? (profile.baseUrlEnv ? env[profile.baseUrlEnv] : undefined) ?? profile.defaultBaseURL;
  if (!baseURL) {
    throw new UsageError(`${seat.name} uses the provider "compat", which needs a "baseURL" in its panel entry.`);
  }
  try {
    new URL(baseURL);
  } catch {
    throw new UsageError(`${seat.name} has the base URL "${baseURL}", which is not a URL.`);
  }
  return { profile, model, baseURL: baseURL.replace(/\/+$/, ''), keyEnv: seat.apiKeyEnv ?? profile.keyEnv };
}

/** The key variables a panel needs that the environment does not set. */
export function missingKeys(seats: SeatConfig[], env: Env): string[] {
  const missing = new Set<string>();
  for (const seat of seats) {
    const { keyEnv } = resolveEndpoint(seat, env);
    if (keyEnv && !env[keyEnv]) missing.add(keyEnv);
  }
  return [...missing];
}

export interface ClientOptions {
  env: Env;
  timeouts?: CallTimeouts;
  /** Mock mode: the scripted stand-in needs no key. */
  mock?: boolean;
  /** The run's own fetch (mock mode's stand-in); without it, the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Called once a request of this client is on its way (the live view loads Ink after the first). */
  onSent?: () => void;
}

export function createModelClient(seat: SeatConfig, options: ClientOptions): ModelClient {
  const endpoint = resolveEndpoint(seat, options.env);
  const key = endpoint.keyEnv ? options.env[endpoint.keyEnv] : undefined;
  registerSecret(key);
  const config = {
    profile: endpoint.profile,
    model: endpoint.model,
    baseURL: endpoint.baseURL,
    apiKey: key ?? (options.mock ? 'mock-key' : NO_KEY),
    timeouts: options.timeouts ?? DEFAULT_TIMEOUTS,
    ...(seat.temperature !== undefined ? { temperature: seat.temperature } : {}),
    tagRequests: Boolean(options.mock),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  // Each SDK is loaded when a seat first calls it: a panel without an Anthropic seat never loads
  // @anthropic-ai/sdk, and no SDK is loaded before the debate starts.
  const load =
    endpoint.profile.api === 'anthropic-messages'
      ? async () => (await (anthropicModule ??= import('./anthropic-messages.js'))).createAnthropicClient(config)
      : async () => (await (openaiModule ??= import('./openai-chat.js'))).createOpenAIChatClient(config);
  return lazyClient(endpoint.profile.id, endpoint.model, load, options.onSent);
}

// Each adapter's module, imported once per process (a batch makes thousands of clients; every
// import() call goes through the module loader's resolution again).
let anthropicModule: Promise<typeof import('./anthropic-messages.js')> | undefined;
let openaiModule: Promise<typeof import('./openai-chat.js')> | undefined;

/** A client that builds the real one on its first call. */
function lazyClient(provider: string, model: string, load: () => Promise<ModelClient>, onSent?: () => void): ModelClient {
  let client: Promise<ModelClient> | null = null;
  return {
    provider,
    model,
    async complete(request: ChatRequest, hooks: AttemptHooks) {
      client ??= load();
      const reply = (await client).complete(request, hooks);
      // The SDK hands the request to fetch within a few promise turns; the next macrotask is after.
      if (onSent) setImmediate(onSent);
      return reply;
    },
  };
}

/** A variable whose name says it holds a secret (a key, token or password of any provider or gateway). */
const SECRET_NAME = /(?:API_?KEY|_KEY|TOKEN|SECRET|PASSWORD)$/i;

/**
 * Registers with the redactor every key variable this process may handle: each provider's, those
 * `names` (a panel's apiKeyEnv), and every variable named like a secret. Done first thing in every
 * process that sends or receives a run's text (batch, worker), so a key of a shape no pattern knows
 * is masked even in a process that never creates a client for it.
 */
export function registerKeys(env: Env, names: Iterable<string> = []): void {
  for (const profile of Object.values(PROVIDERS)) if (profile.keyEnv) registerSecret(env[profile.keyEnv]);
  for (const name of names) registerSecret(env[name]);
  for (const [name, value] of Object.entries(env)) if (SECRET_NAME.test(name)) registerSecret(value);
}
