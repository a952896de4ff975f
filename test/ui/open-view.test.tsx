// Open questions on screen: the live view and the replay of a question with no options. Each seat's
// answer is its headline, a changed mind is marked, there are no vote bars, and the synthesis
// (answer, how many agreed, counterpoint, positions) closes the run.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import stripAnsi from 'strip-ansi';
import { DebateEvents, type DebateEvent } from '../../src/core/events.js';
import { agreementPhrase } from '../../src/core/result.js';
import { startLiveView } from '../../src/ui/live.js';
import { replayEvents } from '../../src/ui/replay-events.js';
import { Replay } from '../../src/ui/Replay.js';
import { reduceAll } from '../../src/ui/state.js';
import { previewOpenReply } from '../../src/ui/stream-preview.js';
import { DYNAMO, OpenScript, openDebate, openTranscript, POSTGRES, SQLITE } from './open-script.js';
import { panelOf, SEED_PANEL } from './script.js';
import { CLOCK_ONLY, fakeTerminal, FakeStdin, FakeStdout, flat, KEYS, lines, renderAt, settle } from './terminal.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { transcriptJson } from '../../src/transcript/store.js';
import { tempDir } from '../support/cli.js';

const FOUR = SEED_PANEL.slice(0, 4);
const [GROK, GPT, GEMINI, MISTRAL] = FOUR.map((p) => p.id) as [string, string, string, string];

function live(size: { columns?: number; rows?: number } = {}) {
  const events = new DebateEvents((e) => {
    throw e;
  });
  const { stdout, streams } = fakeTerminal(size.columns ?? 120, size.rows ?? 50);
  const view = startLiveView({ ...streams, events, transcriptPath: 'transcripts/open.json', debug: true });
  return {
    view,
    stdout,
    emit: (...list: DebateEvent[]) => list.forEach((e) => events.emit(e)),
    frame: () => stripAnsi(stdout.lastFrame()),
    output: () => stripAnsi(stdout.output()),
  };
}

/** The frame's line holding a text. */
const lineWith = (frame: string, text: string) => lines(frame).find((l) => l.includes(text)) ?? '';

describe('previewOpenReply', () => {
  it('reads the answer once its JSON string is closed, and the argument as far as it has arrived', () => {
    expect(previewOpenReply('{"answer": "Use Postg')).toEqual({ answer: null, text: '' });
    expect(previewOpenReply('{"answer": "Use Postgres", "argument": "One store\\nis')).toEqual({ answer: 'Use Postgres', text: 'One store\nis' });
    expect(previewOpenReply('Here it is: {"argument": "first", "answer": "SQLite"')).toEqual({ answer: 'SQLite', text: 'first' });
    expect(previewOpenReply('```json\n{"changed": true, "answer": "X", "argument": "because')).toEqual({ answer: 'X', text: 'because' });
  });

  it('reads an "Answer:" first line once it has ended, and shows the rest as the argument', () => {
    expect(previewOpenReply('Answer: Use SQLi')).toEqual({ answer: null, text: '' });
    expect(previewOpenReply('\n**Answer:** Use SQLite\n\nIt is one file.')).toEqual({ answer: 'Use SQLite', text: 'It is one file.' });
    expect(previewOpenReply('I think the answer is plain prose')).toEqual({ answer: null, text: 'I think the answer is plain prose' });
  });
});

