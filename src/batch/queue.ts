// Batches beyond one machine: the runs go on a BullMQ queue on Redis, and `roundtable worker`
// processes (any number, anywhere) take them. One job per run, its id the batch's and the run's,
// so a run is queued once and its result recorded once; a worker that dies mid-run loses its lock
// and the run goes back to the queue (BullMQ's stalled-job check), to be continued elsewhere from
// its last saved round when the output folder is shared. Results come back through Redis as well
// (the transcript in the job's return value), so the folder need not be shared.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelayedError, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { TranscriptSchema, type Transcript } from '../core/schema.js';
import { outcomeText } from '../core/result.js';
import { providerLimits, type CallLimit } from '../agents/limiter.js';
import { sleep } from '../util/sleep.js';
import { UsageError } from '../util/errors.js';
import { writeTranscriptFile } from '../transcript/store.js';
import { BatchBudget } from './budget.js';
import { MANIFEST_FILE, jobOf, writeManifest, type Manifest, type RunEntry } from './manifest.js';
import type { BatchProgress } from './progress.js';
import { runOne, type BatchSettings, type RunJob } from './run-one.js';
import { resumable, settle, spent, transcriptCost } from './runner.js';

export const QUEUE_NAME = 'roundtable-runs';

/** What a queued run carries: everything a worker on another machine needs. */
export interface QueuedRun {
  batch: string;
  /** The batch's output folder on the machine that queued it (used when the worker sees it too). */
  dir: string;
  entry: RunEntry;
  job: RunJob;
  settings: BatchSettings;
}

/** What a worker returns: the final transcript, and who ran it. */
export interface RunResult {
  transcript: Transcript;
  by: string;
  /** The worker wrote the transcript into the shared folder itself. */
  wroteShared: boolean;
}

export function connectionOf(url: string) {
  // maxRetriesPerRequest null: BullMQ's workers block on Redis and must not give up on a slow reply.
  return { url, maxRetriesPerRequest: null };
}

export function batchId(manifest: Manifest, dir: string): string {
  return createHash('sha256').update(`${dir}\u0000${manifest.createdAt}`).digest('hex').slice(0, 16);
}

export const jobIdOf = (batch: string, entry: RunEntry) => `${batch}.${entry.id}`;

/** What a batch's finished runs have cost: set by batch when it starts, added to by workers as runs end; every worker gives a run what is left of --max-cost. */
export const spentKey = (batch: string) => `roundtable:batch:${batch}:spent`;

/** Calls per period of one provider, counted in Redis across every worker of the queue. */
export interface RateLimit {
  max: number;
  /** The period in milliseconds. */
  duration: number;
}

