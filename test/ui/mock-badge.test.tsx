// The live screen says a mock run is scripted for as long as the run is on screen: every frame,
// from the first to the last, carries the badge; a live run never does.
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { DebateEvents } from '../../src/core/events.js';
import { MOCK_BADGE } from '../../src/ui/Header.js';
import { startLiveView } from '../../src/ui/live.js';
import { seedLikeDebate } from './script.js';
import { fakeTerminal, settle } from './terminal.js';

async function framesOf(source: 'mock' | 'live', columns: number): Promise<string[]> {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, streams } = fakeTerminal(columns, 40);
  const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/test.json', onInterrupt: () => {}, debug: true });
  const seen: string[] = [];
  for (const event of seedLikeDebate().events) {
    const e = 'transcript' in event ? { ...event, transcript: { ...event.transcript, source } } : event;
    events.emit(e as typeof event);
    await settle();
    seen.push(stripAnsi(stdout.lastFrame()));
  }
  await view.done();
  seen.push(stripAnsi(stdout.lastFrame()));
  return seen;
}

describe('the mock badge', () => {
  it.each([100, 60])('is in the header of every frame of a mock run, the last one included (%i columns)', async (columns) => {
    const frames = await framesOf('mock', columns);
    expect(frames.length).toBeGreaterThan(10);
    for (const [i, frame] of frames.entries()) expect(frame, `frame ${i}`).toContain(MOCK_BADGE);
    expect(MOCK_BADGE).toBe('MOCK · scripted replies · no network');
  });

  it('is never shown for a live run', async () => {
    for (const frame of await framesOf('live', 100)) expect(frame).not.toContain('MOCK');
  });
});
