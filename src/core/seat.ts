// A seat at the table as the engine, the adapters and the CLI all see it: who sits there, which
// model answers for it, and the seat's own instructions.

export interface SeatConfig {
  /** A display name, used in messages. */
  name: string;
  model: string;
  baseURL?: string | undefined;
  apiKeyEnv?: string | undefined;
  temperature?: number | undefined;
  /** A role added to this seat's instructions (a devil's advocate, a domain expert…). */
  persona?: string | undefined;
  /** The option this seat must argue in round 1; it votes freely later. */
  stance?: string | undefined;
  /** --via openrouter: this seat's OpenRouter id (vendor/model). */
  openrouter?: string | undefined;
  /** --via compat: the model name the gateway knows this seat by. */
  gatewayModel?: string | undefined;
  /** Panel files: the other debaters (by name) this seat reads, whatever the topology. */
  reads?: string[] | undefined;
  /** The person at the terminal (--human): asked through the live view, never over a network. */
  human?: boolean | undefined;
}

/** The named panels roundtable knows without a panel file. */
export interface PanelPreset {
  debaters: SeatConfig[];
  /** null: no judge; undefined: not said (the first debater's model judges). */
  judge?: SeatConfig | null;
}

export const PRESETS: Record<string, PanelPreset> = {
  seed: {
    debaters: [
      { name: 'Grok 4.1 Fast', model: 'xai:grok-4-1-fast-reasoning', openrouter: 'x-ai/grok-4.1-fast' },
      { name: 'GPT-5.4', model: 'openai:gpt-5.4', openrouter: 'openai/gpt-5.4' },
      { name: 'Gemini 3.1 Pro', model: 'google:gemini-3.1-pro-preview', openrouter: 'google/gemini-3.1-pro-preview' },
      { name: 'Mistral Large', model: 'mistral:mistral-large-latest', openrouter: 'mistralai/mistral-large-2512' },
      { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6', openrouter: 'anthropic/claude-opus-4.6' },
      { name: 'Kimi K2.5', model: 'moonshot:kimi-k2.5', openrouter: 'moonshotai/kimi-k2.5' },
    ],
    judge: { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6', openrouter: 'anthropic/claude-opus-4.6' },
  },
};
