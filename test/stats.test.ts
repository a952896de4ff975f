// roundtable stats on hand-built transcripts whose figures are worked out by hand (the working is in
// the comments, the expected numbers are literals), and the pure rules table-tested.
import { describe, expect, it } from 'vitest';
import { clusterBootstrap, computeStats, conformity, leaders, majorityScore, transitions, wilson } from '../src/stats/stats.js';
import { quantile } from '../src/stats/intervals.js';
import type { Transcript } from '../src/core/schema.js';
import { ANN, BOB, BUDGET, CY, transcript as tx } from './support/stats-runs.js';

/** Ballots that rank `best` first: each other seat puts it first; `best` ranks the rest in panel order. */
function rankFirst(best: string): string[][] {
  const ids = [ANN.id, BOB.id, CY.id];
  return ids.map((me) => {
    const others = ids.filter((x) => x !== me);
    return me === best ? others : [best, ...others.filter((x) => x !== best)];
  });
}

/**
 * The hand-built batch (seats Ann, Bob, Cy; options A, B, C):
 *   debates d1 q1/r1 answer A  ABB → AAB   $0.10
 *           d2 q1/r2 answer A  AAC → ACC   $0.20
 *           d3 q2/r1 answer B  ABC → BBC   $0.30
 *           d4 q2/r2 answer B  BBA → BBB   unpriced
 *           d5 q2/r3 answer B  BBA → B.. (partial last round: only Ann's turn)   $0.05
 *   not run n1 q1/r3, n2 q2/r4: no round (a --max-cost stop), $0.00 each
 *   councils c1 qc/r1 answer A  ABB, the ranking puts Ann (A) first   $0.40
 *            c2 qc/r2 answer A  AAB, the ranking puts Cy (B) first    unpriced
 *   poll    p1 qp/r1 answer C  CCA   $0.05
 */
const BATCH: Transcript[] = [
  tx({ q: 'q1', repeat: 1, answer: 'A', rounds: ['ABB', 'AAB'], usd: 0.1 }),
  tx({ q: 'q1', repeat: 2, answer: 'A', rounds: ['AAC', 'ACC'], usd: 0.2 }),
  tx({ q: 'q2', repeat: 1, answer: 'B', rounds: ['ABC', 'BBC'], usd: 0.3 }),
  tx({ q: 'q2', repeat: 2, answer: 'B', rounds: ['BBA', 'BBB'], usd: null }),
  tx({ q: 'q2', repeat: 3, answer: 'B', rounds: ['BBA', 'B..'], usd: 0.05 }),
  tx({ q: 'q1', repeat: 3, answer: 'A', rounds: [], usd: 0, stopReason: BUDGET }),
  tx({ q: 'q2', repeat: 4, answer: 'B', rounds: [], usd: 0, stopReason: BUDGET }),
  tx({ q: 'qc', repeat: 1, answer: 'A', rounds: ['ABB'], protocol: 'council', rankings: rankFirst(ANN.id), usd: 0.4 }),
  tx({ q: 'qc', repeat: 2, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: rankFirst(CY.id), usd: null }),
  tx({ q: 'qp', repeat: 1, answer: 'C', rounds: ['CCA'], mode: 'poll', usd: 0.05 }),
];

