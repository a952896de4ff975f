// roundtable batch in one process: mock runs with known answers, files and manifest, repeatable
// seeds, Ctrl-C and --resume, the budget, bad specs; and the mock debaters' seeded skill and sway.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { readManifest, newManifest } from '../src/batch/manifest.js';
import { BatchProgress } from '../src/batch/progress.js';
import { deriveSeed, type BatchSettings } from '../src/batch/run-one.js';
import { runLocal } from '../src/batch/runner.js';
import { parseSpec } from '../src/batch/spec.js';
import { answeredVote, skillOf, swayOf } from '../src/mock/generator.js';
import type { DebaterPrompt } from '../src/mock/prompt-reader.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';

const SPEC = [
  { id: 'mul', motion: 'What is 17 × 23?', options: ['381', '391', '401'], answer: '391' },
  { id: 'planet', motion: 'Which planet is closest to the Sun?', options: ['Venus', 'Mercury', 'Mars'], answer: 'Mercury' },
  { motion: 'Tea or coffee?', options: ['Tea', 'Coffee'], rounds: 3 },
]
  .map((q) => JSON.stringify(q))
  .join('\n');

function specFile(dir: string, text = SPEC): string {
  const path = join(dir, 'spec.jsonl');
  writeFileSync(path, `${text}\n`);
  return path;
}
const MODELS = ['--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', '--no-judge'];
const load = (path: string): Transcript => TranscriptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
const votes = (t: Transcript) => t.rounds.map((r) => r.turns.map((x) => x.vote));