// A fixed window per provider: the first call of a window starts it; a call past `max` learns how
// long the window has left. One script, so two workers never both take the last slot.
const RATE_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n <= tonumber(ARGV[2]) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end
return left`;

export const rateKey = (provider: string) => `roundtable:rate:${provider}`;

/**
 * Waits until `provider` may make one more call under its shared rate limit (no limit: at once).
 * BullMQ's own limiter is one per queue (per-key limits are BullMQ Pro's groups), so the
 * per-provider count sits beside it in the same Redis.
 */
export function sharedRate(redis: Redis, rates: Readonly<Record<string, RateLimit>>, signal?: AbortSignal): (provider: string) => Promise<void> {
  return async (provider) => {
    const rate = rates[provider];
    if (!rate) return;
    for (;;) {
      const wait = Number(await redis.eval(RATE_SCRIPT, 1, rateKey(provider), rate.duration, rate.max));
      if (!(wait > 0)) return;
      await sleep(Math.min(wait, rate.duration) + 5, signal);
    }
  };
}

/** Per-provider calls in flight in this process (p-limit) and, with rates, calls per period shared through Redis. */
export function workerLimits(rate: ((provider: string) => Promise<void>) | null): (provider: string) => CallLimit {
  const slots = providerLimits();
  return (provider) => {
    const slot = slots(provider);
    if (!rate) return slot;
    return (call) => slot(async () => {
      await rate(provider);
      return call();
    });
  };
}

export interface QueueRunOptions {
  dir: string;
  url: string;
  signal: AbortSignal;
  progress: BatchProgress;
  env: Record<string, string | undefined>;
  /** How often to check jobs whose events may have been missed (ms). */
  pollMs?: number;
}

/** Queues every unfinished run and waits until each is settled (or the signal aborts). */
export async function runThroughQueue(manifest: Manifest, options: QueueRunOptions): Promise<void> {
  const { dir, signal, progress } = options;
  const connection = connectionOf(options.url);
  const queue = new Queue<QueuedRun, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const batch = batchId(manifest, dir);
  const open = new Map<string, RunEntry>();
  const save = () => writeManifest(dir, manifest);
  const budget = manifest.settings.maxCost;
  const ledger = budget !== undefined ? new Redis(options.url, { maxRetriesPerRequest: null }) : null;
  const publish = async () => {
    if (ledger) await ledger.set(spentKey(batch), String(spent(manifest)), 'EX', 7 * 24 * 3600);
  };
  let feeding = true;
  // The budget is spent: take back every run no worker has started; the ones in flight finish.
  const stopFeeding = async () => {
    if (!feeding) return;
    feeding = false;
    for (const entry of [...open.values()]) {
      if (entry.status === 'running') continue;
      const job = await queue.getJob(jobIdOf(batch, entry));
      const state = job ? await job.getState() : 'missing';
      if (job && ['waiting', 'delayed', 'prioritized', 'waiting-children'].includes(state)) {
        try {
          await job.remove();
        } catch {
          continue; // a worker took it just now: it finishes, and is recorded
        }
      } else if (job) continue;
      open.delete(entry.id);
    }
    save();
    check();
  };
  // Workers add each run's cost to the Redis sum as it ends (batch only sets it when it starts).
  const afterSpend = async () => {
    if (budget !== undefined && spent(manifest) >= budget && open.size) {
      manifest.stopReason = 'budget';
      await stopFeeding();
    }
  };
  let finish: () => void = () => {};
  const allSettled = new Promise<void>((resolve) => (finish = resolve));
  const check = () => {
    if (open.size === 0) finish();
  };

  const record = (entry: RunEntry, result: RunResult) => {
    if (!open.has(entry.id)) return; // recorded already: a run's result is taken once
    const transcript = TranscriptSchema.parse(result.transcript);
    if (!result.wroteShared) writeTranscriptFile(join(dir, entry.file), transcript);
    settle(entry, transcript, new Date());
    entry.by = result.by;
    const stop = (transcript as { stopReason?: string | null }).stopReason;
    if (stop) {
      // The run stopped itself at the budget: the batch's budget is spent. A run that did not get
      // to vote runs again on a resume with a larger budget.
      manifest.stopReason = 'budget';
      if (transcript.rounds.length === 0) entry.status = 'pending';
      entry.error = stop;
    }
    open.delete(entry.id);
    save();
    void (stop ? stopFeeding() : afterSpend()).catch(() => {});
    const outcome = outcomeText(transcript.result);
    progress.finished(entry.id, `${entry.status} by ${result.by}`, entry.status === 'failed' ? (entry.error ?? '') : outcome);
    check();
  };
  const fail = (entry: RunEntry, reason: string) => {
    if (!open.has(entry.id)) return;
    entry.status = 'failed';
    entry.error = reason;
    entry.finishedAt = new Date().toISOString();
    open.delete(entry.id);
    save();
    progress.finished(entry.id, 'failed', reason);
    check();
  };
  const entryOf = (jobId: string) => {
    const prefix = `${batch}.`;
    return jobId.startsWith(prefix) ? open.get(jobId.slice(prefix.length)) : undefined;
  };

  events.on('active', ({ jobId }) => {
    const entry = entryOf(jobId);
    if (entry && entry.status !== 'running') {
      entry.status = 'running';
      entry.startedAt = new Date().toISOString();
      save();
    }
  });
  events.on('progress', ({ jobId, data }) => {
    const entry = entryOf(jobId);
    const by = (data as { by?: unknown } | null)?.by;
    if (entry && typeof by === 'string') {
      entry.by = by;
      save();
    }
  });
  events.on('completed', ({ jobId }) => void reconcile(jobId));
  events.on('failed', ({ jobId }) => void reconcile(jobId));

  async function reconcile(jobId: string): Promise<void> {
    const entry = entryOf(jobId);
    if (!entry) return;
    const job = (await queue.getJob(jobId)) as Job<QueuedRun, RunResult> | undefined;
    if (!job) return;
    const state = await job.getState();
    if (state === 'completed' && job.returnvalue) record(entry, job.returnvalue);
    else if (state === 'failed') fail(entry, job.failedReason || 'the worker failed');
  }

  try {
    await events.waitUntilReady();
    for (const entry of manifest.runs) {
      if (entry.status === 'complete') continue;
      open.set(entry.id, entry);
    }
    await publish();
    if (budget !== undefined && spent(manifest) >= budget && open.size) {
      manifest.stopReason = 'budget';
      open.clear();
    }
    check();
    for (const entry of open.values()) {
      if (entry.status === 'failed') {
        // Failed in an earlier pass and recorded: a resume runs it again, so its old job goes.
        const old = await queue.getJob(jobIdOf(batch, entry));
        if (old && ['completed', 'failed'].includes(await old.getState())) await old.remove();
      }
    }
    for (const entry of open.values()) {
      const data: QueuedRun = { batch, dir, entry: { ...entry }, job: jobOf(manifest, entry), settings: manifest.settings };
      // A job id per run: adding it again (a resumed batch) finds the one already queued.
      await queue.add(entry.id, data, { jobId: jobIdOf(batch, entry), attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
    }
    // Jobs that finished before we listened (a resumed batch), then now and then in case an event was missed.
    const sweep = async () => {
      for (const entry of [...open.values()]) await reconcile(jobIdOf(batch, entry));
    };
    await sweep();
    const timer = setInterval(() => void sweep().catch(() => {}), options.pollMs ?? 2000);
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([allSettled, aborted]);
    clearInterval(timer);
    if (signal.aborted) {
      // Take back what no worker has started; runs in flight finish, and a resume collects them.
      for (const entry of open.values()) {
        const job = await queue.getJob(jobIdOf(batch, entry));
        if (job && (await job.getState()) === 'waiting') await job.remove().catch(() => {});
        if (entry.status === 'running') entry.status = 'interrupted';
      }
      manifest.stopReason = 'interrupted';
    } else if (manifest.stopReason !== 'budget') manifest.stopReason = null;
    save();
  } finally {
    await events.close();
    await queue.close();
    ledger?.disconnect();
  }
}

export interface WorkerOptions {
  url: string;
  concurrency: number;
  env: Record<string, string | undefined>;
  id?: string;
  limiter?: { max: number; duration: number };
  /** Calls per period per provider, shared through Redis by every worker given the same rates. */
  rates?: Record<string, RateLimit>;
  /** Return transcripts through Redis even when the batch's folder is visible here (default: write them there). */
  shared?: boolean;
  /** How long a run's lock lasts without renewal; a dead worker's run goes back after about this long. */
  lockMs?: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** Takes runs until the signal aborts; then hands back the runs in flight (their transcripts kept as interrupted) and closes. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const id = options.id ?? `${hostname()}:${process.pid}`;
  const controllers = new Set<AbortController>();
  // Calls in flight per provider, shared by every run this worker has at once; calls per period
  // per provider (--rate), shared by every worker through Redis.
  const redis = new Redis(options.url, { maxRetriesPerRequest: null });
  const budgets = new Map<string, BatchBudget>();
  const finishedCost = new Map<string, number>();
  const limits = workerLimits(options.rates && Object.keys(options.rates).length ? sharedRate(redis, options.rates, options.signal) : null);
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<QueuedRun, RunResult>(
    QUEUE_NAME,
    async (job, token) => {
      const { entry, settings, dir } = job.data;
      await job.updateProgress({ by: id });
      const shared = options.shared !== false && existsSync(join(dir, MANIFEST_FILE));
      const file = shared ? join(dir, entry.file) : join(localDir(), `${job.data.batch}-${entry.file}`);
      const resume = resumable(shared ? dir : localDir(), shared ? entry : { ...entry, file: `${job.data.batch}-${entry.file}` });
      const controller = new AbortController();
      controllers.add(controller);
      // The batch's --max-cost: what its finished runs have cost (the sum in Redis), less
      // what this worker's other runs of the batch have spent and reserved.
      let budget: BatchBudget | undefined;
      if (settings.maxCost !== undefined) {
        const so = Number((await redis.get(spentKey(job.data.batch))) ?? 0);
        finishedCost.set(job.data.batch, Number.isFinite(so) ? so : 0);
        budget = budgets.get(job.data.batch);
        if (!budget) {
          const batch = job.data.batch;
          budget = new BatchBudget(settings.maxCost, () => finishedCost.get(batch) ?? 0);
          budgets.set(batch, budget);
        }
      }
      options.log(`${id}: ${entry.id} started${resume ? ' (continuing its saved rounds)' : ''}`);
      try {
        const transcript = await runOne(job.data.job, settings, {
          env: options.env,
          signal: controller.signal,
          file,
          ...(resume ? { resume } : {}),
          ...(budget ? { budget } : {}),
          onWriteError: (m) => options.log(`${id}: ${m}`),
          limits,
        });
        if (transcript.status === 'interrupted' && options.signal.aborted) {
          // Stopping: hand the run back to the queue; the next worker continues it.
          await job.moveToDelayed(Date.now(), token);
          options.log(`${id}: ${entry.id} handed back`);
          throw new DelayedError();
        }
        if (settings.maxCost !== undefined) {
          // Counted before the result goes back, so the next run anywhere sees it spent.
          const usd = transcriptCost(transcript);
          if (usd) finishedCost.set(job.data.batch, Number(await redis.incrbyfloat(spentKey(job.data.batch), usd)));
        }
        options.log(`${id}: ${entry.id} ${transcript.status}`);
        return { transcript, by: id, wroteShared: shared };
      } finally {
        controllers.delete(controller);
        budget?.release(job.data.job.id);
      }
    },
    {
      connection: connectionOf(options.url),
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      maxStalledCount: 3,
      ...(options.limiter ? { limiter: options.limiter } : {}),
    },
  );
  worker.on('error', (err) => options.log(`${id}: ${err.message}`));
  await worker.waitUntilReady();
  options.log(`${id}: waiting for runs on ${QUEUE_NAME}`);
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const c of controllers) c.abort(new Error('interrupted'));
  await worker.close();
  redis.disconnect();
  options.log(`${id}: stopped`);
}

/** Where a worker keeps transcripts of batches whose folder it cannot see (they go back through Redis). */
function localDir(): string {
  const dir = join(tmpdir(), 'roundtable-worker');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Fails fast, in one sentence, when nothing answers at the Redis URL (BullMQ alone would retry forever). */
export async function checkRedis(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000, enableOfflineQueue: false });
  let cause = null as NodeJS.ErrnoException | null;
  client.on('error', (err: NodeJS.ErrnoException) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const { host } = new URL(url);
    const code = cause?.code ?? (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`Could not reach Redis at ${host} (${code}); start one (for example \`redis-server --port ${new URL(url).port || 6379}\`) or give another --queue.`);
  } finally {
    client.disconnect();
  }
}
