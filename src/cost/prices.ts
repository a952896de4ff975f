// Where prices come from: a --prices file (USD per million tokens, by model id) first, then the
// catalogue that ships inside @pydantic/genai-prices (offline; no fetch). A model found in neither
// is unpriced: its cost is null, never a guess.
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Usage } from '../core/schema.js';
import { UsageError } from '../util/errors.js';

type Catalogue = typeof import('@pydantic/genai-prices');
let catalogue: Catalogue | undefined;
/**
 * The catalogue is loaded at its first look-up (about 0.5 MB of JavaScript): a debate looks a price
 * up only once a turn has usage to price, after its first requests are sent, or before it starts
 * when --max-cost has to know every seat is priced. Left outside the bundle (scripts/build.mjs), so
 * this require reads the package's own CommonJS build.
 */
const calcPrice: Catalogue['calcPrice'] = (...args) => (catalogue ??= createRequire(import.meta.url)('@pydantic/genai-prices') as Catalogue).calcPrice(...args);

/** USD per million tokens, by kind. Cached input defaults to input, reasoning to output. */
export interface Rates {
  input: number;
  cachedInput?: number | undefined;
  output: number;
  reasoning?: number | undefined;
}

export type PriceSource = 'catalogue' | 'prices-file';

export interface Pricer {
  source: PriceSource;
  /** USD for these tokens. */
  price(usage: Usage): number;
}

export interface PriceBook {
  /** The pricer for a model id (provider:model), or null when the model is unpriced. */
  lookup(model: string): Pricer | null;
}

/** No model costs this much (USD per million tokens); a larger price is a mistake, and would overflow the sums. */
export const MAX_RATE = 100_000;
const rate = z.number().finite().nonnegative().max(MAX_RATE);
const RatesSchema = z.strictObject({ input: rate, cachedInput: rate.optional(), output: rate, reasoning: rate.optional() });
export const PricesFileSchema = z.record(z.string().regex(/^[a-z]+:.+$/, 'is not a model id of the form provider:model'), RatesSchema);

/** Tokens by kind, with the cached and reasoning parts never more than their whole. */
export function tokenKinds(usage: Usage): { input: number; cachedInput: number; output: number; reasoning: number } {
  const cachedInput = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  return { input: usage.inputTokens - cachedInput, cachedInput, output: usage.outputTokens - reasoning, reasoning };
}

/** The cost of some tokens at these rates: each kind at its own rate. */
export function priceAtRates(usage: Usage, rates: Rates): number {
  const k = tokenKinds(usage);
  return (
    (k.input * rates.input +
      k.cachedInput * (rates.cachedInput ?? rates.input) +
      k.output * rates.output +
      k.reasoning * (rates.reasoning ?? rates.output)) /
    1e6
  );
}

/** The catalogue's provider names, where they differ from roundtable's. */
const CATALOGUE_PROVIDER: Record<string, string> = { xai: 'x-ai', moonshot: 'moonshotai' };
/** Providers with no price of their own: local servers and unnamed gateways. */
const NEVER_PRICED = new Set(['ollama', 'compat']);
/**
 * Moving aliases the catalogue resolves to an older model, looked up as the model they stand for:
 * `mistral-large-latest` is `mistral-large-2512`, Mistral Large 3 (shared/PROVIDERS.md names the two
 * ids together; Mistral retired Large 2.1, 2411, on 2026-05-31), which the catalogue prices at
 * $0.5/$1.5 per million tokens, while it matches the alias itself to Mistral Large 2 at $2/$6. A
 * --prices entry for the alias still comes first.
 */
const CATALOGUE_NAME: Record<string, string> = { 'mistral:mistral-large-latest': 'mistral-large-2512' };

function splitId(model: string): { provider: string; name: string } {
  const i = model.indexOf(':');
  return i < 0 ? { provider: '', name: model } : { provider: model.slice(0, i), name: model.slice(i + 1) };
}

/** The most prices one catalogue pricer remembers. */
const PRICE_MEMO = 10_000;

