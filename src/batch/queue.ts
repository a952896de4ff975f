// Batches beyond one machine: the runs go on a BullMQ queue on Redis, and `roundtable worker`
// processes (any number, anywhere) take them. One job per run, its id the batch's and the run's,
// so a run is queued once and its result recorded once; a worker that dies mid-run loses its lock
// and the run goes back to the queue (BullMQ's stalled-job check), to be continued elsewhere from
// its last saved round when the output folder is shared. Results come back through Redis as well
// (the transcript in the job's return value), so the folder need not be shared.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DelayedError, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { TranscriptSchema, type Transcript } from '../core/schema.js';
import { outcomeText } from '../core/result.js';
import { registerKeys, resolveEndpoint } from '../agents/factory.js';
import { providerLimits, type CallLimit } from '../agents/limiter.js';
import { sleep } from '../util/sleep.js';
import { UsageError } from '../util/errors.js';
import { redactDeep, redactSecrets } from '../util/redact.js';
import { formatZodIssues, transcriptField } from '../util/zod-issues.js';
import { loadTranscript, transcriptJson, writeTranscriptFile } from '../transcript/store.js';
import { BatchBudget } from './budget.js';
import { MANIFEST_FILE, ManifestStore, RunEntrySchema, SettingsSchema, jobOf, type Manifest, type RunEntry } from './manifest.js';
import type { BatchProgress } from './progress.js';
import { UnsavedRunError, runConfig, runOne, type BatchSettings, type RunJob } from './run-one.js';
import { QuestionSchema } from './spec.js';
import { recover, resumable, settle, transcriptCost } from './runner.js';

