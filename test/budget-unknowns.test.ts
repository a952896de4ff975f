// Budgets that can see the cost: a call whose usage no provider reported counts at the worst case
// its request allowed (its prompt and max_tokens), never as zero; the estimate counts tokens by
// script, so a brief in Chinese is not taken for a quarter of its tokens; an unpriced seat with no
// reported usage is still named unpriced.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../src/core/tokens.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { costLine } from '../src/cost/format.js';
import { addTurnCost, applyCost } from '../src/cost/cost.js';
import { createPriceBook } from '../src/cost/prices.js';
import { spentSoFar } from '../src/cost/budget.js';
import type { Transcript, Usage } from '../src/core/schema.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { isJudgeCall, judgement, systemText, useWire, vote } from './support/wire.js';

const wire = useWire();

describe('the token estimate, by script', () => {
  // Real tokenizers: English about 4 characters a token; Chinese, Japanese and Korean about 0.6 to
  // 1.3 tokens a character; Cyrillic and Greek about 0.3 to 0.6 a character. The estimate is never below those.
  const cases: Array<[string, string, number]> = [
    ['English', 'The quick brown fox jumps over the lazy dog. '.repeat(20), 1 / 4],
    ['Chinese', '训练大型语言模型是否存在护城河？这取决于数据、算力和人才。'.repeat(50), 1.3],
    ['Japanese', '大規模言語モデルの訓練には堀があるのか。'.repeat(50), 1.3],
    ['Korean', '대규모 언어 모델 훈련에 해자가 있습니까?'.repeat(50), 1],
    ['Russian', 'Есть ли ров у обучения больших языковых моделей? '.repeat(30), 0.6],
    ['Greek', 'Υπάρχει τάφρος στην εκπαίδευση μεγάλων γλωσσικών μοντέλων; '.repeat(30), 0.6],
    ['emoji', '🚗🚫🏙️'.repeat(100), 1],
  ];
  for (const [script, text, perChar] of cases) {
    it(`${script}: at least ${perChar} token a character`, () => {
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(Math.floor([...text].length * perChar));
    });
  }
  it('English stays at four characters a token, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('x'.repeat(4000))).toBe(1000);
  });
});

