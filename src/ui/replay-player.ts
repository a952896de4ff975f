// The replay's transport, kept pure: where playback is in the event list, its clock, whether it is
// paused, and how far the arrow keys jump. The view state at any position is the reduction of the
// events before it, so seeking back re-derives it from the start.
import type { TimedEvent } from './replay-events.js';
import { initialState, reduce, reduceAll, type ViewState } from './state.js';

/** Events closer together than this are drawn in one frame. */
export const FRAME_MS = 40;

export interface Timeline {
  events: readonly TimedEvent[];
  /** When each event happens, from the start. */
  at: readonly number[];
  /** Positions (events applied) where a segment starts: a round once its turns have started, and the judging. */
  segments: readonly number[];
}

export function timeline(events: readonly TimedEvent[]): Timeline {
  const at: number[] = [];
  let clock = 0;
  for (const e of events) at.push((clock += e.delayMs));
  const segments: number[] = [];
  events.forEach((e, i) => {
    if (e.event.type !== 'round_started' && e.event.type !== 'judging') return;
    // A round's turns start with it: a jump lands on the cards already thinking.
    let start = i + 1;
    while (events[start]?.event.type === 'turn_started' && events[start]?.delayMs === 0) start++;
    segments.push(start);
  });
  return { events, at, segments };
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

/** → : the start of the next round (or of the judging, or the end). */
export function nextSegment(t: Timeline, pos: number): number {
  return t.segments.find((s) => s > pos) ?? t.events.length;
}

/** ← : the start of the previous round (the first round's start when in the first round). */
export function previousSegment(t: Timeline, pos: number): number {
  const current = t.segments.reduce((found, s, i) => (s <= pos ? i : found), -1);
  if (current < 0) return pos; // the first round has not started yet
  return t.segments[Math.max(0, current - 1)] ?? pos;
}
