// The CLI's side of cost: prices (--prices), budgets (--max-cost, --max-run-tokens), routes (--via),
// the engine's cost hooks and the --dry-run plan. The arithmetic lives in src/cost.
import { debaterPrompts } from '../protocols/debater.js';
import { openDebaterPrompts } from '../protocols/open.js';
import { openJudgePrompts } from '../judge/open-judge.js';
import type { SeatConfig } from '../agents/factory.js';
import { approxTokens, checkJudge, estimateRound, QUOTE_OVERHEAD_TOKENS, checkRound, formatUsdPlain, spentSoFar, type BudgetLimits, type BudgetPlan } from '../cost/budget.js';
import { addTurnCost, applyCost } from '../cost/cost.js';
import { createPriceBook, parsePricesFile, type PriceBook, type Rates } from '../cost/prices.js';
import type { CostHooks, DebateConfig } from '../engine/debate.js';
import type { PanelSeat } from './panel.js';
import type { PromptBook } from '../prompting/prompts.js';
import { judgePrompts } from '../judge/judge.js';
import { routeSeat, type RoutedSeat, type Via } from '../gateway/via.js';
import type { Transcript } from '../core/schema.js';
import { readInputFile } from '../transcript/store.js';
import { groupsOf, readingList, readsEveryone, topologyName } from '../protocols/topology.js';
import { digestPrompts } from '../judge/digest.js';
import { DIGEST_REPLY_TOKENS } from '../engine/debate.js';
import { UsageError } from '../util/errors.js';

export function loadPrices(path: string | undefined): Record<string, Rates> {
  return path ? parsePricesFile(readInputFile(path, 'a prices file (JSON)', 1024 * 1024), path) : {};
}

/** Routes every seat through the gateway, and notes which model each routed id stands for. */
export function routePanel(
  debaters: PanelSeat[],
  judge: PanelSeat | null,
  via: Via | null,
): { debaters: RoutedSeat[]; judge: RoutedSeat | null; aliases: Record<string, string> } {
  if (!via) return { debaters, judge, aliases: {} };
  const aliases: Record<string, string> = Object.create(null);
  const route = (seat: PanelSeat, role: string) => {
    const routed = routeSeat(seat, via, role);
    if (routed.priceAs) aliases[routed.model] = routed.priceAs;
    const { priceAs: _p, ...rest } = routed;
    return rest;
  };
  // A person's seat (--human) goes through no gateway.
  return { debaters: debaters.map((d) => (d.human ? d : route(d, 'debater'))), judge: judge ? route(judge, 'judge') : null, aliases };
}

export function priceBookFor(overrides: Record<string, Rates>, aliases: Record<string, string>): PriceBook {
  return createPriceBook(overrides, new Date(), aliases);
}

/**
 * What the budget estimates need to know about a debate before it runs. The prompt sizes (each
 * seat's opening prompt and the judge's, built in full to be counted) are worked out when first
 * read: by a budget's check before round 1, or --dry-run; a run without a budget never builds them.
 */
export function budgetPlan(config: DebateConfig, prompts: PromptBook): BudgetPlan {
  // A person's seat (--human) costs nothing and is not estimated.
  const panel = config.panel.filter((p) => !p.human).map((p) => ({ id: p.id, name: p.name, model: p.model }));
  const openingTokens = (): Record<string, number> => {
    const openingInputTokens: Record<string, number> = Object.create(null);
    for (const member of panel) {
      const { system, prompt } = config.open
        ? openDebaterPrompts(prompts, { motion: config.motion, round: 1, rounds: config.rounds, member, panel, previous: undefined, briefing: config.briefing })
        : debaterPrompts(prompts, {
        motion: config.motion,
        options: config.options,
        round: 1,
        rounds: config.rounds,
        member,
        panel,
        previous: undefined,
        previousVote: null,
        briefing: config.briefing,
      });
      openingInputTokens[member.id] = approxTokens(system + prompt);
    }
    return openingInputTokens;
  };
  const judgeTokens = (): number => {
    if (!config.judge) return 0;
    const empty = { motion: config.motion, options: config.options, panel, rounds: [], result: null } as unknown as Transcript;
    const names = new Map(panel.map((p) => [p.id, p.name]));
    const { system, prompt } = config.open
      ? openJudgePrompts(prompts, config.judge.name, empty, { label: (id) => names.get(id) ?? id, scrub: (t) => t, budget: Infinity, anonymous: false })
      : judgePrompts(prompts, config.judge.name, empty);
    return approxTokens(system + prompt);
  };
  // Who reads whom: each reader's later prompts quote only its own turn and the seats it reads.
  const topology = config.topology ?? { kind: 'full' as const };
  const reading = readsEveryone(topology, config.panel) ? undefined : (reader: string, round: number) => readingList(topology, config.panel, reader, round, config.seed ?? 0);
  const groups = topology.kind === 'groups' ? groupsOf(config.panel.map((p) => p.id), topology.k).length : 0;
  const digestMaxTokens = config.digestMaxTokens ?? DIGEST_REPLY_TOKENS;
  let digest: BudgetPlan['digest'] = null;
  if (config.digest) {
    const empty = { number: 1, turns: [] };
    const { system, prompt } = digestPrompts(prompts, config.digest.name, config.motion, config.options, empty, { label: (id) => id, scrub: (t) => t, budget: Infinity });
    digest = { model: config.digest.model, baseInputTokens: approxTokens(system + prompt), maxTokens: digestMaxTokens, calls: Math.max(1, groups) };
  }
  // Every seat reads the whole digest: each group's, or a line of counts per group without --digest.
  const digestQuoteTokens = config.digest ? digestMaxTokens * Math.max(1, groups) + QUOTE_OVERHEAD_TOKENS : groups ? groups * 40 + QUOTE_OVERHEAD_TOKENS : 0;
  let opening: Record<string, number> | undefined;
  let judgeBase: number | undefined;
  return {
    seats: panel.map((p) => ({ id: p.id, model: p.model })),
    judge: config.judge ? { model: config.judge.model } : null,
    get openingInputTokens() {
      return (opening ??= openingTokens());
    },
    get judgeBaseInputTokens() {
      return (judgeBase ??= judgeTokens());
    },
    maxTokens: config.maxTokens,
    judgeMaxTokens: config.judgeMaxTokens,
    ...(reading ? { readsOf: reading } : {}),
    digest,
    digestQuoteTokens,
  };
}

