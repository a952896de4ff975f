// The view state of the Ink app, and the pure reducer that folds DebateEvents into it. The live
// view and the replay feed the same reducer, so both draw the same screen. Text is kept raw here;
// the components pass every model string through sanitizeText (see ./text.ts) when they draw it.
import type { DebateEvent } from '../core/events.js';
import { letterOf, tallyVotes } from '../core/options.js';
import { isOpenTranscript } from '../core/result.js';
import type { AnyJudgement, AnyResult, Transcript, Turn } from '../core/schema.js';
import { own, textRecord } from '../util/records.js';

export interface OptionView {
  /** "A", "B", … */
  letter: string;
  label: string;
}

export interface PanelView {
  id: string;
  name: string;
  model: string | null;
  /** The model id's prefix ("openai:gpt-5.4" → "openai"); null without a model. */
  provider: string | null;
  /** The person at the terminal (--human). */
  human?: boolean;
}

export type CardStatus = 'waiting' | 'thinking' | 'done' | 'failed';

export interface CardState {
  debater: string;
  status: CardStatus;
  /** The reply streamed so far in the current attempt (emptied when a retry starts). */
  text: string;
  /** The argument of the finished turn. */
  argument: string | null;
  vote: string | null;
  previousVote: string | null;
  /** An open question: the seat's one-sentence answer (null until it gives one, or when it gave none). */
  answer: string | null;
  changed: boolean;
  error: string | null;
  latencyMs: number | null;
  retries: number;
  lastRetryReason: string | null;
}

export interface FinishedRoundView {
  number: number;
  turns: Turn[];
  /** The result counted from this round's votes (an open question: its answers, grouped). */
  result: AnyResult | null;
}

export type JudgeStatus = 'idle' | 'judging' | 'done' | 'failed';

export interface JudgeView {
  name: string | null;
  model: string | null;
  status: JudgeStatus;
  judgement: AnyJudgement | null;
  error: string | null;
  retries: number;
  lastRetryReason: string | null;
}

export type ViewStatus = 'starting' | 'running' | 'judging' | 'complete' | 'failed' | 'interrupted';

export interface ViewState {
  status: ViewStatus;
  motion: string;
  /** An open question (no options): seats answer in a sentence, and a synthesis says where they landed. */
  open: boolean;
  options: OptionView[];
  panel: PanelView[];
  /** The round in progress (or last played); 0 before the first round starts. */
  round: number;
  totalRounds: number;
  /** The live cards of `round`, by debater id. */
  cards: Record<string, CardState>;
  finishedRounds: FinishedRoundView[];
  /** Each debater's latest vote (null: its latest turn gave none). */
  latestVotes: Record<string, string | null>;
  /** Votes per option, counted from latestVotes. */
  tally: Record<string, number>;
  judge: JudgeView;
  result: AnyResult | null;
  error: string | null;
  /** The latest transcript snapshot carried by an event. */
  transcript: Transcript | null;
  /** The digest every seat reads next (--digest, groups:K): being written (text null) or in. */
  digest: { round: number; text: string | null; error: string | null } | null;
}

export { letterOf };

export function providerOf(model: string | null): string | null {
  if (!model) return null;
  const colon = model.indexOf(':');
  const provider = colon > 0 ? model.slice(0, colon).trim() : '';
  return provider || null;
}

export function initialState(): ViewState {
  return {
    status: 'starting',
    motion: '',
    open: false,
    options: [],
    panel: [],
    round: 0,
    totalRounds: 0,
    cards: textRecord(),
    finishedRounds: [],
    latestVotes: textRecord(),
    tally: textRecord(),
    judge: { name: null, model: null, status: 'idle', judgement: null, error: null, retries: 0, lastRetryReason: null },
    digest: null,
    result: null,
    error: null,
    transcript: null,
  };
}

const TERMINAL: ReadonlySet<ViewStatus> = new Set(['complete', 'failed', 'interrupted']);

export const isFinished = (state: ViewState): boolean => TERMINAL.has(state.status);

/** A card before its debater has started. */
export function emptyCard(debater: string): CardState {
  return {
    debater,
    status: 'waiting',
    text: '',
    argument: null,
    vote: null,
    previousVote: null,
    answer: null,
    changed: false,
    error: null,
    latencyMs: null,
    retries: 0,
    lastRetryReason: null,
  };
}

/** A turn's answer to an open question: null when it gave none (or the turn is a vote). */
export const answerOfTurn = (turn: Turn): string | null => (typeof turn.answer === 'string' && turn.answer.trim() ? turn.answer : null);

