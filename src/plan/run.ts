// Runs a planned debate: its clients (mock mode's stand-in included), retries, watchdogs and
// budget, with the listeners a face gives it. The debate command, and the MCP server's tools, run
// a plan through here; what each shows of the run is its own listener of the events.
import type { CallTimeouts } from '../agents/client.js';
import { createModelClient } from '../agents/factory.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../agents/retry.js';
import type { DebateEvents } from '../core/events.js';
import type { HumanDesk } from '../core/human.js';
import type { Transcript } from '../core/schema.js';
import { runDebate } from '../engine/debate.js';
import type { PromptBook } from '../prompting/prompts.js';
import { costHooks, type budgetPlan } from './cost-plan.js';
import type { Plan } from './debate-plan.js';

export interface RunSettings {
  retries: number;
  retryBaseMs: number;
  /** Watchdogs, in seconds, as the flags give them. */
  firstTokenTimeout: number;
  idleTimeout: number;
  callTimeout: number;
  /** Mock mode: milliseconds between streamed chunks. */
  mockPace?: number;
}

export interface RunHooks {
  env: Record<string, string | undefined>;
  events: DebateEvents;
  signal: AbortSignal;
  prompts: PromptBook;
  budget: ReturnType<typeof budgetPlan>;
  /** Called once the first request is on its way. */
  onSent?: () => void;
  /** Where a person's seat is asked (--human): the live view's composer. */
  human?: HumanDesk;
  /** Resolves once the transcripts saved so far are on disk (the transcript writer's settled; EngineDeps.saved). */
  saved?: () => Promise<void>;
}

/** Runs the plan to its end (complete, interrupted through `signal`, or failed) and returns the transcript. */
export async function runPlan(plan: Plan, settings: RunSettings, hooks: RunHooks): Promise<Transcript> {
  const { config, mock, resume, prices, limits } = plan;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, retries: settings.retries, baseDelayMs: settings.retryBaseMs };
  const timeouts: CallTimeouts = {
    firstTokenMs: settings.firstTokenTimeout * 1000,
    idleMs: settings.idleTimeout * 1000,
    totalMs: settings.callTimeout * 1000,
  };
  const seats = [...config.panel.filter((p) => !p.human), ...(config.judge ? [config.judge] : []), ...(config.digest ? [config.digest] : [])];
  // Mock mode: this run's own stand-in, reached through the fetch its clients are given (msw and
  // the mock scripts are loaded only in mock mode).
  const fetch = mock
    ? (await import('../mock/server.js')).mockFetchForSeats(
        seats,
        hooks.env,
        (await import('../mock/script.js')).mockScript(mock.script, { paceMs: settings.mockPace ?? 25, seed: mock.seed, panel: config.panel.map((p) => p.name) }),
      )
    : null;
  // The seats' prices are looked up (and the price catalogue read, about 30 ms of CPU) while the
  // first requests wait for their replies, not when the first reply lands among the others of its
  // round: there the catalogue held up reading them and the next round's requests.
  let warm: NodeJS.Timeout | null = null;
  const onSent = () => {
    hooks.onSent?.();
    warm ??= setTimeout(() => {
      for (const model of new Set(seats.map((seat) => seat.model))) {
        try {
          prices.lookup(model);
        } catch {
          // looked up again when a turn is priced, which reports it
        }
      }
    }, WARM_PRICES_MS).unref();
  };
  try {
    return await runDebate(
      config,
      {
        createClient: (seat) => createModelClient(seat, { env: hooks.env, timeouts, mock: Boolean(mock), onSent, ...(fetch ? { fetch } : {}) }),
        prompts: hooks.prompts,
        retry,
        signal: hooks.signal,
        events: hooks.events,
        cost: costHooks(prices, limits, hooks.budget),
        ...(hooks.human ? { human: hooks.human } : {}),
        ...(hooks.saved ? { saved: hooks.saved } : {}),
      },
      resume,
    );
  } finally {
    if (warm) clearTimeout(warm);
  }
}

/** How long after the first request is sent the seats' prices are looked up. */
const WARM_PRICES_MS = 100;
