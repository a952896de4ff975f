// Runs a batch's unfinished runs in this process, `concurrency` debates at once, keeping batch.json
// up to date. Stops taking new runs when the budget is spent or the signal aborts (runs in flight
// end as `interrupted` transcripts, resumable).
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Transcript } from '../core/schema.js';
import { closedResult, outcomeText } from '../core/result.js';
import { providerLimits, type CallLimit } from '../agents/limiter.js';
import { loadTranscript } from '../transcript/store.js';
import { BatchBudget } from './budget.js';
import { jobOf, writeManifest, type Manifest, type RunEntry } from './manifest.js';
import type { BatchProgress, ProgressCounts } from './progress.js';
import { runOne, type RunJob } from './run-one.js';

export function transcriptCost(t: Transcript): number | null {
  const cost = (t as { cost?: { usd?: unknown; unreported?: { usd?: unknown } } | null }).cost;
  const usd = cost?.usd;
  // Calls that reported no usage count at their worst case against the batch's budget.
  const bound = typeof cost?.unreported?.usd === 'number' && Number.isFinite(cost.unreported.usd) ? cost.unreported.usd : 0;
  return typeof usd === 'number' && Number.isFinite(usd) ? usd + bound : null;
}

/** Records a finished transcript's outcome in its manifest entry. */
export function settle(entry: RunEntry, t: Transcript, finishedAt: Date): void {
  entry.status = t.status;
  entry.label = t.result?.label ?? null;
  entry.winner = closedResult(t.result)?.winner ?? null;
  entry.costUsd = transcriptCost(t);
  entry.error = t.error ?? null;
  entry.finishedAt = finishedAt.toISOString();
}

export function counts(manifest: Manifest, skipped: number): ProgressCounts {
  const priced = manifest.runs.map((r) => r.costUsd).filter((c): c is number => typeof c === 'number');
  return {
    total: manifest.runs.length,
    done: manifest.runs.filter((r) => r.status === 'complete').length,
    running: manifest.runs.filter((r) => r.status === 'running').length,
    failed: manifest.runs.filter((r) => r.status === 'failed').length,
    skipped,
    costUsd: priced.length ? priced.reduce((a, b) => a + b, 0) : null,
  };
}

/** Runs still to do: never started, interrupted, failed, or marked running by a process that died. */
export function unfinished(manifest: Manifest): RunEntry[] {
  return manifest.runs.filter((r) => r.status !== 'complete');
}

/** The interrupted transcript of a run to continue from, if its file holds one. */
export function resumable(dir: string, entry: RunEntry): Transcript | undefined {
  const path = join(dir, entry.file);
  if (!existsSync(path)) return undefined;
  try {
    const t = loadTranscript(path);
    return t.status === 'interrupted' && t.rounds.length > 0 ? t : undefined;
  } catch {
    return undefined;
  }
}

export function spent(manifest: Manifest): number {
  return manifest.runs.reduce((a, r) => a + (typeof r.costUsd === 'number' ? r.costUsd : 0), 0);
}

export interface LocalRunOptions {
  dir: string;
  concurrency: number;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  progress: BatchProgress;
  /** Replaceable for tests: runs one job. */
  run?: typeof runOne;
  /** Per-provider call limits shared by all the runs (default: each provider's usual limit, for the whole batch). */
  limits?: (provider: string) => CallLimit;
}

/** Resolves when no run is left to start and none is running. */
export async function runLocal(manifest: Manifest, options: LocalRunOptions): Promise<void> {
  const { dir, signal, progress } = options;
  setMaxListeners(0, signal);
  const queue = unfinished(manifest);
  const save = () => writeManifest(dir, manifest);
  const budget = manifest.settings.maxCost;
  const run = options.run ?? runOne;
  // One limiter per provider for the whole batch: --concurrency 64 debates still make at most the
  // provider's usual number of calls at once, not 64 times it.
  const limits = options.limits ?? providerLimits();
  // The budget of the runs in flight together: each sees what the others have spent and reserved.
  const shared = budget !== undefined ? new BatchBudget(budget, () => spent(manifest)) : null;
  // A promise that settles when the next run that spent or reserved budget ends.
  let ended: () => void = () => {};
  let nextEnd = new Promise<void>((resolve) => (ended = resolve));
  const runEnded = () => {
    ended();
    nextEnd = new Promise<void>((resolve) => (ended = resolve));
  };

  const lane = async () => {
    for (;;) {
      if (signal.aborted) return;
      if (budget !== undefined && spent(manifest) >= budget) {
        if (queue.length) manifest.stopReason = 'budget';
        return;
      }
      const entry = queue.shift();
      if (!entry) return;
      const job: RunJob = jobOf(manifest, entry);
      const resume = resumable(dir, entry);
      entry.status = 'running';
      entry.startedAt = new Date().toISOString();
      entry.error = null;
      save();
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
        entry.status = signal.aborted ? 'interrupted' : 'failed';
        entry.error = (err as Error).message;
        entry.finishedAt = new Date().toISOString();
        save();
        progress.finished(entry.id, entry.status, entry.error ?? '');
        continue;
      }
      settle(entry, transcript, new Date());
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
        save();
        await nextEnd;
        continue;
      }
      if (stop) {
        // The run stopped itself at the budget: the batch's budget is spent. A run that did not
        // get to vote is run again by a resume with a larger budget.
        manifest.stopReason = 'budget';
        if (transcript.rounds.length === 0) entry.status = 'pending';
        entry.error = stop;
        queue.length = 0;
      }
      save();
      const outcome = outcomeText(transcript.result);
      const status: string = entry.status;
      progress.finished(entry.id, status, status === 'failed' ? (entry.error ?? '') : outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  if (signal.aborted) manifest.stopReason = 'interrupted';
  else if (manifest.stopReason !== 'budget') manifest.stopReason = null;
  save();
}
