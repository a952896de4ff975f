// Replay (issue 24, item 10): the cost line shows the cost so far, not the whole run's from round
// 1; paused at the judgement step the write-up is on screen; + and - change the speed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TranscriptSchema, type Transcript } from '../../src/core/schema.js';
import { formatUsd } from '../../src/cost/format.js';
import { App } from '../../src/ui/App.js';
import { replayEvents } from '../../src/ui/replay-events.js';
import { seek, startPlayer, timeline } from '../../src/ui/replay-player.js';
import { Replay } from '../../src/ui/Replay.js';
import { runCli, tempDir } from '../support/cli.js';
import { CLOCK_ONLY, flat, KEYS, renderAt, settle } from './terminal.js';

let run: Transcript;
let judged: Transcript;
beforeAll(async () => {
  const make = async (flags: string[]) => {
    const file = join(tempDir(), 'run.json');
    const args = ['debate', 'Should cities ban cars?', '--mock', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', '--seed', '3', '--mock-pace', '0', '--headless', '--out', file, ...flags];
    const r = await runCli(args, { env: {} });
    expect(r.code, r.stderr).toBe(0);
    return TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  };
  run = await make(['--rounds', '3']);
  judged = await make(['--rounds', '1']);
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const turnCosts = (t: Transcript, rounds: number) => sum(t.rounds.filter((r) => r.number <= rounds).flatMap((r) => r.turns.map((x) => x.cost?.usd ?? 0)));

describe('the replay cost line', () => {
  it('every event carries the cost of the turns replayed so far, and the last the whole run', () => {
    expect(run.cost?.usd).toBeGreaterThan(0);
    const events = replayEvents(run, { speed: 0 }).map((e) => e.event);
    let checked = 0;
    for (const e of events) {
      if (e.type !== 'turn_finished' && e.type !== 'round_finished') continue;
      const shown = e.transcript;
      const so = sum(shown.rounds.flatMap((r) => r.turns.map((x) => x.cost?.usd ?? 0)));
      expect(shown.cost?.usd ?? 0).toBeCloseTo(so, 10);
      expect(shown.cost?.usage?.outputTokens).toBe(sum(shown.rounds.flatMap((r) => r.turns.map((x) => x.usage?.outputTokens ?? 0))));
      checked++;
    }
    expect(checked).toBeGreaterThan(run.panel.length);
    const last = events.at(-1)!;
    expect('transcript' in last && last.transcript.cost?.usd).toBe(run.cost!.usd);
  });

  it.each([1, 2])('at the start of round %i + 1, the frame shows the cost of the rounds before it', async (done) => {
    const line = timeline(replayEvents(run, { speed: 1 }));
    const stop = line.stops.find((s) => s.kind === 'round' && s.round === done + 1)!;
    const p = seek(line, startPlayer(), stop.pos);
    const term = renderAt(<App state={p.view} transcriptPath="run.json" mode="replay" />, { columns: 120, rows: 60 });
    await settle();
    const frame = flat(term.frame());
    const so = turnCosts(run, done);
    expect(formatUsd(so)).not.toBe(formatUsd(run.cost!.usd!));
    expect(frame).toContain(`Cost so far · ${formatUsd(so)}`);
    term.instance.unmount();
  });
});

describe('the replay player', () => {
  beforeEach(() => {
    vi.useFakeTimers(CLOCK_ONLY);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function player(transcript: Transcript, speed = 1) {
    const onExit = vi.fn();
    const term = renderAt(<Replay transcript={transcript} transcriptPath="run.json" speed={speed} onExit={onExit} />, { columns: 120, rows: 60 });
    return { ...term, onExit };
  }

  async function play(ms: number) {
    for (let t = 0; t < ms; t += 100) {
      await vi.advanceTimersByTimeAsync(Math.min(100, ms - t));
      await settle(1);
    }
  }

  it('paused at the judgement, shows the write-up, and waits', async () => {
    const p = player(judged);
    await settle();
    p.stdin.write(KEYS.space);
    await settle();
    for (let i = 0; i < 5 && !p.frame().includes('judging · paused'); i++) {
      p.stdin.write(KEYS.right);
      await settle();
    }
    const frame = flat(p.frame());
    expect(frame).toContain('Replay · judging · paused');
    expect(frame).toContain(judged.judgement!.summary.slice(0, 50).replace(/\s+/g, ' '));
    expect(frame).toContain(judged.judgement!.turningPoints[0]!.slice(0, 40).replace(/\s+/g, ' '));
    await play(30_000);
    expect(p.onExit).not.toHaveBeenCalled();
    p.instance.unmount();
  });

  it('paused at the judgement in a 60×15 terminal, the frame stays shorter than the screen, the write-up cut at its foot', async () => {
    const onExit = vi.fn();
    const p = renderAt(<Replay transcript={judged} transcriptPath="run.json" speed={1} onExit={onExit} />, { columns: 60, rows: 15 });
    await settle();
    p.stdin.write(KEYS.space);
    await settle();
    for (let i = 0; i < 5 && !p.frame().includes('judging · paused'); i++) {
      p.stdin.write(KEYS.right);
      await settle();
    }
    const shown = p.frame().trimEnd().split('\n');
    expect(shown.length, p.frame()).toBeLessThan(15);
    expect(flat(p.frame())).toContain('Summary');
    p.instance.unmount();
  });

  it('+ and - change the speed, and playback follows it', async () => {
    const p = player(run);
    await settle();
    expect(p.frame()).toContain('playing ×1');
    expect(p.frame()).toContain('+/- speed');
    p.stdin.write('+');
    await settle();
    expect(p.frame()).toContain('playing ×2');
    p.stdin.write('+');
    await settle();
    expect(p.frame()).toContain('playing ×4');
    p.stdin.write('-');
    await settle();
    p.stdin.write('-');
    await settle();
    p.stdin.write('-');
    await settle();
    expect(p.frame()).toContain('playing ×0.5');
    p.stdin.write('+');
    await settle();
    expect(p.frame()).toContain('playing ×1');
    p.instance.unmount();
  });

  /** How long (replay time, in this harness's steps) a replay takes to end after the keys are pressed. */
  async function timeToEnd(keys: string[]): Promise<number> {
    const p = player(run);
    await settle();
    for (const key of keys) {
      p.stdin.write(key);
      await settle();
    }
    let waited = 0;
    while (!p.onExit.mock.calls.length && waited < 120_000) {
      await play(500);
      waited += 500;
    }
    expect(p.onExit).toHaveBeenCalledWith(0);
    p.instance.unmount();
    return waited;
  }

  it('playback follows the speed: + gets through the run sooner, - later', async () => {
    const normal = await timeToEnd([]);
    const faster = await timeToEnd(['+', '+']);
    const slower = await timeToEnd(['-']);
    expect(faster).toBeLessThan(normal * 0.5);
    expect(slower).toBeGreaterThan(normal * 1.6);
  });
});