/** This roundtable's version, sent with every job and result so a mismatch can be named. */
export const VERSION: string = (() => {
  try {
    return String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
})();

export const QUEUE_NAME = 'roundtable-runs';

/** What a queued run carries: everything a worker on another machine needs. */
export interface QueuedRun {
  batch: string;
  /** The batch's output folder on the machine that queued it (used when the worker sees it too). */
  dir: string;
  entry: RunEntry;
  job: RunJob;
  settings: BatchSettings;
  /** The version of the roundtable that queued it. */
  version?: string;
}

const QueuedRunSchema = z.object({
  batch: z.string().min(1),
  dir: z.string().min(1),
  entry: RunEntrySchema,
  job: z.object({ id: z.string().min(1), question: QuestionSchema.extend({ id: z.string().min(1) }), repeat: z.number().int().positive(), seed: z.number().int().nonnegative() }),
  settings: SettingsSchema,
  version: z.string().optional(),
});

/** What a worker returns: the final transcript, and who ran it. */
export interface RunResult {
  transcript: Transcript;
  by: string;
  /** The worker wrote the transcript into the shared folder itself. */
  wroteShared: boolean;
  /** The worker's roundtable version. */
  version?: string;
  /** The cost of the saved transcript the run continued from (its rounds may have been counted already). */
  continuedUsd?: number;
}

const ResultShape = z.object({ transcript: z.unknown(), by: z.string().min(1), wroteShared: z.boolean(), version: z.string().optional(), continuedUsd: z.number().nonnegative().optional() });

/**
 * A worker's result, checked: the transcript, or why it cannot be used, in a sentence naming the
 * worker and its version (a worker of another version may return another shape).
 */
export function checkResult(value: unknown, worker: { by?: string; version?: string }): { result: RunResult } | { error: string } {
  const raw = value as { by?: unknown; version?: unknown } | null;
  const by = typeof raw?.by === 'string' ? raw.by : worker.by;
  const version = typeof raw?.version === 'string' ? raw.version : worker.version;
  const who = `the worker ${by ? `"${by}"` : 'that ran it'} (roundtable ${version ?? 'of an unknown version'}${version && version !== VERSION ? `; this is ${VERSION}` : ''})`;
  if (value === null || value === undefined) return { error: `${who} returned no result.` };
  const shape = ResultShape.safeParse(value);
  if (!shape.success) return { error: `${who} returned a result this roundtable cannot read: ${formatZodIssues(shape.error.issues, (p) => (p ? `the field "${p}"` : 'the result'))}.` };
  const transcript = TranscriptSchema.safeParse(shape.data.transcript);
  if (!transcript.success) return { error: `${who} returned a transcript this roundtable cannot read: ${formatZodIssues(transcript.error.issues, transcriptField)}.` };
  return { result: { ...shape.data, transcript: transcript.data } };
}

/** How long a batch or worker keeps trying an unreachable Redis before it stops (ROUNDTABLE_REDIS_WAIT, seconds; at most 60). */
export const REDIS_WAIT_MAX_S = 60;
export function redisWaitMs(env: Record<string, string | undefined>): number {
  const text = env.ROUNDTABLE_REDIS_WAIT;
  if (text === undefined || text === '') return REDIS_WAIT_MAX_S * 1000;
  const s = Number(text);
  if (!Number.isFinite(s) || s <= 0 || s > REDIS_WAIT_MAX_S) throw new UsageError(`ROUNDTABLE_REDIS_WAIT takes the seconds to wait for an unreachable Redis, more than 0 and at most ${REDIS_WAIT_MAX_S}, not "${text}".`);
  return Math.round(s * 1000);
}

/** Redis stayed unreachable longer than the wait: the batch stopped (its state saved, resumable). */
export class RedisUnreachable extends Error {
  override name = 'RedisUnreachable';
}

/**
 * Watches one connection to Redis: says once that it is unreachable, lets ioredis reconnect with
 * backoff, says when it is back, and calls `gone` when it stayed away longer than `waitMs`.
 */
export class RedisWatch {
  readonly client: Redis;
  private downSince: number | null = null;
  private told = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly host: string;

  constructor(
    url: string,
    private readonly waitMs: number,
    private readonly say: (line: string) => void,
    private readonly gone: (message: string) => void,
    private readonly back: () => void = () => {},
  ) {
    this.host = new URL(url).host;
    this.client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(100 * 2 ** Math.min(n, 5), 2000) });
    this.client.on('error', (err: NodeJS.ErrnoException) => this.down(err.code ?? err.message));
    this.client.on('close', () => this.down(null));
    this.client.on('ready', () => this.up());
  }

  private down(code: string | null): void {
    if (this.downSince === null) {
      this.downSince = Date.now();
      this.timer = setTimeout(() => this.gone(`Redis at ${this.host} was unreachable for ${Math.round(this.waitMs / 1000)} s, so this stopped.`), this.waitMs);
    }
    if (!this.told && code) {
      this.told = true;
      this.say(`Redis at ${this.host} is unreachable (${code}); trying again for up to ${Math.round(this.waitMs / 1000)} s.`);
    }
  }

  private up(): void {
    if (this.downSince === null) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.downSince = null;
    if (this.told) this.say(`Redis at ${this.host} is back.`);
    this.told = false;
    this.back();
  }

  isDown(): boolean {
    return this.downSince !== null;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.client.removeAllListeners('close');
    this.client.on('error', () => {});
    this.client.disconnect();
  }
}

export function connectionOf(url: string, givenUp: () => boolean = () => false) {
  // maxRetriesPerRequest null: BullMQ's workers block on Redis and must not give up on a slow reply.
  // Reconnecting with backoff until Redis is given up on (RedisWatch); then the connection ends, and
  // every command still waiting for it fails instead of keeping the process alive.
  return { url, maxRetriesPerRequest: null, retryStrategy: (n: number) => (givenUp() ? null : Math.min(100 * 2 ** Math.min(n, 5), 2000)) };
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
  /** The manifest's store (default: one made here). */
  store?: ManifestStore;
  /** How long to keep trying an unreachable Redis (default from ROUNDTABLE_REDIS_WAIT, else 60 s). */
  redisWaitMs?: number;
  /** Where a transcript goes that could be saved nowhere else (the debate command prints it on stdout). */
  printUnsaved?: (text: string) => void;
}

