// The live frame fits the terminal's height (issue 24, item 11): at 60×15 and other small sizes the
// live part of the screen (header, seats, tally, status) stays shorter than the terminal at every
// step of a run, so Ink never clears the screen and the header never scrolls away.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import stripAnsi from 'strip-ansi';
import { DebateEvents, type DebateEvent } from '../../src/core/events.js';
import { startLiveView, TOKEN_BATCH_MS } from '../../src/ui/live.js';
import { baseTranscript, JUDGEMENT, panelOf, Script } from './script.js';
import { CLOCK_ONLY, columnsOf, fakeTerminal, lines } from './terminal.js';

beforeEach(() => {
  vi.useFakeTimers(CLOCK_ONLY);
});
afterEach(() => {
  vi.useRealTimers();
});

const MOTION = 'Is there a moat to training an LLM model?';

/** The live part of a frame (debug mode writes the printed rounds above it): from the header down. */
function livePart(frame: string): string[] {
  const all = lines(stripAnsi(frame).trimEnd());
  const motion = all.lastIndexOf(MOTION);
  expect(motion, stripAnsi(frame)).toBeGreaterThanOrEqual(0);
  const badge = all[motion - 1]?.includes('MOCK') ? motion - 1 : motion;
  return all.slice(badge);
}

describe.each([
  [60, 15, 6],
  [60, 15, 3],
  [60, 15, 12],
  [80, 15, 8],
  [60, 12, 6],
  [100, 16, 6],
  [50, 14, 4],
])('a live run at %i×%i with %i seats', (columns, rows, seats) => {
  it('never draws a live frame as tall as the terminal, and keeps the header on it', async () => {
    const events = new DebateEvents((e) => {
      throw e;
    });
    const { stdout, streams } = fakeTerminal(columns, rows);
    const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/2026-01-01-is-there-a-moat-to-training-an-llm-model.json', onInterrupt: vi.fn(), debug: true });
    const panel = panelOf(seats);
    const s = new Script(baseTranscript({ panel, motion: MOTION }));
    // A mock run's cost line is long: it wraps on a narrow terminal.
    s.t.cost = { usd: 0.0712, byDebater: {}, judge: null, unpriced: [], unpricedSeats: 0, usage: { inputTokens: 17433, outputTokens: 2320 }, sources: ['catalogue'] };
    const steps: DebateEvent[][] = [
      [s.started()],
      [s.roundStarted(1), ...panel.map((p) => s.turnStarted(1, p.id))],
      [s.token(1, panel[0]!.id, 'Vote: Yes\nBecause compute is expensive, data is scarce and know-how is rare. '.repeat(4))],
      [s.turn(1, panel[1]!.id, { vote: 'No', argument: 'Open weights erode it. '.repeat(20) })],
      panel.slice(2).map((p, i) => s.turn(1, p.id, { vote: i % 2 ? 'Yes' : 'No' })),
      [s.turn(1, panel[0]!.id, { vote: 'Yes' })],
      [s.roundFinished(1), s.roundStarted(2), ...panel.map((p) => s.turnStarted(2, p.id))],
      [s.token(2, panel[1]!.id, 'Vote: Yes\nI change my mind. '.repeat(6)), s.turn(2, panel[0]!.id, { vote: 'Yes' })],
      panel.slice(1).map((p) => s.turn(2, p.id, { vote: 'Yes' })),
      [s.roundFinished(2), s.judging()],
    ];
    for (const step of steps) {
      for (const e of step) events.emit(e);
      await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS * 2);
      const live = livePart(stdout.lastFrame());
      const at = `${columns}×${rows}, after ${step.map((e) => e.type).join(', ')}:\n${live.join('\n')}`;
      expect(live.length, at).toBeLessThan(rows);
      for (const line of live) expect(columnsOf(line), line).toBeLessThanOrEqual(columns);
      // Where the debate stands is on screen.
      expect(live.some((l) => /Round \d\/2|Starting · 2 rounds/.test(l)), at).toBe(true);
      expect(live.some((l) => l.startsWith('Tally')), at).toBe(true);
    }
    events.emit(s.judged(JUDGEMENT));
    events.emit(s.finished());
    await view.done();
    // The last frame too: the write-up is printed above it, the live part stays shorter than the screen.
    const last = livePart(stdout.lastFrame());
    expect(last.length, last.join('\n')).toBeLessThan(rows);
    expect(last.some((l) => l.startsWith('Done · ')), last.join('\n')).toBe(true);
  });
});
