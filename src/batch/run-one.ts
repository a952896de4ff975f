// One batch run: a question, a repeat and a seed in; the transcript out (written to its file as
// each round ends, with the question's `answer` and `batch` place recorded). This is the
// one place the batch touches the engine, so the engine can change beneath it.
import type { Rates } from '../cost/prices.js';
import { createHash } from 'node:crypto';
import { createModelClient, type SeatConfig } from '../agents/factory.js';
import type { CallLimit } from '../agents/limiter.js';
import { DEFAULT_RETRY } from '../agents/retry.js';
import { assignIds, runDebate, type DebateConfig } from '../engine/debate.js';
import { DebateEvents } from '../core/events.js';
import { resolvePanel, type Panel } from '../plan/panel.js';
import { judgeMaxTokens, readingPlan, readsById, withJudge } from '../plan/debate-plan.js';
import { topologyName } from '../protocols/topology.js';
import { PromptBook } from '../prompting/prompts.js';
import { mockFetchForSeats } from '../mock/server.js';
import { mockScript } from '../mock/script.js';
import type { Transcript } from '../core/schema.js';
import { transcriptJson, transcriptWriter } from '../transcript/store.js';
import { budgetPlan, costHooks, priceBookFor } from '../plan/cost-plan.js';
import { UsageError } from '../util/errors.js';
import { judgeReplyTokens } from '../core/reply-cap.js';
import type { BatchBudget } from './budget.js';
import type { Question } from './spec.js';

/** What every run of a batch shares (recorded in batch.json, so a resume or a worker runs the same). */
export interface BatchSettings {
  repeats: number;
  seed: number;
  mock: boolean;
  panel?: string;
  models?: string;
  /** A model id, false for no judge, absent for the panel's own. */
  judge?: string | false;
  rounds: number;
  maxTokens: number;
  /** The judge's reply limit (--judge-max-tokens; absent: the larger of maxTokens and 2000). */
  judgeMaxTokens?: number;
  retries: number;
  retryBaseMs: number;
  /** Mock mode: milliseconds between streamed chunks (0 in a batch unless asked). */
  mockPace: number;
  maxCost?: number;
  /** Rates that override or add to the catalogue (batch --prices), USD per million tokens. */
  prices?: Record<string, Rates>;
  /** Who reads whom (--topology) for every question without its own, and the round digests (--digest, --digest-model). */
  topology?: string;
  digest?: boolean;
  digestModel?: string;
}

export interface RunJob {
  /** `<question id>-r<repeat>`: names the transcript file. */
  id: string;
  question: Question;
  repeat: number;
  /** This run's seed, derived from the batch seed, the question and the repeat. */
  seed: number;
}

/** The seed of repeat `repeat` of a question: a stable hash of the batch seed, question id and repeat. */
export function deriveSeed(batchSeed: number, questionId: string, repeat: number): number {
  return createHash('sha256').update(`${batchSeed}\u0000${questionId}\u0000${repeat}`).digest().readUInt32BE(0) & 0x7fffffff;
}

export function runFileName(questionId: string, repeat: number): string {
  return `${questionId}-r${repeat}.json`;
}

/** The debate a run is: the batch settings with the question's overrides. Throws a UsageError on a bad panel. */
export function runConfig(question: Question, settings: BatchSettings, seed: number): DebateConfig {
  const panel = resolvePanel(question.panel ?? settings.panel, question.panel ? undefined : settings.models);
  if (panel.debaters.length < 2) throw new UsageError(`The panel of question "${question.id}" has fewer than two debaters.`);
  const person = panel.debaters.find((d) => d.human);
  if (person) throw new UsageError(`The panel of question "${question.id}" seats a person (${person.name}); a batch runs with no one at the terminal, so seat only models.`);
  const judge = withJudge(panel, { judge: question.judge ?? settings.judge });
  const topology = question.topology ?? settings.topology;
  const reading = readingPlan(
    { ...(topology !== undefined ? { topology } : {}), ...(settings.digest ? { digest: true } : {}), ...(settings.digestModel ? { digestModel: settings.digestModel } : {}) },
    question.protocol ?? 'roundtable',
    judge,
    panel.debaters,
  );
  return {
    motion: question.motion,
    options: [...(question.options ?? [])],
    ...(question.open ? { open: true } : {}),
    mode: 'debate',
    rounds: question.rounds ?? settings.rounds,
    panel: readsById(assignIds(panel.debaters)),
    // The judge under its seat's display name, as a single debate names it.
    judge,
    topology: reading.topology,
    digest: reading.digest,
    source: settings.mock ? 'mock' : 'live',
    maxTokens: settings.maxTokens,
    judgeMaxTokens: judgeMaxTokens(settings, Boolean(question.open), panel.debaters.length),
    briefing: [],
    ...(question.protocol ? { protocol: question.protocol } : {}),
    seed,
    settings: {
      ...(settings.mock ? { seed, mockReplies: 'generated' as const } : {}),
      rounds: question.rounds ?? settings.rounds,
      mode: 'debate',
      ...(question.open ? { open: true } : {}),
      maxTokens: settings.maxTokens,
      judgeMaxTokens: judgeMaxTokens(settings, Boolean(question.open), panel.debaters.length),
      retries: settings.retries,
      retryBaseMs: settings.retryBaseMs,
      ...(reading.topology.kind !== 'full' ? { topology: topologyName(reading.topology) } : {}),
      ...(reading.digest ? { digest: true, digestModel: reading.digest.model } : {}),
    },
  };
}

