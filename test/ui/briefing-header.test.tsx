// The live header names the background reading a run was given (transcript settings.briefing).
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { DebateEvents } from '../../src/core/events.js';
import { startLiveView } from '../../src/ui/live.js';
import { seedLikeDebate } from './script.js';
import { fakeTerminal, settle } from './terminal.js';

async function framesOf(briefing: { name: string; size: number; sha256: string }[]): Promise<string[]> {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, streams } = fakeTerminal(100, 40);
  const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/test.json', onInterrupt: () => {}, debug: true });
  const seen: string[] = [];
  for (const event of seedLikeDebate().events) {
    const e = 'transcript' in event ? { ...event, transcript: { ...event.transcript, settings: { briefing } } } : event;
    events.emit(e as typeof event);
    await settle();
    seen.push(stripAnsi(stdout.lastFrame()));
  }
  await view.done();
  return seen;
}

describe('the briefing in the header', () => {
  it('names every briefing document once the run has started', async () => {
    const frames = await framesOf([{ name: '001_notes.txt', size: 10, sha256: 'a'.repeat(64) }, { name: '002_more.txt', size: 20, sha256: 'b'.repeat(64) }]);
    expect(frames.at(-1)).toContain('Briefing: 001_notes.txt, 002_more.txt');
    expect(frames.filter((f) => f.includes('Briefing:')).length).toBeGreaterThan(5);
  });

  it('shows no briefing line for a run without one', async () => {
    for (const frame of await framesOf([])) expect(frame).not.toContain('Briefing');
  });
});