describe('roundtable batch --mock', () => {
  it('runs every question and repeat, one transcript each plus batch.json, answers recorded', async () => {
    const dir = tempDir();
    const out = await runCli(['batch', specFile(dir), '--mock', '--repeats', '2', '--out', 'runs', '--concurrency', '3', ...MODELS], { cwd: dir });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^6 of 6 runs complete, 0 failed, \$\d+\.\d{4}; transcripts and batch\.json in runs\n$/);
    expect(out.stderr).toContain('Measure it with: npx roundtable stats runs');
    expect(out.stderr).toMatch(/^\[6\/6\] .* complete: /m);
    const files = readdirSync(join(dir, 'runs')).sort();
    expect(files).toEqual(['batch.json', 'mul-r1.json', 'mul-r2.json', 'planet-r1.json', 'planet-r2.json', 'q003-tea-or-coffee-r1.json', 'q003-tea-or-coffee-r2.json']);
    const manifest = readManifest(join(dir, 'runs'));
    expect(manifest.runs.map((r) => [r.id, r.status])).toEqual([
      ['mul-r1', 'complete'], ['planet-r1', 'complete'], ['q003-tea-or-coffee-r1', 'complete'],
      ['mul-r2', 'complete'], ['planet-r2', 'complete'], ['q003-tea-or-coffee-r2', 'complete'],
    ]);
    const mul = load(join(dir, 'runs', 'mul-r2.json'));
    expect(mul).toMatchObject({ status: 'complete', source: 'mock', answer: '391', batch: { question: 'mul', repeat: 2 }, settings: { seed: deriveSeed(1, 'mul', 2) } });
    expect(mul.rounds).toHaveLength(2);
    const tea = load(join(dir, 'runs', 'q003-tea-or-coffee-r1.json'));
    expect(tea.answer).toBeUndefined();
    expect(tea.rounds).toHaveLength(3);
    // The repeats of one question are different samples.
    expect(votes(load(join(dir, 'runs', 'planet-r1.json')))).not.toEqual(votes(load(join(dir, 'runs', 'planet-r2.json'))));

    const stats = await runCli(['stats', 'runs'], { cwd: dir });
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('3 questions × 2 repeats: 6 runs given, 6 measured, 6 complete.');
    expect(stats.stdout).toContain('Debates (roundtable protocol): 4 complete runs with a known answer');
    // Round 1: single agent over seat votes, majority over runs, each with its Wilson interval and count/n.
    expect(stats.stdout).toMatch(/^1 +\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \d+\/\d+ +\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] [\d.]+\/4 +\(vote baseline\)$/m);
    expect(stats.stdout).toContain('harmful flip rate (C→I / C)');
    expect(stats.stdout).toMatch(/Conformity \(debates\) \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\] \d+\/\d+ /);
  });

  it('the same --seed gives the same votes; another seed other votes', async () => {
    const dir = tempDir();
    const spec = specFile(dir);
    const args = ['--mock', '--repeats', '2', ...MODELS];
    await runCli(['batch', spec, ...args, '--out', 'a'], { cwd: dir });
    await runCli(['batch', spec, ...args, '--out', 'b', '--concurrency', '1'], { cwd: dir });
    await runCli(['batch', spec, ...args, '--out', 'c', '--seed', '2'], { cwd: dir });
    const all = (d: string) => ['mul-r1', 'mul-r2', 'planet-r1', 'planet-r2'].map((f) => votes(load(join(dir, d, `${f}.json`))));
    expect(all('a')).toEqual(all('b'));
    expect(all('a')).not.toEqual(all('c'));
  }, 90_000); // three whole batches: slow on a loaded machine

  it('Ctrl-C leaves the folder resumable; --resume skips finished runs and finishes the rest', async () => {
    const dir = tempDir();
    const spec = specFile(dir);
    const controller = new AbortController();
    const progress: string[] = [];
    const stopped = runCli(['batch', spec, '--mock', '--mock-pace', '3', '--repeats', '2', '--out', 'runs', '--concurrency', '1', ...MODELS], {
      cwd: dir,
      signal: controller.signal,
    });
    // Stop once the first run has finished (its manifest entry says so).
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        if (readManifest(join(dir, 'runs')).runs.some((r) => r.status === 'complete')) break;
      } catch {
        // not written yet
      }
    }
    controller.abort();
    const first = await stopped;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('Interrupted. Resume with: npx roundtable batch --resume runs');
    const before = readManifest(join(dir, 'runs'));
    expect(before.stopReason).toBe('interrupted');
    const done = before.runs.filter((r) => r.status === 'complete');
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(6);
    const kept = Object.fromEntries(done.map((r) => [r.id, readFileSync(join(dir, 'runs', r.file), 'utf8')]));

    const resumed = await runCli(['batch', '--resume', 'runs'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`Resuming ${6 - done.length} of 6 runs`);
    const after = readManifest(join(dir, 'runs'));
    expect(after.runs.every((r) => r.status === 'complete')).toBe(true);
    for (const [id, text] of Object.entries(kept)) expect(readFileSync(join(dir, 'runs', `${id}.json`), 'utf8')).toBe(text);
    // A resumed batch is the batch it would have been: the same votes as one never stopped.
    const whole = await runCli(['batch', spec, '--mock', '--repeats', '2', '--out', 'whole', ...MODELS], { cwd: dir });
    expect(whole.code).toBe(0);
    for (const r of after.runs) expect(votes(load(join(dir, 'runs', r.file)))).toEqual(votes(load(join(dir, 'whole', r.file))));
  });

  it('prices every run with --prices (the rates kept in batch.json for resumes and workers): a model the catalogue lacks can be budgeted', async () => {
    const dir = tempDir();
    const custom = ['--models', 'openai:gpt-5.4,openai:house-model-7,xai:grok-4-1-fast-reasoning', '--no-judge'];
    const refused = await runCli(['batch', specFile(dir), '--mock', '--out', 'plain', '--max-cost', '5', ...custom], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/house-model-7\) has no known price; add it with --prices FILE/);
    writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'openai:house-model-7': { input: 100, output: 400 } }));
    const run = await runCli(['batch', specFile(dir), '--mock', '--out', 'priced', '--max-cost', '5', '--prices', 'prices.json', ...custom], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const manifest = readManifest(join(dir, 'priced'));
    expect(manifest.settings.prices).toEqual({ 'openai:house-model-7': { input: 100, output: 400 } });
    for (const r of manifest.runs) {
      const t = load(join(dir, 'priced', r.file));
      const seat = t.panel.find((p) => p.model === 'openai:house-model-7')!;
      const usage = t.rounds.flatMap((round) => round.turns.filter((turn) => turn.debater === seat.id).map((turn) => turn.usage!));
      const expected = usage.reduce((sum, u) => sum + (u.inputTokens * 100 + u.outputTokens * 400) / 1e6, 0);
      expect(t.cost!.byDebater[seat.id]).toBeCloseTo(expected, 10);
    }
  });

  it('stops starting runs once the batch has spent --max-cost', async () => {
    const dir = tempDir();
    const questions = parseSpec(SPEC, 'spec.jsonl');
    const settings: BatchSettings = { repeats: 2, seed: 1, mock: true, rounds: 2, maxTokens: 100, retries: 0, retryBaseMs: 0, mockPace: 0, maxCost: 1 };
    const manifest = newManifest('spec.jsonl', questions, settings, new Date());
    const ran: string[] = [];
    await runLocal(manifest, {
      dir,
      concurrency: 1,
      env: {},
      signal: new AbortController().signal,
      progress: new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false),
      // Each run costs $0.40: after three ($1.20 ≥ $1) no fourth starts.
      run: async (job) => {
        ran.push(job.id);
        return { status: 'complete', result: null, error: null, cost: { usd: 0.4 } } as unknown as Transcript;
      },
    });
    expect(ran).toEqual(['mul-r1', 'planet-r1', 'q003-tea-or-coffee-r1']);
    expect(manifest.stopReason).toBe('budget');
    expect(manifest.runs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete', 'pending', 'pending', 'pending']);
    expect(readManifest(dir).runs[2]!.costUsd).toBe(0.4);
  });

  const quiet = () => new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false);

  it('every run of a batch gets the same per-provider call limiter (not one of its own)', async () => {
    const questions = parseSpec(SPEC, 'spec.jsonl');
    const settings: BatchSettings = { repeats: 2, seed: 1, mock: true, rounds: 2, maxTokens: 100, retries: 0, retryBaseMs: 0, mockPace: 0 };
    const seen: unknown[] = [];
    await runLocal(newManifest('spec.jsonl', questions, settings, new Date()), {
      dir: tempDir(),
      concurrency: 3,
      env: {},
      signal: new AbortController().signal,
      progress: quiet(),
      run: async (_job, _settings, ctx) => {
        seen.push(ctx.limits);
        return { status: 'complete', result: null, error: null } as unknown as Transcript;
      },
    });
    expect(seen).toHaveLength(6);
    expect(typeof seen[0]).toBe('function');
    expect(new Set(seen).size).toBe(1);
    const limits = seen[0] as (p: string) => unknown;
    expect(limits('openai')).toBe(limits('openai'));
  });

  it('calls in flight per provider stay within the shared limit across concurrent debates', async () => {
    const questions = parseSpec(SPEC, 'spec.jsonl');
    const settings: BatchSettings = {
      repeats: 2, seed: 1, mock: true, models: 'openai:gpt-5.4,openai:gpt-5.4-mini,anthropic:claude-opus-4-6', judge: false,
      rounds: 2, maxTokens: 100, retries: 0, retryBaseMs: 0, mockPace: 2,
    };
    const manifest = newManifest('spec.jsonl', questions, settings, new Date());
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const made = new Map<string, ReturnType<typeof pLimit>>();
    const limits = (provider: string) => {
      if (!made.has(provider)) made.set(provider, pLimit(2));
      const limit = made.get(provider)!;
      return <T,>(call: () => Promise<T>) =>
        limit(async () => {
          active.set(provider, (active.get(provider) ?? 0) + 1);
          peak.set(provider, Math.max(peak.get(provider) ?? 0, active.get(provider)!));
          try {
            return await call();
          } finally {
            active.set(provider, active.get(provider)! - 1);
          }
        });
    };
    const dir = tempDir();
    await runLocal(manifest, { dir, concurrency: 6, env: {}, signal: new AbortController().signal, progress: quiet(), limits });
    expect(manifest.runs.map((r) => r.status)).toEqual(Array(6).fill('complete'));
    // Six debates at once, two OpenAI seats each: twelve OpenAI calls could go at once; two do.
    expect(peak.get('openai')).toBe(2);
    expect(peak.get('anthropic')).toBe(2);
  });

  it('--max-cost holds for the runs in flight together: each sees what the others spent and reserved', async () => {
    const questions = parseSpec(SPEC, 'spec.jsonl');
    const base: BatchSettings = {
      repeats: 1, seed: 1, mock: true, models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', judge: false,
      rounds: 2, maxTokens: 300, retries: 0, retryBaseMs: 0, mockPace: 0,
    };
    const probe = newManifest('spec.jsonl', questions, base, new Date());
    await runLocal(probe, { dir: tempDir(), concurrency: 3, env: {}, signal: new AbortController().signal, progress: quiet() });
    const most = Math.max(...probe.runs.map((r) => r.costUsd!));
    expect(most).toBeGreaterThan(0);

    // Room for about one and a half runs, three at once: given the whole remainder each, all three
    // would finish and spend about twice the budget.
    const budget = most * 1.5;
    const manifest = newManifest('spec.jsonl', questions, { ...base, repeats: 2, maxCost: budget }, new Date());
    await runLocal(manifest, { dir: tempDir(), concurrency: 3, env: {}, signal: new AbortController().signal, progress: quiet() });
    const spentUsd = manifest.runs.reduce((a, r) => a + (r.costUsd ?? 0), 0);
    expect(spentUsd).toBeGreaterThan(0);
    expect(spentUsd).toBeLessThanOrEqual(budget);
    expect(manifest.stopReason).toBe('budget');
    expect(manifest.runs.some((r) => r.status === 'pending')).toBe(true);
  });

  it.each([
    ['{"motion": "x"', /spec\.jsonl line 1 is not valid JSON/],
    ['{"motion": "What?", "options": ["A", "B"], "answer": "C"}', /line 1 gives the answer "C", which is not one of its options \(A, B\)/],
    ['{"motion": "What?", "options": ["A", "B"], "colour": "red"}', /line 1 is not a valid question: .*colour/],
    ['{"motion": "What?", "options": ["A", "a"]}', /lists the option "a" twice/],
    ['{"id": "x", "motion": "A?", "options": ["A", "B"]}\n{"id": "x", "motion": "B?", "options": ["A", "B"]}', /line 2 has the id "x", which an earlier line already has/],
    ['\n\n', /holds no question/],
  ])('a bad spec is one sentence and exit 2: %s', async (text, message) => {
    const dir = tempDir();
    const out = await runCli(['batch', specFile(dir, text), '--mock'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an --out that already holds a batch, a live batch without keys, and a bad --queue', async () => {
    const dir = tempDir();
    const spec = specFile(dir);
    expect((await runCli(['batch', spec, '--mock', '--out', 'runs', ...MODELS], { cwd: dir })).code).toBe(0);
    const again = await runCli(['batch', spec, '--mock', '--out', 'runs'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('runs already holds a batch; continue it with `npx roundtable batch --resume runs`');
    const live = await runCli(['batch', spec, '--out', 'live', ...MODELS], { cwd: dir });
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/Missing API keys: set OPENAI_API_KEY, ANTHROPIC_API_KEY, XAI_API_KEY/);
    const queue = await runCli(['batch', spec, '--mock', '--out', 'q', '--queue', 'http://localhost:1'], { cwd: dir });
    expect(queue.code).toBe(2);
    expect(queue.stderr).toContain('--queue takes a redis:// (or rediss://) URL');
  });
});

describe('mock debaters with a known answer', () => {
  const options = ['A', 'B', 'C', 'D'];
  const prompt = (round: number, previousVote: string | null, previous: (string | null)[]): DebaterPrompt => ({
    motion: 'Q?',
    options,
    round,
    rounds: 2,
    previousVote,
    previous: previous.map((vote, i) => ({ name: `P${i}`, vote, argument: 'x', changedFrom: null, self: i === 0 })),
  });
  const seeds = Array.from({ length: 2000 }, (_, i) => i + 1);

  it('each seat is right in the blind round about as often as its seeded skill', () => {
    for (const seat of ['GPT-5.4', 'Claude Opus 4.6', 'Kimi K2.5']) {
      const skill = skillOf(7, seat);
      const right = seeds.filter((seed) => answeredVote({ seed, traitSeed: 7, answer: 'C' }, seat, prompt(1, null, [])) === 'C').length / seeds.length;
      expect(Math.abs(right - skill)).toBeLessThan(0.04);
    }
    // Skills differ between seats (fixed by the trait seed).
    expect(new Set(['a', 'b', 'c', 'd'].map((s) => skillOf(7, s).toFixed(3))).size).toBe(4);
  });

  it('a seat against the previous majority moves to it about as often as its sway', () => {
    const seat = 'Mistral Large';
    const sway = swayOf(7, seat);
    // The seat voted D; the majority voted B; the answer is A.
    const moved = seeds.filter((seed) => answeredVote({ seed, traitSeed: 7, answer: 'A' }, seat, prompt(2, 'D', ['D', 'B', 'B', 'C'])) === 'B').length / seeds.length;
    expect(Math.abs(moved - sway)).toBeLessThan(0.04);
  });

  it('is the same for the same seed', () => {
    const p = prompt(2, 'B', ['B', 'A', 'A']);
    expect(seeds.slice(0, 50).map((seed) => answeredVote({ seed, answer: 'A' }, 'X', p))).toEqual(seeds.slice(0, 50).map((seed) => answeredVote({ seed, answer: 'A' }, 'X', p)));
  });
});

describe('worker --limit', () => {
  it.each([
    ['10/60', { max: 10, duration: 60_000 }],
    [' 3 / 1.5 ', { max: 3, duration: 1500 }],
  ])('%s is a BullMQ limiter', async (text, limiter) => {
    const { parseLimit } = await import('../src/cli/commands/worker.js');
    expect(parseLimit(text)).toEqual(limiter);
  });

  // Outside the stated range (1 to 1,000,000 runs per 0.001 to 86,400 seconds) a period would overflow
  // Node's timers or round to nothing.
  it.each(['10', '0/60', '10/0', 'ten/60', '10/-1', '10/3000000', '1/0.0001', '2000000/60'])('"%s" is refused in one sentence, exit 2', async (text) => {
    const out = await runCli(['worker', '--queue', 'redis://127.0.0.1:1', '--limit', text]);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`roundtable: --limit takes runs per seconds such as 10/60, not "${text}".\n`);
  });

  it('--rate gives per-provider calls per period', async () => {
    const { parseRates } = await import('../src/cli/commands/worker.js');
    expect({ ...parseRates('openai=500/60, Anthropic = 50/1.5') }).toEqual({ openai: { max: 500, duration: 60_000 }, anthropic: { max: 50, duration: 1500 } });
  });

  it.each([
    ['gpt=10/60', /^roundtable: --rate takes provider=calls\/seconds pairs such as openai=500\/60 \(providers: .*openai.*\), not "gpt=10\/60"\.\n$/],
    ['openai=10', /^roundtable: --rate takes provider=calls\/seconds pairs such as openai=500\/60, not "openai=10"\.\n$/],
    [',', /^roundtable: --rate takes provider=calls\/seconds pairs such as openai=500\/60, not ","\.\n$/],
  ])('--rate "%s" is refused in one sentence, exit 2', async (text, message) => {
    const out = await runCli(['worker', '--queue', 'redis://127.0.0.1:1', '--rate', text]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });

  it('a Redis that does not answer is one sentence, exit 2, not an endless retry', async () => {
    const out = await runCli(['worker', '--queue', 'redis://127.0.0.1:1']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^roundtable: Could not reach Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\); start one/);
  });
});

