// roundtable batch SPEC.jsonl | --resume DIR: many debates, one transcript each in DIR plus
// DIR/batch.json (see src/batch). Everything is checked before the first run starts.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { missingKeys, resolveEndpoint } from '../../agents/factory.js';
import { MANIFEST_FILE, newManifest, readManifest, writeManifest, type Manifest } from '../../batch/manifest.js';
import { BatchProgress } from '../../batch/progress.js';
import { runConfig, type BatchSettings } from '../../batch/run-one.js';
import { counts, runLocal } from '../../batch/runner.js';
import { loadSpec, quoted } from '../../batch/spec.js';
import { checkPricedForBudget, loadPrices, priceBookFor } from '../../plan/cost-plan.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { sanitizeLine } from '../../util/sanitize.js';
import { slugify } from '../../util/slug.js';
import { isHeadless, type Io } from '../io.js';

export interface BatchFlags {
  repeats: number;
  concurrency: number;
  out?: string;
  seed?: number;
  maxCost?: number;
  prices?: string;
  mock?: boolean;
  mockPace: number;
  panel?: string;
  models?: string;
  judge?: string | boolean;
  rounds: number;
  maxTokens: number;
  topology?: string;
  digest?: boolean;
  digestModel?: string;
  judgeMaxTokens?: number;
  retries: number;
  retryBaseMs: number;
  headless?: boolean;
  resume?: string;
  queue?: string;
}

/** Every run's debate can be set up (panels, judges, endpoints) and, live, every key is set. */
function checkRuns(manifest: Manifest, env: Io['env']): void {
  const missing = new Set<string>();
  const book = priceBookFor(manifest.settings.prices ?? {}, {});
  for (const q of manifest.questions) {
    try {
      const config = runConfig({ ...q }, manifest.settings, 1);
      const seats = [...config.panel, ...(config.judge ? [config.judge] : [])];
      for (const seat of seats) resolveEndpoint(seat, env);
      checkPricedForBudget({ maxCostUsd: manifest.settings.maxCost }, seats, book);
      if (!manifest.settings.mock) for (const key of missingKeys(seats, env)) missing.add(key);
    } catch (err) {
      // The question is named, so the line to fix can be found.
      if (err instanceof UsageError) throw new UsageError(`The question "${q.id}" (${quoted(q.motion)}): ${err.message}`);
      throw err;
    }
  }
  if (missing.size) throw new UsageError(`Missing API key${missing.size > 1 ? 's' : ''}: set ${[...missing].join(', ')} (or run the batch with --mock).`);
}

export function checkQueueUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--queue takes a Redis URL such as redis://127.0.0.1:6379, not "${url}".`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UsageError(`--queue takes a redis:// (or rediss://) URL, not "${url}".`);
  return parsed;
}

function plan(io: Io, spec: string | undefined, flags: BatchFlags): { dir: string; manifest: Manifest; resumed: boolean } {
  if (flags.resume) {
    if (spec) throw new UsageError('Give either a spec file or --resume DIR, not both.');
    const dir = resolve(io.cwd, flags.resume);
    const manifest = readManifest(dir);
    // Runs a dead process left "running" are to be run again.
    for (const r of manifest.runs) if (r.status === 'running') r.status = 'interrupted';
    if (flags.maxCost !== undefined) manifest.settings.maxCost = flags.maxCost;
    if (flags.prices !== undefined) manifest.settings.prices = loadPrices(resolve(io.cwd, flags.prices));
    manifest.stopReason = null;
    return { dir, manifest, resumed: true };
  }
  if (!spec) throw new UsageError('No spec given: run `npx roundtable batch SPEC.jsonl` (one JSON question a line), or `npx roundtable batch --resume DIR`.');
  const questions = loadSpec(resolve(io.cwd, spec));
  const settings: BatchSettings = {
    repeats: flags.repeats,
    seed: flags.seed ?? 1,
    mock: Boolean(flags.mock),
    ...(flags.panel !== undefined ? { panel: flags.panel } : {}),
    ...(flags.models !== undefined ? { models: flags.models } : {}),
    ...(typeof flags.judge === 'string' || flags.judge === false ? { judge: flags.judge } : {}),
    rounds: flags.rounds,
    maxTokens: flags.maxTokens,
    ...(flags.judgeMaxTokens !== undefined ? { judgeMaxTokens: flags.judgeMaxTokens } : {}),
    retries: flags.retries,
    retryBaseMs: flags.retryBaseMs,
    mockPace: flags.mockPace,
    ...(flags.maxCost !== undefined ? { maxCost: flags.maxCost } : {}),
    ...(flags.prices !== undefined ? { prices: loadPrices(resolve(io.cwd, flags.prices)) } : {}),
    ...(flags.topology !== undefined ? { topology: flags.topology } : {}),
    ...(flags.digest ? { digest: true } : {}),
    ...(flags.digestModel !== undefined ? { digestModel: flags.digestModel } : {}),
  };
  let dir = resolve(io.cwd, flags.out ?? join('runs', `${new Date().toISOString().slice(0, 10)}-${slugify(basename(spec).replace(/\.jsonl?$/i, ''), 40)}`));
  if (!flags.out) for (let n = 2; existsSync(dir); n++) dir = dir.replace(/(-\d+)?$/, `-${n}`);
  if (existsSync(join(dir, MANIFEST_FILE))) {
    throw new UsageError(`${flags.out ?? dir} already holds a batch; continue it with \`npx roundtable batch --resume ${flags.out ?? dir}\`, or choose another --out.`);
  }
  const manifest = newManifest(spec, questions, settings, new Date());
  if (existsSync(dir)) {
    const clash = manifest.runs.find((r) => existsSync(join(dir, r.file)));
    if (clash) throw new UsageError(`${join(flags.out ?? dir, clash.file)} already exists; choose another --out for this batch.`);
  }
  return { dir, manifest, resumed: false };
}

