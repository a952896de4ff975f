// The live view, as a user sees it: startLiveView on a fake terminal, fed scripted DebateEvents.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import stripAnsi from 'strip-ansi';
import { DebateEvents, type DebateEvent } from '../../src/core/events.js';
import { startLiveView, TOKEN_BATCH_MS, type LiveView } from '../../src/ui/live.js';
import { baseTranscript, JUDGEMENT, panelOf, Script, seedLikeDebate, SEED_PANEL } from './script.js';
import { CLOCK_ONLY, columnsOf, fakeTerminal, flat, KEYS, lines, settle, type FakeStdin, type FakeStdout } from './terminal.js';

// Colours on (before Ink's chalk reads the environment), so the frames carry them as a terminal's would.
const previousForceColor = vi.hoisted(() => {
  const previous = process.env.FORCE_COLOR;
  process.env.FORCE_COLOR = '1';
  return previous;
});
afterAll(() => {
  if (previousForceColor === undefined) delete process.env.FORCE_COLOR;
  else process.env.FORCE_COLOR = previousForceColor;
});

interface Harness {
  events: DebateEvents;
  stdout: FakeStdout;
  stdin: FakeStdin;
  view: LiveView;
  emit: (...events: DebateEvent[]) => void;
  frame: () => string;
  rawFrame: () => string;
  onInterrupt: ReturnType<typeof vi.fn>;
}

function live(size: { columns?: number; rows?: number; transcriptPath?: string } = {}): Harness {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, stdin, streams } = fakeTerminal(size.columns ?? 100, size.rows ?? 40);
  const onInterrupt = vi.fn();
  const view = startLiveView({ ...streams, events, transcriptPath: size.transcriptPath ?? 'transcripts/test.json', onInterrupt, debug: true });
  return {
    events,
    stdout,
    stdin,
    view,
    onInterrupt,
    emit: (...list) => list.forEach((e) => events.emit(e)),
    frame: () => stripAnsi(stdout.lastFrame()),
    rawFrame: () => stdout.lastFrame(),
  };
}

/** The count and share on an option's tally line. */
function tallyOf(frame: string, option: string): { count: number; share: number } {
  const line = lines(frame).find((l) => new RegExp(`^[A-Z]\\. ${option}\\s+[█░]+`).test(l));
  const match = line && /[█░]+\s+(\d+)\s+(\d+)%/.exec(line);
  if (!match) throw new Error(`no tally line for ${option} in:\n${frame}`);
  return { count: Number(match[1]), share: Number(match[2]) };
}

/** The frame's line holding a debater's name (its card title). */
const lineWith = (frame: string, text: string) => lines(frame).find((l) => l.includes(text)) ?? '';