describe('--dry-run with a brief in Chinese', () => {
  it('estimates round 1 at no less than a token a character of the brief', async () => {
    const dir = tempDir();
    const brief = join(dir, 'brief.txt');
    // 100,000 characters.
    const sentence = '大型语言模型的训练需要大量的数据、算力与工程经验，这些因素共同构成了进入壁垒。';
    writeFileSync(brief, sentence.repeat(Math.ceil(100_000 / sentence.length)).slice(0, 100_000));
    const run = await runCli(['debate', 'Is there a moat?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--brief', brief, '--rounds', '1', '--dry-run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const debaters = run.stdout.split('\nJudge\n')[0]!;
    const seatLines = debaters.split('\n').filter((l) => /tokens in/.test(l));
    expect(seatLines.length).toBeGreaterThanOrEqual(2);
    for (const line of seatLines) {
      const input = Number(/ ([\d,]+)(?:–[\d,]+)? tokens in/.exec(line)![1]!.replace(/,/g, ''));
      expect(input, line).toBeGreaterThanOrEqual(100_000);
    }
  });
});

const PRICED = { input: 1, output: 10 };
const COMPAT = 'http://compat.test/v1';

/** A panel file of two compat seats (which stream no usage) and, optionally, a judge. */
function compatPanel(dir: string, judge: boolean): string {
  const file = join(dir, 'panel.json');
  writeFileSync(
    file,
    JSON.stringify({
      debaters: [
        { name: 'Qwen', model: 'compat:qwen3-32b', baseURL: COMPAT },
        { name: 'Llama', model: 'compat:llama-3.3-70b', baseURL: COMPAT },
      ],
      ...(judge ? { judge: { name: 'Qwen', model: 'compat:qwen3-32b', baseURL: COMPAT } } : {}),
    }),
  );
  return file;
}

describe('a stream that reports no usage', () => {
  it('is counted at its prompt and max_tokens, so --max-cost stops the run', async () => {
    wire.script((call) => (isJudgeCall(call) ? judgement() : vote('Yes', 'I vote Yes because it is right.')), [{ provider: 'compat', baseURL: COMPAT }]);
    const dir = tempDir();
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'compat:qwen3-32b': PRICED, 'compat:llama-3.3-70b': PRICED }));
    // Each call: a prompt of some hundreds of tokens and up to 100 out: about $0.0015 at most.
    // Ten rounds could never fit in $0.005; before, every call was priced $0 and all ten ran.
    const run = await runCli(
      ['debate', 'M?', '--panel', compatPanel(dir, false), '--no-judge', '--rounds', '10', '--max-tokens', '100', '--prices', join(dir, 'prices.json'), '--max-cost', '0.005', '--json', '--headless'],
      { env: FAKE_KEYS, cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds.length).toBeGreaterThan(0);
    expect(t.rounds.length).toBeLessThan(10);
    expect(t.stopReason).toMatch(/^stopped before round \d+: --max-cost \$0\.0050/);
    // What each call was counted at: its request's worst case, recorded apart from reported usage.
    for (const turn of t.rounds.flatMap((r) => r.turns)) {
      expect(turn.usage).toBeNull();
      expect(turn.unreportedUsage!.outputTokens).toBe(100);
      expect(turn.unreportedUsage!.inputTokens).toBeGreaterThan(50);
    }
    const bound = t.cost!.unreported!;
    expect(bound.usd!).toBeGreaterThan(0);
    expect(bound.usd!).toBeLessThanOrEqual(0.005);
    // The cost line does not pass the bound off as a price: at least what was reported, and why.
    expect(costLine(t)).toMatch(/^Cost · at least \$/);
    expect(costLine(t)).toMatch(/2 seats reported no usage \(compat:qwen3-32b, compat:llama-3\.3-70b\)/);
  });

  it('keeps a token cap too', async () => {
    wire.script(() => vote('No'), [{ provider: 'compat', baseURL: COMPAT }]);
    const dir = tempDir();
    const run = await runCli(['debate', 'M?', '--panel', compatPanel(dir, false), '--no-judge', '--rounds', '10', '--max-tokens', '100', '--max-run-tokens', '3000', '--json', '--headless'], { env: FAKE_KEYS, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds.length).toBeLessThan(10);
    expect(t.stopReason).toMatch(/--max-run-tokens 3000/);
  });
});

describe('a digest call that reports no usage (--digest)', () => {
  const isDigestCall = (call: Parameters<typeof isJudgeCall>[0]) => /moderator of the AI Roundtable/.test(systemText(call));
  const script = () =>
    wire.script((call) => (isDigestCall(call) ? { text: 'Yes 2. Both seats say Yes.' } : isJudgeCall(call) ? judgement() : vote('Yes', 'I vote Yes because it is right.')), [{ provider: 'compat', baseURL: COMPAT }]);

  it('is counted at its worst case beside the turns, never as zero', async () => {
    script();
    const dir = tempDir();
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'compat:qwen3-32b': PRICED, 'compat:llama-3.3-70b': PRICED }));
    const run = await runCli(
      ['debate', 'M?', '--panel', compatPanel(dir, true), '--digest', '--rounds', '2', '--max-tokens', '100', '--prices', join(dir, 'prices.json'), '--json', '--headless'],
      { env: FAKE_KEYS, cwd: dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(wire.calls.filter(isDigestCall)).toHaveLength(1);
    const round = t.rounds[0]!;
    expect(round.digest).toBe('Yes 2. Both seats say Yes.');
    expect(round.digestUsage ?? null).toBeNull();
    expect(round.digestUnreportedUsage!.inputTokens).toBeGreaterThan(50);
    expect(round.digestUnreportedUsage!.outputTokens).toBeGreaterThan(0);
    // The bound counts the digest too: the turns' and the judge's worst cases alone come to less.
    const others = [...t.rounds.flatMap((r) => r.turns.map((x) => x.unreportedUsage!)), t.judgeUnreportedUsage!];
    const tokens = (u: Usage) => u.inputTokens + u.outputTokens;
    const bound = t.cost!.unreported!;
    expect(tokens(bound.usage)).toBe(others.reduce((n, u) => n + tokens(u), 0) + tokens(round.digestUnreportedUsage!));
    expect(spentSoFar(t.cost!).tokens).toBeGreaterThanOrEqual(tokens(bound.usage));
  });

  it('with an unpriced digest model leaves the digests\' cost unknown, not $0', async () => {
    script();
    const dir = tempDir();
    const run = await runCli(['debate', 'M?', '--panel', compatPanel(dir, true), '--digest', '--rounds', '2', '--max-tokens', '100', '--json', '--headless'], { env: FAKE_KEYS, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds[0]!.digestUnreportedUsage).toBeDefined();
    expect(t.cost!.digest).toBeNull();
  });
});

describe('unreported usage in the run\'s cost', () => {
  it('is added turn by turn as pricing the whole transcript again adds it', () => {
    const book = createPriceBook({ 'openai:a': PRICED, 'openai:j': PRICED });
    const t = (debater: string, usage: Usage | null, unreportedUsage?: Usage) => ({
      debater, vote: 'Yes', argument: '', previousVote: null, changed: false, latencyMs: 1, usage, error: null, ...(unreportedUsage ? { unreportedUsage } : {}),
    });
    const landing = [
      t('a', null, { inputTokens: 1000, outputTokens: 200 }),
      t('b', null, { inputTokens: 900, outputTokens: 200 }),
      t('a', { inputTokens: 500, outputTokens: 50 }),
      t('c', { inputTokens: 10, outputTokens: 5 }, { inputTokens: 700, outputTokens: 200 }),
      t('b', { inputTokens: 5, outputTokens: 5 }),
    ];
    const live: Transcript = {
      format: 'roundtable-transcript', version: 1, id: 'x', motion: 'M?', options: ['Yes', 'No'], mode: 'debate', status: 'complete', source: 'live', startedAt: null, finishedAt: null,
      panel: [{ id: 'a', name: 'a', model: 'openai:a' }, { id: 'b', name: 'b', model: 'compat:b' }, { id: 'c', name: 'c', model: 'openai:a' }],
      judge: { name: 'J', model: 'openai:j' }, rounds: [{ number: 1, turns: [] }], result: null, judgement: null,
    };
    applyCost(live, book);
    for (const next of landing) {
      live.rounds[0]!.turns.push(next);
      const added = structuredClone(addTurnCost(live, next, book));
      const again = applyCost(structuredClone(live), book);
      const sorted = (c: typeof added) => ({ ...c, unpriced: [...c.unpriced].sort(), sources: [...c.sources].sort(), ...(c.unreported ? { unreported: { ...c.unreported, models: [...c.unreported.models].sort() } } : {}) });
      expect(sorted(added)).toEqual(sorted(again));
    }
    const cost = applyCost(live, book);
    // a: 1,000 + 200 unreported at $1/M in, $10/M out = $0.003; c: 700 + 200 = $0.0027. b is unpriced.
    expect(cost.unreported).toEqual({ usage: { inputTokens: 2600, outputTokens: 600 }, usd: expect.closeTo(0.0057, 12), seats: 3, models: expect.arrayContaining(['openai:a', 'compat:b']) });
    expect(cost.unpriced).toEqual(['compat:b']);
    expect(cost.byDebater.b).toBeNull();
    expect(spentSoFar(cost).usd).toBeCloseTo(cost.usd! + 0.0057, 12);
    expect(spentSoFar(cost).tokens).toBe(cost.usage!.inputTokens + cost.usage!.outputTokens + 3200);
  });
});

describe('an unpriced compat seat in mock mode', () => {
  it('is named unpriced and the total says "at least", as an ollama seat is', async () => {
    for (const [model, extra] of [['compat:qwen3-32b', { baseURL: COMPAT }], ['ollama:llama3.2', {}]] as const) {
      const dir = tempDir();
      const panel = join(dir, 'panel.json');
      writeFileSync(panel, JSON.stringify({ debaters: [{ name: 'GPT-5.4', model: 'openai:gpt-5.4' }, { name: 'Local', model, ...extra }, { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' }] }));
      const out = join(dir, 't.json');
      const run = await runCli(['debate', '--mock', 'Should cities ban cars?', '--panel', panel, '--mock-pace', '0', '--headless', '--out', out], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      expect(t.cost!.unpricedSeats, model).toBe(1);
      expect(t.cost!.unpriced).toEqual([model]);
      expect(t.cost!.byDebater.local).toBeNull();
      expect(run.stderr).toMatch(new RegExp(`Cost · at least \\$[\\d.]+ is what this run would have cost live .* · 1 of 4 seats unpriced \\(${model.replace(/\./g, '\\.')}\\)`));
    }
  });
});
