import { UsageError } from '../util/errors.js';
import { isProviderId, PROVIDER_IDS, type ProviderId } from './providers.js';

export interface ModelRef {
  provider: ProviderId;
  model: string;
}

/** Splits `provider:model` at the first colon (model names may hold colons, e.g. ollama tags). */
export function parseModelId(id: string): ModelRef {
  const colon = id.indexOf(':');
  const provider = colon > 0 ? id.slice(0, colon).trim().toLowerCase() : '';
  const model = colon > 0 ? id.slice(colon + 1).trim() : '';
  if (!provider || !model) {
    throw new UsageError(`The model id "${id}" is not of the form provider:model, for example openai:gpt-5.4.`);
  }
  if (!isProviderId(provider)) {
    throw new UsageError(`The model id "${id}" names the unknown provider "${provider}"; known providers are ${PROVIDER_IDS.join(', ')}.`);
  }
  return { provider, model };
}
