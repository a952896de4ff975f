// The outcome roundtable must reach on each recorded provider response (test/fixtures/wire),
// shared by the table suite at the adapter seam and the one through the CLI.
import type { Usage } from '../../src/core/schema.js';

export interface Outcome {
  vote?: 'Yes';
  usage?: Usage | null;
  /** HTTP requests made (retries and re-asks included). */
  attempts: number;
  error?: RegExp;
  /** Whether the retry loop ran again after a failure (not a re-ask). */
  retried?: boolean;
  /** A cut reply kept as said (no vote). */
  kept?: boolean;
}

const u = (inputTokens: number, outputTokens: number, extra: Partial<Usage> = {}): Usage => ({ inputTokens, outputTokens, ...extra });
const twice = (x: Usage): Usage => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, (v as number) * 2])) as Usage;

const OK = (usage: Usage | null): Outcome => ({ vote: 'Yes', usage, attempts: 1 });

/** The outcome of each recording. Usage follows the one rule of src/agents/usage.ts; OpenRouter's own usage.cost is kept as providerCostUsd. */
export const EXPECTED: Record<string, Outcome> = {
  'openai-text': OK(u(16, 300, { cachedInputTokens: 0, reasoningTokens: 0 })),
  'openai-gpt5': OK(u(13, 11, { cachedInputTokens: 0, reasoningTokens: 0 })),
  'openai-azure-router': OK(u(15, 78, { cachedInputTokens: 0, reasoningTokens: 64 })),
  'anthropic-thinking': OK(u(43, 282, { cachedInputTokens: 0 })),
  'anthropic-redacted': OK(u(92, 189, { cachedInputTokens: 0 })),
  'anthropic-short': OK(u(20, 5, { cachedInputTokens: 0 })),
  'anthropic-delta-input-tokens': OK(u(61, 2)),
  // completion_tokens 1 excludes 290 reasoning tokens: output is 291.
  'xai-text': OK(u(12, 291, { cachedInputTokens: 11, reasoningTokens: 290 })),
  'xai-compat-text': OK(u(12, 342, { cachedInputTokens: 11, reasoningTokens: 340 })),
  // total 109 = 35 prompt + 12 completion + 62 unitemised thinking.
  'google-compat': OK(u(35, 74, { reasoningTokens: 62 })),
  'google-compat-crlf-nocompletion': OK(u(35, 74)),
  'mistral-magistral': OK(u(10, 232)),
  'mistral-magistral-vercel': OK(u(10, 46)),
  'mistral-text': OK(u(13, 8)),
  'moonshot-tail': OK(u(39, 211)),
  'moonshot-vercel': OK(u(9, 12, { reasoningTokens: 7 })),
  'deepseek-reasoner': OK(u(6, 212, { cachedInputTokens: 0, reasoningTokens: 198 })),
  // Cut at the token limit, asked again (the same recording answers), kept with the reason.
  'deepseek-text-length': { usage: twice(u(13, 400, { cachedInputTokens: 0 })), attempts: 2, kept: true, error: /cut at 1200 tokens/ },
  'openrouter-claude-reasoning': OK(u(43, 36, { cachedInputTokens: 0, reasoningTokens: 13, providerCostUsd: 0.000669 })),
  // o3's reasoning travels encrypted; OpenRouter itemises none of it.
  'openrouter-o3-reasoning': OK(u(9, 104, { cachedInputTokens: 0, reasoningTokens: 0, providerCostUsd: 0.00085 })),
  'openrouter-annotations': OK(u(2317, 53, { cachedInputTokens: 0, reasoningTokens: 0, providerCostUsd: 0.0076509169000000005 })),
  'openrouter-claude46': OK(u(254, 5, { cachedInputTokens: 0, reasoningTokens: 0, providerCostUsd: 0.000837 })),
  // The error event itself reports what was used (43 in, 10 out, at no cost): billed, so counted.
  'openrouter-stream-error': { usage: u(43, 10, { cachedInputTokens: 0, reasoningTokens: 10, providerCostUsd: 0 }), attempts: 1, error: /error inside the stream.*Token limit reached/, retried: false },
  'openrouter-midstream-error': { usage: null, attempts: 3, error: /Provider disconnected/, retried: true },
  'openrouter-429': { usage: null, attempts: 3, error: /HTTP 429.*Provider returned error \(Google\): google\/gemini-2.0-flash-exp:free is temporarily rate-limited upstream/, retried: true },
  'ollama-reasoning': OK(u(88, 61)),
  'zai-glm47': OK(u(13, 564, { cachedInputTokens: 0, reasoningTokens: 561 })),
  'hf-r1-think': OK(u(10, 955, { cachedInputTokens: 0 })),
  'groq-r1-think': OK(u(21, 988)),
  'groq-qwen3-reasoning': OK(u(17, 1107, { reasoningTokens: 963 })),
  'alibaba-qwen3-reasoning': OK(u(24, 1355, { cachedInputTokens: 0, reasoningTokens: 1084 })),
  'perplexity-text': OK(u(11, 434)),
  'anthropic-400': { usage: null, attempts: 1, error: /HTTP 400 \(invalid_request_error\): .*effort/i, retried: false },
  'anthropic-404': { usage: null, attempts: 1, error: /HTTP 404 \(not_found_error\): model: /, retried: false },
  'openai-400': { usage: null, attempts: 1, error: /HTTP 400 .*unsupported_value.*system/, retried: false },
  'openai-404': { usage: null, attempts: 1, error: /HTTP 404 .*model_not_found.*does not exist/, retried: false },
  'google-404': { usage: null, attempts: 1, error: /HTTP 404 \(NOT_FOUND, 404\): /, retried: false },
  'groq-400': { usage: null, attempts: 1, error: /HTTP 400 .*tool_use_failed/, retried: false },
  'anthropic-529': { usage: null, attempts: 3, error: /HTTP 529 \(overloaded_error\): Overloaded/, retried: true },
  'google-429': { usage: null, attempts: 1, error: /HTTP 429 .*exceeded your current quota.*asks to wait 34.4 s, longer than the 1.5 s allowed/, retried: false },
  'google-429-array': { usage: null, attempts: 1, error: /HTTP 429 .*asks to wait 34.4 s/, retried: false },
  // Each of the 3 attempts was billed for its message_start (20 in, 1 out) before the stream failed.
  'anthropic-midstream-overloaded': { usage: u(60, 3, { cachedInputTokens: 0 }), attempts: 3, error: /error inside the stream \(overloaded_error\): Overloaded/, retried: true },
  'openai-429-quota': { usage: null, attempts: 1, error: /HTTP 429 .*insufficient_quota.*exceeded your current quota/, retried: false },
  'openai-429-rate': { usage: null, attempts: 3, error: /HTTP 429 .*rate_limit_exceeded.*Rate limit reached/, retried: true },
  'openai-401': { usage: null, attempts: 1, error: /HTTP 401 .*invalid_api_key.*sk-proj-\*+abcd/, retried: false },
  // A whole JSON body where a stream was asked for: read as the complete reply it is.
  'ollama-nonstream-json': OK(u(136, 15)),
  'anthropic-refusal': { usage: u(18, 5, { cachedInputTokens: 0 }), attempts: 1, error: /^the model refused: This request triggered restrictions on violative cyber content/, retried: false },
};