/** --max-cost needs a price for every seat: an unpriced one could spend anything. */
export function checkPricedForBudget(limits: BudgetLimits, seats: SeatConfig[], book: PriceBook): void {
  if (limits.maxCostUsd === undefined) return;
  // A seat that both debates and judges (the first debater by default) is named once.
  const seen = new Set<string>();
  const unpriced = seats.filter((s) => {
    const key = `${s.name}\u0000${s.model}`;
    if (seen.has(key) || book.lookup(s.model)) return false;
    seen.add(key);
    return true;
  });
  if (unpriced.length) {
    throw new UsageError(
      `--max-cost cannot be kept: ${unpriced.map((s) => `${s.name} (${s.model})`).join(', ')} ha${unpriced.length > 1 ? 've' : 's'} no known price; add ${unpriced.length > 1 ? 'them' : 'it'} with --prices FILE.`,
    );
  }
}

/** The engine's cost hooks: record costs as the run goes, and keep it within its limits. */
export function costHooks(book: PriceBook, limits: BudgetLimits, plan: BudgetPlan): CostHooks {
  const limited = limits.maxCostUsd !== undefined || limits.maxTokens !== undefined;
  return {
    annotate: (t) => {
      applyCost(t, book);
    },
    annotateTurn: (t, turn) => {
      addTurnCost(t, turn, book);
    },
    beforeRound: (t, round) => {
      if (!limited) return null;
      return checkRound(limits, plan, t.rounds, round, spentSoFar(applyCost(t, book)), book);
    },
    beforeJudge: (t, prompt) => {
      if (!limited) return null;
      return checkJudge(limits, plan, t.rounds, spentSoFar(applyCost(t, book)), book, approxTokens(prompt.system + prompt.prompt));
    },
  };
}

/**
 * A dry run under a budget: whether round 1 fits it, and when it does not, what it needs and what
 * to change (the same words a run that stops before round 1 uses). Null without a budget.
 */
export function dryRunBudgetLine(limits: BudgetLimits, plan: BudgetPlan, book: PriceBook): string | null {
  if (limits.maxCostUsd === undefined && limits.maxTokens === undefined) return null;
  const stop = checkRound(limits, plan, [], 1, { usd: 0, tokens: 0 }, book);
  if (stop) return `Budget · round 1 does not fit: ${stop.replace(/^stopped before round 1: /, '').replace('; nothing was run: ', ': ')}`;
  const round1 = estimateRound(plan, [], 1, book);
  const what = round1.usd !== null && limits.maxCostUsd !== undefined ? `could cost up to ${formatUsdPlain(round1.usd)}` : `could use up to ${int(round1.tokens)} tokens`;
  return `Budget · round 1 ${what} and fits; each later round, then the judgement, runs while it still fits what is left`;
}

const int = (n: number) => n.toLocaleString('en-US');
const range = (lo: number | null, hi: number | null) => (lo === null || hi === null ? 'unpriced' : `${formatUsdPlain(lo)} – ${formatUsdPlain(hi)}`);
const span = (lo: number, hi: number) => (lo === hi ? int(lo) : `${int(lo)}–${int(hi)}`);

/**
 * The --dry-run plan: every call the debate would make, with its tokens and a cost range. Low: the
 * prompts as they are with empty replies (what any run pays at least: a later prompt still carries
 * each quoted argument's fence and label); high: every reply at its limit, each later prompt
 * quoting them all. Nothing is called.
 */
