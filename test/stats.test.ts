// roundtable stats on small transcripts whose measures are computed by hand (the working is in
// the comments), and the pure rules table-tested.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStats, conformity, leaders, majorityScore, meanInterval, shareInterval, singleScore, transitions } from '../src/stats/stats.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { parseTranscript } from '../src/transcript/store.js';
import { runCli, tempDir } from './support/cli.js';

const SEATS = ['s1', 's2', 's3'];

/** A complete transcript: votes per round as letters ("ABB" = s1 A, s2 B, s3 B). */
function run(question: string, repeat: number, answer: string | null, rounds: string[], usd: number | null = null): Transcript {
  const t = raw(question, repeat, answer, rounds, usd);
  // The run's cost as the cost engineer's schema records it (kept when a schema without it strips it).
  return { ...TranscriptSchema.parse(t), ...(usd !== null ? { cost: t.cost } : {}) } as Transcript;
}

function raw(question: string, repeat: number, answer: string | null, rounds: string[], usd: number | null) {
  const options = ['A', 'B', 'C'];
  const last = rounds.at(-1)!.split('');
  const top = leaders(last);
  const tally = Object.fromEntries(options.map((o) => [o, last.filter((v) => v === o).length]));
  return {
    format: 'roundtable-transcript',
    version: 1,
    id: `${question}-${repeat}`,
    motion: `Question ${question}?`,
    options,
    mode: 'debate',
    status: 'complete',
    source: 'mock',
    startedAt: `2026-01-01T00:00:0${repeat}.000Z`,
    finishedAt: null,
    panel: SEATS.map((id) => ({ id, name: id.toUpperCase(), model: null })),
    judge: null,
    rounds: rounds.map((votes, r) => ({
      number: r + 1,
      turns: votes.split('').map((vote, i) => {
        const before = r > 0 ? rounds[r - 1]![i]! : null;
        return { debater: SEATS[i], vote, argument: '…', previousVote: before, changed: before !== null && before !== vote, latencyMs: null, usage: null, error: null };
      }),
    })),
    result: { label: top.length === 1 ? 'Majority' : 'Tie', winner: top.length === 1 ? top[0] : null, tally, validVotes: 3, panelSize: 3 },
    judgement: null,
    ...(answer ? { answer } : {}),
    batch: { question, repeat },
    ...(usd !== null ? { cost: { usd, byDebater: {}, judge: null, unpriced: [] } } : {}),
  };
}

// q1 (answer A): repeat 1 "ABB"→"AAB"; repeat 2 "AAC"→"ACC".  q2 (answer B): repeat 1 "ABC"→"BBC"; repeat 2 "BBA"→"BBB".
const RUNS = [
  run('q1', 1, 'A', ['ABB', 'AAB'], 0.01),
  run('q1', 2, 'A', ['AAC', 'ACC'], 0.02),
  run('q2', 1, 'B', ['ABC', 'BBC'], 0.03),
  run('q2', 2, 'B', ['BBA', 'BBB'], 0.04),
];
const T975_1 = 12.706204736174698; // Student t, 1 degree of freedom, 97.5 %

