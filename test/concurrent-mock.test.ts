// Many debates in one process: each mock debate answers its own calls through its own fetch, so
// two of them running at once with different scripts never see each other's replies.
// (No test-side msw server here: each debate brings its own stand-in.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { deriveSeed, runOne, type BatchSettings } from '../src/batch/run-one.js';
import { runCli, tempDir } from './support/cli.js';

const SEED_JSON = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;
const seed = TranscriptSchema.parse(JSON.parse(readFileSync(SEED_JSON, 'utf8')));

function script(vote: string, tag: string): Transcript {
  const t = structuredClone(seed);
  // Two rounds: a blind one and a second, so a two-round run replays both.
  t.rounds = [t.rounds[0]!, { number: 2, turns: structuredClone(t.rounds[0]!.turns) }];
  for (const round of t.rounds) {
    for (const turn of round.turns) {
      turn.vote = vote;
      turn.argument = `${tag}: ${turn.debater} argues ${vote}.`;
    }
  }
  t.judgement = { summary: `${tag} judgement`, strongestArguments: {}, turningPoints: [] };
  return t;
}

describe('two mock debates at once in one process', () => {
  it('each gets the replies of its own script', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify(script('Yes', 'script A')));
    writeFileSync(b, JSON.stringify(script('No', 'script B')));
    // A small pace keeps both debates' streams in flight at the same time.
    const args = ['--mock-pace', '2', '--json', '--headless', '--rounds', '2'];
    const [runA, runB] = await Promise.all([
      runCli(['debate', '--mock-from', a, ...args, '--out', join(dir, 'out-a.json')], { env: {}, cwd: dir }),
      runCli(['debate', '--mock-from', b, ...args, '--out', join(dir, 'out-b.json')], { env: {}, cwd: dir }),
    ]);
    expect(runA.code, runA.stderr).toBe(0);
    expect(runB.code, runB.stderr).toBe(0);
    const ta = TranscriptSchema.parse(JSON.parse(runA.stdout));
    const tb = TranscriptSchema.parse(JSON.parse(runB.stdout));
    for (const [t, vote, tag] of [[ta, 'Yes', 'script A'], [tb, 'No', 'script B']] as const) {
      expect(t.rounds).toHaveLength(2);
      for (const round of t.rounds) {
        expect(round.turns).toHaveLength(6);
        for (const turn of round.turns) {
          expect(turn.vote).toBe(vote);
          expect(turn.argument).toBe(`${tag}: ${turn.debater} argues ${vote}.`);
        }
      }
      expect(t.judgement?.summary).toBe(`${tag} judgement`);
      expect(t.result).toMatchObject({ label: 'Unanimous', winner: vote });
    }
  });
});

describe('batch runs in mock mode', () => {
  it('answer through their own fetch, side by side, with the global fetch never patched', async () => {
    const dir = tempDir();
    const untouched = globalThis.fetch;
    const seen = new Set<unknown>();
    const sampler = setInterval(() => seen.add(globalThis.fetch), 1);
    const settings: BatchSettings = { repeats: 1, seed: 5, mock: true, rounds: 2, maxTokens: 300, retries: 0, retryBaseMs: 0, mockPace: 1, models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning' };
    const question = (id: string, motion: string, answer: string) => ({ id, motion, options: ['Yes', 'No'], answer });
    try {
      const runs = await Promise.all(
        [question('tea', 'Is tea a drink?', 'Yes'), question('rock', 'Is a rock a drink?', 'No')].map((q) =>
          runOne({ id: `${q.id}-r1`, question: q, repeat: 1, seed: deriveSeed(5, q.id, 1) }, settings, { env: {}, signal: new AbortController().signal, file: join(dir, `${q.id}.json`) }),
        ),
      );
      for (const [t, motion] of [[runs[0]!, 'Is tea a drink?'], [runs[1]!, 'Is a rock a drink?']] as const) {
        expect(t.status, t.error ?? '').toBe('complete');
        expect(t.motion).toBe(motion);
        expect(t.rounds.map((r) => r.turns.filter((x) => x.vote !== null).length)).toEqual([3, 3]);
        // Each stand-in read its own debate: the arguments speak of that run's motion.
        expect(t.rounds[0]!.turns.every((x) => x.argument.includes(motion))).toBe(true);
      }
    } finally {
      clearInterval(sampler);
    }
    seen.add(globalThis.fetch);
    expect([...seen]).toEqual([untouched]);
  });
});
