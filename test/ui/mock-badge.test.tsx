// The live screen says a mock run is mock for as long as the run is on screen: every frame, from
// the first to the last, carries the badge, which says "generated" for generated replies and
// "scripted" only for scripted ones; a live run never does.
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { DebateEvents } from '../../src/core/events.js';
import { mockBadge } from '../../src/ui/Header.js';
import { startLiveView } from '../../src/ui/live.js';
import { seedLikeDebate } from './script.js';
import { fakeTerminal, settle } from './terminal.js';

async function framesOf(source: 'mock' | 'live', columns: number, mockReplies?: 'generated' | 'scripted'): Promise<string[]> {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, streams } = fakeTerminal(columns, 40);
  const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/test.json', onInterrupt: () => {}, debug: true });
  const seen: string[] = [];
  for (const event of seedLikeDebate().events) {
    const e = 'transcript' in event ? { ...event, transcript: { ...event.transcript, source, ...(mockReplies ? { settings: { ...event.transcript.settings, mockReplies } } : {}) } } : event;
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
    const frames = await framesOf('mock', columns, 'scripted');
    expect(frames.length).toBeGreaterThan(10);
    for (const [i, frame] of frames.entries()) expect(frame, `frame ${i}`).toContain(mockBadge('scripted').slice(0, columns - 2));
  });

  it('says "generated" for generated replies and "scripted" only for scripted ones', async () => {
    expect(mockBadge('generated')).toBe('MOCK · generated replies · no network');
    expect(mockBadge('scripted')).toBe('MOCK · scripted replies, generated where the script has none · no network');
    const generated = await framesOf('mock', 100, 'generated');
    for (const frame of generated) {
      expect(frame).toContain('MOCK · generated replies · no network');
      expect(frame).not.toContain('scripted');
    }
    // A transcript from before the field: neither word is claimed.
    for (const frame of await framesOf('mock', 100)) expect(frame).toContain('MOCK · stand-in replies · no network');
  });

  it('is never shown for a live run', async () => {
    for (const frame of await framesOf('live', 100)) expect(frame).not.toContain('MOCK');
  });
});