export function dryRunLines(config: DebateConfig, plan: BudgetPlan, book: PriceBook): string[] {
  const lines: string[] = [];
  const names = new Map(config.panel.map((p) => [p.id, p]));
  const width = Math.max(...config.panel.map((p) => p.name.length), config.judge ? config.judge.name.length : 0, 5);
  const modelWidth = Math.max(...config.panel.map((p) => p.model.length), config.judge ? config.judge.model.length : 0);
  let low = 0;
  let high = 0;
  let lowOk = true;
  let highOk = true;
  let calls = 0;
  const price = (model: string, inputTokens: number, outputTokens: number) => {
    const pricer = book.lookup(model);
    return pricer ? pricer.price({ inputTokens, outputTokens }) : null;
  };
  const topology = config.topology && config.topology.kind !== 'full' ? ` · topology ${topologyName(config.topology)}` : '';
  const digestNote = config.digest ? ` · digests by ${config.digest.model}` : '';
  lines.push(`Dry run${config.open ? ' · open question' : ''} · ${config.panel.length} debaters × ${config.rounds} round${config.rounds === 1 ? '' : 's'}${config.judge ? ' + judge' : ''}${topology}${digestNote} · nothing is called`);
  for (let round = 1; round <= config.rounds; round++) {
    lines.push(`Round ${round}${round === 1 ? ' (blind)' : ''}`);
    if (round > 1 && plan.digest) {
      // The digest of the round before, for every seat (one per group with groups:K).
      const d = plan.digest;
      const input = d.baseInputTokens + plan.seats.length * (plan.maxTokens + QUOTE_OVERHEAD_TOKENS);
      const lo = price(d.model, (d.baseInputTokens + plan.seats.length * QUOTE_OVERHEAD_TOKENS) * d.calls, 0);
      const hi = price(d.model, input * d.calls, d.maxTokens * d.calls);
      if (lo === null) lowOk = false;
      else low += lo;
      if (hi === null) highOk = false;
      else high += hi;
      calls += d.calls;
      const name = config.digest?.name ?? 'digest';
      lines.push(`  ${`${name} (digest${d.calls > 1 ? ` ×${d.calls}` : ''})`.padEnd(width)}  ${d.model.padEnd(modelWidth)}  up to ${int(input * d.calls)} tokens in, up to ${int(d.maxTokens * d.calls)} out  ${range(lo, hi)}`);
    }
    for (const seat of plan.seats) {
      const member = names.get(seat.id)!;
      // A later round quotes the arguments of the round before that this seat reads (all of them
      // unless --topology says otherwise, its own included), each in its fence and label, and the digest.
      const quoted = round > 1 ? (plan.readsOf ? plan.readsOf(seat.id, round).length + 1 : plan.seats.length) : 0;
      const digestTokens = round > 1 ? (plan.digestQuoteTokens ?? 0) : 0;
      const quotedLow = quoted * QUOTE_OVERHEAD_TOKENS + (digestTokens ? QUOTE_OVERHEAD_TOKENS : 0);
      const quotedHigh = quoted * (plan.maxTokens + QUOTE_OVERHEAD_TOKENS) + digestTokens;
      const input = plan.openingInputTokens[seat.id] ?? 0;
      const lo = price(seat.model, input + quotedLow, 0);
      const hi = price(seat.model, input + quotedHigh, plan.maxTokens);
      if (lo === null) lowOk = false;
      else low += lo;
      if (hi === null) highOk = false;
      else high += hi;
      calls++;
      lines.push(
        `  ${member.name.padEnd(width)}  ${seat.model.padEnd(modelWidth)}  ${span(input + quotedLow, input + quotedHigh)} tokens in, up to ${int(plan.maxTokens)} out  ${range(lo, hi)}`,
      );
    }
  }
  if (config.judge) {
    const input = plan.judgeBaseInputTokens;
    const turns = plan.seats.length * config.rounds;
    const quotedLow = turns * QUOTE_OVERHEAD_TOKENS;
    const quoted = turns * (plan.maxTokens + QUOTE_OVERHEAD_TOKENS);
    const lo = price(config.judge.model, input + quotedLow, 0);
    const hi = price(config.judge.model, input + quoted, plan.judgeMaxTokens);
    if (lo === null) lowOk = false;
    else low += lo;
    if (hi === null) highOk = false;
    else high += hi;
    calls++;
    lines.push('Judge');
    lines.push(`  ${config.judge.name.padEnd(width)}  ${config.judge.model.padEnd(modelWidth)}  ${span(input + quotedLow, input + quoted)} tokens in, up to ${int(plan.judgeMaxTokens)} out  ${range(lo, hi)}`);
  }
  const unpriced = [...config.panel.filter((p) => !p.human), ...(config.judge ? [config.judge] : [])].filter((s) => !book.lookup(s.model));
  lines.push(
    `Planned: ${calls} calls (re-asks and retries not counted) · ${lowOk && highOk ? range(low, high) : `${range(low, high)} for the priced seats`}` +
      (unpriced.length ? ` · ${unpriced.length} seat${unpriced.length > 1 ? 's' : ''} unpriced: ${[...new Set(unpriced.map((s) => s.model))].join(', ')}` : ''),
  );
  return lines;
}
