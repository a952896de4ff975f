// Cost as pure functions of a transcript: each call's tokens priced by kind, summed per turn, per
// debater, for the judge and for the whole run. A cost the provider reported itself (OpenRouter's
// usage.cost) is taken as it is. Unknown prices stay null and are named, never guessed.
import type { Transcript, Turn, Usage } from '../core/schema.js';
import type { PriceBook, PriceSource } from './prices.js';

export type CostSource = PriceSource | 'provider';

export interface CallCost {
  usd: number | null;
  source: CostSource | null;
}

export interface RunCost {
  /** The sum of every priced call; null when tokens were used and none of them could be priced. */
  usd: number | null;
  byDebater: Record<string, number | null>;
  judge: number | null;
  /** The round digests (--digest), when there were any; null when unpriced. */
  digest?: number | null;
  /** Models that used tokens and have no price. */
  unpriced: string[];
  /** Every seat (debaters and judge) whose cost is null although it used tokens. */
  unpricedSeats: number;
  usage: Usage;
  byDebaterUsage: Record<string, Usage>;
  /** Where the prices came from. */
  sources: CostSource[];
  /** Calls that reported no usage, at their worst case (see the schema); absent when none. */
  unreported?: { usage: Usage; usd: number; seats: number; models: string[] };
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };

/** Two calls' usage added up; the optional kinds only when either side has them. */
export function sumUsage(a: Usage | null | undefined, b: Usage | null | undefined): Usage {
  const x = a ?? ZERO_USAGE;
  const y = b ?? ZERO_USAGE;
  const sum: Usage = { inputTokens: x.inputTokens + y.inputTokens, outputTokens: x.outputTokens + y.outputTokens };
  if (x.cachedInputTokens !== undefined || y.cachedInputTokens !== undefined) sum.cachedInputTokens = (x.cachedInputTokens ?? 0) + (y.cachedInputTokens ?? 0);
  if (x.reasoningTokens !== undefined || y.reasoningTokens !== undefined) sum.reasoningTokens = (x.reasoningTokens ?? 0) + (y.reasoningTokens ?? 0);
  if (x.providerCostUsd !== undefined || y.providerCostUsd !== undefined) sum.providerCostUsd = (x.providerCostUsd ?? 0) + (y.providerCostUsd ?? 0);
  return sum;
}

/** The cost of one call (or of a turn's calls together) by a model; null when no tokens are known. */
export function costOfCall(model: string | null, usage: Usage | null | undefined, book: PriceBook, trustProvider = true): CallCost | null {
  if (!usage) return null;
  if (trustProvider && usage.providerCostUsd !== undefined) return { usd: usage.providerCostUsd, source: 'provider' };
  const pricer = model ? book.lookup(model) : null;
  if (!pricer) return { usd: null, source: null };
  return { usd: pricer.price(usage), source: pricer.source };
}

const used = (u: Usage | null | undefined) => Boolean(u && (u.inputTokens > 0 || u.outputTokens > 0 || u.providerCostUsd !== undefined));


/** Sums costs: null stays null only when every part with tokens is unpriced. */
function add(total: number | null | undefined, part: CallCost | null): number | null {
  if (!part) return total ?? null;
  if (part.usd === null) return total ?? null;
  return (total ?? 0) + part.usd;
}

/**
 * Fills in every turn's `cost` and the run's `cost` from the usage recorded so far (in place; run
 * again as the transcript grows: the result depends only on the usage).
 */
export function applyCost(transcript: Transcript, book: PriceBook): RunCost {
  const models = new Map(transcript.panel.map((p) => [p.id, p.model]));
  const byDebater: Record<string, number | null> = Object.create(null);
  const byDebaterUsage: Record<string, Usage> = Object.create(null);
  const seatUnpriced = new Set<string>();
  const unpriced = new Set<string>();
  const sources = new Set<CostSource>();
  let total: number | null = null;
  let anyTokens = false;
  let usage: Usage = { ...ZERO_USAGE };

  const account = (key: string, model: string | null, u: Usage | null | undefined): CallCost | null => {
    // A stand-in's reported cost is made up: mock runs price their tokens at real prices.
    const cost = costOfCall(model, u, book, transcript.source !== 'mock');
    if (!cost || !used(u)) return cost;
    anyTokens = true;
    usage = sumUsage(usage, u);
    if (cost.source) sources.add(cost.source);
    if (cost.usd === null) {
      seatUnpriced.add(key);
      unpriced.add(model ?? key);
    }
    total = add(total, cost);
    return cost;
  };

  const unreported: Unreported = { usage: { ...ZERO_USAGE }, usd: 0, seats: new Set(), models: new Set() };
  // Calls that reported no usage: an unpriced seat is unpriced all the same; a priced one's worst case is kept apart.
  const bound = (key: string, model: string | null, u: Usage | undefined) => {
    if (!u) return;
    if (countUnreported(unreported, key, model, u, book)) return;
    anyTokens = true;
    seatUnpriced.add(key);
    unpriced.add(model ?? key);
  };

  // A person's seat (--human) makes no calls: it costs nothing.
  for (const p of transcript.panel) byDebater[p.id] = p.human ? 0 : null;
  for (const round of transcript.rounds) {
    for (const turn of round.turns) {
      const model = models.get(turn.debater) ?? null;
      bound(turn.debater, model, turn.unreportedUsage);
      const cost = account(turn.debater, model, turn.usage);
      setTurnCost(turn, cost);
      if (turn.usage) byDebaterUsage[turn.debater] = sumUsage(byDebaterUsage[turn.debater], turn.usage);
      byDebater[turn.debater] = add(byDebater[turn.debater], cost);
    }
  }
  // A debater with any unpriced call has an unknown cost.
  for (const id of seatUnpriced) byDebater[id] = null;

  bound('judge', transcript.judge?.model ?? null, transcript.judgeUnreportedUsage);
  const judgeCost = account('judge', transcript.judge?.model ?? null, transcript.judgeUsage);
  const judge = seatUnpriced.has('judge') ? null : (judgeCost?.usd ?? null);
  // The round digests (--digest), by the digest model (the judge's unless --digest-model).
  const digestModel = transcript.settings?.digestModel ?? transcript.judge?.model ?? null;
  let digest: number | null | undefined;
  for (const round of transcript.rounds) {
    // A digest call that reported no usage counts at its worst case, never as zero (as a turn's).
    bound('digest', digestModel, round.digestUnreportedUsage);
    if (!round.digestUsage) continue;
    const cost = account('digest', digestModel, round.digestUsage);
    digest = digest === undefined ? (cost?.usd ?? null) : digest === null || cost?.usd === null || cost === null ? null : digest + cost.usd;
  }

  // An unpriced digest model with calls that reported no usage: the digests' cost is unknown.
  if (seatUnpriced.has('digest')) digest = null;
  const run: RunCost = {
    usd: anyTokens ? total : 0,
    byDebater,
    judge,
    ...(digest !== undefined ? { digest } : {}),
    unpriced: [...unpriced],
    unpricedSeats: seatUnpriced.size,
    usage,
    byDebaterUsage,
    sources: [...sources],
  };
  setUnreported(run, unreported);
  transcript.cost = run;
  seatsUnpriced.set(run, { seats: seatUnpriced, models: unpriced, total, anyTokens, unreported });
  return run;
}