describe('the pure rules', () => {
  it.each([
    [['A', 'A', 'B'], 'A', 'random', 1],
    [['A', 'A', 'B'], 'B', 'random', 0],
    [['A', 'B', 'C'], 'C', 'random', 1 / 3], // a three-way tie: a fair tie-break is right one time in three
    [['A', 'B', null], 'A', 'random', 1 / 2],
    [[null, null], 'A', 'random', 0],
    [['A', 'B', 'C'], 'A', 'first', 1], // the earliest seat (A) wins the tie
    [['A', 'B', 'C'], 'C', 'first', 0],
    [[null, 'B', 'A'], 'B', 'first', 1], // the earliest seat with a vote among the tied options
    [['C', 'B', 'A', 'A', 'B'], 'B', 'first', 1], // C is not among the leaders: B (seat 2) comes before A (seat 3)
    [['A', 'A', 'B'], 'A', 'first', 1],
  ] as const)('majority score of %j against %s with ties %s is %d', (votes, answer, ties, score) => {
    expect(majorityScore(votes, answer, ties)).toBe(score);
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

  it('leaders come in the order of the first seat voting each', () => {
    expect(leaders(['C', 'B', 'B', 'C', null])).toEqual(['C', 'B']);
  });
});

describe('the Wilson score interval (z = 1.959964, z² = 3.841459)', () => {
  it.each([
    // x = 0: low 0, high z²/(n + z²) = 3.8415/13.8415 = 0.2775
    [0, 10, 0, 0, 0.2775],
    // x = n: low n/(n + z²) = 10/13.8415 = 0.7225, high 1
    [10, 10, 1, 0.7225, 1],
    // 160 of 160 (the "1.000 [1.000, 1.000]"): low 160/163.8415 = 0.9766
    [160, 160, 1, 0.9766, 1],
    // 5/10: centre (0.5 + 0.19207)/1.38415 = 0.5; half 1.95996/1.38415 · √(0.025 + 0.0096) = 1.41600 · 0.18602 = 0.2634
    [5, 10, 0.5, 0.2366, 0.7634],
    // 47/455 (the pooled harmful flips): p 0.10330; centre (0.10330 + 0.00422)/1.00844 = 0.10662;
    // half 1.94358 · √(0.00020349 + 0.00000464) = 1.94358 · 0.014427 = 0.02804
    [47, 455, 0.103297, 0.0786, 0.1347],
    // 1/6: centre (0.16667 + 0.32012)/1.64024 = 0.29678; half 1.19493 · √(0.023148 + 0.026677) = 0.26673
    [1, 6, 0.166667, 0.0301, 0.5635],
    // a fractional count (a 1/k tie score): 10/3 of 5: p 0.66667; centre (0.66667 + 0.38415)/1.76829 = 0.59426;
    // half 1.10839 · √(0.044444 + 0.038415) = 0.31906
    [10 / 3, 5, 0.666667, 0.2752, 0.9133],
  ])('%d of %d: %d [%d, %d]', (x, n, mean, low, high) => {
    const w = wilson(x, n);
    expect(w.mean).toBeCloseTo(mean, 6);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
    expect(w).toMatchObject({ n, count: x, method: 'wilson' });
  });

  it('exactly 0 at 0/n and exactly 1 at n/n (no floating-point crumbs)', () => {
    expect(wilson(0, 6)).toMatchObject({ low: 0 });
    expect(wilson(7, 7)).toMatchObject({ high: 1 });
  });

  it('no denominator: no value and no interval', () => {
    expect(wilson(0, 0)).toEqual({ mean: null, low: null, high: null, n: 0, count: 0, method: 'wilson' });
  });
});

describe('the cluster bootstrap (seeded)', () => {
  it('one question with runs 0 and 1: a resample\'s mean is 0, ½ or 1 (chances ¼, ½, ¼), so the 2.5 % and 97.5 % points are 0 and 1', () => {
    const e = clusterBootstrap([{ question: 'q', value: 0 }, { question: 'q', value: 1 }]);
    expect(e).toMatchObject({ mean: 0.5, low: 0, high: 1, n: 2, count: null, method: 'cluster-bootstrap', clusters: 1 });
  });

  it('every run the same difference: that difference, and no spread', () => {
    const units = ['a', 'a', 'b', 'c'].map((question) => ({ question, value: 0.25 }));
    expect(clusterBootstrap(units)).toMatchObject({ mean: 0.25, low: 0.25, high: 0.25, n: 4, clusters: 3 });
  });

  it('draws whole questions: two questions, each always right (+1) or always wrong (−1) twice, give only −1, 0 or +1', () => {
    // A resample draws 2 questions: both the first (+1), both the second (−1), or one of each (0), chances ¼ ½ ¼.
    const units = [{ question: 'x', value: 1 }, { question: 'x', value: 1 }, { question: 'y', value: -1 }, { question: 'y', value: -1 }];
    expect(clusterBootstrap(units)).toMatchObject({ mean: 0, low: -1, high: 1 });
    // A run-level bootstrap would draw 4 runs and could land on ±0.5; the clustered one never does: the same
    // seed gives the same interval on every call.
    expect(clusterBootstrap(units)).toEqual(clusterBootstrap(units));
  });

  it('one run: a value and no interval', () => {
    expect(clusterBootstrap([{ question: 'q', value: 1 }])).toMatchObject({ mean: 1, low: null, high: null, n: 1 });
  });

  it('quantiles interpolate between order statistics (type 7)', () => {
    expect(quantile([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantile([0, 10, 20, 30], 0.025)).toBeCloseTo(0.75, 12); // h = 3 · 0.025 = 0.075
  });
});

describe('the hand-built batch: debates, councils and a poll apart; not-run runs and a partial round left out', () => {
  const report = computeStats(BATCH);

  it('counts: 10 given, 2 not run, 8 measured, 1 partial round left out', () => {
    expect(report).toMatchObject({ ties: 'random', runs: 10, notRun: 2, measured: 8, complete: 8, partialRounds: 1, questions: 4, repeats: 3 });
    expect(report.answered).toEqual({ debate: 5, poll: 1, council: 2 });
  });

  it('debates: accuracy per round, the vote baseline and the final majority on the same five runs', () => {
    const a = report.accuracy.debate!;
    expect(a.runs).toBe(5);
    const [r1, r2] = a.rounds;
    // Round 1 seat votes for the answer: d1 ABB/A 1, d2 AAC/A 2, d3 ABC/B 1, d4 BBA/B 2, d5 BBA/B 2 → 8 of 15.
    expect(r1!.singleAgent).toMatchObject({ count: 8, n: 15, method: 'wilson' });
    expect(r1!.singleAgent.mean).toBeCloseTo(0.533333, 6);
    // Wilson(8, 15) = [0.3012, 0.7519]
    expect(r1!.singleAgent.low).toBeCloseTo(0.3012, 4);
    expect(r1!.singleAgent.high).toBeCloseTo(0.7519, 4);
    // Round 1 majority: d1 B won 0, d2 1, d3 three-way tie 1/3, d4 1, d5 1 → 10/3 of 5 = 0.6667.
    expect(r1!.majority.count).toBeCloseTo(10 / 3, 12);
    expect(r1!.majority.n).toBe(5);
    expect(r1!.majority.mean).toBeCloseTo(0.666667, 6);
    // Round 2 over the four runs that reached it whole (d5's round 2 is partial):
    // seats d1 AAB 2, d2 ACC 1, d3 BBC 2, d4 BBB 3 → 8 of 12; majority d1 1, d2 C 0, d3 1, d4 1 → 3 of 4.
    expect(r2!.singleAgent).toMatchObject({ count: 8, n: 12 });
    expect(r2!.majority).toMatchObject({ count: 3, n: 4, mean: 0.75 });
    // Wilson(3, 4) = [0.3006, 0.9544]
    expect(r2!.majority.low).toBeCloseTo(0.3006, 4);
    expect(r2!.majority.high).toBeCloseTo(0.9544, 4);
    // Vote baseline = round 1's majority on the same 5 runs; final: d1 1, d2 0, d3 1, d4 1, d5 (round 1) 1 → 4 of 5.
    expect(a.voteBaseline.count).toBeCloseTo(10 / 3, 12);
    expect(a.final).toMatchObject({ count: 4, n: 5, mean: 0.8 });
    // Wilson(4, 5) = [0.3755, 0.9638]
    expect(a.final.low).toBeCloseTo(0.3755, 4);
    expect(a.final.high).toBeCloseTo(0.9638, 4);
    // Final − baseline run by run: +1, −1, +2/3, 0, 0 → (2/3)/5 = 0.1333, over 5 runs of 2 questions.
    expect(a.difference).toMatchObject({ n: 5, clusters: 2, method: 'cluster-bootstrap', count: null });
    expect(a.difference.mean).toBeCloseTo(0.133333, 6);
    expect(a.difference.low!).toBeLessThanOrEqual(0.133333);
    expect(a.difference.high!).toBeGreaterThanOrEqual(0.133333);
  });

  it('debates: flips pooled over every pair of whole rounds, the rate beside its own counts', () => {
    // d1 ABB→AAB (A): CC IC I-same; d2 AAC→ACC (A): CC CI I-same; d3 ABC→BBC (B): IC CC I-same; d4 BBA→BBB (B): CC CC IC.
    expect(report.flips!.counts).toEqual({ cc: 5, ci: 1, ic: 3, iSame: 3, iOther: 0 });
    // harmful = C→I / (C→C + C→I) = 1/6; helpful = I→C / (I→C + I→same + I→other) = 3/6.
    expect(report.flips!.harmful).toMatchObject({ count: 1, n: 6 });
    expect(report.flips!.harmful.mean).toBeCloseTo(0.166667, 6);
    expect(report.flips!.harmful.low).toBeCloseTo(0.0301, 4);
    expect(report.flips!.helpful).toMatchObject({ count: 3, n: 6, mean: 0.5 });
    // Wilson(3, 6) = [0.1876, 0.8124]
    expect(report.flips!.helpful.low).toBeCloseTo(0.1876, 4);
  });

  it('debates: conformity over the debates only, per seat matched by name', () => {
    // d1: Ann (A) against the B majority kept A; d2: Cy (C) against A kept C; d3 a tie; d4: Cy (A) against B moved to B.
    expect(report.conformity!.counts).toEqual({ eligible: 3, moved: 1, kept: 2 });
    expect(report.conformity!.conformity).toMatchObject({ count: 1, n: 3 });
    expect(report.conformity!.obstinacy).toMatchObject({ count: 2, n: 3 });
    expect(report.conformity!.bySeat).toEqual([
      { name: 'Ann', model: 'openai:a', eligible: 1, moved: 0, kept: 1 },
      { name: 'Bob', model: 'anthropic:b', eligible: 0, moved: 0, kept: 0 },
      { name: 'Cy', model: 'xai:c', eligible: 2, moved: 1, kept: 1 },
    ]);
  });

  it('councils: round-1 accuracy, the ranked decision, and how often the ranking overturns the vote', () => {
    const c = report.accuracy.council!;
    // Round 1 seats: c1 ABB/A 1, c2 AAB/A 2 → 3 of 6; majority c1 B 0, c2 A 1 → 1 of 2.
    expect(c.rounds).toHaveLength(1);
    expect(c.rounds[0]!.singleAgent).toMatchObject({ count: 3, n: 6, mean: 0.5 });
    expect(c.voteBaseline).toMatchObject({ count: 1, n: 2, mean: 0.5 });
    // Ranked decision: c1 Ann's A right, c2 Cy's B wrong → 1 of 2; difference +1, −1 → 0.
    expect(c.final).toMatchObject({ count: 1, n: 2, mean: 0.5 });
    expect(c.difference).toMatchObject({ mean: 0, n: 2, clusters: 1 });
    // Both rankings overturned a single round-1 majority: c1 B→A (to the answer), c2 A→B (away from it).
    expect(report.council).toMatchObject({ ranked: 2, overturnedToAnswer: 1, overturnedFromAnswer: 1 });
    expect(report.council!.overturned).toMatchObject({ count: 2, n: 2, mean: 1 });
    // Wilson(2, 2): low 2/(2 + 3.8415) = 0.3424
    expect(report.council!.overturned.low).toBeCloseTo(0.3424, 4);
  });

  it('polls: the vote only', () => {
    // p1 CCA, answer C: 2 of 3 seats; the majority right, 1 of 1; one run: no interval for the difference.
    const p = report.accuracy.poll!;
    expect(p.rounds[0]!.singleAgent).toMatchObject({ count: 2, n: 3 });
    expect(p.final).toMatchObject({ count: 1, n: 1, mean: 1 });
    expect(p.difference).toMatchObject({ mean: 0, low: null, high: null, n: 1 });
  });

  it('per question: outcome, label and accuracy from the same final round; not-run runs absent', () => {
    const q = (id: string) => report.perQuestion.find((x) => x.question === id)!;
    // q1: d1 AAB → A, d2 ACC → C (n1 not run): accuracy (1 + 0)/2.
    expect({ ...q('q1').outcomes }).toEqual({ A: 1, C: 1 });
    expect(q('q1')).toMatchObject({ runs: 2, accuracy: 0.5, winnerRepeat: 0.5, labelRepeat: 1 });
    // q2: d3 BBC B, d4 BBB B, d5 BBA (its last whole round) B; labels Majority, Unanimous, Majority → 2/3.
    expect({ ...q('q2').outcomes }).toEqual({ B: 3 });
    expect({ ...q('q2').labels }).toEqual({ Majority: 2, Unanimous: 1 });
    expect(q('q2')).toMatchObject({ runs: 3, accuracy: 1, winnerRepeat: 1 });
    expect(q('q2').labelRepeat).toBeCloseTo(0.666667, 6);
    // qc: the ranked decisions A and B.
    expect({ ...q('qc').outcomes }).toEqual({ A: 1, B: 1 });
    expect(q('qc').accuracy).toBe(0.5);
    // Cost per run over the priced runs that ran: q1 (0.10 + 0.20)/2, q2 (0.30 + 0.05)/2 (d4 unpriced), qc 0.40.
    expect(q('q1').costPerRun).toBeCloseTo(0.15, 12);
    expect(q('q2').costPerRun).toBeCloseTo(0.175, 12);
    expect(q('q2').pricedRuns).toBe(2);
    expect(q('qc').costPerRun).toBeCloseTo(0.4, 12);
  });

  it('vote stability: seats by name and model, a missing vote missing, one vote no stability', () => {
    const q = (id: string) => report.perQuestion.find((x) => x.question === id)!;
    // q1 final votes: Ann A, A → 1; Bob A, C → 1/2; Cy B, C → 1/2.
    expect(q('q1').stability.map((s) => [s.name, s.share, s.votes])).toEqual([['Ann', 1, 2], ['Bob', 0.5, 2], ['Cy', 0.5, 2]]);
    // q2: Ann B B B → 1; Bob B B B → 1; Cy C B A → 1/3.
    expect(q('q2').stability[2]!.share).toBeCloseTo(1 / 3, 12);
    // qp: one run, one vote each: no stability to speak of.
    expect(q('qp').stability.map((s) => s.share)).toEqual([null, null, null]);
    // Over questions (q1, q2, qc): Ann (1 + 1 + 1)/3; Bob (0.5 + 1 + 0.5)/3 = 0.6667; Cy (0.5 + 1/3 + 1)/3 = 11/18.
    expect(report.stability.map((s) => s.questions)).toEqual([3, 3, 3]);
    expect(report.stability[0]!.share).toBe(1);
    expect(report.stability[1]!.share).toBeCloseTo(0.666667, 6);
    expect(report.stability[2]!.share).toBeCloseTo(0.611111, 6);
  });

  it('cost: the runs that ran; per correct decision over the same priced runs, the unpriced counted', () => {
    // Priced runs that ran: d1 .10, d2 .20, d3 .30, d5 .05, c1 .40, p1 .05 = 1.10 over 6; d4 and c2 unpriced.
    expect(report.cost.totalUsd).toBeCloseTo(1.1, 12);
    expect(report.cost).toMatchObject({ pricedRuns: 6, unpricedRuns: 2, scoredPriced: 6, scoredUnpriced: 2 });
    expect(report.cost.perRun).toBeCloseTo(1.1 / 6, 12);
    // Their correct decisions: d1 1, d2 0, d3 1, d5 1, c1 1, p1 1 = 5 → $1.10 / 5 = $0.22.
    expect(report.cost.correctPriced).toBe(5);
    expect(report.cost.perCorrect).toBeCloseTo(0.22, 12);
  });

  it('--ties first: the earliest seat wins d3\'s three-way tie (Ann\'s A, wrong)', () => {
    const first = computeStats(BATCH, { ties: 'first' });
    expect(first.ties).toBe('first');
    // Round 1 majority: d1 0, d2 1, d3 0, d4 1, d5 1 → 3 of 5; the difference +1, −1, +1, 0, 0 → 1/5.
    expect(first.accuracy.debate!.voteBaseline).toMatchObject({ count: 3, n: 5, mean: 0.6 });
    expect(first.accuracy.debate!.difference.mean).toBeCloseTo(0.2, 12);
  });
});

describe('the defects of issue 23, one by one', () => {
  it('1. runs that never ran are not scored wrong: one run from 1/3 to 1 is +0.667, whatever the not-run runs', () => {
    // The one run that ran: round 1 ABC (a three-way tie, 1/3), round 2 AAA (A, the answer, 1).
    const ran = tx({ q: 'a', repeat: 1, answer: 'A', rounds: ['ABC', 'AAA'], usd: 0.04 });
    const stopped = ['b', 'c', 'd'].map((q) => tx({ q, repeat: 1, answer: 'A', rounds: [], usd: 0, stopReason: BUDGET }));
    const r = computeStats([ran, ...stopped]);
    expect(r.notRun).toBe(3);
    expect(r.accuracy.debate!.final).toMatchObject({ count: 1, n: 1 });
    expect(r.accuracy.debate!.voteBaseline.mean).toBeCloseTo(0.333333, 6);
    expect(r.accuracy.debate!.difference.mean).toBeCloseTo(0.666667, 6);
    // Not "(tie)", accuracy 0.00 and $0 a run: absent from the per-question rows and the cost.
    expect(r.perQuestion.map((q) => q.question)).toEqual(['a']);
    expect(r.cost).toMatchObject({ pricedRuns: 1 });
    expect(r.cost.perRun).toBeCloseTo(0.04, 12);
  });

  it('2. a council batch has no debate figures: no flips, no obstinacy from copied ranking-round votes', () => {
    const councils = [1, 2].map((repeat) => tx({ q: 'c', repeat, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: rankFirst(ANN.id) }));
    const r = computeStats(councils);
    expect(r.flips).toBeNull();
    expect(r.conformity).toBeNull();
    expect(r.accuracy.debate).toBeNull();
    expect(r.accuracy.council!.runs).toBe(2);
  });

  it('2. a council whose ranking round gave no ranking has no decision: counted, not scored', () => {
    const ranked = tx({ q: 'c', repeat: 1, answer: 'A', rounds: ['ABB'], protocol: 'council', rankings: rankFirst(ANN.id) });
    const unranked = tx({ q: 'c', repeat: 2, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: [[], [], []] });
    const r = computeStats([ranked, unranked]);
    // Only the ranked run: baseline ABB → B, 0 of 1; decision Ann's A, 1 of 1.
    expect(r.accuracy.council!.voteBaseline).toMatchObject({ count: 0, n: 1 });
    expect(r.accuracy.council!.final).toMatchObject({ count: 1, n: 1 });
    expect(r.council!.ranked).toBe(1);
    expect({ ...r.perQuestion[0]!.outcomes }).toEqual({ A: 1, '(no ranking)': 1 });
  });

  it('2. a half-council batch gives the debates\' own flip and conformity rates', () => {
    const debates = [tx({ q: 'd', repeat: 1, answer: 'A', rounds: ['AAB', 'ABB'] }), tx({ q: 'd', repeat: 2, answer: 'A', rounds: ['ABB', 'AAB'] })];
    const councils = [1, 2].map((repeat) => tx({ q: 'c', repeat, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: rankFirst(ANN.id) }));
    // Debates alone: r1 AAB→ABB: CC CI I-same; r2 ABB→AAB: CC IC I-same → harmful 1/3, helpful 1/3.
    // Conformity: r1 Cy (B) against A kept B; r2 Ann (A) against B kept A → 0/2 moved.
    for (const r of [computeStats(debates), computeStats([...debates, ...councils])]) {
      expect(r.flips!.counts).toEqual({ cc: 2, ci: 1, ic: 1, iSame: 2, iOther: 0 });
      expect(r.flips!.harmful).toMatchObject({ count: 1, n: 3 });
      expect(r.conformity!.counts).toEqual({ eligible: 2, moved: 0, kept: 2 });
    }
  });

  it('3. cost per correct answer counts cost and correct answers over the same priced runs', () => {
    // Priced: r1 $0.10 right, r2 $0.30 wrong. Unpriced: r3 right, r4 right. Per correct: 0.40 / 1, not 0.40 / 3.
    const runs = [
      tx({ q: 'x', repeat: 1, answer: 'A', rounds: ['AAA', 'AAA'], usd: 0.1 }),
      tx({ q: 'x', repeat: 2, answer: 'A', rounds: ['BBB', 'BBB'], usd: 0.3 }),
      tx({ q: 'x', repeat: 3, answer: 'A', rounds: ['AAA', 'AAA'], usd: null }),
      tx({ q: 'x', repeat: 4, answer: 'A', rounds: ['AAA', 'AAA'] }),
    ];
    const r = computeStats(runs);
    expect(r.cost.perCorrect).toBeCloseTo(0.4, 12);
    expect(r.cost).toMatchObject({ scoredPriced: 2, correctPriced: 1, scoredUnpriced: 2, unpricedRuns: 2 });
  });

  it('4. vote stability: a seat that never voted has none, seats are matched by name and model, not position', () => {
    // Three runs of one question; Cy gives no valid final vote in any: no stability (not 1.00).
    // Folder two seats the panel in another order (Cy, Bob, Ann): Ann still votes A every time → 1.
    const one = [1, 2].map((repeat) => tx({ q: 'm', repeat, answer: 'A', rounds: ['AB-', 'AB-'] }));
    const two = tx({ q: 'm', repeat: 3, answer: 'A', rounds: ['-BA', '-BA'], seats: [CY, BOB, ANN], id: 'other-folder-m-r1' });
    const r = computeStats([...one, two]);
    const s = r.perQuestion[0]!.stability;
    expect(s.find((x) => x.name === 'Ann')).toMatchObject({ share: 1, votes: 3 });
    expect(s.find((x) => x.name === 'Bob')).toMatchObject({ share: 1, votes: 3 });
    expect(s.find((x) => x.name === 'Cy')).toMatchObject({ share: null, votes: 0 });
    // A seat of the same name on another model is another seat.
    const other = tx({ q: 'm', repeat: 4, answer: 'A', rounds: ['BBB', 'BBB'], seats: [{ ...ANN, model: 'openai:other' }, BOB, CY], id: 'm-other-model' });
    const names = computeStats([...one, two, other]).perQuestion[0]!.stability.map((x) => [x.name, x.model, x.votes]);
    expect(names).toContainEqual(['Ann', 'openai:a', 3]);
    expect(names).toContainEqual(['Ann', 'openai:other', 1]);
  });

  it('mixed panels: each run counts its own seats; a seat absent from a run\'s panel is missing there', () => {
    // r1: Ann, Bob, Cy  ABB → AAB; r2: Ann, Bob only  AB → AA (answer A).
    const r = computeStats([
      tx({ q: 'x', repeat: 1, answer: 'A', rounds: ['ABB', 'AAB'] }),
      tx({ q: 'x', repeat: 2, answer: 'A', rounds: ['AB', 'AA'], seats: [ANN, BOB] }),
    ]);
    const [r1, r2] = r.accuracy.debate!.rounds;
    // Seats for the answer: round 1 1 + 1 of 3 + 2; round 2 2 + 2 of 5.
    expect(r1!.singleAgent).toMatchObject({ count: 2, n: 5 });
    expect(r2!.singleAgent).toMatchObject({ count: 4, n: 5 });
    // Round 1 majority: r1 B won 0; r2 a two-way tie with A, 1/2 → 0.5 of 2. Final: 1 + 1 → 2 of 2.
    expect(r.accuracy.debate!.voteBaseline).toMatchObject({ count: 0.5, n: 2 });
    expect(r.accuracy.debate!.final).toMatchObject({ count: 2, n: 2 });
    // Stability: Ann A, A → 1; Bob A, A → 1; Cy sat once → no stability (one vote), not a "no vote" vote.
    expect(r.perQuestion[0]!.stability.map((s) => [s.name, s.share, s.votes])).toEqual([['Ann', 1, 2], ['Bob', 1, 2], ['Cy', null, 1]]);
    // Conformity: r1 Ann (A) against the B majority kept A; r2's round 1 is a tie (no majority).
    expect(r.conformity!.counts).toEqual({ eligible: 1, moved: 0, kept: 1 });
  });

  it('5. a partial last round: outcome, label and accuracy all from the last whole round', () => {
    // Round 1 BBA (B wins), round 2 has Ann's A only (a resumed run stopped by its budget mid-round).
    const t = tx({ q: 'p', repeat: 1, answer: 'A', rounds: ['BBA', 'A..'] });
    const r = computeStats([t]);
    expect({ ...r.perQuestion[0]!.outcomes }).toEqual({ B: 1 });
    expect(r.perQuestion[0]!.accuracy).toBe(0);
    expect(r.accuracy.debate!.rounds).toHaveLength(1);
    expect(r.partialRounds).toBe(1);
  });

  it('6. a rate is its pooled counts: 47 harmful flips of 455 right votes is 0.1033, not a mean of per-repeat rates', () => {
    // Repeat 1: 40 of 400 right votes turn wrong (0.100); repeat 2: 7 of 55 (0.127). Mean of rates 0.1136; pooled 47/455.
    const seats = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, name: `S${i}`, model: null }));
    const runs: Transcript[] = [];
    // 80 runs of 5 seats all right (400 right votes), 40 of which have one seat turn wrong.
    for (let i = 0; i < 80; i++) runs.push(tx({ q: `r1-${i}`, repeat: 1, answer: 'A', rounds: ['AAAAA', i < 40 ? 'AAAAB' : 'AAAAA'], seats }));
    // 11 runs (55 right votes), 7 with one seat turning wrong.
    for (let i = 0; i < 11; i++) runs.push(tx({ q: `r2-${i}`, repeat: 2, answer: 'A', rounds: ['AAAAA', i < 7 ? 'AAAAB' : 'AAAAA'], seats }));
    const h = computeStats(runs).flips!.harmful;
    expect(h).toMatchObject({ count: 47, n: 455 });
    expect(h.mean).toBeCloseTo(0.103297, 6);
    expect(h.low).toBeCloseTo(0.0786, 4);
    expect(h.high).toBeCloseTo(0.1347, 4);
  });

  it('7. all correct and all wrong: the interval keeps a width at 1 and at 0; two repeats do not explode it', () => {
    const right = [1, 2].flatMap((repeat) => ['a', 'b', 'c', 'd', 'e'].map((q) => tx({ q, repeat, answer: 'A', rounds: ['AAA', 'AAA'] })));
    const r = computeStats(right).accuracy.debate!;
    // 10 of 10 runs: Wilson low 10/13.8415 = 0.7225; seats 30 of 30: low 30/33.8415 = 0.8865.
    expect(r.final).toMatchObject({ mean: 1, count: 10, n: 10, high: 1 });
    expect(r.final.low).toBeCloseTo(0.7225, 4);
    expect(r.rounds[0]!.singleAgent.low).toBeCloseTo(0.8865, 4);
    const wrong = [1, 2].flatMap((repeat) => ['a', 'b', 'c'].map((q) => tx({ q, repeat, answer: 'A', rounds: ['BBC', 'BBB'] })));
    const w = computeStats(wrong).accuracy.debate!;
    // 0 of 6 runs: high 3.8415/9.8415 = 0.3903.
    expect(w.final).toMatchObject({ mean: 0, low: 0, count: 0, n: 6 });
    expect(w.final.high).toBeCloseTo(0.3903, 4);
  });
});
