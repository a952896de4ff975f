// The replay's transport, kept pure: where playback is in the event list, its clock, whether it is
// paused, and how far the arrow keys jump. The view state at any position is the reduction of the
// events before it, so seeking back re-derives it from the start.
import type { TimedEvent } from './replay-events.js';
import { initialState, reduce, reduceAll, type ViewState } from './state.js';

/** Events closer together than this are drawn in one frame. */
export const FRAME_MS = 40;

/**
 * A place the arrow keys stop at: the start of a round (its turns under way), the end of the last
 * round (every turn in, before the judging or the closing event), and the judgement written.
 * None is the very end, so stepping while paused never finishes (and so never exits) the replay.
 */
export interface Stop {
  pos: number;
  kind: 'round' | 'last-round-end' | 'judged';
  /** The round a stop belongs to (the last round for the judgement). */
  round: number;
}

export interface Timeline {
  events: readonly TimedEvent[];
  /** When each event happens, from the start. */
  at: readonly number[];
  /** Where → and ← stop, in order. */
  stops: readonly Stop[];
}

export function timeline(events: readonly TimedEvent[]): Timeline {
  const at: number[] = [];
  let clock = 0;
  for (const e of events) at.push((clock += e.delayMs));
  const stops: Stop[] = [];
  let lastRound = 0;
  events.forEach((e, i) => {
    if (e.event.type !== 'round_started') return;
    // A round's turns start with it: a jump lands on the cards already thinking.
    let start = i + 1;
    while (events[start]?.event.type === 'turn_started' && events[start]?.delayMs === 0) start++;
    lastRound = e.event.round;
    stops.push({ pos: start, kind: 'round', round: lastRound });
  });
  if (stops.length) {
    // Everything before the judging (or, without one, before the closing event).
    const judging = events.findIndex((e) => e.event.type === 'judging');
    const end = judging >= 0 ? judging : events.length - 1;
    if (end > stops.at(-1)!.pos) stops.push({ pos: end, kind: 'last-round-end', round: lastRound });
    const judged = events.findIndex((e) => e.event.type === 'judged');
    if (judged >= 0 && judged + 1 < events.length) stops.push({ pos: judged + 1, kind: 'judged', round: lastRound });
  }
  return { events, at, stops };
}

export interface PlayerState {
  /** How many events have been applied. */
  pos: number;
  /** The time of the moment shown (the last event waited for). */
  clock: number;
  paused: boolean;
  /** Playback reached the end. */
  ended: boolean;
  view: ViewState;
}

export function startPlayer(): PlayerState {
  return { pos: 0, clock: 0, paused: false, ended: false, view: initialState() };
}

export const atEnd = (t: Timeline, p: PlayerState): boolean => p.pos >= t.events.length;

/** The next step of playback: which events to apply together, and how long to wait first. */
export function nextBatch(t: Timeline, p: PlayerState): { to: number; waitMs: number; clock: number } | null {
  if (p.pos >= t.events.length) return null;
  const first = t.at[p.pos] ?? p.clock;
  let to = p.pos + 1;
  while (to < t.events.length && (t.at[to] ?? Infinity) < first + FRAME_MS) to++;
  return { to, waitMs: Math.max(0, first - p.clock), clock: first };
}

/** Applies events up to position `to`, going on from the current state. */
export function advance(t: Timeline, p: PlayerState, to: number, clock: number): PlayerState {
  let view = p.view;
  for (let i = p.pos; i < Math.min(to, t.events.length); i++) view = reduce(view, t.events[i]!.event);
  const pos = Math.min(to, t.events.length);
  return { ...p, pos, clock: Math.max(p.clock, clock), view, ended: pos >= t.events.length };
}

/** Jumps to position `to`, re-deriving the view from the first event. */
export function seek(t: Timeline, p: PlayerState, to: number): PlayerState {
  const pos = Math.max(0, Math.min(to, t.events.length));
  const view = reduceAll(t.events.slice(0, pos).map((e) => e.event));
  return { ...p, pos, clock: pos > 0 ? (t.at[pos - 1] ?? 0) : 0, view, ended: pos >= t.events.length };
}

/** → : one step on: the next round's start; in the last round, its end; then the judgement. */
export function nextStop(t: Timeline, pos: number): number {
  return t.stops.find((s) => s.pos > pos)?.pos ?? pos;
}

/**
 * ← : one round back: from anywhere in round N (its start, its middle or its end) to round N-1's
 * start (round 1's start in round 1); from the judgement, back to the end of the last round.
 */
export function previousStop(t: Timeline, pos: number): number {
  const here = t.stops.filter((s) => s.pos <= pos).at(-1);
  if (!here) return pos; // the first round has not started yet
  if (here.kind === 'judged') return t.stops.filter((s) => s.pos < here.pos).at(-1)?.pos ?? pos;
  const target = t.stops.find((s) => s.kind === 'round' && s.round === Math.max(1, here.round - 1));
  return target?.pos ?? t.stops[0]!.pos;
}