interface Unreported {
  usage: Usage;
  usd: number;
  seats: Set<string>;
  models: Set<string>;
}

/** Adds a seat's unreported calls to `into` (priced when its model is: true; false when it is unpriced). */
function countUnreported(into: Unreported, key: string, model: string | null, u: Usage, book: PriceBook): boolean {
  const pricer = model ? book.lookup(model) : null;
  into.usage = sumUsage(into.usage, u);
  into.seats.add(key);
  into.models.add(model ?? key);
  if (!pricer) return false;
  into.usd += pricer.price(u);
  return true;
}

function setUnreported(run: RunCost, u: Unreported): void {
  if (u.seats.size) run.unreported = { usage: u.usage, usd: u.usd, seats: u.seats.size, models: [...u.models] };
  else delete run.unreported;
}

/** What applyCost knew of a run's cost beyond the RunCost itself, so that a turn can be added to it. */
const seatsUnpriced = new WeakMap<RunCost, { seats: Set<string>; models: Set<string>; total: number | null; anyTokens: boolean; unreported: Unreported }>();

/**
 * Adds one new turn of the transcript (already in its rounds) to transcript.cost, as applyCost
 * would count it, without going over every other turn again: a run prices each turn as it lands,
 * and going over the whole transcript each time grows with the square of the panel. Falls back to
 * applyCost when transcript.cost did not come from it.
 */
export function addTurnCost(transcript: Transcript, turn: Turn, book: PriceBook): RunCost {
  const run = transcript.cost as RunCost | undefined;
  const state = run ? seatsUnpriced.get(run) : undefined;
  if (!run || !state) return applyCost(transcript, book);
  const model = transcript.panel.find((p) => p.id === turn.debater)?.model ?? null;
  if (turn.unreportedUsage) {
    const priced = countUnreported(state.unreported, turn.debater, model, turn.unreportedUsage, book);
    setUnreported(run, state.unreported);
    if (!priced) {
      state.anyTokens = true;
      state.seats.add(turn.debater);
      state.models.add(model ?? turn.debater);
      run.unpriced = [...state.models];
      run.unpricedSeats = state.seats.size;
      run.byDebater[turn.debater] = null;
      run.usd = state.total;
    }
  }
  const cost = costOfCall(model, turn.usage, book, transcript.source !== 'mock');
  setTurnCost(turn, cost);
  if (turn.usage) run.byDebaterUsage[turn.debater] = sumUsage(run.byDebaterUsage[turn.debater], turn.usage);
  if (!cost || !used(turn.usage)) {
    if (!state.seats.has(turn.debater)) run.byDebater[turn.debater] = add(run.byDebater[turn.debater], cost);
    return run;
  }
  state.anyTokens = true;
  run.usage = sumUsage(run.usage, turn.usage);
  if (cost.source && !run.sources.includes(cost.source)) run.sources.push(cost.source);
  if (cost.usd === null) {
    state.seats.add(turn.debater);
    state.models.add(model ?? turn.debater);
    run.unpriced = [...state.models];
    run.unpricedSeats = state.seats.size;
  }
  state.total = add(state.total, cost);
  run.byDebater[turn.debater] = state.seats.has(turn.debater) ? null : add(run.byDebater[turn.debater], cost);
  run.usd = state.anyTokens ? state.total : 0;
  return run;
}

function setTurnCost(turn: Turn, cost: CallCost | null): void {
  if (cost) turn.cost = cost;
  else delete turn.cost;
}
