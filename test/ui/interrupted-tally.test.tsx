// The last frame of an interrupted run, and the tally's bars and shares (issue 24, item 7): after
// Ctrl-C the screen never calls the tally final nor draws a result box for a round nobody finished,
// and each option's bar and percentage measure the same thing (its votes against the panel).
import { describe, expect, it, vi } from 'vitest';
import stripAnsi from 'strip-ansi';
import { DebateEvents, type DebateEvent } from '../../src/core/events.js';
import { startLiveView } from '../../src/ui/live.js';
import { TallyBar } from '../../src/ui/TallyBar.js';
import { baseTranscript, panelOf, Script } from './script.js';
import { fakeTerminal, lines, renderAt, settle } from './terminal.js';

function live(columns = 100, rows = 40) {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, streams } = fakeTerminal(columns, rows);
  const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/test.json', onInterrupt: vi.fn(), debug: true });
  return { stdout, view, emit: (...list: DebateEvent[]) => list.forEach((e) => events.emit(e)), frame: () => stripAnsi(stdout.lastFrame()) };
}

const votes = (panel: { id: string }[], pick: (i: number) => string | null) => Object.fromEntries(panel.map((p, i) => [p.id, pick(i)]));

describe('the last frame after Ctrl-C', () => {
  it.each([
    ['round 2 in flight, nobody answered it', 6, 2, 0],
    ['round 2 in flight, two answered it', 6, 2, 2],
    ['round 3 in flight, one of four answered it', 4, 3, 1],
  ])('%s: no "Final tally", no result box, says what the tally counts', async (_what, size, stopIn, answered) => {
    const panel = panelOf(size);
    const h = live();
    const s = new Script(baseTranscript({ panel, rounds: 3 }));
    h.emit(s.started());
    for (let r = 1; r < stopIn; r++) h.emit(...s.round(r, votes(panel, (i) => (i % 3 === 0 ? 'No' : 'Yes'))));
    h.emit(s.roundStarted(stopIn), ...panel.map((p) => s.turnStarted(stopIn, p.id)));
    for (const p of panel.slice(0, answered)) h.emit(s.turn(stopIn, p.id, { vote: 'No' }));
    h.emit(s.interrupted());
    await h.view.done();
    const frame = h.frame();
    const everything = stripAnsi(h.stdout.output());
    expect(frame).toContain('Interrupted · finished turns are kept in the transcript.');
    expect(everything).not.toContain('Final tally');
    expect(frame).not.toMatch(/votes? in/);
    expect(frame).toContain(`Tally when stopped · ${answered} of ${size} answered round ${stopIn}, the others as they voted in round ${stopIn - 1}`);
    // No closing write-up with a result: the debate has none.
    expect(everything).not.toContain('Result: ');
  });

  it('in round 1 counts the votes in, still not as final', async () => {
    const panel = panelOf(5);
    const h = live();
    const s = new Script(baseTranscript({ panel }));
    h.emit(s.started(), s.roundStarted(1), ...panel.map((p) => s.turnStarted(1, p.id)), s.turn(1, panel[0]!.id, { vote: 'Yes' }), s.interrupted());
    await h.view.done();
    expect(h.frame()).toContain('Tally when stopped · 1 of 5 votes in');
    expect(stripAnsi(h.stdout.output())).not.toContain('Final tally');
  });

  it('a finished debate still ends with the final tally and its result', async () => {
    const panel = panelOf(3);
    const h = live();
    const s = new Script(baseTranscript({ panel, rounds: 1 }));
    h.emit(s.started(), ...s.round(1, votes(panel, (i) => (i ? 'Yes' : 'No'))), s.judging(), s.judged(null, 'the judge failed'), s.finished());
    await h.view.done();
    const everything = stripAnsi(h.stdout.output());
    expect(h.frame()).toContain('Final tally · 3 of 3 votes in');
    expect(everything).toContain('Result: Majority — Yes (2/3 votes)');
  });
});

describe('a tally line', () => {
  it.each([
    [6, { Yes: 1, No: 0 }],
    [6, { Yes: 3, No: 2 }],
    [3, { Yes: 1, No: 0 }],
    [4, { Yes: 4, No: 0 }],
    [7, { Yes: 2, No: 5 }],
    [10, { Yes: 0, No: 1 }],
  ])('draws the bar and the percentage of the same share (panel %i, %o)', async (panelSize, tally) => {
    const options = [{ letter: 'A', label: 'Yes' }, { letter: 'B', label: 'No' }];
    const term = renderAt(<TallyBar options={options} tally={tally} panelSize={panelSize} width={80} />, { columns: 80 });
    await settle();
    for (const option of options) {
      const line = lines(term.frame()).find((l) => l.startsWith(`${option.letter}. ${option.label}`))!;
      const m = /([█░]+)\s+(\d+)\s+(\d+)%/.exec(line)!;
      const bar = m[1]!;
      const filled = [...bar].filter((c) => c === '█').length / bar.length;
      const count = tally[option.label as 'Yes' | 'No'];
      expect(Number(m[2])).toBe(count);
      // The percentage is the share the bar shows (to within one cell of the bar).
      expect(Math.abs(filled * 100 - Number(m[3])), line).toBeLessThanOrEqual(100 / bar.length + 1);
      expect(Number(m[3])).toBe(Math.round((count / panelSize) * 100));
    }
    term.instance.unmount();
  });
});
