// Many debates in one process: each mock debate answers its own calls through its own fetch, so
// two of them running at once with different scripts never see each other's replies.
// (No test-side msw server here: each debate brings its own stand-in.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
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