/** The batch folder, made once every check has passed (a refused batch leaves none behind). */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    readdirSync(dir);
  } catch {
    throw new UsageError(`The folder ${dir} cannot be written to; choose another --out.`);
  }
}

type BatchInput = Partial<Pick<BatchFlags, 'repeats' | 'concurrency' | 'mockPace' | 'rounds'>> & Omit<BatchFlags, 'repeats' | 'concurrency' | 'mockPace' | 'rounds'>;

export async function batchCommand(io: Io, spec: string | undefined, input: BatchInput): Promise<number> {
  const flags: BatchFlags = { ...input, repeats: input.repeats ?? 1, concurrency: input.concurrency ?? 4, mockPace: input.mockPace ?? 0, rounds: input.rounds ?? 2 };
  const queueUrl = flags.queue ? checkQueueUrl(flags.queue) : null;
  const { dir, manifest, resumed } = plan(io, spec, flags);
  if (queueUrl) await (await import('../../batch/queue.js')).checkRedis(queueUrl.toString());
  checkRuns(manifest, io.env);
  if (!resumed) makeFolder(dir);
  writeManifest(dir, manifest);

  const err = (text: string) => io.stderr.write(text);
  const shown = relative(io.cwd, dir) || '.';
  const skipped = manifest.runs.filter((r) => r.status === 'complete').length;
  const progress = new BatchProgress(() => counts(manifest, skipped), err, !isHeadless(io, flags.headless) && Boolean(io.stderr.isTTY));
  progress.note(
    `${resumed ? 'Resuming' : 'Running'} ${manifest.runs.length - skipped} of ${manifest.runs.length} runs (${manifest.questions.length} questions × ${manifest.settings.repeats} repeats)${manifest.settings.mock ? ' in mock mode' : ''} into ${shown}${queueUrl ? ` through the queue at ${queueUrl.host}` : `, ${flags.concurrency} at a time`}.`,
  );

  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  io.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    if (queueUrl) {
      const { runThroughQueue } = await import('../../batch/queue.js');
      await runThroughQueue(manifest, { dir, url: queueUrl.toString(), signal: controller.signal, progress, env: io.env });
    } else {
      await runLocal(manifest, { dir, concurrency: flags.concurrency, env: io.env, signal: controller.signal, progress });
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    progress.stop();
  }

  const c = counts(manifest, skipped);
  const left = c.total - c.done - c.failed;
  io.stdout.write(`${sanitizeLine(`${c.done} of ${c.total} runs complete, ${c.failed} failed${left ? `, ${left} not finished` : ''}${c.costUsd !== null ? `, $${c.costUsd.toFixed(4)}` : ''}; transcripts and ${MANIFEST_FILE} in ${shown}`)}\n`);
  if (manifest.stopReason === 'interrupted') {
    err(`${sanitizeLine(`Interrupted. Resume with: npx roundtable batch --resume ${shown}`)}\n`);
    return ExitCode.interrupted;
  }
  if (manifest.stopReason === 'budget') {
    err(`${sanitizeLine(`Stopped at the budget of $${manifest.settings.maxCost} (spent $${(c.costUsd ?? 0).toFixed(4)}); resume with a larger one: npx roundtable batch --resume ${shown} --max-cost USD`)}\n`);
    // A run that could not start says what its first round could cost: the figure to plan with.
    const unstarted = manifest.runs.find((r) => r.status === 'pending' && r.error?.startsWith('stopped before round 1'));
    if (unstarted) {
      err(`${sanitizeLine(`${unstarted.id} did not start: ${unstarted.error!.replace(/^stopped before round 1: /, '')}, with replies up to ${manifest.settings.maxTokens} tokens; lower --max-tokens (and --judge-max-tokens) to fit more runs in the budget.`)}\n`);
    }
    // A batch the budget let do nothing has not done its work.
    return c.done === 0 ? ExitCode.failed : ExitCode.ok;
  }
  err(`${sanitizeLine(`Measure it with: npx roundtable stats ${shown}`)}\n`);
  return c.failed > 0 ? ExitCode.failed : ExitCode.ok;
}
