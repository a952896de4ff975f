// One key for every seat: --via openrouter sends each seat through OpenRouter under its OpenRouter
// id; --via compat sends each through any OpenAI-compatible gateway. Each routed seat remembers
// the model it stands for (`priceAs`), so its price is known even where the gateway's is not.
import { readFileSync } from 'node:fs';
import type { SeatConfig } from '../agents/factory.js';
import { UsageError } from '../util/errors.js';

export type Via = { kind: 'openrouter' } | { kind: 'compat'; baseURL: string; apiKeyEnv: string | undefined };

/** A panel seat as written: it may name its OpenRouter id, or the model name a gateway knows it by. */
export interface RoutableSeat extends SeatConfig {
  openrouter?: string | undefined;
  gatewayModel?: string | undefined;
}

export interface RoutedSeat extends SeatConfig {
  /** The model id this seat stands for (its price when the gateway's own is unknown). */
  priceAs?: string;
}

const TABLE_URL = new URL('../../data/openrouter-models.json', import.meta.url);
let table: Record<string, string> | null = null;

/** The shipped table of OpenRouter ids for common models (data/openrouter-models.json). */
export function openRouterTable(): Record<string, string> {
  table ??= Object.assign(Object.create(null) as Record<string, string>, JSON.parse(readFileSync(TABLE_URL, 'utf8')) as Record<string, string>);
  return table;
}

const modelPart = (id: string) => id.slice(id.indexOf(':') + 1);

/** The seat as it runs through the gateway; throws (naming the seat) when it cannot be routed. */
export function routeSeat(seat: RoutableSeat, via: Via, role = 'seat'): RoutedSeat {
  const { openrouter, gatewayModel, baseURL: _b, apiKeyEnv: _k, ...rest } = seat;
  if (via.kind === 'openrouter') {
    if (seat.model.startsWith('openrouter:')) return { ...rest };
    const id = openrouter ?? openRouterTable()[seat.model];
    if (!id) {
      throw new UsageError(
        `--via openrouter: the ${role} "${seat.name}" (${seat.model}) has no known OpenRouter id; give it one with "openrouter": "vendor/model" in its panel entry.`,
      );
    }
    return { ...rest, model: `openrouter:${id}`, priceAs: seat.model };
  }
  return {
    ...rest,
    model: `compat:${gatewayModel ?? modelPart(seat.model)}`,
    baseURL: via.baseURL,
    ...(via.apiKeyEnv ? { apiKeyEnv: via.apiKeyEnv } : {}),
    priceAs: seat.model,
  };
}

/** Parses --via with its companions, or null without --via. */
export function parseVia(flags: { via?: string; baseUrl?: string; apiKeyEnv?: string }): Via | null {
  if (!flags.via) {
    if (flags.baseUrl || flags.apiKeyEnv) throw new UsageError('--base-url and --api-key-env go with --via compat.');
    return null;
  }
  if (flags.via === 'openrouter') {
    if (flags.baseUrl || flags.apiKeyEnv) throw new UsageError('--via openrouter takes no --base-url or --api-key-env (set OPENROUTER_BASE_URL to change its URL).');
    return { kind: 'openrouter' };
  }
  if (flags.via === 'compat') {
    if (!flags.baseUrl) throw new UsageError('--via compat needs --base-url URL, the gateway\'s OpenAI-compatible endpoint.');
    try {
      const url = new URL(flags.baseUrl);
      if (!/^https?:$/.test(url.protocol)) throw new Error('not http');
    } catch {
      throw new UsageError(`--base-url "${flags.baseUrl}" is not an http(s) URL.`);
    }
    if (flags.apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.apiKeyEnv)) {
      throw new UsageError('--api-key-env takes the NAME of the variable that holds the gateway key (letters, digits and _), never the key itself.');
    }
    return { kind: 'compat', baseURL: flags.baseUrl, apiKeyEnv: flags.apiKeyEnv };
  }
  throw new UsageError(`--via takes openrouter or compat, not "${flags.via}".`);
}