beforeEach(() => {
  vi.useFakeTimers(CLOCK_ONLY);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live view', () => {
  it('draws a card per debater with its name and provider, and streams the argument as it grows', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1), ...SEED_PANEL.map((p) => s.turnStarted(1, p.id)));
    let frame = h.frame();
    expect(frame).toContain('Is there a moat to training an LLM model?');
    expect(frame).toMatch(/A\. Yes\s+B\. No/);
    expect(frame).toContain('Round 1/2');
    for (const p of SEED_PANEL) expect(frame).toContain(`${p.name} · ${p.model!.split(':')[0]}`);

    h.emit(s.token(1, 'gpt-5-4', '{"vote": "Yes", "argument": "Compute is scarce'));
    // Tokens are gathered before a redraw…
    expect(h.frame()).not.toContain('Compute is scarce');
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    frame = h.frame();
    expect(frame).toContain('Compute is scarce');
    expect(frame).not.toContain('"argument"'); // the JSON wrapper is not shown, the argument is
    expect(frame).toContain('thinking · leaning Yes');

    h.emit(s.token(1, 'gpt-5-4', ' and capital\\nconcentrated'));
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    frame = h.frame();
    expect(frame).toContain('Compute is scarce and capital');
    expect(frame).toContain('concentrated');

    h.emit(s.turn(1, 'gpt-5-4', { vote: 'Yes', argument: 'Compute is scarce and capital concentrated.', latencyMs: 3200 }));
    frame = h.frame();
    expect(frame).toContain('A · Yes'); // the vote badge
    expect(frame).toContain('3.2 s');
    expect(lineWith(frame, 'GPT-5.4 · openai')).toContain('✓');
    await h.view.done();
  });

  it('shows no provider for a debater without a model', async () => {
    const h = live();
    const panel = [SEED_PANEL[0]!, { id: 'human', name: 'Human Expert', model: null }];
    const s = new Script(baseTranscript({ panel }));
    h.emit(s.started(), s.roundStarted(1));
    const title = lineWith(h.frame(), 'Human Expert');
    expect(title).not.toMatch(/Human Expert ·/);
    expect(h.frame()).toContain('Grok 4.1 Fast · xai');
    await h.view.done();
  });

  it('moves the tally as votes land, and marks a changed vote', async () => {
    const h = live();
    const s = new Script(baseTranscript({ panel: SEED_PANEL.slice(0, 3) }));
    h.emit(s.started(), s.roundStarted(1));
    expect(tallyOf(h.frame(), 'Yes')).toEqual({ count: 0, share: 0 });

    h.emit(s.turn(1, 'grok-4-1-fast', { vote: 'Yes' }));
    // One vote of three in: a third of the bar and 33% (the share of the panel), not 100%.
    expect(tallyOf(h.frame(), 'Yes')).toEqual({ count: 1, share: 33 });
    expect(tallyOf(h.frame(), 'No')).toEqual({ count: 0, share: 0 });

    h.emit(s.turn(1, 'gpt-5-4', { vote: 'No' }), s.turn(1, 'gemini-3-1-pro', { vote: 'No' }), s.roundFinished(1));
    expect(tallyOf(h.frame(), 'Yes')).toEqual({ count: 1, share: 33 });
    expect(tallyOf(h.frame(), 'No')).toEqual({ count: 2, share: 67 });

    h.emit(s.roundStarted(2), s.turn(2, 'gpt-5-4', { vote: 'Yes' }));
    const frame = h.frame();
    expect(lineWith(frame, 'GPT-5.4 · openai')).toBeTruthy();
    expect(frame).toContain('changed No → Yes');
    expect(tallyOf(frame, 'Yes')).toEqual({ count: 2, share: 67 });
    expect(tallyOf(frame, 'No')).toEqual({ count: 1, share: 33 });
    // Not "3 of 3 votes in": one seat has answered round 2, the others count as they voted in round 1.
    expect(frame).toContain('Tally · 1 of 3 answered round 2, the others as they voted in round 1');
    expect(frame).not.toContain('votes in');
    // Round 1 was printed above as a finished round.
    expect(frame).toMatch(/Round 1\/2\s+Yes 1\s+No 2/);
    await h.view.done();
  });

  it('shows a failed turn with its error in red', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1), s.turnStarted(1, 'kimi-k2-5'));
    h.emit(s.turn(1, 'kimi-k2-5', { vote: null, error: 'timed out after 60 s waiting for the first token' }));
    const frame = h.frame();
    expect(lineWith(frame, 'Kimi K2.5 · moonshot')).toContain('✗');
    expect(frame).toMatch(/│ no vote · 1\.5 s/);
    expect(flat(frame)).toContain('✗ timed out after 60 s waiting for the first token');
    // Red (SGR 31) is switched on before the error text.
    expect(h.rawFrame()).toMatch(/\u001b\[31m[^\n]*timed out after 60 s/);
    await h.view.done();
  });

  it('drops the streamed text of a failed attempt when a retry starts', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1), s.turnStarted(1, 'gemini-3-1-pro'));
    h.emit(s.token(1, 'gemini-3-1-pro', 'A first draft that will be lost'));
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    expect(h.frame()).toContain('A first draft that will be lost');

    h.emit(s.retry(1, 'gemini-3-1-pro', 'HTTP 429 rate limited'));
    let frame = h.frame();
    expect(frame).not.toContain('first draft');
    expect(frame).toContain('↻ retry 1: HTTP 429 rate limited');
    expect(lineWith(frame, 'thinking')).toContain('1 retry');

    h.emit(s.token(1, 'gemini-3-1-pro', 'The second attempt'));
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    frame = h.frame();
    expect(frame).toContain('The second attempt');
    expect(frame).not.toContain('first draft');
    await h.view.done();
  });

  it('never lets model text move the cursor, clear the screen or retitle the terminal', async () => {
    const hostile = '\u001b[2J\u001b[31mred\u001b]0;title\u0007';
    const panel = [{ id: 'evil', name: `Evil\u001b[2J Model`, model: 'openai:gpt-5.4' }, SEED_PANEL[1]!];
    const h = live();
    const s = new Script(baseTranscript({ panel, motion: `Should we \u001b[H\u001b[2Jclear? ${hostile}` }));
    h.emit(s.started(), s.roundStarted(1), s.turnStarted(1, 'evil'), s.turnStarted(1, 'gpt-5-4'));
    // Raw in the stream, and JSON-escaped the way a model's JSON reply carries it.
    h.emit(s.token(1, 'evil', `streamed ${hostile} words`));
    h.emit(s.token(1, 'gpt-5-4', `{"vote": "Yes", "argument": "escaped \\u001b[2J\\u001b]0;pwn\\u0007 visible`));
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    const check = (raw: string) => {
      expect(raw).not.toContain('\u001b[2J');
      expect(raw).not.toContain('\u001b[H');
      expect(raw).not.toContain('\u001b]');
      expect(raw).not.toContain('\u0007');
    };
    check(h.rawFrame());
    expect(h.frame()).toContain('streamed red words');
    expect(h.frame()).toContain('escaped visible');
    expect(h.frame()).toContain('Evil Model');

    h.emit(
      s.turn(1, 'evil', { vote: 'Yes', argument: `final ${hostile} argument` }),
      s.turn(1, 'gpt-5-4', { vote: null, error: `bad reply ${hostile}` }),
      s.retry(1, null, `judge hiccup ${hostile}`),
    );
    check(h.rawFrame());
    expect(h.frame()).toContain('final red argument');
    expect(h.frame()).toContain('bad reply red');

    h.emit(s.roundFinished(1), s.judging(), s.judged({ summary: `sum ${hostile}`, strongestArguments: { Yes: `best ${hostile}` }, turningPoints: [`turn ${hostile}`] }), s.finished());
    await h.view.done();
    check(h.stdout.output());
    const frame = h.frame();
    expect(frame).toContain('sum red');
    expect(frame).toContain('Yes: best red');
    expect(frame).toContain('turn red');
    expect(frame).toContain('Should we clear? red');
  });

  it('draws a debate that ended before the view was mounted (Ink loads after the first requests): events replayed on subscription', async () => {
    const { stdout, streams } = fakeTerminal(100, 40);
    const { events } = seedLikeDebate();
    // The CLI hands the view the events it kept while Ink was loading, the closing one included.
    const replayed = { on: (listener: (e: DebateEvent) => void) => (events.forEach(listener), () => {}) };
    const view = startLiveView({ ...streams, events: replayed, transcriptPath: 'transcripts/test.json', debug: true });
    await view.done();
    const frame = stripAnsi(stdout.lastFrame());
    expect(frame).toContain('Done · Supermajority — Yes (5/6 votes)');
    expect(frame.match(/Round 1\/2 /g)).toHaveLength(1);
  });

  it('ends with the judge panel, the final tally and the transcript path, then unmounts', async () => {
    const h = live();
    const { events } = seedLikeDebate();
    h.emit(...events.slice(0, -1));
    expect(h.frame()).toContain('has written the judgement');
    h.emit(events.at(-1)!);
    await h.view.done();
    const frame = h.frame();
    expect(frame).toContain('Result: Supermajority — Yes (5/6 votes)');
    expect(frame).toContain('Judged by Claude Opus 4.6');
    expect(flat(frame)).toContain(JUDGEMENT.summary);
    expect(frame).toContain('Yes: Frontier pretraining needs capital few have.');
    expect(frame).toContain('No: Open weights shrink the gap every year.');
    expect(frame).toContain('• Round 2: fine-tuning is not pretraining from scratch.');
    expect(frame).toContain('Final tally · 6 of 6 votes in');
    expect(frame).toContain('Done · Supermajority — Yes (5/6 votes)');
    expect(frame.trimEnd().endsWith('Transcript: transcripts/test.json')).toBe(true);
    // Both rounds were printed once each, in order, with the changed vote and the failed turn.
    expect(frame.match(/Round 1\/2 /g)).toHaveLength(1);
    expect(frame.indexOf(' Round 1/2 ')).toBeLessThan(frame.indexOf(' Round 2/2 '));
    expect(frame).toContain('Mistral Large · mistral  A. Yes  changed No → Yes');
    expect(frame).toContain('✗ Claude Opus 4.6 gave no valid vote');
    // Unmounted: later events draw nothing.
    const written = h.stdout.frames.length;
    h.emit(new Script(baseTranscript()).started());
    expect(h.stdout.frames.length).toBe(written);
  });

  it('says so when interrupted, and cards in flight stop spinning', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1), ...SEED_PANEL.map((p) => s.turnStarted(1, p.id)));
    h.emit(s.turn(1, 'gpt-5-4', { vote: 'Yes' }), s.interrupted());
    await h.view.done();
    const frame = h.frame();
    expect(frame).toContain('Interrupted · finished turns are kept in the transcript.');
    expect(frame).toContain('Round 1/2 · interrupted');
    expect(frame).toContain('interrupted before the reply was finished');
    expect(lineWith(frame, 'GPT-5.4 · openai')).toContain('✓');
  });

  it('shows a failed debate and its reason', async () => {
    const h = live();
    const s = new Script(baseTranscript({ panel: SEED_PANEL.slice(0, 2) }));
    h.emit(s.started(), ...s.round(1, { 'grok-4-1-fast': null, 'gpt-5-4': 'Yes' }));
    h.emit(s.failed('only 1 of 2 debaters gave a valid vote in round 1; a debate needs at least two'));
    await h.view.done();
    expect(h.frame()).toContain('Failed · only 1 of 2 debaters gave a valid vote in round 1');
  });

  it('closes where it stands when done() is called without a closing event', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1));
    await h.view.done();
    expect(h.frame()).toContain('Failed · the debate stopped before it finished');
  });

  it('passes Ctrl-C on to onInterrupt (raw mode turns it into input)', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started());
    await settle();
    expect(h.stdin.rawMode).toBe(true);
    h.stdin.write(KEYS.ctrlC);
    await settle();
    expect(h.onInterrupt).toHaveBeenCalledTimes(1);
    h.emit(s.interrupted());
    await h.view.done();
    expect(h.stdin.rawMode).toBe(false);
  });

  it('interrupts on two Ctrl-C bytes read at once (as tmux send-keys -H 03 03 delivers them)', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started());
    await settle();
    h.stdin.write(KEYS.ctrlC + KEYS.ctrlC);
    await settle();
    expect(h.onInterrupt).toHaveBeenCalled();
    h.emit(s.interrupted());
    await h.view.done();
  });

  it('interrupts on a Ctrl-C read together with other keys', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started());
    await settle();
    h.stdin.write(`x${KEYS.ctrlC}`);
    await settle();
    expect(h.onInterrupt).toHaveBeenCalled();
    h.emit(s.interrupted());
    await h.view.done();
  });

  it('redraws once for a burst of tokens', async () => {
    const h = live();
    const s = new Script(baseTranscript());
    h.emit(s.started(), s.roundStarted(1), s.turnStarted(1, 'gpt-5-4'));
    const before = h.stdout.frames.length;
    for (let i = 0; i < 200; i++) h.emit(s.token(1, 'gpt-5-4', ` w${i}`));
    expect(h.stdout.frames.length).toBe(before);
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    expect(h.stdout.frames.length).toBe(before + 1);
    expect(h.frame()).toContain('w199');
    await h.view.done();
  });
});

