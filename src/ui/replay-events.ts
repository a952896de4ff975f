// A saved transcript turned back into the events a live run would have emitted, with the pace it
// was recorded at, so the replay draws the same screen through the same reducer. Within a round
// every debater starts at once, as live; a turn takes its recorded latency (or a believable
// default), its argument streams in word by word towards the end of it, and its retries are
// spread over the wait before the first word.
import type { DebateEvent } from '../core/events.js';
import { computeOpenResult, computeResult, groupsByWording, isOpenTranscript } from '../core/result.js';
import type { Round, Transcript, Turn, Usage } from '../core/schema.js';
import { sumUsage, ZERO_USAGE } from '../cost/cost.js';

type RunCost = NonNullable<Transcript['cost']>;

export interface TimedEvent {
  /** How long to wait after the previous event (already divided by the speed). */
  delayMs: number;
  event: DebateEvent;
}

export const REPLAY_PACE = {
  /** Between two words of a streamed argument. */
  wordMs: 25,
  /** A turn's wait before its first word when no latency was recorded. */
  thinkMs: 2500,
  /** Before a round starts (after the previous one ended). */
  roundPauseMs: 800,
  /** After the last turn of a round, before its summary. */
  roundEndMs: 400,
  /** The judge's work; judgements carry no recorded latency. */
  judgeMs: 3000,
  /** Before the closing event. */
  closeMs: 300,
};

/** The words of an argument as streamed chunks: each with the whitespace before it, so they join back. */
export function wordChunks(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}

interface Moment {
  at: number;
  seq: number;
  make: () => DebateEvent;
}

const snapshot = (t: Transcript): Transcript => structuredClone(t);

const usedTokens = (u: Usage | null | undefined) => Boolean(u && (u.inputTokens > 0 || u.outputTokens > 0));

/**
 * The cost of what has been replayed so far (the turns in `partial`, and the judge once it has
 * judged), from the costs the transcript records per turn: a replay's cost line runs up as a live
 * run's does, not the whole run's from round 1. Undefined when the transcript has no cost, or
 * records none per turn (it was written before turns carried theirs): then only the end shows it.
 */
function costSoFar(t: Transcript, partial: Transcript): RunCost | undefined {
  if (!t.cost) return undefined;
  const models = new Map(t.panel.map((p) => [p.id, p.model]));
  const byDebater: Record<string, number | null> = Object.create(null);
  const byDebaterUsage: Record<string, Usage> = Object.create(null);
  const unpricedSeats = new Set<string>();
  const unpriced = new Set<string>();
  for (const p of t.panel) byDebater[p.id] = null;
  let usd: number | null = null;
  let usage: Usage = { ...ZERO_USAGE };
  let anyTokens = false;
  for (const turn of partial.rounds.flatMap((r) => r.turns)) {
    if (!usedTokens(turn.usage)) continue;
    if (!turn.cost) return undefined;
    anyTokens = true;
    usage = sumUsage(usage, turn.usage);
    byDebaterUsage[turn.debater] = sumUsage(byDebaterUsage[turn.debater], turn.usage);
    if (turn.cost.usd === null) {
      unpricedSeats.add(turn.debater);
      unpriced.add(models.get(turn.debater) ?? turn.debater);
    } else {
      usd = (usd ?? 0) + turn.cost.usd;
      byDebater[turn.debater] = (byDebater[turn.debater] ?? 0) + turn.cost.usd;
    }
  }
  for (const id of unpricedSeats) byDebater[id] = null;
  const judged = partial.judgement !== null || Boolean(partial.judgeError);
  if (judged && usedTokens(t.judgeUsage)) {
    anyTokens = true;
    usage = sumUsage(usage, t.judgeUsage);
    if (t.cost.judge === null) unpriced.add(t.judge?.model ?? 'judge');
    else usd = (usd ?? 0) + t.cost.judge;
  }
  return {
    usd: anyTokens ? usd : 0,
    byDebater,
    judge: judged ? t.cost.judge : null,
    unpriced: [...unpriced],
    unpricedSeats: unpricedSeats.size + (judged && t.cost.judge === null && usedTokens(t.judgeUsage) ? 1 : 0),
    usage,
    byDebaterUsage,
    ...(t.cost.sources ? { sources: t.cost.sources } : {}),
  };
}

/** The replayed run as it stood: its turns so far, and their cost. */
function partialSnapshot(t: Transcript, partial: Transcript): Transcript {
  const cost = costSoFar(t, partial);
  const shown = snapshot(partial);
  if (cost) shown.cost = cost;
  else delete shown.cost;
  return shown;
}

/** When each event of a turn happens, relative to the start of its round. */
function turnMoments(turn: Turn, round: number, push: (at: number, make: () => DebateEvent) => void, onFinish: () => DebateEvent): void {
  const words = wordChunks(turn.argument);
  const latency = turn.latencyMs ?? REPLAY_PACE.thinkMs + words.length * REPLAY_PACE.wordMs;
  const interval = words.length ? Math.min(REPLAY_PACE.wordMs, (latency * 0.8) / words.length) : 0;
  const firstWordAt = latency - words.length * interval;
  const retries = turn.retries ?? [];
  retries.forEach((note, i) => {
    push((firstWordAt * (i + 1)) / (retries.length + 1), () => ({ type: 'retry', round, debater: turn.debater, note }));
  });
  const reasks = turn.reasks ?? [];
  reasks.forEach(({ reason }, i) => {
    push((firstWordAt * (retries.length + i + 1)) / (retries.length + reasks.length + 1), () => ({ type: 'reask', round, debater: turn.debater, reason }));
  });
  words.forEach((text, i) => {
    push(firstWordAt + i * interval, () => ({ type: 'token', round, debater: turn.debater, text }));
  });
  push(latency, onFinish);
}