describe('the live view of an open question', () => {
  it('shows each seat’s answer as its headline, streams the argument, and draws no vote bars', async () => {
    const h = live({ columns: 90 });
    const s = new OpenScript(openTranscript({ panel: FOUR }));
    h.emit(s.started(), s.roundStarted(1), ...FOUR.map((p) => s.turnStarted(1, p.id)));
    await settle();
    let frame = h.frame();
    expect(frame).toContain('Open Debate · each seat answers in a sentence');
    expect(frame).toContain('Answers · 0 of 4 answered round 1');
    expect(frame).not.toMatch(/Tally|[█░]/);

    h.emit(s.token(1, GPT, '{"answer": "Start with SQLite", "argument": "One file, no server'));
    await new Promise((r) => setTimeout(r, 80));
    await settle();
    frame = h.frame();
    expect(frame).toContain('Start with SQLite');
    expect(frame).toContain('One file, no server');
    expect(frame).not.toContain('{"answer"');

    h.emit(s.turn(1, GROK, { answer: POSTGRES, argument: 'Postgres does documents, queues and search well enough.' }));
    await settle();
    frame = flat(h.frame());
    expect(frame).toContain(POSTGRES);
    expect(frame).toContain('Postgres does documents, queues and search well enough.');
    expect(h.frame()).toContain('Answers · 1 of 4 answered round 1');
    h.view.done();
  });

  it('marks a changed mind on the card and under it, and never calls a kept answer changed', async () => {
    const h = live();
    const s = new OpenScript(openTranscript({ panel: FOUR }));
    h.emit(s.started(), ...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: DYNAMO, [MISTRAL]: POSTGRES }));
    h.emit(s.roundStarted(2), s.turn(2, GEMINI, { answer: POSTGRES }), s.turn(2, GROK, { answer: POSTGRES }));
    await settle();
    const frame = h.frame();
    expect(lineWith(frame, '↻ changed mind:')).toContain('Gemini 3.1 Pro');
    expect(lineWith(frame, '↻ changed mind:')).not.toContain('Grok');
    expect(frame.match(/↻ changed mind(?!:)/g)).toHaveLength(1);
    // Round 1 went into the scrollback, each seat's answer in full.
    expect(h.output()).toContain(`Answer: ${DYNAMO}`);
    h.view.done();
  });

  it('ends with the synthesis: the answer, how many agreed, the counterpoint, every position with its seats', async () => {
    const h = live({ columns: 120, rows: 60 });
    const { events, synthesis } = openDebate(FOUR);
    h.emit(...events.slice(0, -3));
    await settle();
    // Before the synthesis the positions are not claimed.
    expect(h.frame()).not.toContain('Where the panel landed');
    h.emit(events.at(-3)!, events.at(-2)!);
    await settle();
    let frame = h.frame();
    expect(frame).toContain('Where the panel landed · 3 of 4 models agreed');
    expect(frame).toContain('✓ Claude Opus 4.6 has written the synthesis');
    expect(lineWith(frame, '● 3')).toMatch(/● 3 {2}Use one PostgreSQL.* — Grok 4.1 Fast, Gemini 3.1 Pro, Mistral Large/);
    expect(lineWith(frame, '● 1')).toMatch(/● 1 {2}Start with SQLite.* — GPT-5.4$/);
    h.emit(events.at(-1)!);
    await h.view.done();
    frame = flat(h.frame());
    expect(frame).toContain(`Answer: ${synthesis.answer}`);
    expect(frame).toContain('(3 of 4 models agreed)');
    expect(frame).toContain(`Counterpoint: ${synthesis.counterpoint}`);
    expect(frame).toContain('Positions');
    expect(frame).toContain(`${SQLITE} — GPT-5.4`);
    expect(frame).toContain(synthesis.summary);
    expect(frame).toContain(synthesis.turningPoints[0]);
    expect(frame).toContain(`Done · 3 of 4 models agreed — ${synthesis.answer}`);
    // Round 2 in the scrollback: Gemini's changed mind, said as the published pages say it.
    expect(lineWith(h.output(), 'Gemini 3.1 Pro · google  (changed mind)')).not.toBe('');
    expect(h.output()).not.toMatch(/Strongest arguments|Tally|[█░]|votes/);
  });

  it('shows a seat that gave no answer in red, and every answer cleaned of escape sequences', async () => {
    const h = live();
    const s = new OpenScript(openTranscript({ panel: FOUR }));
    const hostile = 'Use \u001b[2J\u001b]0;pwned\u0007Postgres';
    h.emit(s.started(), s.roundStarted(1), s.turn(1, GROK, { answer: hostile }), s.turn(1, GPT, { answer: null, error: 'no answer after asking again' }));
    await settle();
    const raw = h.stdout.lastFrame();
    expect(raw).not.toContain('\u001b[2J');
    expect(raw).not.toContain('\u001b]0;');
    expect(h.frame()).toContain('Use Postgres');
    expect(h.frame()).toContain('no answer');
    expect(h.frame()).toContain('no answer after asking again');
    h.view.done();
  });

  it('a large panel: one line a seat, with its answer and ↻ for a changed mind', async () => {
    const panel = [...panelOf(12), ...[1, 2].map((n) => ({ id: `extra-${n}`, name: `Extra ${n}`, model: `openai:extra-${n}` }))];
    const h = live({ columns: 120, rows: 40 });
    const s = new OpenScript(openTranscript({ panel }));
    h.emit(s.started(), ...s.round(1, Object.fromEntries(panel.map((p, i) => [p.id, i % 2 ? SQLITE : POSTGRES]))));
    h.emit(s.roundStarted(2), s.turn(2, panel[1]!.id, { answer: POSTGRES }));
    await settle();
    const row = lineWith(h.frame(), '✓ GPT-5.4 ');
    expect(row).toMatch(/✓ GPT-5\.4\s+↻ Use one Postgre/);
    h.view.done();
  });

  it('an Open Poll without a judge says there is no synthesis, and counts only answers given in the same words', async () => {
    const h = live();
    const s = new OpenScript(openTranscript({ panel: FOUR, rounds: 1, judge: false, mode: 'poll' }));
    h.emit(s.started(), ...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: POSTGRES, [MISTRAL]: DYNAMO }), s.finished());
    await h.view.done();
    const frame = flat(h.frame());
    expect(frame).toContain('Open Poll');
    expect(frame).toContain('No synthesis (no judge) — 2 of 4 models gave the same answer');
    expect(frame).not.toContain('Counterpoint');
  });
});