function cataloguePricer(model: string, when: Date): Pricer | null {
  const { provider, name: own } = splitId(model);
  if (!provider || NEVER_PRICED.has(provider)) return null;
  const name = Object.hasOwn(CATALOGUE_NAME, model) ? CATALOGUE_NAME[model]! : own;
  const providerId = CATALOGUE_PROVIDER[provider] ?? provider;
  // A transcript is priced again as it grows (every turn): each usage is looked up in the
  // catalogue once, not once per turn of the run.
  const known = new Map<string, number | null>();
  const price = (usage: Usage) => {
    const k = tokenKinds(usage);
    const key = `${usage.inputTokens}|${k.cachedInput}|${usage.outputTokens}|${k.reasoning}`;
    if (known.has(key)) return known.get(key)!;
    if (known.size >= PRICE_MEMO) known.clear();
    const result = calcPrice(
      {
        input_tokens: usage.inputTokens,
        cache_read_tokens: k.cachedInput,
        output_tokens: usage.outputTokens,
        output_reasoning_tokens: k.reasoning,
      },
      name,
      { providerId, timestamp: when },
    );
    const usd = result?.total_price ?? null;
    known.set(key, usd);
    return usd;
  };
  try {
    // Only a model the catalogue itself names is priced (its provider's fallbacks included).
    return price({ inputTokens: 1, outputTokens: 1 }) === null ? null : { source: 'catalogue', price: (u) => price(u) ?? 0 };
  } catch {
    return null;
  }
}

/**
 * Prices by model id: the --prices file first, then the catalogue; a model routed through a gateway
 * (`aliases`: gateway id → the model it stands for) falls back to the price of the model it stands for.
 */
export function createPriceBook(overrides: Record<string, Rates> = {}, when: Date = new Date(), aliases: Record<string, string> = {}): PriceBook {
  const cache = new Map<string, Pricer | null>();
  const own = (model: string | undefined): Pricer | null => {
    const rates = model && Object.hasOwn(overrides, model) ? overrides[model]! : undefined;
    return rates ? { source: 'prices-file', price: (u) => priceAtRates(u, rates) } : null;
  };
  return {
    lookup(model) {
      if (cache.has(model)) return cache.get(model)!;
      const alias = Object.hasOwn(aliases, model) ? aliases[model] : undefined;
      const pricer = own(model) ?? own(alias) ?? cataloguePricer(model, when) ?? (alias ? cataloguePricer(alias, when) : null);
      cache.set(model, pricer);
      return pricer;
    },
  };
}

/** The value at a zod issue's path in the parsed JSON (undefined: not there). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (!at || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** A JSON value in a message: `a string ("2")`, `null`, `true`. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 20 ? `${value.slice(0, 19)}…` : value)})`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** Reads a --prices file: {"provider:model": {"input": 2.5, "cachedInput": 0.25, "output": 15, "reasoning": 15}, …}. */
export function parsePricesFile(text: string, path: string): Record<string, Rates> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`The prices file ${path} is not valid JSON (${(err as Error).message}).`);
  }
  const parsed = PricesFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
    const message =
      issue.code === 'invalid_key'
        ? 'is not a model id of the form provider:model'
        : issue.code === 'unrecognized_keys'
        ? `has unknown fields ${issue.keys.map((k) => `"${k}"`).join(', ')} (use input, cachedInput, output, reasoning)`
        : issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined
          ? 'is missing a required price (input and output are required)'
          : issue.code === 'invalid_type' && issue.expected === 'number'
            ? `must be a number, not ${describeValue(valueAt(data, issue.path))}`
            : issue.code === 'too_big'
              ? `is more than ${MAX_RATE} USD per million tokens, which no model costs`
              : issue.code === 'too_small'
                ? 'is below zero; a price is 0 or more'
                : issue.message;
    throw new UsageError(`The prices file ${path}${at} ${message}; prices are USD per million tokens, see docs/cost.md.`);
  }
  return Object.assign(Object.create(null) as Record<string, Rates>, parsed.data);
}
