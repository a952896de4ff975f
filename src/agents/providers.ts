// The providers of the contract: where each one lives, which variable holds its key, and which
// request fields it accepts (PROVIDERS.md). One table serves the whole OpenAI-compatible family.

export type ProviderId =
  | 'openai'
  | 'anthropic'
  | 'xai'
  | 'google'
  | 'mistral'
  | 'moonshot'
  | 'deepseek'
  | 'openrouter'
  | 'ollama'
  | 'compat';

export interface ProviderProfile {
  id: ProviderId;
  /** Which adapter speaks to it. */
  api: 'openai-chat' | 'anthropic-messages';
  /** The variable holding the key; null when none is needed (ollama) or the panel entry names it (compat). */
  keyEnv: string | null;
  baseUrlEnv: string | null;
  defaultBaseURL: string | null;
  /** The field that caps the reply's length. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Whether to ask for usage in the stream with stream_options.include_usage (rejected by some). */
  streamUsageOption: boolean;
}

const chat = (
  id: ProviderId,
  keyEnv: string | null,
  baseUrlEnv: string | null,
  defaultBaseURL: string | null,
  maxTokensField: ProviderProfile['maxTokensField'],
  streamUsageOption: boolean,
): ProviderProfile => ({ id, api: 'openai-chat', keyEnv, baseUrlEnv, defaultBaseURL, maxTokensField, streamUsageOption });

export const PROVIDERS: Record<ProviderId, ProviderProfile> = {
  openai: chat('openai', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'https://api.openai.com/v1', 'max_completion_tokens', true),
  anthropic: {
    id: 'anthropic',
    api: 'anthropic-messages',
    keyEnv: 'ANTHROPIC_API_KEY',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    defaultBaseURL: 'https://api.anthropic.com',
    maxTokensField: 'max_tokens',
    streamUsageOption: false,
  },
  xai: chat('xai', 'XAI_API_KEY', 'XAI_BASE_URL', 'https://api.x.ai/v1', 'max_tokens', true),
  // Gemini's OpenAI layer rejects unknown fields; usage arrives on its own.
  google: chat('google', 'GEMINI_API_KEY', 'GEMINI_BASE_URL', 'https://generativelanguage.googleapis.com/v1beta/openai', 'max_tokens', false),
  // Mistral answers 422 extra_forbidden to stream_options and max_completion_tokens; usage is streamed by default.
  mistral: chat('mistral', 'MISTRAL_API_KEY', 'MISTRAL_BASE_URL', 'https://api.mistral.ai/v1', 'max_tokens', false),
  // Moonshot streams usage inside choices[0].usage without being asked.
  moonshot: chat('moonshot', 'MOONSHOT_API_KEY', 'MOONSHOT_BASE_URL', 'https://api.moonshot.ai/v1', 'max_tokens', false),
  deepseek: chat('deepseek', 'DEEPSEEK_API_KEY', 'DEEPSEEK_BASE_URL', 'https://api.deepseek.com/v1', 'max_tokens', true),
  // OpenRouter always sends usage in the last chunk.
  openrouter: chat('openrouter', 'OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL', 'https://openrouter.ai/api/v1', 'max_tokens', false),
  ollama: chat('ollama', null, 'OLLAMA_BASE_URL', 'http://localhost:11434/v1', 'max_tokens', true),
  compat: chat('compat', null, null, null, 'max_tokens', false),
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(value: string): value is ProviderId {
  return Object.hasOwn(PROVIDERS, value);
}
