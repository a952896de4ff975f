// The round runner, shared by every protocol: each round, every seat still to answer is asked at
// once (calls in flight limited per provider); the protocol says what a seat is asked and shown,
// how its reply is read and how the round is scored. Everything is reported as events.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { ask } from '../agents/ask.js';
import { addUsage } from '../agents/usage.js';
import type { ModelClient } from '../agents/client.js';
import { limitedClient, providerLimits, type CallLimit } from '../agents/limiter.js';
import type { RetryPolicy } from '../agents/retry.js';
import type { DebateEvents } from '../core/events.js';
import { freshSeed } from '../core/random.js';
import { debaterReplyCap } from '../core/reply-cap.js';
import { answered } from '../core/result.js';
import type { HumanDesk, ShownTurn } from '../core/human.js';
import { personTurn } from './human-turn.js';
import type { Round, Settings, Transcript, Turn, Usage } from '../core/schema.js';
import type { SeatConfig } from '../core/seat.js';
import { DEFAULT_MAX_CONTEXT } from '../prompting/context.js';
import { protocolNamed } from '../protocols/index.js';
import { judgeDebate } from '../judge/judge.js';
import type { ProtocolName, SeatInfo } from '../protocols/protocol.js';
import type { PromptBook } from '../prompting/prompts.js';
import { roundSeating, type SeatingOptions } from '../protocols/seating.js';
import { groupsOf, readsEveryone, roundReading, type Topology } from '../protocols/topology.js';
import { countsDigest, digestPrompts, writeDigest, type DigestScope } from '../judge/digest.js';
import { quoteBudget } from '../prompting/context.js';
import { TRANSCRIPT_FORMAT, TRANSCRIPT_VERSION } from '../core/schema.js';
import { slugify } from '../util/slug.js';
import { plainClone } from '../util/plain-clone.js';

export interface DebaterSeat extends SeatConfig {
  id: string;
  /** A role added to this seat's instructions. */
  persona?: string | undefined;
  /** The option this seat must argue in round 1. */
  stance?: string | undefined;
  /** This seat's own reading list (panel file `reads`), by id. */
  reads?: string[] | undefined;
}

/** The turns of the round before that a person reads, under the labels the models see. */
function shownTo(previous: Round | undefined, reader: string, seating: { label(id: string): string; scrub(text: string): string }): ShownTurn[] {
  if (!previous) return [];
  return previous.turns
    .filter((t) => t.debater !== reader)
    .map((t) => ({ name: seating.label(t.debater), position: t.answer ?? t.vote, argument: seating.scrub(t.argument) }));
}

export interface DebateConfig {
  motion: string;
  /** The options; none for an open question. */
  options: string[];
  /** An open question (`--open`): no options, each seat answers in a sentence; the judge writes the synthesis. */
  open?: boolean;
  mode: 'debate' | 'poll';
  rounds: number;
  panel: DebaterSeat[];
  judge: SeatConfig | null;
  source: 'live' | 'mock';
  maxTokens: number;
  judgeMaxTokens: number;
  briefing: { label: string; text: string }[];
  /** The protocol (roundtable when absent). */
  protocol?: ProtocolName;
  /** Others shown as "Panelist A…", names scrubbed from what is quoted. */
  anonymize?: boolean;
  /** Each reader gets the quoted arguments in its own order. */
  shuffle?: boolean;
  /** The seed of every random choice of the run (one is drawn when absent). */
  seed?: number;
  /** The most tokens one prompt may hold; quoted arguments are shortened to fit. */
  maxContext?: number;
  /** Calls in flight per provider (a default per provider when absent). */
  concurrency?: number;
  /** The gateway every seat goes through (--via), recorded as settings.via. */
  via?: 'openrouter' | 'compat' | undefined;
  /** Recorded in the transcript as `settings`. */
  settings?: Settings;
  /** Who reads whom (full when absent). */
  topology?: Topology;
  /** A digest of each round for every seat (--digest), written by this seat's model; also between the groups of groups:K. */
  digest?: SeatConfig | null;
  /** The digest call's reply limit. */
  digestMaxTokens?: number;
  /** --human-timeout: how long a person's seat may take a turn, in ms (none when absent). */
  humanTimeoutMs?: number;
  /** --human-visible: the models are told which panelist is a person. */
  humanVisible?: boolean;
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
  /** Per-provider call limits shared with other debates (a batch); absent: this debate's own (config.concurrency). */
  limits?: (provider: string) => CallLimit;
  /** Where a person's seat (--human) is asked: the live view's composer. */
  human?: HumanDesk;
  /**
   * Resolves once the transcripts the events carried so far are saved (the transcript writer's
   * `settled`). A round's requests go out at once, but none of its turns is recorded before it
   * resolves: the round before is on disk before any reply of the next one is recorded.
   */
  saved?: () => Promise<void>;
}