describe('the pure rules', () => {
  it.each([
    [['A', 'A', 'B'], 'A', 1],
    [['A', 'A', 'B'], 'B', 0],
    [['A', 'B', 'C'], 'C', 1 / 3], // three-way tie: a random tie-break is right one time in three
    [['A', 'B', null], 'A', 1 / 2],
    [[null, null], 'A', 0],
  ] as const)('majority score of %j against %s is %d', (votes, answer, score) => {
    expect(majorityScore(votes, answer)).toBeCloseTo(score, 12);
  });

  it.each([
    [['A', 'B', 'A', null], 'A', 2 / 4], // an abstention counts as wrong
    [['B', 'B'], 'A', 0],
  ] as const)('single-agent score of %j against %s is %d', (votes, answer, score) => {
    expect(singleScore(votes, answer)).toBeCloseTo(score, 12);
  });

  it.each([
    ['AABBC', 'ABABB', { cc: 1, ci: 1, ic: 1, iSame: 1, iOther: 1 }],
    ['A-B', 'AA-', { cc: 1, ci: 0, ic: 0, iSame: 0, iOther: 0 }], // a seat without a vote in either round is left out
  ])('transitions %s → %s', (before, after, expected) => {
    const v = (s: string) => s.split('').map((c) => (c === '-' ? null : c));
    expect(transitions(v(before), v(after), 'A')).toEqual(expected);
  });

  it.each([
    ['AAB', 'AAA', { eligible: 1, moved: 1, kept: 0 }],
    ['AABC', 'AABA', { eligible: 2, moved: 1, kept: 1 }],
    ['AABC', 'AACB', { eligible: 2, moved: 0, kept: 0 }], // moved elsewhere: neither conformity nor obstinacy
    ['ABC', 'AAA', { eligible: 0, moved: 0, kept: 0 }], // a tie has no majority to conform to
  ])('conformity %s → %s', (before, after, expected) => {
    expect(conformity(before.split(''), after.split(''))).toEqual(expected);
  });

  it('a 95 % t-interval: mean ± t(0.975, n−1) · s / √n', () => {
    const i = meanInterval([1, 2, 3, 4]);
    // mean 2.5, s = 1.2910, t(0.975, 3) = 3.1824: half-width 2.0543
    expect(i.mean).toBe(2.5);
    expect(i.low).toBeCloseTo(2.5 - 2.0543, 3);
    expect(i.high).toBeCloseTo(2.5 + 2.0543, 3);
    expect(meanInterval([0.7])).toEqual({ mean: 0.7, low: null, high: null, n: 1 });
    expect(meanInterval([])).toEqual({ mean: null, low: null, high: null, n: 0 });
  });

  it('a share\'s interval stays within 0 and 1 (the t-interval of [0, 0, 0, 1] would be [−0.546, 1.046])', () => {
    // mean 0.25, s = 0.5, t(0.975, 3) = 3.1824: half-width 0.7956, so [−0.546, 1.046] unclipped
    expect(shareInterval([0, 0, 0, 1])).toEqual({ mean: 0.25, low: 0, high: 1, n: 4 });
    expect(shareInterval([1, 1, 0.5])).toMatchObject({ low: expect.closeTo(0.1161, 3), high: 1 });
    expect(shareInterval([0.7])).toEqual({ mean: 0.7, low: null, high: null, n: 1 });
  });

  it('every share computeStats reports has its interval within 0 and 1', () => {
    const bounds: number[] = [];
    const walk = (v: unknown): void => {
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if ('low' in o && 'high' in o && 'n' in o) for (const k of ['low', 'high'] as const) if (typeof o[k] === 'number') bounds.push(o[k] as number);
        Object.values(o).forEach(walk);
      }
    };
    walk(computeStats(RUNS));
    expect(bounds.length).toBeGreaterThan(0);
    for (const b of bounds) expect(b).toBeGreaterThanOrEqual(0), expect(b).toBeLessThanOrEqual(1);
  });
});

