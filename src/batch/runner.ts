// Runs a batch's unfinished runs in this process, `concurrency` debates at once, keeping the
// manifest up to date (src/batch/manifest.ts). Stops taking new runs when the budget is spent, the
// signal aborts (runs in flight end as `interrupted` transcripts, resumable) or the manifest can no
// longer be written.
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Transcript } from '../core/schema.js';
import { closedResult, outcomeText } from '../core/result.js';
import { providerLimits, type CallLimit } from '../agents/limiter.js';
import { loadTranscript, writeTranscriptFile } from '../transcript/store.js';
import { BatchBudget } from './budget.js';
import { ManifestStore, jobOf, spentOf, type Manifest, type RunEntry } from './manifest.js';
import type { BatchProgress, ProgressCounts } from './progress.js';
import { UnsavedRunError, runOne, type RunJob } from './run-one.js';

export function transcriptCost(t: Transcript): number | null {
  const cost = (t as { cost?: { usd?: unknown; unreported?: { usd?: unknown } } | null }).cost;
  const usd = cost?.usd;
  // Calls that reported no usage count at their worst case against the batch's budget.
  const bound = typeof cost?.unreported?.usd === 'number' && Number.isFinite(cost.unreported.usd) ? cost.unreported.usd : 0;
  return typeof usd === 'number' && Number.isFinite(usd) ? usd + bound : null;
}

/**
 * Records a finished transcript's outcome in its manifest entry, and adds what the attempt cost to
 * what the run has spent. `continuedUsd`: the cost of the saved transcript the attempt continued
 * (its rounds are in this one's cost, and were counted already when that transcript was recorded).
 */
export function settle(entry: RunEntry, t: Transcript, finishedAt: Date, continuedUsd?: number): void {
  const counted = continuedUsd !== undefined ? Math.min(continuedUsd, typeof entry.costUsd === 'number' ? entry.costUsd : 0) : 0;
  entry.spentUsd = spentOf(entry) + Math.max(0, (transcriptCost(t) ?? 0) - counted);
  entry.status = t.status;
  entry.label = t.result?.label ?? null;
  entry.winner = closedResult(t.result)?.winner ?? null;
  entry.costUsd = transcriptCost(t);
  entry.error = t.error ?? null;
  entry.finishedAt = finishedAt.toISOString();
}

/** A run whose transcript could not be saved in the folder: failed, its cost counted, the file it went to instead kept. */
export function settleUnsaved(entry: RunEntry, err: UnsavedRunError, finishedAt: Date, continuedUsd?: number): void {
  settle(entry, err.transcript, finishedAt, continuedUsd);
  entry.status = 'failed';
  entry.error = err.message;
  entry.savedTo = err.savedTo;
}

export function counts(manifest: Manifest, skipped: number): ProgressCounts {
  const priced = manifest.runs.map((r) => r.costUsd).filter((c): c is number => typeof c === 'number');
  return {
    total: manifest.runs.length,
    done: manifest.runs.filter((r) => r.status === 'complete').length,
    running: manifest.runs.filter((r) => r.status === 'running').length,
    failed: manifest.runs.filter((r) => r.status === 'failed').length,
    skipped,
    costUsd: priced.length ? spent(manifest) : null,
  };
}

/** counts() from the store's running tally: the same numbers without reading every run. */
export function storeCounts(store: ManifestStore, skipped: number): ProgressCounts {
  const t = store.tally;
  return { total: t.total, done: t.complete, running: t.running, failed: t.failed, skipped, costUsd: t.priced || t.spentUsd > 0 ? t.spentUsd : null };
}

/** Runs still to do: never started, interrupted, failed, or marked running by a process that died. */
export function unfinished(manifest: Manifest): RunEntry[] {
  return manifest.runs.filter((r) => r.status !== 'complete');
}