describe('replaying an open question', () => {
  beforeEach(() => {
    vi.useFakeTimers(CLOCK_ONLY);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reduces to the transcript: answers per round, the synthesis only with the judgement', () => {
    const { transcript } = openDebate(FOUR);
    const timed = replayEvents(transcript).map((e) => e.event);
    const judging = timed.findIndex((e) => e.type === 'judging');
    const before = reduceAll(timed.slice(0, judging));
    expect(before.open).toBe(true);
    expect(before.result && 'groups' in before.result ? before.result.answer : 'closed').toBeNull();
    const state = reduceAll(timed);
    expect(state.result).toEqual(transcript.result);
    expect(state.finishedRounds[1]!.turns.map((t) => t.answer)).toEqual([POSTGRES, SQLITE, POSTGRES, POSTGRES]);
    expect(state.cards[GEMINI]).toMatchObject({ answer: POSTGRES, changed: true, status: 'done' });
    // Tokens stream the argument, as live.
    expect(timed.filter((e) => e.type === 'token' && e.debater === GPT && e.round === 1).length).toBeGreaterThan(3);
  });

  it('plays through the same screen, steps with →, and ends on the synthesis', async () => {
    const { transcript, synthesis } = openDebate(FOUR);
    const onExit = vi.fn();
    const term = renderAt(<Replay transcript={transcript} transcriptPath="open.json" speed={1} onExit={onExit} />, { columns: 120, rows: 60 });
    await settle();
    term.stdin.write(KEYS.space);
    await settle();
    for (let i = 0; i < 3; i++) {
      term.stdin.write(KEYS.right);
      await settle();
    }
    let frame = flat(term.frame());
    expect(frame).toContain('Replay · round 2/2 · paused');
    expect(frame).toContain('Answers · 4 of 4 answered round 2');
    expect(frame).toContain('↻ changed mind: Gemini 3.1 Pro');
    expect(frame).not.toContain('Where the panel landed');
    term.stdin.write(KEYS.right);
    await settle();
    frame = flat(term.frame());
    expect(frame).toContain('Where the panel landed · 3 of 4 models agreed');
    term.stdin.write(KEYS.space);
    await settle();
    for (let i = 0; i < 100 && !onExit.mock.calls.length; i++) {
      await vi.advanceTimersByTimeAsync(200);
      await settle(1);
    }
    expect(onExit).toHaveBeenCalledWith(0);
    frame = flat(term.frame());
    expect(frame).toContain(`Answer: ${synthesis.answer}`);
    expect(frame).toContain(`Counterpoint: ${synthesis.counterpoint}`);
    expect(frame).toContain('Round 2/2');
    expect(frame).toContain('(changed mind)');
    term.instance.unmount();
  });
});

describe('roundtable replay FILE, an open question', () => {
  it('plays a saved open transcript on a terminal to its synthesis (speed 0)', async () => {
    const { transcript, synthesis } = openDebate(FOUR);
    const path = join(tempDir('roundtable-replay-'), 'open.json');
    writeFileSync(path, transcriptJson(transcript));
    const stdout = new FakeStdout(120, 60);
    let errors = '';
    const stderr = new Writable({
      write(chunk, _encoding, done) {
        errors += String(chunk);
        done();
      },
    });
    const code = await main(['replay', path, '--speed', '0'], { stdout: stdout as unknown as Io['stdout'], stderr: stderr as unknown as Io['stderr'], stdin: new FakeStdin() as unknown as Io['stdin'], env: {}, cwd: tempDir() });
    expect(errors).toBe('');
    expect(code).toBe(0);
    const out = flat(stripAnsi(stdout.output()));
    expect(out).toContain(`Answer: ${synthesis.answer}`);
    expect(out).toContain('(3 of 4 models agreed)');
    expect(out).toContain(`Counterpoint: ${synthesis.counterpoint}`);
    expect(out).toContain('Gemini 3.1 Pro · google (changed mind)');
    expect(out).toContain('Replaying: ');
  });
});

