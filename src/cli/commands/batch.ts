// roundtable batch SPEC.jsonl | --resume DIR: many debates, one transcript each in DIR plus
// DIR/batch.json (see src/batch). Everything is checked before the first run starts; one process
// owns the folder at a time (DIR/.lock).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { missingKeys, registerKeys, resolveEndpoint } from '../../agents/factory.js';
import { lockBatch, type BatchLock } from '../../batch/lock.js';
import { MANIFEST_FILE, ManifestStore, newManifest, readManifest, type Manifest } from '../../batch/manifest.js';
import { BatchProgress } from '../../batch/progress.js';
import { runConfig, type BatchSettings } from '../../batch/run-one.js';
import { recover, runLocal, storeCounts } from '../../batch/runner.js';
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
  /** The flags typed on the command line (option names), as against defaults. */
  given?: string[];
}

/** Every run's debate can be set up (panels, judges, endpoints) and, live, every key is set. Returns the key variables the runs use. */
function checkRuns(manifest: Manifest, env: Io['env']): Set<string> {
  const missing = new Set<string>();
  const keys = new Set<string>();
  const book = priceBookFor(manifest.settings.prices ?? {}, {});
  for (const q of manifest.questions) {
    try {
      const config = runConfig({ ...q }, manifest.settings, 1);
      const seats = [...config.panel, ...(config.judge ? [config.judge] : [])];
      for (const seat of seats) {
        const { keyEnv } = resolveEndpoint(seat, env);
        if (keyEnv) keys.add(keyEnv);
      }
      checkPricedForBudget({ maxCostUsd: manifest.settings.maxCost }, seats, book);
      if (!manifest.settings.mock) for (const key of missingKeys(seats, env)) missing.add(key);
    } catch (err) {
      // The question is named, so the line to fix can be found.
      if (err instanceof UsageError) throw new UsageError(`The question "${q.id}" (${quoted(q.motion)}): ${err.message}`);
      throw err;
    }
  }
  if (missing.size) throw new UsageError(`Missing API key${missing.size > 1 ? 's' : ''}: set ${[...missing].join(', ')} (or run the batch with --mock).`);
  return keys;
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

/** What a resume takes from batch.json: these flags would be dropped, so they are refused (--max-cost, --prices, --concurrency, --queue and --headless apply). */
const FIXED_BY_MANIFEST: [keyof BatchFlags, string][] = [
  ['repeats', '--repeats'],
  ['seed', '--seed'],
  ['mock', '--mock'],
  ['mockPace', '--mock-pace'],
  ['panel', '--panel'],
  ['models', '--models'],
  ['judge', '--judge/--no-judge'],
  ['rounds', '--rounds'],
  ['maxTokens', '--max-tokens'],
  ['retries', '--retries'],
  ['retryBaseMs', '--retry-base-ms'],
  ['out', '--out'],
];

function refuseIgnoredFlags(flags: BatchFlags, input: BatchInput): void {
  // Without the command line's word (a caller in code), a value set is a value given.
  const given = flags.given ? new Set(flags.given) : new Set(Object.keys(input).filter((k) => input[k as keyof BatchInput] !== undefined));
  const ignored = FIXED_BY_MANIFEST.filter(([key]) => given.has(key)).map(([, flag]) => flag);
  if (ignored.length) {
    throw new UsageError(`--resume continues the batch its batch.json describes, so it cannot take ${ignored.join(', ')}; run it without ${ignored.length > 1 ? 'them' : 'it'}.`);
  }
}

interface Plan {
  dir: string;
  manifest: Manifest;
  resumed: boolean;
  /** A resumed batch's lock, taken at once; a new batch takes it when its folder is made. */
  lock: BatchLock | null;
}

function plan(io: Io, spec: string | undefined, flags: BatchFlags, input: BatchInput): Plan {
  if (flags.resume) {
    if (spec) throw new UsageError('Give either a spec file or --resume DIR, not both.');
    refuseIgnoredFlags(flags, input);
    const dir = resolve(io.cwd, flags.resume);
    if (!existsSync(join(dir, MANIFEST_FILE))) readManifest(dir); // says so, in one sentence
    const lock = lockBatch(dir, 'batch --resume', flags.resume);
    try {
      const manifest = readManifest(dir);
      // Runs a dead process left "running" are to be run again.
      for (const r of manifest.runs) if (r.status === 'running') r.status = 'interrupted';
      // A run whose finished transcript is on disk (or kept elsewhere when the disk was full) is
      // recorded as complete, never run (and paid for) again.
      for (const r of manifest.runs) recover(dir, r);
      if (flags.maxCost !== undefined) manifest.settings.maxCost = flags.maxCost;
      if (flags.prices !== undefined) manifest.settings.prices = loadPrices(resolve(io.cwd, flags.prices));
      manifest.stopReason = null;
      return { dir, manifest, resumed: true, lock };
    } catch (err) {
      lock.release();
      throw err;
    }
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
  const shown = flags.out ?? dir;
  if (existsSync(join(dir, MANIFEST_FILE))) {
    throw new UsageError(`${shown} already holds a batch; continue it with \`npx roundtable batch --resume ${shown}\`, or choose another --out.`);
  }
  const manifest = newManifest(spec, questions, settings, new Date());
  const clash = manifest.runs.find((r) => existsSync(join(dir, r.file)));
  if (clash) throw new UsageError(`${join(shown, clash.file)} already exists; choose another --out for this batch.`);
  return { dir, manifest, resumed: false, lock: null };
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
  // Every key variable is known to the redactor before any text of a run passes through here.
  registerKeys(io.env);
  const { dir, manifest, resumed, lock: held } = plan(io, spec, flags, input);
  let lock = held;
  try {
    if (!resumed) {
      // Every check comes before the folder is made: a refused batch leaves none behind.
      checkRuns(manifest, io.env);
      makeFolder(dir);
      // Taken before the folder is looked at again: of two batches started on one --out at once, one goes on.
      const shown = flags.out ?? dir;
      lock = lockBatch(dir, 'batch', shown);
      if (existsSync(join(dir, MANIFEST_FILE))) {
        throw new UsageError(`${shown} already holds a batch; continue it with \`npx roundtable batch --resume ${shown}\`, or choose another --out.`);
      }
    }
    return await runBatch(io, flags, queueUrl, dir, manifest, resumed);
  } finally {
    lock?.release();
  }
}

async function runBatch(io: Io, flags: BatchFlags, queueUrl: URL | null, dir: string, manifest: Manifest, resumed: boolean): Promise<number> {
  let redisWait: number | undefined;
  if (queueUrl) {
    const { checkRedis, redisWaitMs } = await import('../../batch/queue.js');
    redisWait = redisWaitMs(io.env);
    await checkRedis(queueUrl.toString());
  }
  registerKeys(io.env, checkRuns(manifest, io.env));
  const err = (text: string) => io.stderr.write(text);
  const shown = relative(io.cwd, dir) || '.';
  const hint = `npx roundtable batch --resume ${shown}${queueUrl ? ` --queue ${queueUrl.toString()}` : ''}`;
  const store = new ManifestStore(dir, manifest);
  try {
    store.compact();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    err(`${sanitizeLine(`roundtable: ${join(shown, MANIFEST_FILE)} could not be written (${code}), so no run was started; make room or choose another --out.`)}\n`);
    return ExitCode.failed;
  }

  const skipped = store.tally.complete;
  const progress = new BatchProgress(() => storeCounts(store, skipped), err, !isHeadless(io, flags.headless) && Boolean(io.stderr.isTTY));
  progress.note(
    `${resumed ? 'Resuming' : 'Running'} ${manifest.runs.length - skipped} of ${manifest.runs.length} runs (${manifest.questions.length} questions × ${manifest.settings.repeats} repeats)${manifest.settings.mock ? ' in mock mode' : ''} into ${shown}${queueUrl ? ` through the queue at ${queueUrl.host}` : `, ${flags.concurrency} at a time`}.`,
  );

  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  io.signal?.addEventListener('abort', interrupt, { once: true });
  let lostRedis: string | null = null;
  try {
    if (queueUrl) {
      const { runThroughQueue, RedisUnreachable } = await import('../../batch/queue.js');
      try {
        await runThroughQueue(manifest, { dir, url: queueUrl.toString(), signal: controller.signal, progress, env: io.env, store, printUnsaved: (text) => io.stdout.write(text), ...(redisWait !== undefined ? { redisWaitMs: redisWait } : {}) });
      } catch (e) {
        if (!(e instanceof RedisUnreachable)) throw e;
        lostRedis = e.message;
      }
    } else {
      await runLocal(manifest, { dir, concurrency: flags.concurrency, env: io.env, signal: controller.signal, progress, store, printUnsaved: (text) => io.stdout.write(text) });
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    progress.stop();
  }

  const c = storeCounts(store, skipped);
  const left = c.total - c.done - c.failed;
  io.stdout.write(`${sanitizeLine(`${c.done} of ${c.total} runs complete, ${c.failed} failed${left ? `, ${left} not finished` : ''}${c.costUsd !== null ? `, $${c.costUsd.toFixed(4)}` : ''}; transcripts and ${MANIFEST_FILE} in ${shown}`)}\n`);
  const unsaved = manifest.runs.filter((r) => r.savedTo !== undefined && r.savedTo !== null && r.status === 'failed').length;
  if (unsaved) err(`${sanitizeLine(`${unsaved} run${unsaved > 1 ? 's' : ''} could not be saved in ${shown} and ${unsaved > 1 ? 'were' : 'was'} kept elsewhere (named in ${MANIFEST_FILE}); make room, then ${hint} moves ${unsaved > 1 ? 'them' : 'it'} in without running ${unsaved > 1 ? 'them' : 'it'} again.`)}\n`);
  if (lostRedis) {
    err(`${sanitizeLine(`${lostRedis} Resume with: ${hint}`)}\n`);
    return ExitCode.failed;
  }
  if (store.failure) {
    err(`${sanitizeLine(`${store.failure}; no more runs were started. Make room, then resume with: ${hint}`)}\n`);
    return ExitCode.failed;
  }
  if (manifest.stopReason === 'interrupted') {
    err(`${sanitizeLine(`Interrupted. Resume with: ${hint}`)}\n`);
    return ExitCode.interrupted;
  }
  if (manifest.stopReason === 'budget') {
    err(`${sanitizeLine(`Stopped at the budget of $${manifest.settings.maxCost} (spent $${(c.costUsd ?? 0).toFixed(4)}); resume with a larger one: ${hint} --max-cost USD`)}\n`);
    // A run that could not start says what its first round could cost: the figure to plan with.
    const unstarted = manifest.runs.find((r) => r.status === 'pending' && r.error?.startsWith('stopped before round 1'));
    if (unstarted) {
      err(`${sanitizeLine(`${unstarted.id} did not start: ${unstarted.error!.replace(/^stopped before round 1: /, '')}, with replies up to ${manifest.settings.maxTokens} tokens; lower --max-tokens (and --judge-max-tokens) to fit more runs in the budget.`)}\n`);
    }
    // A batch the budget let do nothing has not done its work, nor has one whose transcripts could not be saved.
    return unsaved || c.done === 0 ? ExitCode.failed : ExitCode.ok;
  }
  err(`${sanitizeLine(`Measure it with: npx roundtable stats ${shown}`)}\n`);
  return c.failed > 0 ? ExitCode.failed : ExitCode.ok;
}
