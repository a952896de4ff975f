// Validation does work in proportion to the input, and checks sizes before items: a transcript with
// 100,000 turns in a round, or a panel of 100,000 seats, is refused for its size at once (it took
// minutes of CPU when each item was checked against every other). Timings are in bench/, not
// here: these inputs finish within the default test timeout only when validation is linear.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PANEL, MAX_ROUNDS, TranscriptSchema } from '../src/core/schema.js';
import { parseTranscript } from '../src/transcript/store.js';
import { runCli, tempDir } from './support/cli.js';

const SEED = join(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');
const seed = () => JSON.parse(readFileSync(SEED, 'utf8')) as Record<string, unknown> & { panel: Array<Record<string, unknown>>; rounds: Array<{ number: number; turns: Array<Record<string, unknown>> }> };

const turn = (debater: string) => ({ debater, vote: 'Yes', argument: 'x', previousVote: null, changed: false, latencyMs: null, usage: null, error: null });

/** A transcript with `seats` panel members and `turns` turns in its first round. */
function big(seats: number, turns: number, distinct = true) {
  const t = seed();
  t.panel = Array.from({ length: seats }, (_, i) => ({ id: `d${i}`, name: `D ${i}`, model: 'openai:gpt-5.4' }));
  t.rounds = [{ number: 1, turns: Array.from({ length: turns }, (_, i) => turn(distinct ? `d${i % seats}` : 'd0')) }];
  t.result = null;
  t.judgement = null;
  return t;
}

describe('sizes first, no per-item scans', () => {
  it('refuses 100,000 turns in one round for its size, naming the round', () => {
    const text = JSON.stringify(big(2, 100_000));
    expect(() => parseTranscript(text, 'big.json')).toThrow(/rounds\[0\]\.turns.*100000 turns.*2 debaters/);
  });

  it('refuses a panel of 100,000 seats for its size', () => {
    const text = JSON.stringify(big(100_000, 0));
    expect(() => parseTranscript(text, 'wide.json')).toThrow(new RegExp(`panel.*100000 debaters, more than the ${MAX_PANEL}`));
  });

  it(`refuses more than ${MAX_ROUNDS} rounds before reading a turn`, () => {
    const t = big(2, 2);
    t.rounds = Array.from({ length: 50_000 }, (_, r) => ({ number: r + 1, turns: [turn('d0'), turn('d1')] }));
    expect(() => parseTranscript(JSON.stringify(t), 'long.json')).toThrow(/rounds.*50000 rounds, more than the 10/);
  });

  it('the schema itself, given a huge panel of distinct ids, finishes (a Set, not a scan per seat)', () => {
    const t = big(100_000, 0);
    const parsed = TranscriptSchema.safeParse(t);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.some((i) => /100000 debaters/.test(i.message))).toBe(true);
  });

  it('the schema itself, given 100,000 turns of one debater, reports the size and not 99,999 repeats', () => {
    const parsed = TranscriptSchema.safeParse(big(2, 100_000, false));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.length).toBeLessThan(10);
  });

  it('still finds a repeated id and a repeated turn in a transcript of the largest size', () => {
    const t = big(MAX_PANEL, MAX_PANEL);
    t.panel[MAX_PANEL - 1]!.id = 'd7';
    t.rounds[0]!.turns[MAX_PANEL - 1]!.debater = 'd3';
    const parsed = TranscriptSchema.safeParse(t);
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    expect(messages).toContain(`panel.${MAX_PANEL - 1}.id is "d7" again; each debater's id must be different`);
    expect(messages).toContain(`rounds.0.turns.${MAX_PANEL - 1}.debater names "d3" a second time in round 1`);
  });

  it('export of a 100,000-turn file is one sentence and exit 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(big(3, 100_000)));
    const run = await runCli(['export', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/100000 turns/);
  });
});