export interface CostHooks {
  /** Fills in the turns' and the run's cost from the usage recorded so far (in place). */
  annotate(transcript: Transcript): void;
  /** The same, for one new turn only (the rest priced already): what the engine calls as each turn lands. */
  annotateTurn?(transcript: Transcript, turn: Turn): void;
  /** Before a round: why it must not run (a budget it could pass), or null. */
  beforeRound(transcript: Transcript, round: number): string | null;
  /** Before the judge, given the prompt it is about to be sent: why it must not run, or null. */
  beforeJudge(transcript: Transcript, prompt: { system: string; prompt: string }): string | null;
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
    options: config.open ? [] : [...config.options],
    ...(config.open ? { open: true } : {}),
    mode: config.mode,
    status: 'interrupted',
    source: config.source,
    startedAt: now.toISOString(),
    finishedAt: null,
    panel: config.panel.map((p) => ({
      id: p.id,
      name: p.name,
      model: p.model,
      ...(p.persona ? { persona: p.persona } : {}),
      ...(p.stance ? { stance: p.stance } : {}),
      ...(p.reads ? { reads: [...p.reads] } : {}),
      ...(p.human ? { human: true, model: null } : {}),
    })),
    judge: config.judge ? { name: config.judge.name, model: config.judge.model } : null,
    rounds: [],
    result: null,
    judgement: null,
    ...(config.protocol && config.protocol !== 'roundtable' ? { protocol: config.protocol } : {}),
    plannedRounds: config.rounds,
    ...(config.settings || config.via ? { settings: { ...config.settings, ...(config.via ? { via: config.via } : {}) } } : {}),
    judgeError: null,
    error: null,
  };
}

const snapshot = (t: Transcript): Transcript => plainClone(t);

/** Resolves in the event loop's next check phase (setImmediate): the microtasks queued before it, and the I/O they start, run first. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A digest's reply limit when none is set. */
export const DIGEST_REPLY_TOKENS = 400;

/** "a valid vote", "a valid ranking", "an answer". */
const unitPhrase = (unit: string) => (unit === 'answer' ? 'an answer' : `a valid ${unit}`);

/** The rounds so far with round `previous` cut to the turns `reader` may see: its own and the ones it reads. */
function visibleHistory(history: Round[], previous: number, reads: readonly string[], reader: string): Round[] {
  const shown = new Set([...reads, reader]);
  return history.map((r) => (r.number === previous ? { ...r, turns: r.turns.filter((t) => shown.has(t.debater)) } : r));
}

/** Each seat's last valid vote before round `before`, from the rounds so far (one pass). */
function lastVotes(rounds: readonly Round[], before: number): Map<string, string> {
  const votes = new Map<string, string>();
  for (const round of [...rounds].sort((a, b) => a.number - b.number)) {
    if (round.number >= before) break;
    for (const turn of round.turns) if (turn.vote) votes.set(turn.debater, turn.vote);
  }
  return votes;
}

/** A turn that counts towards a round's quorum: a valid vote, or (open questions) an answer. */
const counts = (t: Turn): boolean => t.vote !== null || answered(t);

/** Each seat's last answer before round `before` (open questions). */
function lastAnswers(rounds: readonly Round[], before: number): Map<string, string> {
  const found = new Map<string, string>();
  for (const round of [...rounds].sort((a, b) => a.number - b.number)) {
    if (round.number >= before) break;
    for (const turn of round.turns) if (answered(turn)) found.set(turn.debater, turn.answer);
  }
  return found;
}

