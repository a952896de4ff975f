// Budgets: before each round, estimate what it will cost from the rounds so far, and stop before a
// round that could pass --max-cost or the token cap. Pure functions of numbers and recorded usage.
//
// The estimate of a debater's call in round k:
//   input  = its opening prompt (round 1: the prompt's size; later: the input it really used in
//            round 1) + every debater's output tokens of round k-1 (the arguments it will read)
//            + 40 tokens for each quoted argument's fence and label; never less than the input
//            it used in round k-1;
//   output = the most output tokens it has given in any round so far (round 1: the reply limit).
// The judge's call: its prompt without the debate + every output token of the debate so far
// (40 more for each quoted turn), and its reply limit as output. A round runs only when what is spent, the round and the judge after
// it all fit; a round that does not fit is not started, and the judge still runs when it fits.
import type { Round, Usage } from '../core/schema.js';
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

/** A rough count of tokens in text: four characters a token, rounded up. */
export const approxTokens = (text: string): number => Math.ceil(text.length / 4);

function priceOf(book: PriceBook, model: string, usage: Usage): number | null {
  const pricer = book.lookup(model);
  return pricer ? pricer.price(usage) : null;
}

const addUsd = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** The estimate for round `round`, given the rounds recorded before it. */
export function estimateRound(plan: BudgetPlan, rounds: Round[], round: number, book: PriceBook): Estimate {
  const earlier = rounds.filter((r) => r.number < round);
  const previous = earlier.find((r) => r.number === round - 1);
  const quote = (t: Round['turns'][number]) => (t.usage?.outputTokens ?? 0) + QUOTE_OVERHEAD_TOKENS;
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
    const turns = earlier.map((r) => r.turns.find((t) => t.debater === seat.id)).filter((t) => t?.usage);
    const first = rounds.find((r) => r.number === 1)?.turns.find((t) => t.debater === seat.id)?.usage;
    const base = first?.inputTokens ?? plan.openingInputTokens[seat.id] ?? 0;
    const last = previous?.turns.find((t) => t.debater === seat.id)?.usage?.inputTokens ?? 0;
    const input = round > 1 ? Math.max(last, base + quoted) : base;
    const output = turns.length ? Math.max(...turns.map((t) => t!.usage!.outputTokens)) : plan.maxTokens;
    usd = addUsd(usd, priceOf(book, seat.model, { inputTokens: input, outputTokens: output }));
    tokens += input + output;
    outputTokens += output;
  }
  return { usd, tokens, outputTokens, turns: plan.seats.length };
}

/** The estimate for the judge, reading every output so far plus a round still to come (`extra`). */
export function estimateJudge(plan: BudgetPlan, rounds: Round[], extra: { outputTokens: number; turns: number } | null, book: PriceBook): Estimate {
  if (!plan.judge) return { usd: 0, tokens: 0, outputTokens: 0, turns: 0 };
  const debate = rounds.reduce((n, r) => n + r.turns.reduce((m, t) => m + (t.usage?.outputTokens ?? 0) + QUOTE_OVERHEAD_TOKENS, 0), 0);
  const input = plan.judgeBaseInputTokens + debate + (extra ? extra.outputTokens + extra.turns * QUOTE_OVERHEAD_TOKENS : 0);
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

/** Before round `round`: stop (with the reason) when the round and the judge after it could pass a limit. */
export function checkRound(limits: BudgetLimits, plan: BudgetPlan, rounds: Round[], round: number, spent: Spent, book: PriceBook): string | null {
  const next = estimateRound(plan, rounds, round, book);
  const judge = estimateJudge(plan, rounds, next, book);
  const both: Estimate = { usd: addUsd(next.usd, judge.usd), tokens: next.tokens + judge.tokens, outputTokens: next.outputTokens, turns: next.turns };
  const reason = overBudget(limits, spent, both, plan.judge ? `round ${round} and the judgement after it` : `round ${round}`);
  return reason ? `stopped before round ${round}: ${reason}` : null;
}

/** Before the judge: skip it (with the reason) when it could pass a limit. */
export function checkJudge(limits: BudgetLimits, plan: BudgetPlan, rounds: Round[], spent: Spent, book: PriceBook): string | null {
  const reason = overBudget(limits, spent, estimateJudge(plan, rounds, null, book), 'the judgement');
  return reason ? `no judgement: ${reason}` : null;
}

/** Spent so far, from a transcript's recorded usage and cost. */
export function spentSoFar(cost: { usd: number | null; usage?: Usage | undefined } | null | undefined): Spent {
  return { usd: cost?.usd ?? 0, tokens: (cost?.usage?.inputTokens ?? 0) + (cost?.usage?.outputTokens ?? 0) };
}