describe('measures over repeats', () => {
  const report = computeStats(RUNS);

  it('counts runs, questions and repeats', () => {
    expect(report).toMatchObject({ runs: 4, complete: 4, questions: 2, repeats: 2, answered: 4 });
  });

  it('accuracy per round: single agent, majority, the vote baseline and the final majority', () => {
    const [r1, r2] = report.accuracy!.rounds;
    // Round 1 single agent: repeat 1 mean(1/3, 1/3) = 1/3; repeat 2 mean(2/3, 2/3) = 2/3 → 0.5, s = 0.2357.
    expect(r1!.singleAgent.mean).toBeCloseTo(0.5, 12);
    // Its t-interval, 0.5 ± 12.706 · 0.2357 / √2 = [−1.618, 2.618], is clipped to a share's [0, 1].
    expect(meanInterval([1 / 3, 2 / 3]).high! - 0.5).toBeCloseTo((T975_1 * Math.sqrt(1 / 18)) / Math.sqrt(2), 6);
    expect(r1!.singleAgent).toMatchObject({ low: 0, high: 1 });
    // Round 1 majority: repeat 1 mean(0 [B won], 1/3 [three-way tie]) = 1/6; repeat 2 mean(1, 1) = 1 → 7/12.
    expect(r1!.majority.mean).toBeCloseTo(7 / 12, 12);
    expect(report.accuracy!.voteBaseline.mean).toBeCloseTo(7 / 12, 12);
    // Round 2 single agent: repeat 1 mean(2/3, 2/3); repeat 2 mean(1/3, 1) → 2/3 both: no spread.
    expect(r2!.singleAgent).toEqual({ mean: 2 / 3, low: 2 / 3, high: 2 / 3, n: 2 });
    // Final majority: repeat 1 mean(1, 1) = 1; repeat 2 mean(0 [C won], 1) = 0.5 → 0.75.
    expect(report.accuracy!.final.mean).toBeCloseTo(0.75, 12);
  });

  it('transitions, harmful and helpful flip rates', () => {
    // run 1: CC, IC, I-same; run 2: CC, CI, I-same; run 3: IC, CC, I-same; run 4: CC, CC, IC.
    expect(report.flips!.counts).toEqual({ cc: 5, ci: 1, ic: 3, iSame: 3, iOther: 0 });
    // Harmful: repeat 1 0/2, repeat 2 1/4 → 0.125. Helpful: repeat 1 2/4, repeat 2 1/2 → 0.5.
    expect(report.flips!.harmful.mean).toBeCloseTo(0.125, 12);
    expect(report.flips!.helpful).toEqual({ mean: 0.5, low: 0.5, high: 0.5, n: 2 });
  });

  it('conformity and obstinacy', () => {
    // run 1: S1 (A) against the B majority kept A; run 2: S3 (C) against A kept C; run 3: a tie, nobody
    // eligible; run 4: S3 (A) against B moved to B. Conformity: repeat 1 0/1, repeat 2 1/2 → 0.25.
    expect(report.conformity!.counts).toEqual({ eligible: 3, moved: 1, kept: 2 });
    expect(report.conformity!.conformity.mean).toBeCloseTo(0.25, 12);
    expect(report.conformity!.obstinacy.mean).toBeCloseTo(0.75, 12);
  });

  it('per question: outcomes, repeat rates, stability, accuracy, cost', () => {
    const q1 = report.perQuestion.find((q) => q.question === 'q1')!;
    expect({ ...q1.outcomes }).toEqual({ A: 1, C: 1 });
    expect(q1.winnerRepeat).toBe(0.5);
    expect(q1.labelRepeat).toBe(1);
    expect(q1.stability).toEqual([
      { name: 'S1', share: 1 },
      { name: 'S2', share: 0.5 },
      { name: 'S3', share: 0.5 },
    ]);
    expect(q1.accuracy).toBe(0.5);
    expect(q1.costPerRun).toBeCloseTo(0.015, 12);
    expect(q1.costPerCorrect).toBeCloseTo(0.03, 12);
    const q2 = report.perQuestion.find((q) => q.question === 'q2')!;
    expect(q2.winnerRepeat).toBe(1);
    expect(q2.accuracy).toBe(1);
    // 0.10 in all, over 4 questions asked (runs) and 3 correct final answers.
    expect(report.cost.totalUsd).toBeCloseTo(0.1, 12);
    expect(report.cost.perQuestion).toBeCloseTo(0.025, 12);
    expect(report.cost.perCorrect).toBeCloseTo(0.1 / 3, 12);
  });

  it('cost per correct answer is what the runs with a known answer cost, over how many ended right', () => {
    // An unanswered question's $1.00 counts in the total and per question asked, not per correct answer.
    const withOpen = computeStats([...RUNS, run('q3', 1, null, ['ABC', 'AAC'], 1)]);
    expect(withOpen.cost.totalUsd).toBeCloseTo(1.1, 12);
    expect(withOpen.cost.perQuestion).toBeCloseTo(1.1 / 5, 12);
    expect(withOpen.cost.perCorrect).toBeCloseTo(0.1 / 3, 12);
  });

  it('council runs: the best-ranked answer (the decision the chair weighs most) against the answer', () => {
    // Round 1 "ABB", answer A. Repeat 1 ranks s1 (voted A) best: right. Repeat 2 ranks s2 (voted B) best: wrong.
    const council = (repeat: number, best: string) => {
      const t = run('qc', repeat, 'A', ['ABB', 'ABB']);
      const order = [best, ...SEATS.filter((x) => x !== best)];
      return { ...t, protocol: 'council', result: { ...t.result!, ranking: order.map((debater, i) => ({ debater, points: 4 - 2 * i, firsts: i === 0 ? 2 : 0 })) } } as Transcript;
    };
    const report = computeStats([council(1, 's1'), council(2, 's2')]);
    expect(report.accuracy!.rankingPick!.mean).toBe(0.5);
    expect(report.accuracy!.rankingPick!.n).toBe(2);
    // Roundtable runs have no such decision.
    expect(computeStats(RUNS).accuracy!.rankingPick).toBeNull();
  });

  it('without answers: outcomes, stability and conformity only', () => {
    const plain = computeStats(RUNS.map(({ answer: _a, ...t }) => t as Transcript));
    expect(plain.accuracy).toBeNull();
    expect(plain.flips).toBeNull();
    expect(plain.conformity!.counts).toEqual({ eligible: 3, moved: 1, kept: 2 });
  });
});

