// Budgets: before each round, estimate what it will cost from the rounds so far, and stop before a
// round that could pass --max-cost or the token cap. Pure functions of numbers and recorded usage.
//
// The estimate of a debater's call in round k:
//   input  = its opening prompt (round 1: the prompt's size; later: the input it really used in
//            round 1) + every debater's output tokens of round k-1 (the arguments it will read)
//            + 40 tokens for each quoted argument's fence and label; never less than the input
//            it used in round k-1;
//   output = the most output tokens it has given in any round so far (round 1: the reply limit).
// A call whose usage was never reported counts at its worst case (its prompt and max_tokens).
// The judge's call: its real prompt when it is about to run (else its prompt without the debate
// + every output token of the debate, 40 more for each quoted turn), and its reply limit
// (--judge-max-tokens) as output.
//
// Rounds come before the write-up: a round runs when it fits what is left; the judge runs after
// the last round when it still fits, and otherwise the run ends without it and says so. A run
// whose first round does not fit does nothing: the reason says what round 1 needs and what to change.
import type { Round, Turn, Usage } from '../core/schema.js';
import { estimateTokens } from '../core/tokens.js';
import type { PriceBook } from './prices.js';

export interface BudgetLimits {
  /** USD for the whole run. */
  maxCostUsd?: number | undefined;
  /** Input plus output tokens for the whole run. */
  maxTokens?: number | undefined;
}

export interface BudgetPlan {
  seats: { id: string; model: string }[];
  judge: { model: string } | null;
  /** Tokens of each debater's round-1 prompt (system and prompt), estimated from its size. */
  openingInputTokens: Record<string, number>;
  /** Tokens of the judge's prompt without the debate. */
  judgeBaseInputTokens: number;
  maxTokens: number;
  judgeMaxTokens: number;
  /** --topology: the other seats `reader` reads in `round`; every seat when absent. */
  readsOf?: (reader: string, round: number) => readonly string[];
  /** --digest: the digest model, its prompt without the round, its reply limit, and how many digests a round gets (one, or one per group). */
  digest?: { model: string; baseInputTokens: number; maxTokens: number; calls: number } | null;
  /** The round digests quoted to every seat (--digest, groups:K), in tokens at most (no model: the counts digests). */
  digestQuoteTokens?: number;
}

export interface Estimate {
  /** null when some call of it is unpriced. */
  usd: number | null;
  tokens: number;
  /** Output tokens expected (what the next reader will read), and in how many turns. */
  outputTokens: number;
  turns: number;
}

/** The fence and label around each quoted argument, in tokens. */
export const QUOTE_OVERHEAD_TOKENS = 40;

/** Tokens a text could take, by script (src/core/tokens.ts): four ASCII characters a token, half a token a byte of any other. */
export const approxTokens = (text: string): number => estimateTokens(text);

function priceOf(book: PriceBook, model: string, usage: Usage): number | null {
  const pricer = book.lookup(model);
  return pricer ? pricer.price(usage) : null;
}

const addUsd = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** The estimate for round `round`, given the rounds recorded before it. */
export function estimateRound(plan: BudgetPlan, rounds: Round[], round: number, book: PriceBook): Estimate {
  const earlier = rounds.filter((r) => r.number < round);
  const previous = earlier.find((r) => r.number === round - 1);
  const quote = (t: Round['turns'][number]) => (turnUsage(t)?.outputTokens ?? 0) + QUOTE_OVERHEAD_TOKENS;
  const all = previous ? previous.turns.reduce((n, t) => n + quote(t), 0) : 0;
  // What a reader is quoted: every turn, or (--topology) its own and the ones it reads, and the digest.
  const quotedFor = (reader: string): number => {
    if (!previous) return 0;
    const digest = plan.digestQuoteTokens ?? 0;
    if (!plan.readsOf) return all + digest;
    const reads = new Set([...plan.readsOf(reader, round), reader]);
    return previous.turns.reduce((n, t) => n + (reads.has(t.debater) ? quote(t) : 0), 0) + digest;
  };
  let usd: number | null = 0;
  let tokens = 0;
  let outputTokens = 0;
  // The digest of the round before, written before this round starts.
  if (previous && plan.digest && previous.digest === undefined) {
    const input = plan.digest.baseInputTokens + all;
    const calls = plan.digest.calls;
    usd = addUsd(usd, priceOf(book, plan.digest.model, { inputTokens: input * calls, outputTokens: plan.digest.maxTokens * calls }));
    tokens += (input + plan.digest.maxTokens) * calls;
  }
  for (const seat of plan.seats) {
    const quoted = quotedFor(seat.id);
    const turns = earlier.map((r) => turnUsage(r.turns.find((t) => t.debater === seat.id))).filter((u): u is Usage => u !== null);
    const first = turnUsage(rounds.find((r) => r.number === 1)?.turns.find((t) => t.debater === seat.id));
    const base = first?.inputTokens ?? plan.openingInputTokens[seat.id] ?? 0;
    const last = turnUsage(previous?.turns.find((t) => t.debater === seat.id))?.inputTokens ?? 0;
    const input = round > 1 ? Math.max(last, base + quoted) : base;
    const output = turns.length ? Math.max(...turns.map((u) => u.outputTokens)) : plan.maxTokens;
    usd = addUsd(usd, priceOf(book, seat.model, { inputTokens: input, outputTokens: output }));
    tokens += input + output;
    outputTokens += output;
  }
  return { usd, tokens, outputTokens, turns: plan.seats.length };
}

/**
 * The estimate for the judge: its real prompt's tokens when known (`promptTokens`), else its prompt
 * without the debate plus every output so far and a round still to come (`extra`).
 */
