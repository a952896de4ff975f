// The round loop. Round 1 is blind; in round k each debater sees every debater's round k-1 vote
// and argument. All debaters of a round are asked at once. Everything is reported as events.
import { randomUUID } from 'node:crypto';
import type { ModelClient } from '../agents/client.js';
import { takeTurn } from '../agents/debater.js';
import type { SeatConfig } from '../agents/factory.js';
import type { RetryPolicy } from '../agents/retry.js';
import { judgeDebate } from '../judge/judge.js';
import type { PanelMember, Round, Settings, Transcript, Turn } from '../transcript/schema.js';
import { TRANSCRIPT_FORMAT, TRANSCRIPT_VERSION } from '../transcript/schema.js';
import { slugify } from '../util/slug.js';
import type { DebateEvents } from './events.js';
import type { PromptBook } from './prompts.js';
import { computeResult } from './result.js';

export interface DebaterSeat extends SeatConfig {
  id: string;
}

export interface DebateConfig {
  motion: string;
  options: string[];
  mode: 'debate' | 'poll';
  rounds: number;
  panel: DebaterSeat[];
  judge: SeatConfig | null;
  source: 'live' | 'mock';
  maxTokens: number;
  judgeMaxTokens: number;
  briefing: { label: string; text: string }[];
  /** The gateway every seat goes through (--via), recorded as settings.via. */
  via?: 'openrouter' | 'compat' | undefined;
  /** Recorded in the transcript as `settings`. */
  settings?: Settings;
}

export interface EngineDeps {
  createClient: (seat: SeatConfig) => ModelClient;
  prompts: PromptBook;
  retry: RetryPolicy;
  signal: AbortSignal;
  events: DebateEvents;
  now?: () => Date;
  /** Prices and budgets (src/cost); absent: no cost is recorded and nothing stops early. */
  cost?: CostHooks;
}

export interface CostHooks {
  /** Fills in the turns' and the run's cost from the usage recorded so far (in place). */
  annotate(transcript: Transcript): void;
  /** Before a round: why it must not run (a budget it could pass), or null. */
  beforeRound(transcript: Transcript, round: number): string | null;
  /** Before the judge: why it must not run, or null. */
  beforeJudge(transcript: Transcript): string | null;
}