describe('roundtable stats on the command line', () => {
  const dir = tempDir();
  RUNS.forEach((t, i) => writeFileSync(join(dir, `run-${i}.json`), JSON.stringify(t)));
  // Until the transcript schema knows `cost`, a file's cost is not read back.
  const costKept = 'cost' in (parseTranscript(JSON.stringify(RUNS[0]), 'x') as object);
  writeFileSync(join(dir, 'batch.json'), '{"not": "a transcript"}');

  it('prints accuracy against the vote baseline, flips and conformity with intervals', async () => {
    const out = await runCli(['stats', dir]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('2 questions × 2 repeats: 4 runs, 4 complete, 4 complete with a known answer.');
    expect(out.stdout).toMatch(/^1\s+0\.500 \[0\.000, 1\.000\]\s+0\.583 \[.*\]\s+\(vote baseline\)$/m);
    expect(out.stdout).toContain('final majority 0.750 [');
    expect(out.stdout).toContain('C→C 5  C→I 1  I→C 3  I→same I 3  I→other I 0');
    expect(out.stdout).toContain('harmful flip rate (C→I / C) 0.125 [');
    expect(out.stdout).toContain('Conformity 0.250 [');
    expect(out.stdout).toContain(
      costKept ? 'Cost $0.1000 over 4 priced runs: $0.0250 per question asked (one run), $0.0333 per correct final answer.' : 'Cost: no run carries a priced cost',
    );
  });

  it('--json and --csv carry the same numbers', async () => {
    const json = await runCli(['stats', dir, '--json']);
    expect(JSON.parse(json.stdout).flips.counts).toEqual({ cc: 5, ci: 1, ic: 3, iSame: 3, iOther: 0 });
    const csv = await runCli(['stats', ...RUNS.map((_, i) => join(dir, `run-${i}.json`)), '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('scope,question,round,measure,mean,low,high,n');
    expect(csv.stdout).toContain('all,,,harmful_flip_rate,0.125,');
    expect(csv.stdout).toContain('question,q1,,stability:S2,0.5,,,2');
  });

  it('bad input is one sentence and exit 2', async () => {
    const none = await runCli(['stats', join(dir, 'missing')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^roundtable: .*missing not found.*\n$/);
    const both = await runCli(['stats', dir, '--json', '--csv']);
    expect(both.code).toBe(2);
    const notTranscript = await runCli(['stats', join(dir, 'batch.json')]);
    expect(notTranscript.code).toBe(2);
    expect(notTranscript.stderr).toContain('is not a roundtable transcript');
  });
});
