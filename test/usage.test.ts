// The one usage rule (src/agents/usage.ts), table-tested per provider convention. The numbers are
// the recorded ones of test/fixtures/wire where a recording shows the convention.
import { describe, expect, it } from 'vitest';
import type { Usage } from '../src/core/schema.js';
import { addUsage, usageFromAnthropic, usageFromOpenAI, type AnthropicUsage, type OpenAIUsage } from '../src/agents/usage.js';

const OPENAI_STYLE: Array<[string, OpenAIUsage, Usage]> = [
  // OpenAI: completion_tokens includes reasoning; total = prompt + completion.
  ['OpenAI / Azure: reasoning inside completion', { prompt_tokens: 15, completion_tokens: 78, total_tokens: 93, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 64 } }, { inputTokens: 15, outputTokens: 78, cachedInputTokens: 0, reasoningTokens: 64 }],
  // xAI: completion_tokens excludes reasoning; total = prompt + completion + reasoning.
  ['xAI: reasoning outside completion', { prompt_tokens: 12, completion_tokens: 1, total_tokens: 303, prompt_tokens_details: { cached_tokens: 11 }, completion_tokens_details: { reasoning_tokens: 290 } }, { inputTokens: 12, outputTokens: 291, cachedInputTokens: 11, reasoningTokens: 290 }],
  // Gemini: thinking only in total, itemised nowhere.
  ['Gemini: unitemised thinking in total', { prompt_tokens: 35, completion_tokens: 12, total_tokens: 109 }, { inputTokens: 35, outputTokens: 74, reasoningTokens: 62 }],
  ['Gemini without completion_tokens', { prompt_tokens: 35, total_tokens: 109 }, { inputTokens: 35, outputTokens: 74 }],
  // DeepSeek: reasoning inside completion; the cache hit under its own name.
  ['DeepSeek: prompt_cache_hit_tokens', { prompt_tokens: 40, completion_tokens: 212, total_tokens: 252, prompt_cache_hit_tokens: 32, completion_tokens_details: { reasoning_tokens: 198 } }, { inputTokens: 40, outputTokens: 212, cachedInputTokens: 32, reasoningTokens: 198 }],
  ['Together through Hugging Face: a top-level cached_tokens', { prompt_tokens: 10, completion_tokens: 955, total_tokens: 965, cached_tokens: 4 }, { inputTokens: 10, outputTokens: 955, cachedInputTokens: 4 }],
  ['OpenRouter: its cost kept as billed', { prompt_tokens: 43, completion_tokens: 36, total_tokens: 79, cost: 0.000669, completion_tokens_details: { reasoning_tokens: 13 } }, { inputTokens: 43, outputTokens: 36, reasoningTokens: 13, providerCostUsd: 0.000669 }],
  // OpenRouter's stream error reports more reasoning than output: reasoning never exceeds output.
  ['reasoning capped at the output', { prompt_tokens: 43, completion_tokens: 10, total_tokens: 53, completion_tokens_details: { reasoning_tokens: 11 } }, { inputTokens: 43, outputTokens: 10, reasoningTokens: 10 }],
  ['no total_tokens: completion as given, nothing added on a guess', { prompt_tokens: 12, completion_tokens: 1, completion_tokens_details: { reasoning_tokens: 290 } }, { inputTokens: 12, outputTokens: 1, reasoningTokens: 1 }],
  ['Mistral / Ollama / Groq: plain numbers', { prompt_tokens: 21, completion_tokens: 988, total_tokens: 1009 }, { inputTokens: 21, outputTokens: 988 }],
  ['nonsense numbers are dropped, not trusted', { prompt_tokens: -3, completion_tokens: Number.NaN, total_tokens: null }, { inputTokens: 0, outputTokens: 0 }],
];

const ANTHROPIC: Array<[string, AnthropicUsage, Usage]> = [
  ['plain', { input_tokens: 20, output_tokens: 5, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 }, { inputTokens: 20, outputTokens: 5, cachedInputTokens: 0 }],
  ['cache reads and writes are input too', { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 300, cache_creation_input_tokens: 40 }, { inputTokens: 350, outputTokens: 5, cachedInputTokens: 300 }],
  ['no cache fields: no cached count', { input_tokens: 61, output_tokens: 2 }, { inputTokens: 61, outputTokens: 2 }],
];

describe('the usage rule', () => {
  for (const [label, raw, expected] of OPENAI_STYLE) {
    it(`OpenAI-compatible: ${label}`, () => expect(usageFromOpenAI(raw)).toEqual(expected));
  }
  for (const [label, raw, expected] of ANTHROPIC) {
    it(`Anthropic: ${label}`, () => expect(usageFromAnthropic(raw)).toEqual(expected));
  }

  it('adds two calls field by field, optional fields only where either side has them', () => {
    expect(addUsage({ inputTokens: 1, outputTokens: 2 }, { inputTokens: 3, outputTokens: 4, cachedInputTokens: 1 })).toEqual({ inputTokens: 4, outputTokens: 6, cachedInputTokens: 1 });
    expect(addUsage(null, { inputTokens: 3, outputTokens: 4 })).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(addUsage({ inputTokens: 3, outputTokens: 4 }, null)).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(addUsage(null, null)).toBeNull();
  });
});
