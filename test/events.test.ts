// The event stream's fan-out: listeners see events in order, one that throws is reported and never
// stops the others, and a run makes 'token' events only while some listener reads them.
import { describe, expect, it } from 'vitest';
import { DebateEvents, type DebateEvent } from '../src/core/events.js';

const token: DebateEvent = { type: 'token', round: 1, debater: 'a', text: 'x' };
const started: DebateEvent = { type: 'turn_started', round: 1, debater: 'a' };

describe('DebateEvents', () => {
  it('hands each event to the listeners registered when it was emitted; a throwing listener is reported', () => {
    const errors: unknown[] = [];
    const events = new DebateEvents((e) => errors.push(e));
    const seen: string[] = [];
    let late: (() => void) | null = null;
    const offA = events.on((e) => {
      seen.push(`a:${e.type}`);
      // Registered during an emit: from the next event on.
      late ??= events.on((x) => seen.push(`late:${x.type}`));
    });
    events.on(() => {
      throw new Error('boom');
    });
    events.emit(started);
    events.emit(token);
    offA();
    offA();
    events.emit(started);
    expect(seen).toEqual(['a:turn_started', 'a:token', 'late:token', 'late:turn_started']);
    expect(errors).toHaveLength(3);
  });

  it('wants tokens while a listener that reads them is registered', () => {
    const events = new DebateEvents();
    expect(events.wantsTokens).toBe(false);
    const offQuiet = events.on(() => {}, { tokens: false });
    expect(events.wantsTokens).toBe(false);
    const offReader = events.on(() => {});
    expect(events.wantsTokens).toBe(true);
    offReader();
    offReader();
    expect(events.wantsTokens).toBe(false);
    offQuiet();
    expect(events.wantsTokens).toBe(false);
  });
});