/** The transcript in a run's file, if it holds one of this very run (its batch place matches). */
function onDisk(dir: string, entry: RunEntry): Transcript | undefined {
  const path = join(dir, entry.file);
  if (!existsSync(path)) return undefined;
  try {
    const t = loadTranscript(path);
    const place = (t as { batch?: { question?: unknown; repeat?: unknown } }).batch;
    return place && place.question === entry.question && place.repeat === entry.repeat ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The interrupted transcript of a run to continue from, if its file holds one. */
export function resumable(dir: string, entry: RunEntry): Transcript | undefined {
  const t = onDisk(dir, entry);
  return t && t.status === 'interrupted' && t.rounds.length > 0 ? t : undefined;
}

/**
 * A run that is not marked complete but whose finished transcript is on disk (its process died
 * before recording it, or it was saved elsewhere and named in `savedTo`): recorded as complete,
 * never run (and paid for) again. True when it was.
 */
export function recover(dir: string, entry: RunEntry, now = new Date()): boolean {
  if (entry.status === 'complete') return false;
  if (entry.savedTo && existsSync(entry.savedTo)) {
    try {
      const t = loadTranscript(entry.savedTo);
      const place = (t as { batch?: { question?: unknown; repeat?: unknown } }).batch;
      if (place && place.question === entry.question && place.repeat === entry.repeat) {
        writeTranscriptFile(join(dir, entry.file), t);
        entry.savedTo = null;
      }
    } catch {
      // still cannot be moved in: the run stays failed, and its kept copy is still named
    }
  }
  const t = onDisk(dir, entry);
  if (!t || t.status !== 'complete') return false;
  // Its cost counted once: what its last recorded attempt did not count yet.
  settle(entry, t, now, transcriptCost(t) ?? 0);
  return true;
}

export function spent(manifest: Manifest): number {
  return manifest.runs.reduce((a, r) => a + spentOf(r), 0);
}

export interface LocalRunOptions {
  dir: string;
  concurrency: number;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  progress: BatchProgress;
  /** The manifest's store (default: one made here). */
  store?: ManifestStore;
  /** Replaceable for tests: runs one job. */
  run?: typeof runOne;
  /** Per-provider call limits shared by all the runs (default: each provider's usual limit, for the whole batch). */
  limits?: (provider: string) => CallLimit;
  /** Where a transcript goes that could be saved nowhere else (the debate command prints it on stdout). */
  printUnsaved?: (text: string) => void;
}

/** Resolves when no run is left to start and none is running. */
export async function runLocal(manifest: Manifest, options: LocalRunOptions): Promise<void> {
  const { dir, signal, progress } = options;
  setMaxListeners(0, signal);
  const store = options.store ?? new ManifestStore(dir, manifest);
  const save = (entry: RunEntry) => store.record(entry);
  for (const entry of manifest.runs) if (entry.status !== 'complete' && recover(dir, entry)) save(entry);
  const queue = unfinished(manifest);
  let next = 0;
  const budget = manifest.settings.maxCost;
  const run = options.run ?? runOne;
  // One limiter per provider for the whole batch: --concurrency 64 debates still make at most the
  // provider's usual number of calls at once, not 64 times it.
  const limits = options.limits ?? providerLimits();
  // The budget of the runs in flight together: each sees what the others have spent and reserved.
  const shared = budget !== undefined ? new BatchBudget(budget, () => store.tally.spentUsd) : null;
  // A promise that settles when the next run that spent or reserved budget ends.
  let ended: () => void = () => {};
  let nextEnd = new Promise<void>((resolve) => (ended = resolve));
  const runEnded = () => {
    ended();
    nextEnd = new Promise<void>((resolve) => (ended = resolve));
  };

  const lane = async () => {
    for (;;) {
      if (signal.aborted || store.failure) return;
      if (budget !== undefined && store.tally.spentUsd >= budget) {
        if (next < queue.length) manifest.stopReason = 'budget';
        return;
      }
      const entry = queue[next++];
      if (!entry) return;
      const job: RunJob = jobOf(manifest, entry);
      const resume = resumable(dir, entry);
      entry.status = 'running';
      entry.startedAt = new Date().toISOString();
      entry.error = null;
      save(entry);
      let transcript: Transcript;
      try {
        transcript = await run(job, manifest.settings, {
          env: options.env,
          signal,
          file: join(dir, entry.file),
          ...(resume ? { resume } : {}),
          ...(shared ? { budget: shared } : {}),
          onWriteError: (m) => progress.note(m),
          limits,
        });
      } catch (err) {
        runEnded();
        shared?.release(job.id);
        if (err instanceof UnsavedRunError) {
          settleUnsaved(entry, err, new Date(), resume ? (transcriptCost(resume) ?? 0) : undefined);
          if (!err.savedTo) options.printUnsaved?.(err.json);
        } else {
          entry.status = signal.aborted ? 'interrupted' : 'failed';
          entry.error = (err as Error).message;
          entry.finishedAt = new Date().toISOString();
        }
        save(entry);
        progress.finished(entry.id, entry.status, entry.error ?? '');
        continue;
      }
      settle(entry, transcript, new Date(), resume ? (transcriptCost(resume) ?? 0) : undefined);
      shared?.release(job.id);
      // Only a run that spent or reserved something frees budget when it ends.
      const didNothing = (transcript.rounds ?? []).length === 0;
      if (!didNothing) runEnded();
      const stop = (transcript as { stopReason?: string | null }).stopReason;
      if (stop && didNothing && shared && shared.held() > 0 && !signal.aborted) {
        // It could not start while other runs held part of the budget: it waits for one of them
        // to end and tries again; it gives up only when nothing else is running.
        entry.status = 'pending';
        entry.error = null;
        queue.unshift(entry);
        save(entry);
        await nextEnd;
        continue;
      }
      if (stop) {
        // The run stopped itself at the budget: the batch's budget is spent. A run that did not
        // get to vote is run again by a resume with a larger budget (what it spent stays counted).
        manifest.stopReason = 'budget';
        if (transcript.rounds.length === 0) entry.status = 'pending';
        entry.error = stop;
        next = queue.length;
      }
      save(entry);
      const outcome = outcomeText(transcript.result);
      const status: string = entry.status;
      progress.finished(entry.id, status, status === 'failed' ? (entry.error ?? '') : outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  if (signal.aborted || store.failure) manifest.stopReason = 'interrupted';
  else if (manifest.stopReason !== 'budget') manifest.stopReason = null;
  store.finish();
}