/** A round held quorum when at least two debaters gave a valid vote (or, open, an answer) in it. */
export const heldQuorum = (round: Round): boolean => round.turns.filter(counts).length >= 2;

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
  // Every call in flight listens to the run's signal (its watchdog): a panel of hundreds is no leak.
  setMaxListeners(0, signal);
  const open = Boolean(config.open ?? transcript.open);
  const protocol = protocolNamed(config.protocol ?? transcript.protocol, open);
  const seating: SeatingOptions = { anonymize: Boolean(config.anonymize), shuffle: Boolean(config.shuffle), seed: config.seed ?? config.settings?.seed ?? freshSeed() };
  const maxContext = config.maxContext ?? DEFAULT_MAX_CONTEXT;
  const limits = deps.limits ?? providerLimits(config.concurrency);
  const clientFor = (seat: SeatConfig) => {
    const client = deps.createClient(seat);
    return limitedClient(client, limits(client.provider));
  };
  // A person's seat (--human) is asked through deps.human, never over a network.
  const clients = new Map(config.panel.filter((seat) => !seat.human).map((seat) => [seat.id, clientFor(seat)]));
  const order = new Map(config.panel.map((s, i) => [s.id, i]));
  const topology: Topology = config.topology ?? { kind: 'full' };
  const groups = topology.kind === 'groups' ? groupsOf(transcript.panel.map((p) => p.id), topology.k) : null;
  const wantsDigest = Boolean(config.digest) || groups !== null;
  /**
   * The digest of a finished round, for the next: one for the round (--digest), or one per group
   * (groups:K: written by the digest model with --digest, else the positions and their counts).
   */
  const digestRound = async (round: Round): Promise<void> => {
    const view = roundSeating(transcript.panel, round.number, seating);
    const scopes: DigestScope[] = groups ? groups.map((ids, i) => ({ group: { number: i + 1, ids } })) : [{}];
    const texts: string[] = [];
    const errors: string[] = [];
    let usage: Usage | null = null;
    let unreported: Usage | null = null;
    if (!config.digest) {
      for (const scope of scopes) texts.push(countsDigest(round, config.options, scope.group!, view.label));
    } else {
      const digest = config.digest;
      events.emit({ type: 'digesting', round: round.number });
      const budget = quoteBudget(maxContext, config.motion, config.digestMaxTokens ?? DIGEST_REPLY_TOKENS, round.turns.length);
      // Every group's digest at once (groups:K: one call a group), each through the digest model's
      // client, under the same per-provider call limit as the seats; kept in the groups' order.
      const outcomes = await Promise.all(
        scopes.map((scope) => {
          const prompts = digestPrompts(deps.prompts, digest.name, config.motion, config.options, round, { label: view.label, scrub: view.scrub, budget }, scope);
          return writeDigest(clientFor(digest), digest.name, prompts, round.number, { signal, onRetry: (note) => events.emit({ type: 'retry', round: round.number, debater: null, note }) }, deps.retry, config.digestMaxTokens ?? DIGEST_REPLY_TOKENS);
        }),
      );
      outcomes.forEach((outcome, i) => {
        const scope = scopes[i]!;
        usage = addUsage(usage, outcome.usage);
        unreported = addUsage(unreported, outcome.unreportedUsage);
        if (outcome.text !== null) texts.push(scope.group ? `Group ${scope.group.number}: ${view.scrub(outcome.text)}` : view.scrub(outcome.text));
        else errors.push(outcome.error ?? 'no digest');
      });
    }
    if (texts.length) round.digest = texts.join('\n\n');
    if (usage) round.digestUsage = usage;
    if (unreported) round.digestUnreportedUsage = unreported;
    if (errors.length) round.digestError = errors.join('; ');
    deps.cost?.annotate(transcript);
    events.emit({ type: 'digested', round: round.number, digest: round.digest ?? null, error: round.digestError ?? null, transcript: snapshot(transcript) });
  };
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
        round.turns = round.turns.filter(counts);
      }
      const stop = deps.cost?.beforeRound(transcript, number) ?? null;
      if (stop) {
        transcript.stopReason = stop;
        // A run the budget let do nothing at all has failed, saying what round 1 needs.
        if (!transcript.rounds.some((r) => r.turns.length > 0)) return finish('failed', stop);
        events.emit({ type: 'stopped', reason: stop, transcript: snapshot(transcript) });
        break;
      }
      if (!round) {
        round = { number, turns: [] };
        transcript.rounds.push(round);
      }
      const current = round;
      // Priced in full once a round; each turn is then added as it lands (annotateTurn).
      deps.cost?.annotate(transcript);
      const letters = roundSeating(transcript.panel, number, seating).letters;
      if (letters) current.letters = letters;
      const done = new Set(current.turns.map((t) => t.debater));
      const pending = config.panel.filter((seat) => !done.has(seat.id));
      events.emit({ type: 'round_started', round: number, debaters: pending.map((s) => s.id) });
      const history = transcript.rounds.filter((r) => r.number < number).sort((a, b) => a.number - b.number);
      const previousVotes = lastVotes(transcript.rounds, number);
      const previousRound = history.at(-1);
      // Who reads whom this round (absent: every seat reads every seat), and the digest of the round before.
      const reading = number > 1 && !readsEveryone(topology, transcript.panel) ? roundReading(topology, transcript.panel, number, seating.seed) : null;
      if (previousRound && wantsDigest && previousRound.digest === undefined) await digestRound(previousRound);
      if (signal.aborted) return finish('interrupted');
      const digest = previousRound?.digest;
      const previousAnswers = open ? lastAnswers(transcript.rounds, number) : null;
      // The saves asked for so far (the round before's, at round_finished): awaited before a turn of this round is recorded.
      const saved = deps.saved?.() ?? null;

      // The turn of the event loop the seats after the first wait for.
      let rest: Promise<void> | null = null;
      const results = await Promise.allSettled(
        pending.map(async (seat, i) => {
          const member: SeatInfo = { id: seat.id, name: seat.name, model: seat.model, persona: seat.persona, stance: seat.stance };
          events.emit({ type: 'turn_started', round: number, debater: seat.id });
          // The first seat's prompt is built and its request written to the socket before the rest
          // of the round's are built (in the next turn of the event loop, together), so the round's
          // first request goes out after one prompt's work, not the whole panel's (64 seats
          // all-to-all: ~40 ms of CPU). One turn for each seat instead cost ~80 ms more CPU a run.
          if (i > 0) await (rest ??= nextTurn());
          const previousVote = previousVotes.get(seat.id) ?? null;
          const previousAnswer = previousAnswers?.get(seat.id) ?? null;
          // --topology: the round before as this reader may see it (its own turn and the ones it reads).
          const reads = reading?.get(seat.id);
          const seen = reads ? visibleHistory(history, number - 1, reads, seat.id) : history;
          const question = protocol.question(deps.prompts, {
            ...(open ? { previousAnswer } : {}),
            motion: config.motion,
            options: config.options,
            round: number,
            rounds: config.rounds,
            seat: member,
            panel: transcript.panel,
            history: seen,
            previousVote,
            briefing: config.briefing,
            seating,
            maxContext,
            maxTokens: config.maxTokens,
            ...(reads ? { reads } : {}),
            ...(digest ? { digest } : {}),
          });
          const retries: NonNullable<Turn['retries']> = [];
          const reasks: NonNullable<Turn['reasks']> = [];
          // --human-visible: every model is told which panelist is a person (under its label this round).
          const person = config.humanVisible && !seat.human ? transcript.panel.find((p) => p.human) : undefined;
          const system = person
            ? `${question.system}\n\nOne panelist, ${roundSeating(transcript.panel, number, seating).label(person.id)}, is a person at the terminal, not a language model.`
            : question.system;
          const outcome = seat.human
            ? await personTurn({
                desk: deps.human,
                request: {
                  seat: seat.name,
                  round: number,
                  rounds: config.rounds,
                  motion: config.motion,
                  open,
                  options: [...config.options],
                  previous: open ? previousAnswer : previousVote,
                  shown: shownTo(seen.find((r) => r.number === number - 1), seat.id, roundSeating(transcript.panel, number - 1, seating)),
                  ...(question.ballot ? { ballot: question.ballot } : {}),
                },
                parse: question.parse,
                signal,
                timeoutMs: config.humanTimeoutMs,
                onReask: (reason) => {
                  reasks.push({ reason });
                  events.emit({ type: 'reask', round: number, debater: seat.id, reason });
                },
              })
            : await ask({
            client: clients.get(seat.id)!,
            system,
            prompt: question.prompt,
            ...(question.parts ? { promptParts: question.parts } : {}),
            maxTokens: config.maxTokens,
            parse: question.parse,
            reask: question.reask,
            retry: deps.retry,
            tag: { seat: seat.name, role: 'debater', round: number },
            maxChars: debaterReplyCap(transcript.panel.length, config.rounds),
            hooks: {
              signal,
              onToken: (text) => {
                if (events.wantsTokens) events.emit({ type: 'token', round: number, debater: seat.id, text });
              },
              onRetry: (note) => {
                retries.push(note);
                events.emit({ type: 'retry', round: number, debater: seat.id, note });
              },
            },
            onReask: (reason) => {
              reasks.push({ reason });
              events.emit({ type: 'reask', round: number, debater: seat.id, reason });
            },
          });
          if (saved) await saved;
          const vote = outcome.value?.vote ?? null;
          const turn: Turn = {
            debater: seat.id,
            vote,
            argument: outcome.value?.argument ?? outcome.partialText ?? '',
            previousVote,
            changed: vote !== null && previousVote !== null && vote !== previousVote,
            latencyMs: Math.round(outcome.latencyMs),
            usage: outcome.usage,
            error: outcome.error,
          };
          if (open) {
            turn.answer = outcome.value?.answer ?? null;
            turn.changed = Boolean(outcome.value?.changed) && previousAnswer !== null && turn.answer !== null;
          }
          if (retries.length) turn.retries = retries;
          if (reasks.length) turn.reasks = reasks;
          if (outcome.value?.ranking) turn.ranking = outcome.value.ranking;
          if (outcome.value?.shown) turn.shown = outcome.value.shown;
          if (outcome.clipped) turn.clipped = outcome.clipped;
          if (reads) turn.read = reads;
          if (outcome.unreportedUsage) turn.unreportedUsage = outcome.unreportedUsage;
          current.turns.push(turn);
          if (deps.cost?.annotateTurn) deps.cost.annotateTurn(transcript, turn);
          else deps.cost?.annotate(transcript);
          // The live transcript, not a copy: a listener reads it now or copies what it keeps.
          events.emit({ type: 'turn_finished', round: number, turn, transcript });
        }),
      );
      if (signal.aborted) return finish('interrupted');
      const crash = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (crash) throw crash.reason;

      // Keep the panel's order in the transcript, whatever order the replies landed in.
      current.turns.sort((a, b) => (order.get(a.debater) ?? 0) - (order.get(b.debater) ?? 0));
      const rounds = transcript.rounds.filter((r) => r.number <= number).sort((a, b) => a.number - b.number);
      const { result, valid } = protocol.score(config.options, transcript.panel, rounds);
      transcript.result = result;
      events.emit({ type: 'round_finished', round: number, transcript: snapshot(transcript) });
      if (valid < 2) {
        return finish(
          'failed',
          `only ${valid} of ${config.panel.length} debaters gave ${unitPhrase(protocol.unit?.(number) ?? (protocol.name === 'council' && number === 2 ? 'ranking' : 'vote'))} in round ${number}; a debate needs at least two`,
        );
      }
    }

    if (config.judge && !transcript.judgement && transcript.rounds.length > 0) {
      const judgePrompt = protocol.judge(deps.prompts, { judgeName: config.judge.name, transcript, seating, maxContext, maxTokens: config.judgeMaxTokens });
      // Rounds come first: the judge runs when it still fits the budget, else the run ends without it and says so.
      const skip = deps.cost?.beforeJudge(transcript, judgePrompt) ?? null;
      if (skip) {
        transcript.judgeError = skip.replace(/^no judgement: /, '');
        transcript.stopReason = transcript.stopReason ? `${transcript.stopReason}; ${skip}` : skip;
        events.emit({ type: 'judged', judgement: null, error: transcript.judgeError, transcript: snapshot(transcript) });
        return finish('complete');
      }
      events.emit({ type: 'judging', judge: config.judge.name });
      const round = transcript.rounds.length;
      const outcome = await judgeDebate(
        deps.prompts,
        clientFor(config.judge),
        config.judge.name,
        transcript,
        {
          signal,
          onRetry: (note) => events.emit({ type: 'retry', round, debater: null, note }),
        },
        deps.retry,
        config.judgeMaxTokens,
        judgePrompt,
        (reason) => events.emit({ type: 'reask', round, debater: null, reason }),
        protocol.judgeReply?.(deps.prompts, { judgeName: config.judge.name, transcript, seating, maxContext, maxTokens: config.judgeMaxTokens }),
      );
      transcript.judgement = outcome.judgement;
      transcript.judgeError = outcome.error;
      transcript.judgeUsage = outcome.usage;
      if (protocol.judged) transcript.result = protocol.judged(transcript);
      if (outcome.unreportedUsage) transcript.judgeUnreportedUsage = outcome.unreportedUsage;
      deps.cost?.annotate(transcript);
      events.emit({ type: 'judged', judgement: outcome.judgement, error: outcome.error, transcript: snapshot(transcript) });
    }
    return finish('complete');
  } catch (err) {
    if (signal.aborted || (err as { kind?: string }).kind === 'aborted') return finish('interrupted');
    throw err;
  }
}

