// Token usage, one rule for every provider. This is the ONE place the rule lives (README
// "Providers" repeats it for users); cost estimates build on these numbers.
//
//   inputTokens        every prompt token the provider processed, cached ones included
//                      (OpenAI-style prompt_tokens; Anthropic input_tokens + cache_read_input_tokens
//                      + cache_creation_input_tokens).
//   cachedInputTokens  of those, the ones read from the prompt cache (prompt_tokens_details.cached_tokens,
//                      DeepSeek prompt_cache_hit_tokens, a top-level cached_tokens as Together answers through
//                      the Hugging Face router, Anthropic cache_read_input_tokens); absent when the
//                      provider does not say.
//   outputTokens       every generated token, reasoning included (OpenAI's rule). xAI and Gemini report
//                      completion_tokens WITHOUT reasoning; where total_tokens is given, output is
//                      total_tokens - prompt_tokens, which is right for both conventions (OpenAI:
//                      total = prompt + completion; xAI: total = prompt + completion + reasoning;
//                      Gemini: total = prompt + completion + unitemised thinking). Without total_tokens
//                      (no recorded provider omits it), completion_tokens as given: reasoning is never
//                      added on a guess, so it is never counted twice.
//   reasoningTokens    of outputTokens, the reasoning ones: completion_tokens_details.reasoning_tokens,
//                      or for Gemini the unitemised rest (total - prompt - completion); absent when unknown.
//                      Anthropic bills thinking as output_tokens without itemising it: absent there.
//
// Where usage is found: the chunk's `usage` (OpenAI, xAI, Mistral, DeepSeek, OpenRouter, Gemini,
// Perplexity…), `choices[0].usage` (Moonshot), `x_groq.usage` (Groq). A stream may repeat usage on
// every chunk (Perplexity, Gemini): the numbers are cumulative, so the last report wins; they are
// never added up. Anthropic: message_start gives input and cache numbers, message_delta the final
// output_tokens (and, through some gateways, a corrected input_tokens), the latest wins.
import type { Usage } from '../core/schema.js';
import { estimateTokens } from '../core/tokens.js';
import type { ChatRequest } from './client.js';

export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  prompt_cache_hit_tokens?: number | null;
  /** Together (through the Hugging Face router): cached prompt tokens at the top level. */
  cached_tokens?: number | null;
  /** OpenRouter: what the call cost in USD, as it bills it (taken as it is; see src/cost). */
  cost?: number | null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);

/** The usage of an OpenAI-compatible response (any member of the family) under the rule above. */
export function usageFromOpenAI(u: OpenAIUsage): Usage {
  const input = num(u.prompt_tokens) ?? 0;
  const completion = num(u.completion_tokens);
  const total = num(u.total_tokens);
  const itemised = num(u.completion_tokens_details?.reasoning_tokens);
  let output: number;
  let reasoning: number | undefined = itemised;
  if (total !== undefined && total >= input) {
    output = total - input;
    // Gemini: thinking counted in total, in neither completion nor any detail.
    if (reasoning === undefined && completion !== undefined && output > completion) reasoning = output - completion;
  } else {
    output = completion ?? 0;
  }
  const cached = num(u.prompt_tokens_details?.cached_tokens) ?? num(u.prompt_cache_hit_tokens) ?? num(u.cached_tokens);
  return {
    inputTokens: input,
    outputTokens: output,
    ...(cached !== undefined ? { cachedInputTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: Math.min(reasoning, output) } : {}),
    ...(typeof u.cost === 'number' && Number.isFinite(u.cost) && u.cost >= 0 ? { providerCostUsd: u.cost } : {}),
  };
}

export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic usage, merged over message_start and message_delta (the later report of a field wins). */
export function usageFromAnthropic(parts: AnthropicUsage): Usage {
  const cacheRead = num(parts.cache_read_input_tokens);
  const input = (num(parts.input_tokens) ?? 0) + (cacheRead ?? 0) + (num(parts.cache_creation_input_tokens) ?? 0);
  return {
    inputTokens: input,
    outputTokens: num(parts.output_tokens) ?? 0,
    ...(cacheRead !== undefined ? { cachedInputTokens: cacheRead } : {}),
  };
}

/** Two calls' usage added up (a re-ask costs too); optional fields only when either side has them. */
export function addUsage(a: Usage | null, b: Usage | null): Usage | null {
  if (!a) return b;
  if (!b) return a;
  const sum: Usage = { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
  if (a.cachedInputTokens !== undefined || b.cachedInputTokens !== undefined) sum.cachedInputTokens = (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0);
  if (a.reasoningTokens !== undefined || b.reasoningTokens !== undefined) sum.reasoningTokens = (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0);
  if (a.providerCostUsd !== undefined || b.providerCostUsd !== undefined) sum.providerCostUsd = (a.providerCostUsd ?? 0) + (b.providerCostUsd ?? 0);
  return sum;
}

/** The most a request could have used: its whole prompt (estimated by script) and every token of max_tokens. */
export function worstCase(request: ChatRequest): Usage {
  const prompt = [request.system, ...request.messages.map((m) => m.content)].join('\n');
  return { inputTokens: estimateTokens(prompt), outputTokens: request.maxTokens };
}
