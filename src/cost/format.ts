// How cost reads on screen and in exports: one line for a run, a short figure for a turn.
import type { Transcript, Usage } from '../core/schema.js';

/** "$0.42", or four decimals under a cent ("$0.0031"). */
export function formatUsd(n: number): string {
  if (n === 0) return '$0.00';
  return `$${n < 0.01 ? n.toFixed(4) : n.toFixed(2)}`;
}

const int = (n: number) => n.toLocaleString('en-US');

/** "12,345 in (1,000 cached) · 2,345 out (800 reasoning)". */
export function formatTokens(u: Usage): string {
  const cached = u.cachedInputTokens ? ` (${int(u.cachedInputTokens)} cached)` : '';
  const reasoning = u.reasoningTokens ? ` (${int(u.reasoningTokens)} reasoning)` : '';
  return `${int(u.inputTokens)} in${cached} · ${int(u.outputTokens)} out${reasoning}`;
}

const SOURCE_LABEL: Record<string, string> = {
  catalogue: 'catalogue prices',
  'prices-file': '--prices file',
  provider: 'as the provider billed it',
};

/** The run's cost in one line, or null when the transcript carries none. */
export function costLine(t: Pick<Transcript, 'cost' | 'source' | 'panel' | 'judge'>): string | null {
  const cost = t.cost;
  if (!cost) return null;
  const unpriced = cost.unpricedSeats ?? cost.unpriced.length;
  // Priced seats whose calls reported no usage (an unpriced one is named unpriced already).
  const unreportedModels = (cost.unreported?.models ?? []).filter((m) => !cost.unpriced.includes(m));
  const unreported = unreportedModels.length ? (cost.unreported?.seats ?? 0) : 0;
  // Nothing used, nothing to say (a run that failed before any reply).
  if (cost.usage && cost.usage.inputTokens === 0 && cost.usage.outputTokens === 0 && !cost.usd && !unpriced && !unreported) return null;
  const seats = t.panel.length + (t.judge ? 1 : 0);
  const parts: string[] = [];
  const amount = cost.usd === null ? 'unknown' : `${unpriced || unreported ? 'at least ' : ''}${formatUsd(cost.usd)}`;
  parts.push(t.source === 'mock' ? `${amount} is what this run would have cost live (mock mode: real prices, stand-in token counts)` : amount);
  if (cost.usage) parts.push(`tokens ${formatTokens(cost.usage)}`);
  const sources = (cost.sources ?? []).map((s) => SOURCE_LABEL[s] ?? s);
  if (sources.length) parts.push(sources.join(' + '));
  if (unpriced) parts.push(`${unpriced} of ${seats} seat${seats === 1 ? '' : 's'} unpriced (${cost.unpriced.join(', ')})`);
  // Calls that reported no usage are not priced as if they were: --max-cost counts them at their worst case.
  if (cost.unreported && unreported) {
    parts.push(`${unreported} seat${unreported === 1 ? '' : 's'} reported no usage (${unreportedModels.join(', ')}): counted at up to ${formatUsd(cost.unreported.usd)} against a budget`);
  }
  return `Cost · ${parts.join(' · ')}`;
}

/** A turn's cost as a short figure: "$0.0123", "$0.0123 billed", "unpriced", or "" when unknown. */
export function turnCostLabel(cost: { usd: number | null; source: string | null } | undefined): string {
  if (!cost) return '';
  if (cost.usd === null) return 'unpriced';
  return `$${cost.usd.toFixed(4)}${cost.source === 'provider' ? ' billed' : ''}`;
}