/**
 * The result a live run shows when a round ends. Votes: counted from the round (the last round: the
 * transcript's own). An open question: the answers grouped by their wording, with no synthesis yet;
 * the judge's synthesis arrives with the judgement (or, with no judge, the last round's result is
 * the transcript's own).
 */
function roundResult(t: Transcript, round: Round, isLast: boolean): Transcript['result'] {
  if (!isOpenTranscript(t)) return isLast && t.result ? t.result : computeResult(t.options, round, t.panel.length);
  const judged = Boolean(t.judgement || t.judgeError);
  if (isLast && t.result && !judged) return t.result;
  return computeOpenResult(groupsByWording(round.turns), t.panel.length, null, null);
}

function roundEvents(t: Transcript, round: Round, partial: Transcript, isLast: boolean, snap: () => Transcript): { at: number; make: () => DebateEvent }[] {
  const moments: Moment[] = [];
  let seq = 0;
  const push = (at: number, make: () => DebateEvent) => moments.push({ at, seq: seq++, make });
  const current: Round = { number: round.number, turns: [] };

  push(0, () => {
    partial.rounds.push(current);
    return { type: 'round_started', round: round.number, debaters: t.panel.map((p) => p.id) };
  });
  for (const member of t.panel) {
    push(0, () => ({ type: 'turn_started', round: round.number, debater: member.id }));
  }
  for (const member of t.panel) {
    const turn = round.turns.find((x) => x.debater === member.id);
    if (!turn) continue; // never finished: the run was interrupted during this turn
    turnMoments(turn, round.number, push, () => {
      current.turns.push(turn);
      return { type: 'turn_finished', round: round.number, turn: structuredClone(turn), transcript: snap() };
    });
  }
  moments.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const end = moments.at(-1)?.at ?? 0;
  if (round.turns.length >= t.panel.length) {
    moments.push({
      at: end + REPLAY_PACE.roundEndMs,
      seq: seq++,
      make: () => {
        current.turns = round.turns.map((turn) => structuredClone(turn));
        partial.result = roundResult(t, round, isLast);
        return { type: 'round_finished', round: round.number, transcript: snap() };
      },
    });
  }
  return moments;
}

/**
 * The events of a live run of this transcript, each with the delay before it, divided by `speed`
 * (2 is twice as fast; 0 plays everything at once).
 */
export function replayEvents(transcript: Transcript, options: { speed?: number } = {}): TimedEvent[] {
  const speed = options.speed ?? 1;
  const scale = (ms: number) => (Number.isFinite(speed) && speed > 0 ? ms / speed : 0);
  const t = transcript;
  const partial: Transcript = {
    ...snapshot(t),
    status: 'interrupted',
    finishedAt: null,
    rounds: [],
    result: null,
    judgement: null,
    judgeError: null,
    error: null,
  };
  delete partial.judgeUsage;
  const snap = () => partialSnapshot(t, partial);
  const out: TimedEvent[] = [];
  let clock = 0;
  const emitAt = (at: number, event: DebateEvent) => {
    out.push({ delayMs: scale(Math.max(0, at - clock)), event });
    clock = Math.max(clock, at);
  };

  emitAt(0, { type: 'debate_started', transcript: snap() });
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
  rounds.forEach((round, i) => {
    const start = clock + (i === 0 ? REPLAY_PACE.closeMs : REPLAY_PACE.roundPauseMs);
    for (const moment of roundEvents(t, round, partial, i === rounds.length - 1, snap)) emitAt(start + moment.at, moment.make());
    // The digest every seat read next (--digest, groups:K), shown before the next round as it was live.
    if (round.digest !== undefined || round.digestError !== undefined) {
      emitAt(clock + REPLAY_PACE.roundEndMs, { type: 'digested', round: round.number, digest: round.digest ?? null, error: round.digestError ?? null, transcript: snap() });
    }
  });

  if (t.judgement || t.judgeError) {
    // An imported transcript may hold a judgement without naming its judge.
    emitAt(clock + REPLAY_PACE.roundPauseMs, { type: 'judging', judge: t.judge?.name ?? '' });
    partial.judgement = t.judgement;
    partial.judgeError = t.judgeError ?? null;
    // An open question's synthesis is its result: it lands with the judgement.
    if (isOpenTranscript(t)) partial.result = t.result;
    emitAt(clock + REPLAY_PACE.judgeMs, {
      type: 'judged',
      judgement: t.judgement,
      error: t.judgement ? null : (t.judgeError ?? 'the judge gave no judgement'),
      transcript: snap(),
    });
  }

  const final = snapshot(t);
  const closeAt = clock + REPLAY_PACE.closeMs;
  if (t.status === 'complete') emitAt(closeAt, { type: 'debate_finished', transcript: final });
  else if (t.status === 'interrupted') emitAt(closeAt, { type: 'interrupted', transcript: final });
  else emitAt(closeAt, { type: 'failed', error: t.error ?? 'the debate failed', transcript: final });
  return out;
}