/** Gives each seat a stable id from its name ("GPT-5.4" → "gpt-5-4"), unique within the panel. */
export function assignIds<T extends SeatConfig>(seats: T[]): (T & { id: string })[] {
  const used = new Set<string>();
  return seats.map((seat) => {
    const base = slugify(seat.name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { ...seat, id };
  });
}

export function newTranscript(config: DebateConfig, now: Date): Transcript {
  return {
    format: TRANSCRIPT_FORMAT,
    version: TRANSCRIPT_VERSION,
    id: randomUUID(),
    motion: config.motion,
    options: [...config.options],
    mode: config.mode,
    status: 'interrupted',
    source: config.source,
    startedAt: now.toISOString(),
    finishedAt: null,
    panel: config.panel.map((p) => ({ id: p.id, name: p.name, model: p.model })),
    judge: config.judge ? { name: config.judge.name, model: config.judge.model } : null,
    rounds: [],
    result: null,
    judgement: null,
    plannedRounds: config.rounds,
    ...(config.settings || config.via ? { settings: { ...config.settings, ...(config.via ? { via: config.via } : {}) } } : {}),
    judgeError: null,
    error: null,
  };
}

const snapshot = (t: Transcript): Transcript => structuredClone(t);

function lastVote(rounds: Round[], debater: string, before: number): string | null {
  for (let i = before - 2; i >= 0; i--) {
    const turn = rounds[i]?.turns.find((t) => t.debater === debater);
    if (turn?.vote) return turn.vote;
  }
  return null;
}

/** A round held quorum when at least two debaters gave a valid vote in it. */
export const heldQuorum = (round: Round): boolean => round.turns.filter((t) => t.vote !== null).length >= 2;

/**
 * Runs (or, given an interrupted transcript, resumes) a debate. Resolves with the final transcript
 * whatever happened: complete, failed (fewer than two debaters could vote) or interrupted.
 */
export async function runDebate(config: DebateConfig, deps: EngineDeps, resume?: Transcript): Promise<Transcript> {
  const now = deps.now ?? (() => new Date());
  const transcript: Transcript = resume ? snapshot(resume) : newTranscript(config, now());
  transcript.status = 'interrupted';
  transcript.finishedAt = null;
  transcript.error = null;
  const { events, signal } = deps;
  const clients = new Map(config.panel.map((seat) => [seat.id, deps.createClient(seat)]));
  events.emit({ type: 'debate_started', transcript: snapshot(transcript) });

  const finish = (status: Transcript['status'], error: string | null = null): Transcript => {
    deps.cost?.annotate(transcript);
    transcript.status = status;
    transcript.finishedAt = now().toISOString();
    if (error) transcript.error = error;
    const final = snapshot(transcript);
    if (status === 'interrupted') events.emit({ type: 'interrupted', transcript: final });
    else if (status === 'failed') events.emit({ type: 'failed', error: error ?? 'the debate failed', transcript: final });
    else events.emit({ type: 'debate_finished', transcript: final });
    return final;
  };

  try {
    for (let number = 1; number <= config.rounds; number++) {
      if (signal.aborted) return finish('interrupted');
      let round = transcript.rounds.find((r) => r.number === number);
      if (round && round.turns.length >= config.panel.length) {
        if (heldQuorum(round)) continue;
        // A resumed round that failed (fewer than two votes): ask again those who gave no vote.
        round.turns = round.turns.filter((t) => t.vote !== null);
      }
      const stop = deps.cost?.beforeRound(transcript, number) ?? null;
      if (stop) {
        transcript.stopReason = stop;
        events.emit({ type: 'stopped', reason: stop, transcript: snapshot(transcript) });
        break;
      }
      if (!round) {
        round = { number, turns: [] };
        transcript.rounds.push(round);
      }
      const current = round;
      const done = new Set(current.turns.map((t) => t.debater));
      const pending = config.panel.filter((seat) => !done.has(seat.id));
      events.emit({ type: 'round_started', round: number, debaters: pending.map((s) => s.id) });
      const previous = transcript.rounds.find((r) => r.number === number - 1);

      const results = await Promise.allSettled(
        pending.map(async (seat) => {
          const member: PanelMember = { id: seat.id, name: seat.name, model: seat.model };
          events.emit({ type: 'turn_started', round: number, debater: seat.id });
          const retries: Turn['retries'] = [];
          const turn = await takeTurn(
            deps.prompts,
            clients.get(seat.id)!,
            {
              motion: config.motion,
              options: config.options,
              round: number,
              rounds: config.rounds,
              member,
              panel: transcript.panel,
              previous,
              previousVote: lastVote(transcript.rounds, seat.id, number),
              briefing: config.briefing,
            },
            {
              signal,
              onToken: (text) => events.emit({ type: 'token', round: number, debater: seat.id, text }),
              onRetry: (note) => {
                retries.push(note);
                events.emit({ type: 'retry', round: number, debater: seat.id, note });
              },
            },
            deps.retry,
            config.maxTokens,
          );
          if (retries.length) turn.retries = retries;
          current.turns.push(turn);
          deps.cost?.annotate(transcript);
          events.emit({ type: 'turn_finished', round: number, turn: structuredClone(turn), transcript: snapshot(transcript) });
        }),
      );
      if (signal.aborted) return finish('interrupted');
      const crash = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (crash) throw crash.reason;

      // Keep the panel's order in the transcript, whatever order the replies landed in.
      const order = new Map(config.panel.map((s, i) => [s.id, i]));
      current.turns.sort((a, b) => (order.get(a.debater) ?? 0) - (order.get(b.debater) ?? 0));
      const valid = current.turns.filter((t) => t.vote !== null).length;
      transcript.result = computeResult(config.options, current, config.panel.length);
      events.emit({ type: 'round_finished', round: number, transcript: snapshot(transcript) });
      if (valid < 2) {
        return finish(
          'failed',
          `only ${valid} of ${config.panel.length} debaters gave a valid vote in round ${number}; a debate needs at least two`,
        );
      }
    }

    const skipJudge = config.judge && !transcript.judgement && transcript.rounds.length > 0 ? (deps.cost?.beforeJudge(transcript) ?? null) : null;
    if (skipJudge) {
      transcript.judgeError = skipJudge;
      events.emit({ type: 'judged', judgement: null, error: skipJudge, transcript: snapshot(transcript) });
    } else if (config.judge && !transcript.judgement && transcript.rounds.length > 0) {
      events.emit({ type: 'judging', judge: config.judge.name });
      const outcome = await judgeDebate(
        deps.prompts,
        deps.createClient(config.judge),
        config.judge.name,
        transcript,
        {
          signal,
          onRetry: (note) => events.emit({ type: 'retry', round: transcript.rounds.length, debater: null, note }),
        },
        deps.retry,
        config.judgeMaxTokens,
      );
      transcript.judgement = outcome.judgement;
      transcript.judgeError = outcome.error;
      transcript.judgeUsage = outcome.usage;
      deps.cost?.annotate(transcript);
      events.emit({ type: 'judged', judgement: outcome.judgement, error: outcome.error, transcript: snapshot(transcript) });
    }
    return finish('complete');
  } catch (err) {
    if (signal.aborted || (err as { kind?: string }).kind === 'aborted') return finish('interrupted');
    throw err;
  }
}