describe('debate --open --mock on a terminal (a real mock run)', () => {
  it('draws each seat’s answer, the changed minds and the synthesis the transcript holds; replaying the file ends on the same', async () => {
    const dir = tempDir('roundtable-open-live-');
    const out = join(dir, 'open.json');
    const stdout = new FakeStdout(120, 60);
    let errors = '';
    const stderr = new Writable({
      write(chunk, _encoding, done) {
        errors += String(chunk);
        done();
      },
    });
    const streams = { stdout: stdout as unknown as Io['stdout'], stderr: stderr as unknown as Io['stderr'], stdin: new FakeStdin() as unknown as Io['stdin'], env: {}, cwd: dir };
    const code = await main(['debate', '--open', 'How should a small team store its data?', '--mock', '--seed', '4', '--rounds', '3', '--mock-pace', '0', '--out', out], streams);
    expect(errors).toBe('');
    expect(code).toBe(0);
    const t = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8')) as import('../../src/core/schema.js').Transcript;
    const result = t.result && 'groups' in t.result ? t.result : null;
    expect(result?.answer).toBeTruthy();
    const output = flat(stripAnsi(stdout.output()));
    expect(output).toContain('Open Debate · each seat answers in a sentence');
    for (const round of t.rounds) {
      for (const turn of round.turns) {
        const name = t.panel.find((p) => p.id === turn.debater)!.name;
        expect(output).toContain(`${name} · ${t.panel.find((p) => p.id === turn.debater)!.model!.split(':')[0]}${turn.changed ? ' (changed mind)' : ''} Answer: ${turn.answer}`);
      }
    }
    const last = flat(stripAnsi(stdout.lastFrame()));
    expect(last).toContain(`Done · ${agreementPhrase(result!)} — ${result!.answer}`);
    expect(output).toContain(`Answer: ${result!.answer}`);
    if (result!.counterpoint) expect(output).toContain(`Counterpoint: ${result!.counterpoint}`);
    expect(output).not.toMatch(/Tally|[█░]/);

    // The saved file replays to the same synthesis.
    const replayOut = new FakeStdout(120, 60);
    expect(await main(['replay', out, '--speed', '0'], { ...streams, stdout: replayOut as unknown as Io['stdout'] })).toBe(0);
    const replayed = flat(stripAnsi(replayOut.output()));
    expect(replayed).toContain(`Answer: ${result!.answer}`);
    expect(replayed).toContain('Replaying: ');
  }, 60_000);
});

describe('debate --open --protocol council --mock on a terminal', () => {
  it('prints the ranking round as ballots, never as missing answers, and ends on the chair’s synthesis', async () => {
    const dir = tempDir('roundtable-open-council-');
    const out = join(dir, 'council.json');
    const stdout = new FakeStdout(120, 60);
    const stderr = new Writable({ write: (_c, _e, done) => done() });
    const code = await main(['debate', '--open', 'How should a small team store its data?', '--protocol', 'council', '--mock', '--seed', '4', '--mock-pace', '0', '--out', out], {
      stdout: stdout as unknown as Io['stdout'],
      stderr: stderr as unknown as Io['stderr'],
      stdin: new FakeStdin() as unknown as Io['stdin'],
      env: {},
      cwd: dir,
    });
    expect(code).toBe(0);
    const output = flat(stripAnsi(stdout.output()));
    expect(output).toMatch(/Round 2\/2 6 ranked/);
    expect(output).toContain('Open Council · each seat answers in a sentence');
    expect(output).not.toMatch(/no answer -?\d/);
    expect(output).toMatch(/ranked [^>]+ > /);
    const t = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8')) as import('../../src/core/schema.js').Transcript;
    const result = t.result && 'groups' in t.result ? t.result : null;
    expect(output).toContain(`Answer: ${result!.answer}`);
  }, 60_000);
});