function cardFromTurn(turn: Turn, open: boolean, before?: CardState): CardState {
  const answer = open ? answerOfTurn(turn) : null;
  // A council's ranking round gives ballots, not answers: such a turn has not failed.
  const failed = open ? answer === null && !turn.ranking?.length : turn.vote === null;
  return {
    debater: turn.debater,
    status: failed ? 'failed' : 'done',
    text: before?.text ?? '',
    argument: turn.argument,
    vote: turn.vote,
    previousVote: turn.previousVote,
    answer,
    changed: turn.changed,
    error: failed ? (turn.error ?? (open ? 'no answer' : 'no valid vote')) : turn.error,
    latencyMs: turn.latencyMs,
    retries: Math.max(before?.retries ?? 0, turn.retries?.length ?? 0),
    lastRetryReason: before?.lastRetryReason ?? turn.retries?.at(-1)?.reason ?? null,
  };
}

function countVotes(options: readonly OptionView[], latestVotes: Record<string, string | null>): Record<string, number> {
  return tallyVotes(options.map((o) => o.label), Object.values(latestVotes)).tally;
}

const isCompleteRound = (t: Transcript, turns: readonly Turn[]) => turns.length >= t.panel.length;

/** Takes the motion, options, panel and any finished rounds (a resumed debate) from a transcript. */
function fromTranscript(state: ViewState, t: Transcript): ViewState {
  const options = t.options.map((label, i) => ({ letter: letterOf(i), label }));
  // A person on the panel (--human): their card says so where a model's names its provider.
  const panel = t.panel.map((p) => ({ id: p.id, name: p.name, model: p.model, provider: p.human ? 'person' : providerOf(p.model), ...(p.human ? { human: true } : {}) }));
  const finished = t.rounds.filter((r) => isCompleteRound(t, r.turns));
  const latestVotes: Record<string, string | null> = textRecord();
  for (const round of finished) for (const turn of round.turns) latestVotes[turn.debater] = turn.vote;
  return {
    ...state,
    motion: t.motion,
    open: isOpenTranscript(t),
    options,
    panel,
    totalRounds: Math.max(t.plannedRounds ?? t.rounds.length, state.round),
    finishedRounds: finished.map((r, i) => ({
      number: r.number,
      turns: r.turns,
      result: i === finished.length - 1 ? t.result : null,
    })),
    latestVotes,
    tally: countVotes(options, latestVotes),
    judge: { ...state.judge, name: t.judge?.name ?? null, model: t.judge?.model ?? null },
    result: t.result,
    transcript: t,
  };
}

function updateCard(state: ViewState, debater: string, update: (card: CardState) => CardState): ViewState {
  const card = own(state.cards, debater) ?? emptyCard(debater);
  return { ...state, cards: textRecord([...Object.entries(state.cards), [debater, update(card)] as const]) };
}

/** Adopts the transcript of a closing event: the result, and the error of a failed debate. */
function finish(state: ViewState, status: ViewStatus, t: Transcript, error: string | null): ViewState {
  const recordedJudgement: JudgeView | null =
    t.judgement && state.judge.status !== 'done'
      ? { ...state.judge, name: state.judge.name ?? t.judge?.name ?? null, status: 'done', judgement: t.judgement, error: null }
      : null;
  const synced: ViewState = {
    ...state,
    status,
    transcript: t,
    result: t.result,
    error: error ?? t.error ?? null,
    judge: recordedJudgement ?? state.judge,
  };
  if (status !== 'interrupted') return synced;
  // Calls in flight were cancelled: their cards say so instead of spinning on.
  const cards = textRecord(
    Object.entries(state.cards).map(([id, card]) => [
      id,
      card.status === 'thinking' || card.status === 'waiting' ? { ...card, status: 'failed' as const, error: 'interrupted before the reply was finished' } : card,
    ]),
  );
  const judge: JudgeView =
    synced.judge.status === 'judging' ? { ...synced.judge, status: 'failed', error: 'interrupted before the judgement was written' } : synced.judge;
  return { ...synced, cards, judge };
}