/** Everything the batch puts in Redis passes through the redactor (a key in a motion included). */
const outgoing = <T>(value: T): T => redactDeep(value) as T;

/**
 * Queues every unfinished run and waits until each is settled (or the signal aborts). Throws
 * RedisUnreachable, after saving the manifest, when Redis stays away longer than the wait.
 */
export async function runThroughQueue(manifest: Manifest, options: QueueRunOptions): Promise<void> {
  const { dir, signal, progress } = options;
  // Set when Redis is given up on (gone past the wait, or away when the batch stops): the connections then end.
  let abandoned = false;
  const connection = connectionOf(options.url, () => abandoned);
  const store = options.store ?? new ManifestStore(dir, manifest);
  const save = (entry: RunEntry) => store.record(entry);
  let lost: string | null = null;
  let markLost: () => void = () => {};
  const lostPromise = new Promise<void>((resolve) => (markLost = resolve));
  const watch = new RedisWatch(
    options.url,
    options.redisWaitMs ?? redisWaitMs(options.env),
    (line) => progress.note(line),
    (message) => {
      lost = message;
      abandoned = true;
      markLost();
      // The connections end at their next attempt (connectionOf); what waits on them is given up on (guard).
    },
    () => {
      // Redis is back, perhaps empty (restarted without its data): the budget's sum goes back, and
      // the next sweep queues again what is missing.
      void publish().catch(() => {});
      void sweep().catch(() => {});
    },
  );
  const queue = new Queue<QueuedRun, RunResult>(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  // What the batch waits on in Redis is given up on with Redis (ioredis keeps a command asked while
  // reconnecting until it is back, even past a disconnect).
  const guard = <T>(pending: Promise<T>): Promise<T> =>
    Promise.race([
      pending,
      lostPromise.then((): never => {
        throw new RedisUnreachable(lost ?? 'Redis is unreachable.');
      }),
    ]);
  // The watch speaks for every connection: BullMQ's own errors (each reconnect attempt) are not news.
  queue.on('error', () => {});
  events.on('error', () => {});
  const batch = batchId(manifest, dir);
  const open = new Map<string, RunEntry>();
  const budget = manifest.settings.maxCost;
  const ledger = watch.client;
  const publish = async () => {
    if (budget !== undefined) await ledger.set(spentKey(batch), String(store.tally.spentUsd), 'EX', 7 * 24 * 3600);
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
    check();
  };
  // Workers add each run's cost to the Redis sum as it ends (batch only sets it when it starts).
  const afterSpend = async () => {
    if (budget !== undefined && store.tally.spentUsd >= budget && open.size) {
      manifest.stopReason = 'budget';
      await stopFeeding();
    }
  };
  let finish: () => void = () => {};
  const allSettled = new Promise<void>((resolve) => (finish = resolve));
  const check = () => {
    if (open.size === 0) finish();
  };
  /** Who is running each run (from the job's progress), to name a worker whose result cannot be read. */
  const runners = new Map<string, { by?: string; version?: string }>();

  const fail = (entry: RunEntry, reason: string) => {
    if (!open.has(entry.id)) return;
    entry.status = 'failed';
    entry.error = reason;
    entry.finishedAt = new Date().toISOString();
    open.delete(entry.id);
    save(entry);
    progress.finished(entry.id, 'failed', reason);
    check();
  };
  const record = async (entry: RunEntry, value: unknown) => {
    if (!open.has(entry.id)) return; // recorded already: a run's result is taken once
    const checked = checkResult(value, runners.get(entry.id) ?? (entry.by ? { by: entry.by } : {}));
    if ('error' in checked) {
      fail(entry, checked.error);
      return;
    }
    const result = checked.result;
    const transcript = result.transcript;
    const place = (transcript as { batch?: { question?: unknown; repeat?: unknown } }).batch;
    if (!place || place.question !== entry.question || place.repeat !== entry.repeat) {
      fail(entry, `the worker "${result.by}" (roundtable ${result.version ?? 'of an unknown version'}) returned a transcript that is not of run ${entry.id}.`);
      return;
    }
    open.delete(entry.id);
    // The worker wrote it into the shared folder, or it is written here (and checked there, in case
    // the worker's folder is another than ours).
    const unsaved = result.wroteShared && onDiskAlready(dir, entry, transcript) ? null : await keep(join(dir, entry.file), transcript);
    settle(entry, transcript, new Date(), result.continuedUsd);
    if (unsaved) {
      entry.status = 'failed';
      entry.error = unsaved.message;
      entry.savedTo = unsaved.savedTo;
      if (!unsaved.savedTo) options.printUnsaved?.(unsaved.json);
    }
    entry.by = result.by;
    const stop = (transcript as { stopReason?: string | null }).stopReason;
    if (stop && !unsaved) {
      // The run stopped itself at the budget: the batch's budget is spent. A run that did not get
      // to vote runs again on a resume with a larger budget (what it spent stays counted).
      manifest.stopReason = 'budget';
      if (transcript.rounds.length === 0) entry.status = 'pending';
      entry.error = stop;
    }
    save(entry);
    void (stop ? stopFeeding() : afterSpend()).catch(() => {});
    const outcome = outcomeText(transcript.result);
    progress.finished(entry.id, `${entry.status} by ${result.by}`, entry.status === 'failed' ? (entry.error ?? '') : outcome);
    check();
  };
  const entryOf = (jobId: string) => {
    const prefix = `${batch}.`;
    return jobId.startsWith(prefix) ? open.get(jobId.slice(prefix.length)) : undefined;
  };
  const dataOf = (entry: RunEntry): QueuedRun => outgoing({ batch, dir, entry: { ...entry }, job: jobOf(manifest, entry), settings: manifest.settings, version: VERSION });
  const add = (entry: RunEntry) =>
    // A job id per run: adding it again (a resumed batch) finds the one already queued.
    queue.add(entry.id, dataOf(entry), { jobId: jobIdOf(batch, entry), attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });

  events.on('active', ({ jobId }) => {
    const entry = entryOf(jobId);
    if (entry && entry.status !== 'running') {
      entry.status = 'running';
      entry.startedAt = new Date().toISOString();
      save(entry);
    }
  });
  events.on('progress', ({ jobId, data }) => {
    const entry = entryOf(jobId);
    const { by, version } = (data ?? {}) as { by?: unknown; version?: unknown };
    if (entry && typeof by === 'string') {
      runners.set(entry.id, { by, ...(typeof version === 'string' ? { version } : {}) });
      entry.by = by;
      save(entry);
    }
  });
  events.on('completed', ({ jobId }) => void reconcile(jobId).catch(() => {}));
  events.on('failed', ({ jobId }) => void reconcile(jobId).catch(() => {}));

  async function reconcile(jobId: string, missing?: () => Promise<void>): Promise<void> {
    const entry = entryOf(jobId);
    if (!entry) return;
    const job = (await queue.getJob(jobId)) as Job<QueuedRun, RunResult> | undefined;
    if (!job) {
      await missing?.();
      return;
    }
    const state = await job.getState();
    // Read again once finished: the job fetched above may predate its result.
    if (state === 'completed') await record(entry, (await queue.getJob(jobId))?.returnvalue);
    else if (state === 'failed') fail(entry, (await queue.getJob(jobId))?.failedReason || 'the worker failed');
  }
  // Jobs that finished before we listened (a resumed batch), then now and then in case an event was
  // missed; a job Redis lost (restarted without its data) is recorded from its finished transcript
  // on disk, or queued again. One sweep at a time.
  let sweeping: Promise<void> | null = null;
  const sweep = (): Promise<void> =>
    (sweeping ??= (async () => {
      try {
        for (const entry of [...open.values()]) {
          if (!feeding && entry.status !== 'running') continue;
          await reconcile(jobIdOf(batch, entry), async () => {
            if (!open.has(entry.id)) return;
            if (recover(dir, entry)) {
              open.delete(entry.id);
              save(entry);
              progress.finished(entry.id, 'complete', 'its transcript was on disk');
              check();
            } else if (feeding) {
              if (entry.status === 'running') {
                entry.status = 'interrupted';
                save(entry);
              }
              await add(entry);
            }
          });
        }
      } finally {
        sweeping = null;
      }
    })());

  try {
    await guard(events.waitUntilReady());
    for (const entry of manifest.runs) {
      if (entry.status === 'complete') continue;
      // A run whose finished transcript is on disk is trusted, never run (and paid for) again.
      if (recover(dir, entry)) {
        save(entry);
        continue;
      }
      open.set(entry.id, entry);
    }
    await guard(publish());
    if (budget !== undefined && store.tally.spentUsd >= budget && open.size) {
      manifest.stopReason = 'budget';
      open.clear();
    }
    check();
    for (const entry of open.values()) {
      if (entry.status === 'failed') {
        // Failed in an earlier pass and recorded: a resume runs it again, so its old job goes.
        const old = await guard(queue.getJob(jobIdOf(batch, entry)));
        if (old && ['completed', 'failed'].includes(await guard(old.getState()))) await guard(old.remove());
      }
    }
    for (const entry of open.values()) await guard(add(entry));
    await guard(sweep());
    const timer = setInterval(() => void sweep().catch(() => {}), options.pollMs ?? 2000);
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([allSettled, aborted, lostPromise]);
    clearInterval(timer);
    if (lost) {
      // Nothing more can be asked of Redis: runs in flight are taken up by a resume.
      for (const entry of open.values()) if (entry.status === 'running') (entry.status = 'interrupted'), save(entry);
      manifest.stopReason = 'interrupted';
    } else if (signal.aborted) {
      // Take back what no worker has started (unless Redis is away: Ctrl-C does not wait for it);
      // runs in flight finish, and a resume collects them.
      for (const entry of open.values()) {
        if (watch.isDown()) break;
        const job = await guard(queue.getJob(jobIdOf(batch, entry)));
        if (job && (await guard(job.getState())) === 'waiting') await guard(job.remove()).catch(() => {});
        if (entry.status === 'running') {
          entry.status = 'interrupted';
          save(entry);
        }
      }
      manifest.stopReason = 'interrupted';
    } else if (manifest.stopReason !== 'budget') manifest.stopReason = null;
  } catch (err) {
    // A command cut off when Redis was given up on: the batch stops as below, resumable.
    if (!lost) throw err;
    for (const entry of open.values()) if (entry.status === 'running') (entry.status = 'interrupted'), save(entry);
    manifest.stopReason = 'interrupted';
  } finally {
    store.finish();
    if (lost || watch.isDown()) {
      abandoned = true;
      // Closing politely would wait for a Redis that is not there.
      await Promise.race([Promise.allSettled([events.close(), queue.close(), events.disconnect(), queue.disconnect()]), sleep(1000)]);
    } else {
      await events.close();
      await queue.close();
    }
    watch.close();
  }
  if (lost) throw new RedisUnreachable(lost);
}

/** Whether the run's file holds this very transcript (a worker on the shared folder wrote it). */
function onDiskAlready(dir: string, entry: RunEntry, transcript: Transcript): boolean {
  try {
    const t = loadTranscript(join(dir, entry.file));
    return t.id === transcript.id && t.status === transcript.status && t.rounds.length === transcript.rounds.length;
  } catch {
    return false;
  }
}

/**
 * Writes a transcript received from a worker into the batch's folder; when that fails (a full
 * disk), keeps it where a single debate keeps one and says so. Null: it is in the folder.
 */
async function keep(path: string, transcript: Transcript): Promise<UnsavedRunError | null> {
  try {
    writeTranscriptFile(path, transcript);
    return null;
  } catch (err) {
    const reason = `The transcript could not be saved to ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    const fallback = join(tmpdir(), `roundtable-${transcript.id.slice(0, 8)}-${randomBytes(3).toString('hex')}.json`);
    try {
      await writeFile(fallback, transcriptJson(transcript), { mode: 0o644, flag: 'wx' });
      return new UnsavedRunError(`${reason}; it was saved to ${fallback} instead.`, transcript, fallback);
    } catch (fallbackErr) {
      return new UnsavedRunError(`${reason}, nor to ${fallback} (${(fallbackErr as NodeJS.ErrnoException).code ?? 'error'}).`, transcript, null);
    }
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
  /** How long to keep trying an unreachable Redis before stopping (default from ROUNDTABLE_REDIS_WAIT, else 60 s). */
  redisWaitMs?: number;
  log: (line: string) => void;
  signal: AbortSignal;
}

/**
 * Takes runs until the signal aborts; then hands back the runs in flight (their transcripts kept as
 * interrupted) and closes. Resolves false when it stopped because Redis stayed unreachable.
 */
export async function runWorker(options: WorkerOptions): Promise<boolean> {
  const id = options.id ?? `${hostname()}:${process.pid}`;
  // Every key variable is known to the redactor before a run's text passes through here.
  registerKeys(options.env);
  // Every line this worker says passes through the redactor, whoever prints it.
  const log = (line: string) => options.log(redactSecrets(line));
  const controllers = new Set<AbortController>();
  const stopping = new AbortController();
  const stopAll = () => stopping.abort(new Error('interrupted'));
  if (options.signal.aborted) stopAll();
  options.signal.addEventListener('abort', stopAll, { once: true });
  let lost: string | null = null;
  // Calls in flight per provider, shared by every run this worker has at once; calls per period
  // per provider (--rate), shared by every worker through Redis. The same connection watches Redis.
  const watch = new RedisWatch(options.url, options.redisWaitMs ?? redisWaitMs(options.env), (line) => log(`${id}: ${line}`), (message) => {
    lost = message;
    stopAll();
  });
  const redis = watch.client;
  const budgets = new Map<string, BatchBudget>();
  const finishedCost = new Map<string, number>();
  const limits = workerLimits(options.rates && Object.keys(options.rates).length ? sharedRate(redis, options.rates, options.signal) : null);
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<QueuedRun, RunResult>(
    QUEUE_NAME,
    async (job, token) => {
      await job.updateProgress({ by: id, version: VERSION });
      const checked = QueuedRunSchema.safeParse(job.data);
      if (!checked.success) {
        const from = typeof (job.data as { version?: unknown } | null)?.version === 'string' ? `roundtable ${(job.data as { version: string }).version}` : 'a roundtable of an unknown version';
        throw new Error(
          redactSecrets(`the worker "${id}" (roundtable ${VERSION}) cannot read this run, queued by ${from}: ${formatZodIssues(checked.error.issues, (p) => (p ? `the field "${p}"` : 'the job'))}`),
        );
      }
      const data = checked.data as QueuedRun;
      const { entry, settings, dir } = data;
      // The key variables of the run's panel (a compat seat's apiKeyEnv) are registered before it runs.
      try {
        const config = runConfig(data.job.question, settings, data.job.seed);
        for (const seat of [...config.panel, ...(config.judge ? [config.judge] : [])]) {
          const { keyEnv } = resolveEndpoint(seat, options.env);
          if (keyEnv) registerKeys(options.env, [keyEnv]);
        }
      } catch {
        // runOne says what is wrong with the panel
      }
      const shared = options.shared !== false && existsSync(join(dir, MANIFEST_FILE));
      const file = shared ? join(dir, entry.file) : join(localDir(), `${data.batch}-${entry.file}`);
      const resume = resumable(shared ? dir : localDir(), shared ? entry : { ...entry, file: `${data.batch}-${entry.file}` });
      const controller = new AbortController();
      controllers.add(controller);
      // The batch's --max-cost: what its finished runs have cost (the sum in Redis), less
      // what this worker's other runs of the batch have spent and reserved.
      let budget: BatchBudget | undefined;
      if (settings.maxCost !== undefined) {
        const so = Number((await redis.get(spentKey(data.batch))) ?? 0);
        finishedCost.set(data.batch, Number.isFinite(so) ? so : 0);
        budget = budgets.get(data.batch);
        if (!budget) {
          const batch = data.batch;
          budget = new BatchBudget(settings.maxCost, () => finishedCost.get(batch) ?? 0);
          budgets.set(batch, budget);
        }
      }
      log(`${id}: ${entry.id} started${resume ? ' (continuing its saved rounds)' : ''}`);
      try {
        let transcript: Transcript;
        let wroteShared = shared;
        try {
          transcript = await runOne(data.job, settings, {
            env: options.env,
            signal: controller.signal,
            file,
            ...(resume ? { resume } : {}),
            ...(budget ? { budget } : {}),
            onWriteError: (m) => log(`${id}: ${m}`),
            limits,
          });
        } catch (err) {
          if (!(err instanceof UnsavedRunError)) throw new Error(redactSecrets((err as Error).message));
          // Not saved here (a full disk): it goes back through Redis, for the batch to save.
          log(`${id}: ${err.message}`);
          transcript = err.transcript;
          wroteShared = false;
        }
        if (transcript.status === 'interrupted' && stopping.signal.aborted) {
          // Stopping: hand the run back to the queue; the next worker continues it.
          if (!lost) {
            await job.moveToDelayed(Date.now(), token);
            log(`${id}: ${entry.id} handed back`);
          }
          throw new DelayedError();
        }
        if (settings.maxCost !== undefined) {
          // Counted before the result goes back, so the next run anywhere sees it spent.
          const usd = transcriptCost(transcript);
          if (usd) finishedCost.set(data.batch, Number(await redis.incrbyfloat(spentKey(data.batch), usd)));
        }
        log(`${id}: ${entry.id} ${transcript.status}`);
        // What goes back through Redis (the job's return value, the events stream) is redacted here.
        return outgoing<RunResult>({ transcript, by: id, wroteShared, version: VERSION, ...(resume ? { continuedUsd: transcriptCost(resume) ?? 0 } : {}) });
      } finally {
        controllers.delete(controller);
        budget?.release(data.job.id);
      }
    },
    {
      connection: connectionOf(options.url, () => lost !== null),
      concurrency: options.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      maxStalledCount: 3,
      ...(options.limiter ? { limiter: options.limiter } : {}),
    },
  );
  // The watch says once that Redis is away and when it is back; BullMQ's own errors (each
  // reconnect attempt, a lock lost meanwhile) are logged once each, not as a flood.
  const said = new Set<string>();
  worker.on('error', (err) => {
    if (watch.isDown()) return;
    const line = `${id}: ${err.message}`;
    if (said.has(line)) return;
    said.add(line);
    log(line);
  });
  await Promise.race([worker.waitUntilReady(), new Promise<void>((resolve) => stopping.signal.addEventListener('abort', () => resolve(), { once: true }))]);
  if (!stopping.signal.aborted) log(`${id}: waiting for runs on ${QUEUE_NAME}`);
  await new Promise<void>((resolve) => {
    if (stopping.signal.aborted) resolve();
    stopping.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const c of controllers) c.abort(new Error('interrupted'));
  if (lost) {
    log(`${id}: ${lost} Start the worker again once Redis is back; the runs it had go back to the queue.`);
    await Promise.race([worker.close(true).catch(() => {}), sleep(2000)]);
    await worker.disconnect().catch(() => {});
  } else {
    await worker.close();
  }
  watch.close();
  options.signal.removeEventListener('abort', stopAll);
  log(`${id}: stopped`);
  return lost === null;
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