describe('live view layout', () => {
  function twelve(columns: number, rows = 40) {
    const h = live({ columns, rows });
    const panel = panelOf(12);
    const s = new Script(baseTranscript({ panel }));
    const long = 'A long argument about compute, capital, data and talent that needs several lines to wrap. '.repeat(6);
    h.emit(s.started(), s.roundStarted(1), ...panel.map((p) => s.turnStarted(1, p.id)));
    panel.forEach((p, i) => {
      if (i % 3 === 0) h.emit(s.token(1, p.id, long));
      if (i % 3 === 1) h.emit(s.turn(1, p.id, { vote: i % 2 ? 'Yes' : 'No', argument: long }));
      if (i % 3 === 2) h.emit(s.turn(1, p.id, { vote: null, error: 'the reply held no valid vote: "Maybe" is not an option' }));
    });
    return { h, panel };
  }

  it.each([60, 100, 160])('fits %i columns with 12 debaters, every line within the width', async (columns) => {
    const { h, panel } = twelve(columns);
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    const frame = h.frame();
    for (const line of lines(frame)) expect(columnsOf(line), line).toBeLessThanOrEqual(columns);
    for (const p of panel) expect(frame).toContain(p.name);
    // The live screen stays shorter than the terminal, so Ink never has to clear it.
    expect(lines(frame.trimEnd()).length).toBeLessThan(40);
    await h.view.done();
  });

  it('puts one card a row at 60 columns and three at 160', async () => {
    const narrow = twelve(60).h;
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    const names = panelOf(12).map((p) => p.name);
    const perLine = (frame: string) => Math.max(...lines(frame).map((l) => names.filter((n) => l.includes(`${n} ·`)).length));
    expect(perLine(narrow.frame())).toBe(1);
    await narrow.view.done();

    const wide = twelve(160).h;
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    expect(perLine(wide.frame())).toBe(3);
    expect(wide.frame()).toContain('╭'); // roomy enough for bordered cards
    await wide.view.done();
  });

  it.each([
    [100, 30, 64],
    [60, 24, 100],
    [160, 50, 20],
  ])('at %i×%i draws %i debaters as a table, one line a seat, never taller than the terminal', async (columns, rows, seats) => {
    const h = live({ columns, rows });
    const panel = Array.from({ length: seats }, (_, i) => ({ id: `seat-${i + 1}`, name: `Seat ${i + 1}`, model: 'openai:gpt-5.4' }));
    const s = new Script(baseTranscript({ panel }));
    // Seat 1, 5, 9… still thinking (leaning No), 2, 6… done, 3, 7… failed, 4, 8… not started.
    h.emit(s.started(), s.roundStarted(1));
    panel.forEach((p, i) => {
      if (i % 4 === 0) h.emit(s.turnStarted(1, p.id), s.token(1, p.id, 'Vote: B\nBecause'));
      if (i % 4 === 1) h.emit(s.turn(1, p.id, { vote: 'Yes' }));
      if (i % 4 === 2) h.emit(s.turn(1, p.id, { vote: null, error: 'HTTP 500' }));
    });
    await vi.advanceTimersByTimeAsync(TOKEN_BATCH_MS);
    const frame = h.frame();
    const shown = lines(frame.trimEnd());
    expect(shown.length, frame).toBeLessThan(rows);
    for (const line of shown) expect(columnsOf(line), line).toBeLessThanOrEqual(columns);
    expect(frame).not.toContain('╭');
    // Every seat is on the screen, or counted in the line for those that did not fit.
    const named = panel.filter((p) => new RegExp(`${p.name}(?!\\d)`).test(frame)).length;
    const more = /… (\d+) more seats?: /.exec(frame);
    expect(named + Number(more?.[1] ?? 0)).toBe(seats);
    // A seat's line: its state, its vote by letter, and the leaning of one still thinking (as the parser reads it).
    expect(lineWith(frame, 'Seat 2 ')).toMatch(/✓ Seat 2 .*A Yes/);
    expect(lineWith(frame, 'Seat 3 ')).toMatch(/✗ Seat 3 .*no vote/);
    expect(lineWith(frame, 'Seat 1 ')).toMatch(/thinking → No/);
    expect(lineWith(frame, 'Seat 4 ')).toMatch(/· Seat 4 +waiting/);
    await h.view.done();
  });

  it('keeps the final screen within 60 columns', async () => {
    const h = live({ columns: 60 });
    const { events } = seedLikeDebate();
    h.emit(...events);
    await h.view.done();
    for (const line of lines(h.frame())) expect(columnsOf(line), line).toBeLessThanOrEqual(60);
    expect(h.frame()).toContain('Supermajority — Yes (5/6 votes)');
  });

  it('prints the transcript path whole at 60 columns, wrapped so it can be copied', async () => {
    const path = '/home/someone/projects/roundtable/transcripts/2026-12-01-is-there-a-moat-to-training-an-llm-model-3.json';
    const h = live({ columns: 60, transcriptPath: path });
    const { events } = seedLikeDebate();
    h.emit(...events.slice(0, 3));
    await settle();
    expect(lines(h.frame()).map((l) => l.trimEnd()).join('')).toContain(path);
    h.emit(...events.slice(3));
    await h.view.done();
    const frame = h.frame();
    for (const line of lines(frame)) expect(columnsOf(line), line).toBeLessThanOrEqual(60);
    const tail = lines(frame.trimEnd()).slice(-4).map((l) => l.trimEnd()).join('');
    expect(tail).toContain(path);
    expect(tail).not.toContain('…');
  });

  it('shows no "Round 0" before the first round starts', async () => {
    const h = live({ columns: 60 });
    const s = new Script(baseTranscript());
    h.emit(s.started());
    await settle();
    expect(h.frame()).not.toMatch(/Round 0\//);
    expect(h.frame()).toContain('Starting · 2 rounds');
    h.emit(s.roundStarted(1));
    await settle();
    expect(h.frame()).toContain('Round 1/2 · blind');
    await h.view.done();
  });

  it('clips a long motion to three lines ending in "…"', async () => {
    const motion = `Should every city in the world ban private cars from its centre by 2030, ${'given the evidence on air quality, traffic deaths and the cost of parking, '.repeat(6)}and what should replace them?`;
    const h = live({ columns: 60 });
    const s = new Script(baseTranscript({ motion }));
    h.emit(s.started(), s.roundStarted(1));
    await settle();
    const frame = lines(h.frame());
    const start = frame.findIndex((l) => l.startsWith('Should every city'));
    expect(start).toBeGreaterThanOrEqual(0);
    const third = frame[start + 2]!.trimEnd();
    expect(third.endsWith('…')).toBe(true);
    expect(columnsOf(third)).toBeLessThanOrEqual(60);
    expect(frame[start + 3]).toMatch(/^A\. Yes/);
    await h.view.done();
  });
});
