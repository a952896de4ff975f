// Replay: a transcript turned back into a live run's events, and the player that shows them
// through the same App, with its keys.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadTranscript } from '../../src/transcript/store.js';
import type { Transcript } from '../../src/core/schema.js';
import { REPLAY_PACE, replayEvents, wordChunks } from '../../src/ui/replay-events.js';
import { Replay } from '../../src/ui/Replay.js';
import { startReplay } from '../../src/ui/start-replay.js';
import { reduceAll } from '../../src/ui/state.js';
import { computeResult } from '../../src/core/result.js';
import { baseTranscript, JUDGEMENT, Script, seedLikeDebate } from './script.js';
import { CLOCK_ONLY, columnsOf, fakeTerminal, flat, KEYS, lines, renderAt, settle } from './terminal.js';

const SEED_JSON = new URL('../../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;

/** The seed-like debate, with recorded latencies and a retried turn. */
function recorded(): Transcript {
  const t = seedLikeDebate().transcript;
  t.rounds[0]!.turns[1]!.retries = [{ attempt: 1, reason: 'HTTP 429 rate limited', delayMs: 1000 }];
  t.rounds[0]!.turns[0]!.latencyMs = 4000;
  return t;
}

describe('replayEvents', () => {
  it('emits what a live run would have, in order, with each argument streamed word by word', () => {
    const t = recorded();
    const timed = replayEvents(t);
    const types = timed.map((e) => e.event.type);
    expect(types[0]).toBe('debate_started');
    expect(types.at(-1)).toBe('debate_finished');
    expect(types.filter((x) => x === 'round_started')).toHaveLength(2);
    expect(types.filter((x) => x === 'turn_finished')).toHaveLength(12);
    expect(types.filter((x) => x === 'round_finished')).toHaveLength(2);
    expect(types.slice(-3)).toEqual(['judging', 'judged', 'debate_finished']);
    // Every turn starts when its round does, and its tokens come between its start and finish.
    const round1 = types.indexOf('round_started');
    expect(types.slice(round1 + 1, round1 + 7)).toEqual(Array(6).fill('turn_started'));
    const grok = t.rounds[0]!.turns[0]!;
    const tokens = timed
      .map((e) => e.event)
      .filter((e) => e.type === 'token' && e.round === 1 && e.debater === 'grok-4-1-fast')
      .map((e) => (e.type === 'token' ? e.text : ''));
    expect(tokens).toEqual(wordChunks(grok.argument));
    expect(tokens.join('')).toBe(grok.argument);
    // The retry is replayed before the retried turn's words.
    const retryAt = timed.findIndex((e) => e.event.type === 'retry');
    const firstGptToken = timed.findIndex((e) => e.event.type === 'token' && e.event.debater === 'gpt-5-4');
    expect(retryAt).toBeGreaterThan(0);
    expect(retryAt).toBeLessThan(firstGptToken);
  });

  it('keeps the recorded pace, divided by the speed; speed 0 is instant', () => {
    const t = recorded();
    const total = (speed: number) => replayEvents(t, { speed }).reduce((sum, e) => sum + e.delayMs, 0);
    // Grok's round-1 turn took 4 s: its turn_finished lands 4 s after its round started.
    const timed = replayEvents(t);
    let clock = 0;
    const at = timed.map((e) => (clock += e.delayMs));
    const start = timed.findIndex((e) => e.event.type === 'round_started');
    const done = timed.findIndex((e) => e.event.type === 'turn_finished' && e.event.turn.debater === 'grok-4-1-fast');
    expect(at[done]! - at[start]!).toBeCloseTo(4000, 5);
    expect(total(2)).toBeCloseTo(total(1) / 2, 5);
    expect(total(0)).toBe(0);
    expect(total(1)).toBeGreaterThan(REPLAY_PACE.judgeMs);
  });

  it('reduces to the transcript it came from', () => {
    const t = recorded();
    const state = reduceAll(replayEvents(t).map((e) => e.event));
    expect(state.status).toBe('complete');
    expect(state.finishedRounds.map((r) => r.number)).toEqual([1, 2]);
    expect(state.finishedRounds[1]!.turns).toEqual(t.rounds[1]!.turns);
    expect(state.result).toEqual(t.result);
    expect(state.judge.judgement).toEqual(JUDGEMENT);
    expect(state.tally).toEqual({ Yes: 5, No: 1 });
  });

  it('ends an interrupted transcript where it stopped, without finishing its last round', () => {
    const s = new Script(baseTranscript());
    [...s.round(1, { 'grok-4-1-fast': 'Yes', 'gpt-5-4': 'No', 'gemini-3-1-pro': 'Yes', 'mistral-large': 'Yes', 'claude-opus-4-6': 'Yes', 'kimi-k2-5': 'No' })];
    s.roundStarted(2);
    s.turn(2, 'gpt-5-4', { vote: 'Yes' });
    s.interrupted();
    const timed = replayEvents(s.t);
    const types = timed.map((e) => e.event.type);
    expect(types.at(-1)).toBe('interrupted');
    expect(types.filter((x) => x === 'round_finished')).toHaveLength(1);
    expect(types).not.toContain('judging');
    const state = reduceAll(timed.map((e) => e.event));
    expect(state.cards['gpt-5-4']!.changed).toBe(true);
    expect(state.cards['kimi-k2-5']!.error).toBe('interrupted before the reply was finished');
  });
});

describe('the replay player', () => {
  beforeEach(() => {
    vi.useFakeTimers(CLOCK_ONLY);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function player(speed = 1, size: { columns?: number; rows?: number } = {}, transcript: Transcript = recorded()) {
    const onExit = vi.fn();
    const term = renderAt(<Replay transcript={transcript} transcriptPath="debates/moat.json" speed={speed} onExit={onExit} />, size);
    return { ...term, onExit };
  }

  /** Lets `ms` of replay time pass, in steps, letting React run its effects (which set the next timer) between them. */
  async function play(ms: number) {
    for (let t = 0; t < ms; t += 100) {
      await vi.advanceTimersByTimeAsync(Math.min(100, ms - t));
      await settle(1);
    }
  }

  /** Plays on until the frame shows `text` (at most a minute of replay time). */
  async function playUntil(frame: () => string, text: string) {
    for (let i = 0; i < 600 && !frame().includes(text); i++) await play(100);
    expect(frame()).toContain(text);
  }

  it('plays the debate through the live view, with its status line', async () => {
    const p = player();
    await settle();
    await playUntil(p.frame, 'Replay · round 1/2 · playing ×1 · space pause · ←/→ rounds · +/- speed · q quit');
    expect(p.frame()).toContain('Grok 4.1 Fast · xai');
    expect(p.frame()).toContain('Replaying: debates/moat.json');
    await playUntil(p.frame, 'A · Yes');
    p.instance.unmount();
  });

  it('pauses on space: the frame holds still while time passes, and resumes on space', async () => {
    const p = player();
    await settle();
    await playUntil(p.frame, 'thinking');
    p.stdin.write(KEYS.space);
    await settle();
    const paused = p.frame();
    expect(paused).toContain('paused ×1 · space play');
    await play(20_000);
    expect(p.frame()).toBe(paused);
    expect(p.onExit).not.toHaveBeenCalled();

    p.stdin.write(KEYS.space);
    await settle();
    await play(2_000);
    expect(p.frame()).toContain('playing ×1');
    expect(p.frame()).not.toBe(paused);
    p.instance.unmount();
  });

  it('jumps a round with → and back with ←', async () => {
    const p = player();
    await settle();
    await playUntil(p.frame, 'round 1/2');
    p.stdin.write(KEYS.space); // paused, so only the keys move it
    await settle();
    p.stdin.write(KEYS.right);
    await settle();
    let frame = p.frame();
    expect(frame).toContain('Replay · round 2/2 · paused');
    expect(frame).toContain('Tally · 0 of 6 answered round 2, the others as they voted in round 1'); // round 1's votes counted
    // Round 2's turns have started: every card is thinking, none has voted yet.
    expect(frame.match(/thinking/g)).toHaveLength(6);
    expect(frame).not.toContain('A · Yes');

    // → in the last round finishes it (every vote in), and the next → shows the judgement.
    p.stdin.write(KEYS.right);
    await settle();
    expect(p.frame()).toContain('Replay · round 2/2 · paused');
    expect(p.frame()).toContain('Tally · 6 of 6 votes in');
    p.stdin.write(KEYS.right);
    await settle();
    expect(p.frame()).toContain('Replay · judging · paused');

    p.stdin.write(KEYS.left);
    await settle();
    expect(p.frame()).toContain('Replay · round 2/2 · paused');
    p.stdin.write(KEYS.left);
    await settle();
    frame = p.frame();
    expect(frame).toContain('Replay · round 1/2 · paused');
    expect(frame).toContain('Tally · 0 of 6 votes in');
    expect(frame).not.toContain('A · Yes');
    p.instance.unmount();
  });

  it('on a one-round transcript, → steps through the round and the judgement while paused, and never exits', async () => {
    const t = recorded();
    t.rounds = t.rounds.slice(0, 1);
    t.plannedRounds = 1;
    t.result = computeResult(t.options, t.rounds[0]!, t.panel.length);
    const p = player(1, {}, t);
    await settle();
    await playUntil(p.frame, 'round 1/1');
    p.stdin.write(KEYS.space);
    await settle();
    p.stdin.write(KEYS.right);
    await settle();
    // One round forward: round 1 finished, not yet the judging.
    expect(p.frame()).toContain('Replay · round 1/1 · paused');
    expect(p.frame()).toContain('Tally · 5 of 6 votes in'); // every turn in (Claude gave no valid vote)
    expect(p.frame()).not.toContain('thinking');
    expect(p.frame()).not.toContain('judging');
    p.stdin.write(KEYS.right);
    await settle();
    expect(p.frame()).toContain('Replay · judging · paused');
    // Stopped at the judgement, the write-up itself is on screen.
    expect(flat(p.frame())).toContain(t.judgement!.summary.slice(0, 40));
    p.stdin.write(KEYS.right);
    await settle();
    await play(20_000);
    // Paused: still on screen, waiting for the user.
    expect(p.onExit).not.toHaveBeenCalled();
    expect(p.frame()).toContain('Replay · judging · paused');
    p.stdin.write(KEYS.space);
    await settle();
    await play(5_000);
    expect(p.onExit).toHaveBeenCalledWith(0);
    p.instance.unmount();
  });

  it('← goes back one round from a round under way, not to the start of that round', async () => {
    const p = player();
    await settle();
    await playUntil(p.frame, 'round 2/2');
    await playUntil(p.frame, 'A · Yes'); // round 2 under way, a vote in
    p.stdin.write(KEYS.left);
    await settle();
    expect(p.frame()).toContain('Replay · round 1/2');
    p.stdin.write(KEYS.space);
    await settle();
    // From the end of the last round, ← is the round before it too.
    p.stdin.write(KEYS.right);
    await settle();
    p.stdin.write(KEYS.right);
    await settle();
    expect(p.frame()).toContain('Tally · 6 of 6 votes in');
    expect(p.frame()).toContain('Replay · round 2/2 · paused');
    p.stdin.write(KEYS.left);
    await settle();
    expect(p.frame()).toContain('Replay · round 1/2 · paused');
    p.instance.unmount();
  });

  it('leaves no key help on the last frame after q', async () => {
    const p = player();
    await settle();
    await playUntil(p.frame, 'round 1/2');
    p.stdin.write('q');
    await settle();
    expect(p.onExit).toHaveBeenCalledWith(0);
    const frame = p.frame();
    expect(frame).toContain('Replay · stopped at round 1/2');
    expect(frame).not.toMatch(/q quit|space (play|pause)|←\/→/);
    p.instance.unmount();
  });

  it('quits on q with code 0', async () => {
    const p = player();
    await settle();
    p.stdin.write('q');
    await settle();
    expect(p.onExit).toHaveBeenCalledWith(0);
    p.instance.unmount();
  });

  it('quits on Escape with code 0, and on Ctrl-C with 130', async () => {
    const a = player();
    await settle();
    a.stdin.write(KEYS.escape);
    await settle(5);
    expect(a.onExit).toHaveBeenCalledWith(0);
    a.instance.unmount();

    const b = player();
    await settle();
    b.stdin.write(KEYS.ctrlC);
    await settle();
    expect(b.onExit).toHaveBeenCalledWith(130);
    b.instance.unmount();
  });

  it('quits with 130 on two Ctrl-C bytes read at once', async () => {
    const p = player();
    await settle();
    p.stdin.write(KEYS.ctrlC + KEYS.ctrlC);
    await settle();
    expect(p.onExit).toHaveBeenCalledWith(130);
    p.instance.unmount();
  });

  it('prints the closing frame at the end and exits by itself', async () => {
    const p = player();
    await settle();
    await play(60_000);
    expect(p.onExit).toHaveBeenCalledTimes(1);
    expect(p.onExit).toHaveBeenCalledWith(0);
    const frame = p.frame();
    expect(frame).toContain('Result: Supermajority — Yes (5/6 votes)');
    expect(flat(frame)).toContain(JUDGEMENT.summary);
    expect(frame).toContain('Replay · finished');
    expect(frame).toMatch(/ Round 1\/2 [\s\S]* Round 2\/2 /);
    p.instance.unmount();
  });

  it('fits 60 columns while playing', async () => {
    const p = player(1, { columns: 60 });
    await settle();
    await playUntil(p.frame, 'A · Yes');
    for (const line of lines(p.frame())) expect(columnsOf(line), line).toBeLessThanOrEqual(60);
    p.instance.unmount();
  });
});

describe('startReplay', () => {
  it('plays to the end at speed 0 and resolves with 0 once Ink has unmounted', async () => {
    const { stdout, streams } = fakeTerminal(100, 40);
    const code = await startReplay({ ...streams, transcript: recorded(), transcriptPath: 'x.json', speed: 0, debug: true }).done();
    expect(code).toBe(0);
    expect(stdout.output()).toContain('Done · Supermajority — Yes (5/6 votes)');
  });

  it('stops with 130 when its signal aborts', async () => {
    const controller = new AbortController();
    const { streams } = fakeTerminal();
    const replay = startReplay({ ...streams, transcript: recorded(), transcriptPath: 'x.json', speed: 1, signal: controller.signal, debug: true });
    controller.abort();
    expect(await replay.done()).toBe(130);
  });

  it.runIf(existsSync(SEED_JSON))('replays the seed debate', async () => {
    const seed = loadTranscript(SEED_JSON);
    const { stdout, streams } = fakeTerminal(100, 40);
    const code = await startReplay({ ...streams, transcript: seed, transcriptPath: SEED_JSON, speed: 0, debug: true }).done();
    expect(code).toBe(0);
    const frame = flat(stdout.lastFrame().replace(/\u001b\[[0-9;]*m/g, ''));
    expect(frame).toContain(seed.motion);
    expect(frame).toContain('Result: Supermajority — Yes (5/6 votes)');
    for (const p of seed.panel) expect(frame).toContain(p.name);
    expect(frame).toContain('Final tally · 6 of 6 votes in');
    if (seed.judgement) expect(frame).toContain(seed.judgement.summary.slice(0, 60).replace(/\s+/g, ' '));
  });
});