export function estimateJudge(plan: BudgetPlan, rounds: Round[], extra: { outputTokens: number; turns: number } | null, book: PriceBook, promptTokens?: number): Estimate {
  if (!plan.judge) return { usd: 0, tokens: 0, outputTokens: 0, turns: 0 };
  const debate = rounds.reduce((n, r) => n + r.turns.reduce((m, t) => m + (turnUsage(t)?.outputTokens ?? 0) + QUOTE_OVERHEAD_TOKENS, 0), 0);
  const input = promptTokens ?? plan.judgeBaseInputTokens + debate + (extra ? extra.outputTokens + extra.turns * QUOTE_OVERHEAD_TOKENS : 0);
  return {
    usd: priceOf(book, plan.judge.model, { inputTokens: input, outputTokens: plan.judgeMaxTokens }),
    tokens: input + plan.judgeMaxTokens,
    outputTokens: plan.judgeMaxTokens,
    turns: 1,
  };
}

export interface Spent {
  usd: number;
  tokens: number;
}

/** Budgets and estimates are small sums: four decimals under a dollar, so a limit reads as given. */
export const formatUsdPlain = (n: number): string => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;

/** Why `next` must not start given what is spent, or null when it fits every limit. */
export function overBudget(limits: BudgetLimits, spent: Spent, next: Estimate, what: string): string | null {
  if (limits.maxCostUsd !== undefined) {
    if (next.usd === null) return `${what} cannot be priced, so --max-cost cannot be kept`;
    if (spent.usd + next.usd > limits.maxCostUsd + 1e-12) {
      return `--max-cost ${formatUsdPlain(limits.maxCostUsd)}: ${what} could cost about ${formatUsdPlain(next.usd)} with ${formatUsdPlain(spent.usd)} already spent`;
    }
  }
  if (limits.maxTokens !== undefined && spent.tokens + next.tokens > limits.maxTokens) {
    return `--max-run-tokens ${limits.maxTokens}: ${what} could use about ${next.tokens} tokens with ${spent.tokens} already used`;
  }
  return null;
}

const int = (n: number) => n.toLocaleString('en-US');

/**
 * What to change when round 1 does not fit: the budget it needs, or a shorter reply limit. Said
 * for the limit that was passed (`reason` names it).
 */
function firstRoundHint(plan: BudgetPlan, next: Estimate, reason: string): string {
  const calls = `${next.turns} call${next.turns === 1 ? '' : 's'}, replies up to ${int(plan.maxTokens)} tokens`;
  if (reason.startsWith('--max-cost') && next.usd !== null) {
    // Four decimals, rounded up: the figure given back is enough.
    const needed = Math.ceil(next.usd * 10_000) / 10_000;
    return `${reason} (${calls}); nothing was run: give --max-cost ${needed.toFixed(4)} or more, or lower --max-tokens`;
  }
  if (reason.startsWith('--max-run-tokens')) return `${reason} (${calls}); nothing was run: give --max-run-tokens ${next.tokens} or more, or lower --max-tokens`;
  return `${reason}; nothing was run`;
}

/**
 * Before round `round`: stop (with the reason) when the round could pass a limit. The judgement is
 * not reserved: rounds come first, and the judge runs after them only if it still fits.
 */
export function checkRound(limits: BudgetLimits, plan: BudgetPlan, rounds: Round[], round: number, spent: Spent, book: PriceBook): string | null {
  const next = estimateRound(plan, rounds, round, book);
  const reason = overBudget(limits, spent, next, `round ${round}`);
  if (!reason) return null;
  const ran = rounds.some((r) => r.turns.length > 0);
  return `stopped before round ${round}: ${ran ? reason : firstRoundHint(plan, next, reason)}`;
}

/**
 * Before the judge: skip it (with the reason and what to change) when it could pass a limit.
 * `promptTokens`: the judge's real prompt, when the caller has it.
 */
export function checkJudge(limits: BudgetLimits, plan: BudgetPlan, rounds: Round[], spent: Spent, book: PriceBook, promptTokens?: number): string | null {
  const judge = estimateJudge(plan, rounds, null, book, promptTokens);
  const reason = overBudget(limits, spent, judge, `the judgement (a prompt of about ${int(judge.tokens - plan.judgeMaxTokens)} tokens, a reply up to ${int(plan.judgeMaxTokens)})`);
  if (!reason) return null;
  const raise = reason.startsWith('--max-cost') ? 'raise --max-cost' : 'raise --max-run-tokens';
  return `no judgement: ${reason}; the votes and result stand: lower --judge-max-tokens or ${raise} to have it written`;
}

/**
 * Spent so far, from a transcript's recorded usage and cost: calls that reported no usage count at
 * their worst case (their prompt and max_tokens), never as zero.
 */
export function spentSoFar(cost: { usd: number | null; usage?: Usage | undefined; unreported?: { usage: Usage; usd: number } | undefined } | null | undefined): Spent {
  const tokens = (u: Usage | undefined) => (u?.inputTokens ?? 0) + (u?.outputTokens ?? 0);
  return { usd: (cost?.usd ?? 0) + (cost?.unreported?.usd ?? 0), tokens: tokens(cost?.usage) + tokens(cost?.unreported?.usage) };
}

/** What a turn's calls used for the estimates: what was reported, and the worst case of what was not. */
export function turnUsage(turn: Pick<Turn, 'usage' | 'unreportedUsage'> | undefined): Usage | null {
  if (!turn) return null;
  if (!turn.unreportedUsage) return turn.usage;
  const u = turn.usage;
  const b = turn.unreportedUsage;
  return { inputTokens: (u?.inputTokens ?? 0) + b.inputTokens, outputTokens: (u?.outputTokens ?? 0) + b.outputTokens };
}