export interface RunContext {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Where the transcript goes (written after every round, the judge, and at the end). */
  file: string;
  /** An interrupted transcript of this run to continue. */
  resume?: Transcript;
  /** What is left of the batch's --max-cost when this run starts: the run stops before a round that could pass it. */
  budgetUsd?: number;
  /** Called when a write fails (the run goes on; the next event tries again). */
  onWriteError?: (message: string) => void;
  /** The batch's --max-cost shared with the other runs in flight (instead of budgetUsd). */
  budget?: BatchBudget;
  /** Per-provider call limits shared by every run of the process (absent: the run's own). */
  limits?: (provider: string) => CallLimit;
}

/**
 * The run ended but its transcript is not in the batch's folder (a full disk): it was kept where a
 * single debate keeps one (`savedTo`, the system's temporary folder), or nowhere (`json` is it).
 * Such a run is never counted complete.
 */
export class UnsavedRunError extends Error {
  override name = 'UnsavedRunError';
  constructor(
    message: string,
    readonly transcript: Transcript,
    readonly savedTo: string | null,
  ) {
    super(message);
  }

  get json(): string {
    return transcriptJson(this.transcript);
  }
}

/**
 * Runs one question once. Resolves with the final transcript (complete, failed or interrupted) once
 * it is on disk; rejects with an UnsavedRunError when it could not be saved there.
 */
export async function runOne(job: RunJob, settings: BatchSettings, ctx: RunContext): Promise<Transcript> {
  const config = runConfig(job.question, settings, job.seed);
  // One stamped copy per snapshot, so the final save knows the last event's snapshot is on disk already.
  const stamped = new WeakMap<Transcript, Transcript>();
  const stamp = (t: Transcript): Transcript => {
    let out = stamped.get(t);
    if (!out) {
      out = { ...t, ...(job.question.answer !== undefined ? { answer: job.question.answer } : {}), batch: { question: job.question.id, repeat: job.repeat } };
      stamped.set(t, out);
    }
    return out;
  };
  const events = new DebateEvents((e) => ctx.onWriteError?.(`a listener failed: ${(e as Error).message}`));
  // Written when a round finishes, after the judge, and at the end or on interrupt, as the debate
  // command writes: in the background, one write at a time, the latest snapshot winning.
  const writer = transcriptWriter(ctx.file, (m) => ctx.onWriteError?.(m));
  events.on((event) => {
    if (!('transcript' in event) || event.type === 'turn_finished') return;
    writer.listener({ ...event, transcript: stamp(event.transcript) });
  });
  const seats = [...config.panel, ...(config.judge ? [config.judge] : []), ...(config.digest ? [config.digest] : [])];
  const prompts = new PromptBook();
  // Every run is priced (src/cost): its transcript carries cost.usd, which the batch adds up.
  const book = priceBookFor(settings.prices ?? {}, {});
  const plan = budgetPlan(config, prompts);
  const own = costHooks(book, { maxCostUsd: ctx.budgetUsd, maxTokens: undefined }, plan);
  const cost = ctx.budget ? ctx.budget.hooks(job.id, own, book, plan) : own;
  // Mock mode: this run's own stand-in, reached through the fetch its clients are given (nothing
  // global is patched, so the runs of a batch answer from their own scripts side by side).
  const fetch = settings.mock
    ? mockFetchForSeats(
        seats,
        ctx.env,
        mockScript(null, {
          paceMs: settings.mockPace,
          seed: job.seed,
          traitSeed: settings.seed,
          panel: config.panel.map((p) => p.name),
          // A known answer steers generated votes among options; an open question's is judged afterwards.
          ...(job.question.answer !== undefined && !job.question.open ? { answer: job.question.answer } : {}),
        }),
      )
    : undefined;
  const run = () =>
    runDebate(
      config,
      {
        createClient: (seat) => createModelClient(seat, { env: ctx.env, mock: settings.mock, ...(fetch ? { fetch } : {}) }),
        prompts,
        retry: { ...DEFAULT_RETRY, retries: settings.retries, baseDelayMs: settings.retryBaseMs },
        signal: ctx.signal,
        events,
        cost,
        ...(ctx.limits ? { limits: ctx.limits } : {}),
      },
      ctx.resume,
    );
  let final: Transcript;
  try {
    final = stamp(await run());
  } finally {
    await writer.settled();
  }
  // The run's last snapshot (its end or its interrupt) is on disk before the run counts as settled.
  const save = await writer.finish(final);
  if (!save.saved) throw new UnsavedRunError(save.message, final, save.path);
  return final;
}
