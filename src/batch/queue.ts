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
import { TranscriptSchema, type Transcript } from '../core/schema.js';
import { providerLimits } from '../agents/limiter.js';
import { UsageError } from '../util/errors.js';
import { writeTranscriptFile } from '../transcript/store.js';
import { MANIFEST_FILE, jobOf, writeManifest, type Manifest, type RunEntry } from './manifest.js';
import type { BatchProgress } from './progress.js';
import { runOne, type BatchSettings, type RunJob } from './run-one.js';
import { resumable, settle } from './runner.js';

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
    open.delete(entry.id);
    save();
    const outcome = transcript.result ? `${transcript.result.label}${transcript.result.winner ? ` — ${transcript.result.winner}` : ''}` : '';
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
    check();
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
    } else manifest.stopReason = null;
    save();
  } finally {
    await events.close();
    await queue.close();
  }
}

export interface WorkerOptions {
  url: string;
  concurrency: number;
  env: Record<string, string | undefined>;
  id?: string;
  limiter?: { max: number; duration: number };
  /** How long a run's lock lasts without renewal; a dead worker's run goes back after about this long. */
  lockMs?: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/** Takes runs until the signal aborts; then hands back the runs in flight (their transcripts kept as interrupted) and closes. */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const id = options.id ?? `${hostname()}:${process.pid}`;
  const controllers = new Set<AbortController>();
  // Calls in flight per provider, shared by every run this worker has at once.
  const limits = providerLimits();
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<QueuedRun, RunResult>(
    QUEUE_NAME,
    async (job, token) => {
      const { entry, settings, dir } = job.data;
      await job.updateProgress({ by: id });
      const shared = existsSync(join(dir, MANIFEST_FILE));
      const file = shared ? join(dir, entry.file) : join(localDir(), `${job.data.batch}-${entry.file}`);
      const resume = resumable(shared ? dir : localDir(), shared ? entry : { ...entry, file: `${job.data.batch}-${entry.file}` });
      const controller = new AbortController();
      controllers.add(controller);
      options.log(`${id}: ${entry.id} started${resume ? ' (continuing its saved rounds)' : ''}`);
      try {
        const transcript = await runOne(job.data.job, settings, {
          env: options.env,
          signal: controller.signal,
          file,
          ...(resume ? { resume } : {}),
          onWriteError: (m) => options.log(`${id}: ${m}`),
          limits,
        });
        if (transcript.status === 'interrupted' && options.signal.aborted) {
          // Stopping: hand the run back to the queue; the next worker continues it.
          await job.moveToDelayed(Date.now(), token);
          options.log(`${id}: ${entry.id} handed back`);
          throw new DelayedError();
        }
        options.log(`${id}: ${entry.id} ${transcript.status}`);
        return { transcript, by: id, wroteShared: shared };
      } finally {
        controllers.delete(controller);
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
