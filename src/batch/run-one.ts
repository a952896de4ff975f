// One batch run: a question, a repeat and a seed in; the transcript out (written to its file as
// each turn and round ends, with the question's `answer` and `batch` place recorded). This is the
// one place the batch touches the engine, so the engine can change beneath it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { setupServer } from 'msw/node';
import { createModelClient, resolveEndpoint, type SeatConfig } from '../agents/factory.js';
import { PROVIDERS, PROVIDER_IDS } from '../agents/providers.js';
import type { CallLimit } from '../agents/limiter.js';
import { DEFAULT_RETRY } from '../agents/retry.js';
import { assignIds, runDebate, type DebateConfig } from '../engine/debate.js';
import { DebateEvents } from '../core/events.js';
import { resolvePanel, type Panel } from '../cli/panel.js';
import { PromptBook } from '../protocols/prompts.js';
import { providerHandlers } from '../mock/handlers.js';
import { mockScript } from '../mock/script.js';
import type { WireEndpoint, WireScript } from '../mock/types.js';
import type { Transcript } from '../core/schema.js';
import { writeTranscriptFile } from '../transcript/store.js';
import { budgetPlan, costHooks, priceBookFor } from '../cli/cost-plan.js';
import { UsageError } from '../util/errors.js';
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
  retries: number;
  retryBaseMs: number;
  /** Mock mode: milliseconds between streamed chunks (0 in a batch unless asked). */
  mockPace: number;
  maxCost?: number;
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

function judgeOf(panel: Panel, judge: string | false | undefined): SeatConfig | null {
  if (judge === false) return null;
  if (typeof judge === 'string') return { name: `Judge (${judge.split(':').slice(1).join(':') || judge})`, model: judge };
  if (panel.judge !== undefined) return panel.judge;
  const first = panel.debaters[0];
  return first ? { name: `Judge (${first.name})`, model: first.model } : null;
}

/** The debate a run is: the batch settings with the question's overrides. Throws a UsageError on a bad panel. */
export function runConfig(question: Question, settings: BatchSettings, seed: number): DebateConfig {
  const panel = resolvePanel(question.panel ?? settings.panel, question.panel ? undefined : settings.models);
  if (panel.debaters.length < 2) throw new UsageError(`The panel of question "${question.id}" has fewer than two debaters.`);
  return {
    motion: question.motion,
    options: [...question.options],
    mode: 'debate',
    rounds: question.rounds ?? settings.rounds,
    panel: assignIds(panel.debaters),
    judge: judgeOf(panel, question.judge ?? settings.judge),
    source: settings.mock ? 'mock' : 'live',
    maxTokens: settings.maxTokens,
    judgeMaxTokens: Math.max(settings.maxTokens, 2000),
    briefing: [],
    ...(question.protocol ? { protocol: question.protocol } : {}),
    seed,
    settings: {
      ...(settings.mock ? { seed } : {}),
      rounds: question.rounds ?? settings.rounds,
      mode: 'debate',
      maxTokens: settings.maxTokens,
      judgeMaxTokens: Math.max(settings.maxTokens, 2000),
      retries: settings.retries,
      retryBaseMs: settings.retryBaseMs,
    },
  };
}

// Mock mode for many debates in one process: one stand-in server, each debate's calls answered
// by its own script, found through the async context the debate runs in.
const mockContext = new AsyncLocalStorage<WireScript>();
let mockServer: { server: ReturnType<typeof setupServer>; urls: Set<string>; users: number } | null = null;

function useMockEndpoints(endpoints: WireEndpoint[]): () => void {
  if (!mockServer) {
    const server = setupServer();
    server.listen({ onUnhandledRequest: (request, print) => (/^https?:/i.test(request.url) ? print.error() : undefined) });
    mockServer = { server, urls: new Set(), users: 0 };
  }
  const state: NonNullable<typeof mockServer> = mockServer;
  const fresh = endpoints.filter((e) => !state.urls.has(`${e.provider}|${e.baseURL}`));
  if (fresh.length) {
    for (const e of fresh) state.urls.add(`${e.provider}|${e.baseURL}`);
    state.server.use(...providerHandlers(fresh, (call) => {
      const script = mockContext.getStore();
      if (!script) return { kind: 'http', status: 500, message: 'no mock debate is running for this call' };
      return script(call);
    }));
  }
  state.users++;
  return () => {
    state.users--;
    if (state.users === 0 && mockServer === state) {
      state.server.close();
      mockServer = null;
    }
  };
}

export interface RunContext {
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  /** Where the transcript goes (written after every turn and round). */
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

/** Runs one question once. Resolves with the final transcript: complete, failed or interrupted. */
export async function runOne(job: RunJob, settings: BatchSettings, ctx: RunContext): Promise<Transcript> {
  const config = runConfig(job.question, settings, job.seed);
  const stamp = (t: Transcript): Transcript => ({
    ...t,
    ...(job.question.answer !== undefined ? { answer: job.question.answer } : {}),
    batch: { question: job.question.id, repeat: job.repeat },
  });
  const events = new DebateEvents((e) => ctx.onWriteError?.(`a listener failed: ${(e as Error).message}`));
  let lastError: string | null = null;
  events.on((event) => {
    if (!('transcript' in event)) return;
    try {
      writeTranscriptFile(ctx.file, stamp(event.transcript));
      lastError = null;
    } catch (err) {
      const message = `Could not save ${ctx.file}: ${(err as Error).message}`;
      if (message !== lastError) ctx.onWriteError?.(message);
      lastError = message;
    }
  });
  const seats = [...config.panel, ...(config.judge ? [config.judge] : [])];
  const prompts = new PromptBook();
  // Every run is priced (src/cost): its transcript carries cost.usd, which the batch adds up.
  const book = priceBookFor({}, {});
  const cost = ctx.budget
    ? ctx.budget.hooks(job.id, book, budgetPlan(config, prompts))
    : costHooks(book, { maxCostUsd: ctx.budgetUsd, maxTokens: undefined }, budgetPlan(config, prompts));
  const run = () =>
    runDebate(
      config,
      {
        createClient: (seat) => createModelClient(seat, { env: ctx.env, mock: settings.mock }),
        prompts,
        retry: { ...DEFAULT_RETRY, retries: settings.retries, baseDelayMs: settings.retryBaseMs },
        signal: ctx.signal,
        events,
        cost,
        ...(ctx.limits ? { limits: ctx.limits } : {}),
      },
      ctx.resume,
    );
  if (!settings.mock) return stamp(await run());

  const endpoints = [
    ...PROVIDER_IDS.filter((p) => PROVIDERS[p].defaultBaseURL).map((p) => ({ provider: p, baseURL: PROVIDERS[p].defaultBaseURL!.replace(/\/+$/, '') })),
    ...seats.map((seat) => {
      const e = resolveEndpoint(seat, ctx.env);
      return { provider: e.profile.id, baseURL: e.baseURL };
    }),
  ];
  const release = useMockEndpoints(endpoints);
  const script = mockScript(null, {
    paceMs: settings.mockPace,
    seed: job.seed,
    traitSeed: settings.seed,
    panel: config.panel.map((p) => p.name),
    ...(job.question.answer !== undefined ? { answer: job.question.answer } : {}),
  });
  try {
    return stamp(await mockContext.run(script, run));
  } finally {
    release();
  }
}
