// The live view's running total: the cost so far under the cards while the debate runs, the final
// cost when it is done, and the reason when a budget stopped it early.
import { describe, expect, it } from 'vitest';
import stripAnsi from 'strip-ansi';
import { DebateEvents, type DebateEvent } from '../../src/core/events.js';
import { startLiveView } from '../../src/ui/live.js';
import { baseTranscript, Script } from './script.js';
import { fakeTerminal, flat } from './terminal.js';

const withCost = (event: DebateEvent, usd: number): DebateEvent => {
  if (!('transcript' in event)) return event;
  const t = structuredClone(event.transcript);
  t.cost = { usd, byDebater: {}, judge: null, unpriced: [], unpricedSeats: 0, usage: { inputTokens: 1200, outputTokens: 340 }, sources: ['catalogue'] };
  return { ...event, transcript: t } as DebateEvent;
};

describe('cost in the live view', () => {
  it('shows the running total as turns land, then the total, and a budget stop', async () => {
    const events = new DebateEvents((e) => {
      throw e;
    });
    const { stdout, streams } = fakeTerminal(120, 40);
    const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/t.json', onInterrupt: () => {}, debug: true });
    const s = new Script({ ...baseTranscript(), source: 'live' });
    events.emit(s.started());
    events.emit(s.roundStarted(1));
    expect(flat(stripAnsi(stdout.lastFrame()))).not.toContain('Cost');
    events.emit(withCost(s.turn(1, 'gpt-5-4', { vote: 'Yes', argument: 'Because.' }), 0.0123));
    expect(flat(stripAnsi(stdout.lastFrame()))).toContain('Cost so far · $0.01 · tokens 1,200 in · 340 out · catalogue prices');
    const stopped = withCost({ type: 'stopped', reason: 'stopped before round 2: --max-cost $0.0200: round 2 could cost about $0.0150 with $0.0123 already spent', transcript: s.t }, 0.0123);
    if (stopped.type === 'stopped') stopped.transcript.stopReason = stopped.reason;
    events.emit(stopped);
    expect(flat(stripAnsi(stdout.lastFrame()))).toContain('Stopped early · stopped before round 2: --max-cost $0.0200');
    events.emit(withCost(s.finished(), 0.0456));
    const frame = flat(stripAnsi(stdout.lastFrame()));
    expect(frame).toContain('Cost · $0.05 · tokens 1,200 in · 340 out · catalogue prices');
    expect(frame).not.toContain('Cost so far');
    await view.done();
  });

  it('a run the budget let do nothing says why once, as its failure', async () => {
    const events = new DebateEvents((e) => {
      throw e;
    });
    const { stdout, streams } = fakeTerminal(120, 40);
    const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/t.json', onInterrupt: () => {}, debug: true });
    const s = new Script({ ...baseTranscript(), source: 'live' });
    events.emit(s.started());
    const reason = 'stopped before round 1: --max-cost $0.0010: round 1 could cost about $0.0886 with $0.0000 already spent (6 calls, replies up to 1,500 tokens); nothing was run: give --max-cost 0.0887 or more, or lower --max-tokens';
    const failed = s.failed(reason);
    if (failed.type === 'failed') failed.transcript.stopReason = reason;
    events.emit(failed);
    await view.done();
    const frame = flat(stripAnsi(stdout.lastFrame()));
    expect(frame).toContain('give --max-cost 0.0887 or more');
    expect(frame.split('round 1 could cost about $0.0886').length - 1).toBe(1);
    expect(frame).not.toContain('Stopped early');
  });
});