describe('one batch run', () => {
  const settings: BatchSettings = {
    repeats: 1,
    seed: 5,
    mock: true,
    models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning',
    judge: false,
    rounds: 3,
    maxTokens: 500,
    retries: 0,
    retryBaseMs: 1,
    mockPace: 2,
  };
  const job = { id: 'tea-r1', question: { id: 'tea', motion: 'Tea or coffee?', options: ['Tea', 'Coffee'] }, repeat: 1, seed: 9 };

  it('has its last transcript on disk when it resolves: finished, or interrupted mid-round', async () => {
    const { runOne } = await import('../src/batch/run-one.js');
    const dir = tempDir();
    const done = await runOne(job, settings, { env: {}, signal: new AbortController().signal, file: join(dir, 'done.json') });
    expect(done.status).toBe('complete');
    expect(load(join(dir, 'done.json'))).toEqual(done);

    const controller = new AbortController();
    const file = join(dir, 'stopped.json');
    const stopping = runOne(job, settings, { env: {}, signal: controller.signal, file });
    for (;;) {
      // Stop once round 1 is on disk (its save runs in the background).
      await new Promise((r) => setTimeout(r, 5));
      try {
        if (load(file).rounds.length >= 1) break;
      } catch {
        // not written yet
      }
    }
    controller.abort(new Error('interrupted'));
    const stopped = await stopping;
    expect(stopped.status).toBe('interrupted');
    expect(load(file)).toEqual(stopped);
  });
});
