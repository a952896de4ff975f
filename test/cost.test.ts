import { closedResult } from '../src/core/result.js';
// Cost: prices by token kind (table-tested against hand-computed figures and the shipped catalogue),
// per turn / debater / judge / run totals, budgets that stop a run before a round that could pass
// them (hand-computed), --dry-run, --prices, and the seed run in mock mode priced from the catalogue.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ModelClient } from '../src/agents/client.js';
import { DEFAULT_RETRY } from '../src/agents/retry.js';
import { checkRound, estimateJudge, estimateRound, type BudgetPlan } from '../src/cost/budget.js';
import { addTurnCost, applyCost, costOfCall } from '../src/cost/cost.js';
import { costLine } from '../src/cost/format.js';
import { createPriceBook, parsePricesFile, priceAtRates } from '../src/cost/prices.js';
import { costHooks } from '../src/plan/cost-plan.js';
import { runDebate, type DebateConfig } from '../src/engine/debate.js';
import { DebateEvents, type DebateEvent } from '../src/core/events.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { TranscriptSchema, type Round, type Transcript, type Usage } from '../src/core/schema.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { isJudgeCall, judgement, useWire, vote } from './support/wire.js';

const wire = useWire();

// $1 per million input tokens, $10 per million output: a call of 1,000 in and 100 out costs $0.002.
const RATES = { input: 1, output: 10 };

