// The test side of the provider stand-ins: an msw server answering the real SDKs at the
// providers' real URLs (the same strict dialects mock mode uses), with onUnhandledRequest 'error'
// so no test can reach the network. Call useWire() at the top of a test file.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../../src/agents/providers.js';
import { providerHandlers } from '../../src/mock/handlers.js';
import type { WireAnswer, WireCall, WireEndpoint, WireScript } from '../../src/mock/types.js';

export const DEFAULT_ENDPOINTS: WireEndpoint[] = PROVIDER_IDS.filter((p) => PROVIDERS[p].defaultBaseURL).map((p) => ({
  provider: p,
  baseURL: PROVIDERS[p].defaultBaseURL!,
}));

export interface Wire {
  /** Every call the stand-ins received, in order. */
  calls: WireCall[];
  /** Answers calls from now on with this script (endpoints: the defaults plus any given). */
  script(script: WireScript, extra?: WireEndpoint[]): void;
  callsTo(provider: ProviderId): WireCall[];
}

export function useWire(): Wire {
  const server = setupServer();
  const calls: WireCall[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    calls.length = 0;
  });
  afterAll(() => server.close());
  return {
    calls,
    script(script, extra = []) {
      server.resetHandlers(...providerHandlers([...extra, ...DEFAULT_ENDPOINTS], script, { log: calls }));
    },
    callsTo: (provider) => calls.filter((c) => c.provider === provider),
  };
}

/** The text of the user's last message in a call (OpenAI and Anthropic shapes alike). */
export function lastUserText(call: WireCall): string {
  const messages = (call.body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
}

export function systemText(call: WireCall): string {
  if (typeof call.body.system === 'string') return call.body.system;
  const messages = (call.body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const system = messages.find((m) => m.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

export const isJudgeCall = (call: WireCall) => /the judge of the AI Roundtable/.test(systemText(call));

/** A reply in the contract's JSON form. */
export const vote = (v: string, argument = `I vote ${v} because of reasons.`): WireAnswer => ({ text: JSON.stringify({ vote: v, argument }) });

export const judgement = (options: string[] = ['Yes', 'No']): WireAnswer => ({
  text: JSON.stringify({
    summary: 'The panel argued it out.',
    strongestArguments: Object.fromEntries(options.map((o) => [o, `The best case for ${o}.`])),
    turningPoints: ['Someone changed their mind.'],
  }),
});