export function reduce(state: ViewState, event: DebateEvent): ViewState {
  switch (event.type) {
    case 'debate_started':
      return { ...fromTranscript(state, event.transcript), status: 'running' };

    case 'round_started': {
      const t = state.transcript;
      const recorded = t?.rounds.find((r) => r.number === event.round)?.turns ?? [];
      const cards: Record<string, CardState> = textRecord();
      for (const member of state.panel) {
        const turn = event.debaters.includes(member.id) ? undefined : recorded.find((x) => x.debater === member.id);
        cards[member.id] = turn ? cardFromTurn(turn, state.open) : emptyCard(member.id);
      }
      for (const id of event.debaters) cards[id] ??= emptyCard(id);
      return {
        ...state,
        status: 'running',
        round: event.round,
        totalRounds: Math.max(state.totalRounds, event.round),
        cards,
      };
    }

    case 'turn_started':
      if (event.round !== state.round) return state;
      return updateCard(state, event.debater, (card) => ({ ...card, status: 'thinking', text: '', error: null }));

    case 'token':
      if (event.round !== state.round) return state;
      return updateCard(state, event.debater, (card) => ({
        ...card,
        status: card.status === 'waiting' ? 'thinking' : card.status,
        text: card.text + event.text,
      }));

    case 'retry':
      if (event.debater === null) {
        return {
          ...state,
          judge: { ...state.judge, retries: state.judge.retries + 1, lastRetryReason: event.note.reason },
        };
      }
      if (event.round !== state.round) return state;
      return updateCard(state, event.debater, (card) => ({
        ...card,
        text: '',
        retries: card.retries + 1,
        lastRetryReason: event.note.reason,
      }));

    case 'reask':
      // The reply is asked for again: what streamed so far is dropped, as after a retry.
      if (event.debater === null || event.round !== state.round) return state;
      return updateCard(state, event.debater, (card) => ({ ...card, text: '' }));

    case 'turn_finished': {
      const latestVotes = { ...state.latestVotes, [event.turn.debater]: event.turn.vote };
      const next: ViewState = {
        ...state,
        transcript: event.transcript,
        latestVotes,
        tally: countVotes(state.options, latestVotes),
      };
      if (event.round !== state.round) return next;
      return updateCard(next, event.turn.debater, (card) => cardFromTurn(event.turn, state.open, card));
    }

    case 'round_finished': {
      const t = event.transcript;
      const turns = t.rounds.find((r) => r.number === event.round)?.turns ?? [];
      const latestVotes = textRecord(Object.entries(state.latestVotes));
      for (const turn of turns) latestVotes[turn.debater] = turn.vote;
      const finishedRound: FinishedRoundView = { number: event.round, turns, result: t.result };
      return {
        ...state,
        transcript: t,
        result: t.result,
        latestVotes,
        tally: countVotes(state.options, latestVotes),
        finishedRounds: [...state.finishedRounds.filter((r) => r.number !== event.round), finishedRound].sort((a, b) => a.number - b.number),
      };
    }

    case 'stopped':
      return { ...state, transcript: event.transcript };

    case 'digesting':
      return { ...state, digest: { round: event.round, text: null, error: null } };

    case 'digested':
      return { ...state, transcript: event.transcript, digest: { round: event.round, text: event.digest, error: event.error } };

    case 'judging':
      return { ...state, status: 'judging', judge: { ...state.judge, name: event.judge || state.judge.name, status: 'judging', error: null } };

    case 'judged':
      return {
        ...state,
        transcript: event.transcript,
        result: event.transcript.result,
        judge: {
          ...state.judge,
          status: event.judgement ? 'done' : 'failed',
          judgement: event.judgement,
          error: event.judgement ? null : (event.error ?? 'the judge gave no judgement'),
        },
      };

    case 'debate_finished':
      return finish(state, 'complete', event.transcript, null);
    case 'interrupted':
      return finish(state, 'interrupted', event.transcript, null);
    case 'failed':
      return finish(state, 'failed', event.transcript, event.error);
  }
}

/** The state after a list of events, from the start. */
export function reduceAll(events: Iterable<DebateEvent>, from: ViewState = initialState()): ViewState {
  let state = from;
  for (const event of events) state = reduce(state, event);
  return state;
}

/**
 * The state as a person at the table sees it during a round (--human): the seats that have
 * answered say so, but what they answered stays hidden until the round is over, as it is from the
 * models (round 1 is blind; later rounds answer the round before, never the same round).
 */
export function concealRound(state: ViewState): ViewState {
  if (state.status !== 'running' || state.finishedRounds.some((r) => r.number === state.round)) return state;
  const cards = textRecord(
    Object.entries(state.cards).map(([id, card]) => [id, card.status === 'thinking' || card.status === 'done' ? { ...card, text: '', argument: card.status === 'done' ? '(hidden until the round is over)' : null, vote: null, changed: false } : card]),
  );
  // The tally as it stood when the last round ended: this round's votes are hidden until it is over.
  const last = [...state.finishedRounds].sort((a, b) => b.number - a.number)[0];
  const latestVotes = textRecord(state.panel.map((p) => [p.id, last?.turns.find((t) => t.debater === p.id)?.vote ?? null] as const));
  const tally = textRecord(state.options.map((o) => [o.label, Object.values(latestVotes).filter((v) => v === o.label).length] as const));
  return { ...state, cards, latestVotes, tally };
}