describe('prices by token kind', () => {
  const cases: Array<[string, Usage, Parameters<typeof priceAtRates>[1], number]> = [
    ['input and output', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, { input: 2, output: 8 }, 10],
    ['cached input at its own rate', { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 400_000 }, { input: 2, cachedInput: 0.5, output: 8 }, 0.6 * 2 + 0.4 * 0.5],
    ['cached input at the input rate when none is given', { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 400_000 }, { input: 2, output: 8 }, 2],
    ['reasoning at its own rate', { inputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 250_000 }, { input: 2, output: 8, reasoning: 4 }, 0.75 * 8 + 0.25 * 4],
    ['reasoning at the output rate when none is given', { inputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 250_000 }, { input: 2, output: 8 }, 8],
    ['a cached count above the input is capped', { inputTokens: 100, outputTokens: 0, cachedInputTokens: 500 }, { input: 1, cachedInput: 0, output: 1 }, 0],
  ];
  for (const [name, usage, rates, usd] of cases) {
    it(name, () => expect(priceAtRates(usage, rates)).toBeCloseTo(usd, 12));
  }

  it('prices every seat of the seed panel (and DeepSeek) from the shipped catalogue, offline', () => {
    const book = createPriceBook();
    const seed = ['xai:grok-4-1-fast-reasoning', 'openai:gpt-5.4', 'google:gemini-3.1-pro-preview', 'mistral:mistral-large-latest', 'anthropic:claude-opus-4-6', 'moonshot:kimi-k2.5', 'deepseek:deepseek-chat'];
    for (const model of seed) {
      const pricer = book.lookup(model);
      expect(pricer, model).not.toBeNull();
      expect(pricer!.source).toBe('catalogue');
      expect(pricer!.price({ inputTokens: 1000, outputTokens: 1000 })).toBeGreaterThan(0);
    }
    // mistral-large-latest is Mistral Large 3 (2512): $0.50 / $1.50, not Large 2's $2 / $6 the catalogue matches the alias to.
    expect(book.lookup('mistral:mistral-large-latest')!.price({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(2, 9);
    expect(book.lookup('mistral:mistral-large-2512')!.price({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(2, 9);
    // Claude Opus 4.6 lists $5 / $25 per million, cache reads $0.50.
    expect(book.lookup('anthropic:claude-opus-4-6')!.price({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(30, 9);
    expect(book.lookup('anthropic:claude-opus-4-6')!.price({ inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 1_000_000 })).toBeCloseTo(0.5, 9);
  });

  it('hands the catalogue each kind of token: cached input and reasoning at their own rates, never counted twice', () => {
    const book = createPriceBook();
    // GPT-5.4: $2.50 in, $0.25 cached, $15 out per million. 1,000 in of which 400 cached, 100 out.
    expect(book.lookup('openai:gpt-5.4')!.price({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 100 })).toBeCloseTo((600 * 2.5 + 400 * 0.25 + 100 * 15) / 1e6, 12);
    // A model the catalogue prices reasoning for on its own ($8 out, $3 reasoning): 1M out, a quarter reasoning.
    expect(book.lookup('openrouter:perplexity/sonar-deep-research')!.price({ inputTokens: 0, outputTokens: 1_000_000, reasoningTokens: 250_000 })).toBeCloseTo(0.75 * 8 + 0.25 * 3, 9);
    // Without a reasoning price, reasoning is output: Grok 4.1 Fast at $0.50 out either way.
    expect(book.lookup('xai:grok-4-1-fast-reasoning')!.price({ inputTokens: 0, outputTokens: 1000, reasoningTokens: 900 })).toBeCloseTo(1000 * 0.5 / 1e6, 12);
  });

  it('leaves local, unnamed-gateway and unknown models unpriced (never a guess); a --prices entry wins', () => {
    const book = createPriceBook({ 'compat:qwen3-32b': { input: 0.1, output: 0.3 }, 'openai:gpt-5.4': { input: 1, output: 2 } });
    expect(book.lookup('ollama:llama3.2:3b')).toBeNull();
    expect(book.lookup('compat:some-model')).toBeNull();
    expect(book.lookup('openai:no-such-model-xyz')).toBeNull();
    expect(book.lookup('compat:qwen3-32b')!.source).toBe('prices-file');
    expect(book.lookup('openai:gpt-5.4')!.price({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(3);
  });

  it('takes the cost a provider reported as it is, labelled', () => {
    const book = createPriceBook();
    expect(costOfCall('openrouter:x-ai/grok-4.1-fast', { inputTokens: 10, outputTokens: 10, providerCostUsd: 0.0042 }, book)).toEqual({ usd: 0.0042, source: 'provider' });
    expect(costOfCall('ollama:x', { inputTokens: 10, outputTokens: 10 }, book)).toEqual({ usd: null, source: null });
    expect(costOfCall('openai:gpt-5.4', null, book)).toBeNull();
  });

  it('reads a --prices file and refuses a bad one with one sentence', () => {
    expect(parsePricesFile('{"openai:gpt-5.4":{"input":2.5,"cachedInput":0.25,"output":15,"reasoning":15}}', 'p.json')['openai:gpt-5.4']!.cachedInput).toBe(0.25);
    expect(() => parsePricesFile('{"openai:gpt-5.4":{"input":-1,"output":1}}', 'p.json')).toThrow(/p\.json at openai:gpt-5\.4\.input/);
    expect(() => parsePricesFile('{"gpt-5.4":{"input":1,"output":1}}', 'p.json')).toThrow(/provider:model/);
    expect(() => parsePricesFile('{"openai:x":{"input":1,"output":1,"cache":2}}', 'p.json')).toThrow(/unknown fields "cache"/);
    expect(() => parsePricesFile('{"openai:x":{"input":1}}', 'p.json')).toThrow(/missing a required price/);
    expect(() => parsePricesFile('{', 'p.json')).toThrow(/not valid JSON/);
  });
});

function transcriptWith(rounds: Round[], judgeUsage: Usage | null, panel: Array<[string, string]>): Transcript {
  return {
    format: 'roundtable-transcript', version: 1, id: 'x', motion: 'M?', options: ['Yes', 'No'], mode: 'debate', status: 'complete', source: 'live',
    startedAt: null, finishedAt: null, panel: panel.map(([id, model]) => ({ id, name: id, model })), judge: { name: 'J', model: 'openai:judge' },
    rounds, result: null, judgement: null, judgeUsage,
  };
}
const turn = (debater: string, usage: Usage | null, error: string | null = null) => ({
  debater, vote: error ? null : 'Yes', argument: '', previousVote: null, changed: false, latencyMs: 1, usage, error,
});

describe('run totals', () => {
  it('sums each turn, each debater, the judge and the run; a failed turn that used tokens counts; unpriced seats are named', () => {
    const book = createPriceBook({ 'openai:a': RATES, 'openai:judge': { input: 2, output: 20 } });
    const t = transcriptWith(
      [
        { number: 1, turns: [turn('a', { inputTokens: 1000, outputTokens: 100 }), turn('b', { inputTokens: 1000, outputTokens: 100 })] },
        // a's second turn failed after a reply it could not read: billed all the same.
        { number: 2, turns: [turn('a', { inputTokens: 2000, outputTokens: 300 }, 'no valid reply after asking twice'), turn('b', null, 'HTTP 500')] },
      ],
      { inputTokens: 500, outputTokens: 50 },
      [['a', 'openai:a'], ['b', 'ollama:b']],
    );
    const cost = applyCost(t, book);
    // a: 0.001 + 0.001 = 0.002, then 0.002 + 0.003 = 0.005 → 0.007. Judge: 0.001 + 0.001 = 0.002.
    expect(t.rounds[0]!.turns[0]!.cost).toEqual({ usd: expect.closeTo(0.002, 12), source: 'prices-file' });
    expect(t.rounds[1]!.turns[0]!.cost!.usd).toBeCloseTo(0.005, 12);
    expect(t.rounds[0]!.turns[1]!.cost).toEqual({ usd: null, source: null });
    expect(t.rounds[1]!.turns[1]!.cost).toBeUndefined();
    expect(cost.byDebater.a).toBeCloseTo(0.007, 12);
    expect(cost.byDebater.b).toBeNull();
    expect(cost.judge).toBeCloseTo(0.002, 12);
    expect(cost.usd).toBeCloseTo(0.009, 12);
    expect(cost.unpriced).toEqual(['ollama:b']);
    expect(cost.unpricedSeats).toBe(1);
    expect(cost.usage).toEqual({ inputTokens: 4500, outputTokens: 550 });
    expect(TranscriptSchema.safeParse(t).success).toBe(true);
    expect(costLine(t)).toBe('Cost · at least $0.0090 · tokens 4,500 in · 550 out · --prices file · 1 of 3 seats unpriced (ollama:b)');
  });
});

describe('a turn added to the run cost as it lands', () => {
  it('gives, after every turn, what pricing the whole transcript again gives', () => {
    const book = createPriceBook({ 'openai:a': RATES, 'openai:judge': { input: 2, output: 20 } });
    const landing = [
      turn('a', { inputTokens: 1000, outputTokens: 100 }),
      turn('b', { inputTokens: 1000, outputTokens: 100 }),
      turn('c', { inputTokens: 0, outputTokens: 0 }),
      turn('c', { inputTokens: 10, outputTokens: 5, providerCostUsd: 0.5 }),
      turn('a', null, 'HTTP 500'),
      turn('b', { inputTokens: 5, outputTokens: 5 }),
      turn('a', { inputTokens: 2000, outputTokens: 300, cachedInputTokens: 500 }, 'no valid reply after asking twice'),
    ];
    const live = transcriptWith([{ number: 1, turns: [] }], { inputTokens: 500, outputTokens: 50 }, [['a', 'openai:a'], ['b', 'ollama:b'], ['c', 'openai:c']]);
    applyCost(live, book);
    for (const next of landing) {
      live.rounds[0]!.turns.push(next);
      const added = structuredClone(addTurnCost(live, next, book));
      const whole = structuredClone(live);
      const again = applyCost(whole, book);
      expect({ ...added, unpriced: [...added.unpriced].sort(), sources: [...added.sources].sort() }).toEqual({
        ...again,
        unpriced: [...again.unpriced].sort(),
        sources: [...again.sources].sort(),
      });
      expect(live.rounds).toEqual(whole.rounds);
    }
  });
});

// The budget, by hand. Two debaters at $1/M in and $10/M out, replies limited to 200 tokens; the
// opening prompts are 1,000 tokens each, the judge's prompt 500 without the debate, its reply 500.
const PLAN: BudgetPlan = {
  seats: [{ id: 'a', model: 'openai:a' }, { id: 'b', model: 'openai:b' }],
  judge: { model: 'openai:j' },
  openingInputTokens: { a: 1000, b: 1000 },
  judgeBaseInputTokens: 500,
  maxTokens: 200,
  judgeMaxTokens: 500,
};
const BOOK = createPriceBook({ 'openai:a': RATES, 'openai:b': RATES, 'openai:j': RATES });
const round = (n: number, input: number, output: number): Round => ({ number: n, turns: [turn('a', { inputTokens: input, outputTokens: output }), turn('b', { inputTokens: input, outputTokens: output })] });

describe('budget estimates (hand-computed)', () => {
  it('round 1 from the prompt size and the reply limit', () => {
    // Each: 1,000 in × $1/M + 200 out × $10/M = $0.003; two seats $0.006, 2,400 tokens.
    const r1 = estimateRound(PLAN, [], 1, BOOK);
    expect(r1.usd).toBeCloseTo(0.006, 12);
    expect(r1.tokens).toBe(2400);
    // The judge after it reads 500 + 400 tokens + 2 × 40 for the fences, and writes 500: $0.00098 + $0.005.
    expect(estimateJudge(PLAN, [], r1, BOOK).usd).toBeCloseTo(0.00598, 12);
  });

  it('later rounds from the rounds so far: round-1 input plus every argument of the round before, the longest reply so far', () => {
    // Round 1 used 1,000 in and 100 out each. Round 2: 1,000 + 2 × (100 + 40) quoted = 1,280 in,
    // 100 out: $0.00128 + $0.001 = $0.00228 each, $0.00456 for two, 2,760 tokens.
    const r2 = estimateRound(PLAN, [round(1, 1000, 100)], 2, BOOK);
    expect(r2.usd).toBeCloseTo(0.00456, 12);
    expect(r2.tokens).toBe(2760);
    // Spent $0.004 (2,200 tokens). Rounds come first: the judge is not reserved, so round 2 fits
    // while $0.004 + $0.00456 = $0.00856 does.
    const spent = { usd: 0.004, tokens: 2200 };
    expect(checkRound({ maxCostUsd: 0.00856 }, PLAN, [round(1, 1000, 100)], 2, spent, BOOK)).toBeNull();
    expect(checkRound({ maxCostUsd: 0.0085 }, PLAN, [round(1, 1000, 100)], 2, spent, BOOK)).toBe(
      'stopped before round 2: --max-cost $0.0085: round 2 could cost about $0.0046 with $0.0040 already spent',
    );
    // Tokens: 2,200 used + 2,760 = 4,960.
    expect(checkRound({ maxTokens: 4960 }, PLAN, [round(1, 1000, 100)], 2, spent, BOOK)).toBeNull();
    expect(checkRound({ maxTokens: 4959 }, PLAN, [round(1, 1000, 100)], 2, spent, BOOK)).toBe(
      'stopped before round 2: --max-run-tokens 4959: round 2 could use about 2760 tokens with 2200 already used',
    );
    // A round never estimates less input than the seat used in the round before.
    expect(estimateRound(PLAN, [round(1, 1000, 100), round(2, 5000, 100)], 3, BOOK).tokens).toBe(2 * 5100);
  });
});

/** A model that answers every debater call with 1,000 in / 100 out (or as told), and the judge with 700 / 300. */
function fakeClient(seat: { model: string }, input = (_: ChatRequest) => 1000): ModelClient {
  const judge = seat.model === 'openai:j';
  return {
    provider: 'openai',
    model: seat.model,
    async complete(request) {
      if (judge) {
        return { text: JSON.stringify({ summary: 'S.', strongestArguments: { Yes: 'y', No: 'n' }, turningPoints: [] }), toolArguments: null, usage: { inputTokens: 700, outputTokens: 300 } };
      }
      return { text: JSON.stringify({ vote: 'Yes', argument: 'Because.' }), toolArguments: null, usage: { inputTokens: input(request), outputTokens: 100 } };
    },
  };
}

async function budgetRun(limits: { maxCostUsd?: number; maxTokens?: number }, input?: (r: ChatRequest) => number) {
  const config: DebateConfig = {
    motion: 'M?', options: ['Yes', 'No'], mode: 'debate', rounds: 3,
    panel: [{ id: 'a', name: 'A', model: 'openai:a' }, { id: 'b', name: 'B', model: 'openai:b' }],
    judge: { name: 'J', model: 'openai:j' }, source: 'live', maxTokens: 200, judgeMaxTokens: 500, briefing: [],
  };
  const events = new DebateEvents();
  const seen: DebateEvent[] = [];
  events.on((e) => seen.push(e));
  let made = 0;
  const t = await runDebate(config, {
    createClient: (seat) => {
      const client = fakeClient(seat, input);
      return { ...client, complete: (request, hooks) => (made++, client.complete(request, hooks)) };
    },
    prompts: new PromptBook(),
    retry: DEFAULT_RETRY,
    signal: new AbortController().signal,
    events,
    cost: costHooks(BOOK, limits, PLAN),
  });
  return { t, seen, calls: () => made };
}

describe('--max-cost and --max-run-tokens in the engine (hand-computed)', () => {
  // Each debater call really takes 1,000 in and 100 out ($0.002); the judge 700 / 300 ($0.0037).
  // Round 1 is estimated at $0.006, round 2 and 3 at $0.00456 each (1,280 in, 100 out a seat).
  // The judge is estimated from its real prompt (a few hundred tokens) and 500 out: about $0.0055.
  const JUDGE = /the judgement \(a prompt of about \d+ tokens, a reply up to 500\) could cost about \$0\.005\d/;

  it('rounds come first: stops before the round that could pass the budget, and leaves the judge out when it no longer fits', async () => {
    // $0.012: rounds 1 and 2 fit ($0.006, then $0.004 + $0.00456); round 3 needs $0.008 + $0.00456 = $0.01256.
    const { t, seen } = await budgetRun({ maxCostUsd: 0.012 });
    expect(t.status).toBe('complete');
    expect(t.rounds.map((r) => r.number)).toEqual([1, 2]);
    expect(t.stopReason!.startsWith('stopped before round 3: --max-cost $0.0120: round 3 could cost about $0.0046 with $0.0080 already spent; no judgement: --max-cost $0.0120: ')).toBe(true);
    expect(t.stopReason).toMatch(JUDGE);
    expect(t.stopReason).toMatch(/with \$0\.0080 already spent; the votes and result stand: lower --judge-max-tokens or raise --max-cost to have it written$/);
    expect(seen.filter((e) => e.type === 'stopped')).toHaveLength(1);
    expect(seen.find((e) => e.type === 'judged')).toMatchObject({ judgement: null, error: t.judgeError });
    // The votes and the result are intact; there is no judgement, and it says why.
    expect(t.result).toMatchObject({ label: 'Unanimous', winner: 'Yes', validVotes: 2 });
    expect(t.judgement).toBeNull();
    expect(t.judgeError).toMatch(/^--max-cost \$0\.0120: the judgement/);
    expect(t.cost!.usd).toBeCloseTo(0.008, 12);
  });

  it('runs every round, then the judge, when the budget holds them all', async () => {
    // $0.012 for the rounds and about $0.0055 for the judge: $0.0189 holds both.
    const { t } = await budgetRun({ maxCostUsd: 0.0189 });
    expect(t.rounds).toHaveLength(3);
    expect(t.stopReason).toBeUndefined();
    expect(t.judgement?.summary).toBe('S.');
    expect(t.cost!.usd).toBeCloseTo(0.0157, 12);
  });

  it('runs the last round before the judge: the judge is left out after it, the run complete', async () => {
    // $0.0145: all three rounds fit ($0.012), the judge after them ($0.012 + about $0.0055) does not.
    const { t } = await budgetRun({ maxCostUsd: 0.0145 });
    expect(t.status).toBe('complete');
    expect(t.rounds).toHaveLength(3);
    expect(t.stopReason).toMatch(/^no judgement: --max-cost \$0\.0145: /);
    expect(t.stopReason).toMatch(JUDGE);
    expect(t.judgement).toBeNull();
    expect(closedResult(t.result)?.winner).toBe('Yes');
  });

  it('a budget round 1 does not fit does nothing: the run fails, saying what round 1 needs and what to change', async () => {
    const { t, calls } = await budgetRun({ maxCostUsd: 0.005 });
    expect(calls()).toBe(0);
    expect(t.status).toBe('failed');
    expect(t.rounds).toHaveLength(0);
    const reason = 'stopped before round 1: --max-cost $0.0050: round 1 could cost about $0.0060 with $0.0000 already spent (2 calls, replies up to 200 tokens); nothing was run: give --max-cost 0.0060 or more, or lower --max-tokens';
    expect(t.error).toBe(reason);
    expect(t.stopReason).toBe(reason);
    const tokens = await budgetRun({ maxTokens: 2000 });
    expect(tokens.t.status).toBe('failed');
    expect(tokens.t.error).toBe('stopped before round 1: --max-run-tokens 2000: round 1 could use about 2400 tokens with 0 already used (2 calls, replies up to 200 tokens); nothing was run: give --max-run-tokens 2400 or more, or lower --max-tokens');
  });

  it('keeps a token cap the same way, and the judge runs when it still fits', async () => {
    // Rounds 1 and 2 use 2,200 tokens each; round 3 could use 2,760 more: 7,160 > 6,000. The judge
    // (its prompt of a few hundred tokens and 500 out) fits in what is left.
    const { t } = await budgetRun({ maxTokens: 6000 });
    expect(t.rounds).toHaveLength(2);
    expect(t.stopReason).toBe('stopped before round 3: --max-run-tokens 6000: round 3 could use about 2760 tokens with 4400 already used');
    expect(t.judgement).not.toBeNull();
  });
});

describe('cost at the command line', () => {
  it('--max-cost stops a live run on screen, exit 0, and the transcript says why', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes')));
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ 'openai:a': RATES, 'openai:b': RATES }));
    const run = await runCli(['debate', 'M?', '--models', 'openai:a,openai:b', '--no-judge', '--rounds', '5', '--max-tokens', '100', '--prices', prices, '--max-cost', '0.003', '--json', '--headless'], { env: FAKE_KEYS, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds.length).toBeGreaterThan(0);
    expect(t.rounds.length).toBeLessThan(5);
    expect(t.stopReason).toMatch(/^stopped before round \d: --max-cost \$0\.0030/);
    expect(run.stderr).toMatch(/Stopped early · stopped before round \d: --max-cost/);
    expect(t.cost!.usd!).toBeLessThanOrEqual(0.003);
  });

  it('--max-cost refuses a panel with an unpriced seat; bad budgets and price files are one sentence, exit 2', async () => {
    const dir = tempDir();
    const bad = await runCli(['debate', 'M?', '--models', 'openai:gpt-5.4,ollama:llama3', '--max-cost', '1'], { env: FAKE_KEYS, cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('roundtable: --max-cost cannot be kept: llama3 (ollama:llama3) has no known price; add it with --prices FILE.\n');
    const neg = await runCli(['debate', 'M?', '--max-cost', '-1'], { env: FAKE_KEYS, cwd: dir });
    expect(neg.code).toBe(2);
    expect(neg.stderr).toBe('roundtable: --max-cost takes a number from 0.0001 to 1000000 USD, not "-1".\n');
    writeFileSync(join(dir, 'p.json'), '{"openai:x": {"input": "cheap"}}');
    const file = await runCli(['debate', 'M?', '--prices', join(dir, 'p.json')], { env: FAKE_KEYS, cwd: dir });
    expect(file.code).toBe(2);
    expect(file.stderr.trim().split('\n')).toHaveLength(1);
    expect(file.stderr).toMatch(/The prices file .*p\.json at openai:x\.input/);
  });

  it('--dry-run prints every planned call with a cost range and calls nothing', async () => {
    const dir = tempDir();
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, JSON.stringify({ 'openai:a': RATES, 'openai:b': RATES }));
    const run = await runCli(['debate', 'M?', '--models', 'openai:a,openai:b,ollama:c', '--rounds', '2', '--max-tokens', '200', '--prices', prices, '--dry-run'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(wire.calls).toHaveLength(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('Dry run · 3 debaters × 2 rounds + judge · nothing is called');
    const a1 = lines.find((l) => /^ {2}a +openai:a/.test(l))!;
    // Round 1 for "a": its prompt in, up to 200 out: low = prompt × $1/M, high = that + 200 × $10/M.
    const input = Number(/ ([\d,]+) tokens in/.exec(a1)![1]!.replace(/,/g, ''));
    expect(a1).toContain(`$${(input / 1e6).toFixed(4)} – $${(input / 1e6 + 0.002).toFixed(4)}`);
    // Round 2 for "a": the same prompt quoting three arguments, each with 40 tokens of fence: low
    // 3 × 40 = 120 more in and nothing out; high 3 × (200 + 40) = 720 more in and 200 out.
    const a2 = lines.filter((l) => /^ {2}a +openai:a/.test(l))[1]!;
    expect(a2).toContain(`${(input + 120).toLocaleString('en-US')}–${(input + 720).toLocaleString('en-US')} tokens in, up to 200 out`);
    expect(a2).toContain(`$${((input + 120) / 1e6).toFixed(4)} – $${((input + 720) / 1e6 + 0.002).toFixed(4)}`);
    expect(lines.filter((l) => /^ {2}c +ollama:c/.test(l)).map((l) => /unpriced$/.test(l))).toEqual([true, true]);
    expect(lines.at(-1)).toMatch(/^Planned: 7 calls .* · 1 seat unpriced: ollama:c$/);
    expect(readdirSync(dir)).toEqual(['prices.json']);
  });
});

