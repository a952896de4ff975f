// roundtable stats on open questions (no options): hand-built transcripts, figures worked out by
// hand; never mixed with the vote figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeStats } from '../src/stats/stats.js';
import type { Transcript } from '../src/core/schema.js';
import { ANN, BOB, CY, openTranscript as open, transcript as tx } from './support/stats-runs.js';
import { runCli, tempDir } from './support/cli.js';

/**
 * Seats Ann, Bob, Cy.
 *   o1 qo/r1  R1 Paris, Lyon, Nice → R2 Paris, Paris (changed), Nice; judge: Paris {Ann, Bob}, Nice {Cy}; known answer Paris, matched
 *   o2 qo/r2  R1 Paris, "paris.", Marseille → R2 Paris, Paris, Paris (Cy changed); judge: all three; matched
 *   o3 qo2/r1 R1 Red, Blue, Green → R2 the same; judge: each alone; known answer Blue, not matched
 *   o4 qo2/r2 R1 Red, Red, Blue → R2 Red, (no answer), Red (Cy changed); no judge (same-words groups); known answer Blue, no verdict
 *   o5 qo/r3  not run (no round)
 *   p1 qop/r1 an open poll: Paris, Paris, Paris; judge: all three
 *   d1 q1/r1  a debate with options: ABB → AAB, answer A
 */
const OPEN: Transcript[] = [
  open({ q: 'qo', repeat: 1, rounds: [['Paris', 'Lyon', 'Nice'], ['Paris', 'Paris', 'Nice']], changed: [[false, true, false]], groups: [{ answer: 'Paris', members: [ANN.id, BOB.id] }, { answer: 'Nice', members: [CY.id] }], expected: 'Paris', matchesAnswer: true, usd: 0.02 }),
  open({ q: 'qo', repeat: 2, rounds: [['Paris', 'paris.', 'Marseille'], ['Paris', 'Paris', 'Paris']], changed: [[false, false, true]], groups: [{ answer: 'Paris', members: [ANN.id, BOB.id, CY.id] }], expected: 'Paris', matchesAnswer: true, usd: 0.03 }),
  open({ q: 'qo2', repeat: 1, rounds: [['Red', 'Blue', 'Green'], ['Red', 'Blue', 'Green']], changed: [[false, false, false]], groups: [{ answer: 'Red', members: [ANN.id] }, { answer: 'Blue', members: [BOB.id] }, { answer: 'Green', members: [CY.id] }], expected: 'Blue', matchesAnswer: false }),
  open({ q: 'qo2', repeat: 2, rounds: [['Red', 'Red', 'Blue'], ['Red', null, 'Red']], changed: [[false, false, true]], groups: null, expected: 'Blue' }),
  open({ q: 'qo', repeat: 3, rounds: [], groups: null, expected: 'Paris', usd: 0 }),
  open({ q: 'qop', repeat: 1, mode: 'poll', rounds: [['Paris', 'Paris', 'Paris']], groups: [{ answer: 'Paris', members: [ANN.id, BOB.id, CY.id] }] }),
  tx({ q: 'q1', repeat: 1, answer: 'A', rounds: ['ABB', 'AAB'] }),
];

describe('open questions: what the transcripts allow to measure', () => {
  const report = computeStats(OPEN);
  const o = report.open!.debate!;

  it('counts open runs apart from votes; the not-run run left out', () => {
    expect(report.notRun).toBe(1);
    expect(o).toMatchObject({ runs: 4, judged: 3 });
    expect({ ...o.labels }).toEqual({ Agreement: 1, 'All agreed': 1, 'No agreement': 1 });
    // The debate's figures are its own: d1 alone (C→C, I→C, I→same).
    expect(report.accuracy.debate!.runs).toBe(1);
    expect(report.flips!.counts).toEqual({ cc: 1, ci: 0, ic: 1, iSame: 1, iOther: 0 });
    expect(report.accuracy.poll).toBeNull();
    // The open poll is an open poll: its 3 of 3 stay out of the open debates' figures.
    expect(report.open!.poll).toMatchObject({ runs: 1, judged: 1 });
    expect(report.open!.poll!.finalAgreement).toMatchObject({ count: 3, n: 3 });
    expect(report.open!.poll!.changedByRound).toEqual([]);
    expect(report.open!.council).toBeNull();
  });

  it('final agreement as judged: seats in the largest position over the judged runs\' seats', () => {
    // o1 2 of 3, o2 3 of 3, o3 1 of 3 → 6 of 9 = 0.667; Wilson(6, 9): centre (0.66667 + 0.21341)/1.42683 = 0.61681,
    // half 1.37365 · √(0.024691 + 0.011857) = 0.26261 → [0.3542, 0.8794].
    expect(o.finalAgreement).toMatchObject({ count: 6, n: 9, method: 'wilson' });
    expect(o.finalAgreement.low).toBeCloseTo(0.3542, 4);
    expect(o.finalAgreement.high).toBeCloseTo(0.8794, 4);
  });

  it('same-words agreement per round and its convergence; changed minds from the seats\' own flags', () => {
    // Round 1 largest same-words group: o1 1, o2 2 ("Paris" = "paris."), o3 1, o4 2 → 6 of 12.
    expect(o.sameWords[0]!.agreement).toMatchObject({ count: 6, n: 12, mean: 0.5 });
    // Round 2: o1 2, o2 3, o3 1, o4 2 (Red, Red; Bob gave none) → 8 of 12.
    expect(o.sameWords[1]!.agreement).toMatchObject({ count: 8, n: 12 });
    // Changed minds in round 2, over the answers given: o1 1 of 3, o2 1 of 3, o3 0 of 3, o4 1 of 2 → 3 of 11.
    expect(o.changedByRound).toHaveLength(1);
    expect(o.changedMind).toMatchObject({ count: 3, n: 11 });
    // Wilson(3, 11): centre (0.27273 + 0.17461)/1.34922 = 0.33155, half 0.23409 → [0.0975, 0.5656].
    expect(o.changedMind.low).toBeCloseTo(0.0975, 4);
    expect(o.changedMind.high).toBeCloseTo(0.5656, 4);
    // Convergence run by run: o1 2/3 − 1/3, o2 3/3 − 2/3, o3 0, o4 2/3 − 2/3 → (2/3)/4 = 1/6, over 2 questions.
    expect(o.convergence).toMatchObject({ n: 4, clusters: 2, method: 'cluster-bootstrap' });
    expect(o.convergence.mean).toBeCloseTo(0.166667, 6);
  });

  it('the known answer: the share of runs whose synthesis the judge matched to it, as judged; no verdict counted apart', () => {
    // o1 yes, o2 yes, o3 no; o4 had no judge → 2 of 3, 1 without a verdict.
    expect(o.withAnswer).toBe(4);
    expect(o.matchedAsJudged).toMatchObject({ count: 2, n: 3 });
    expect(o.noVerdict).toBe(1);
  });

  it('per question: the judge\'s label as the outcome, a same-words label said to be one', () => {
    const q = (id: string) => report.perQuestion.find((x) => x.question === id)!;
    expect({ ...q('qo').outcomes }).toEqual({ Agreement: 1, 'All agreed': 1 });
    expect({ ...q('qo2').outcomes }).toEqual({ 'No agreement': 1, 'Agreement (same words, no judge)': 1 });
    expect(q('qo').accuracy).toBeNull();
    expect(q('qo').runs).toBe(2);
  });

  it('a batch of open questions only: no vote figure at all', () => {
    const r = computeStats(OPEN.filter((t) => t.open));
    expect(r.accuracy).toEqual({ debate: null, poll: null, council: null });
    expect(r.flips).toBeNull();
    expect(r.conformity).toBeNull();
  });
});

describe('roundtable stats on open questions, every output', () => {
  const dir = join(tempDir(), 'open');
  mkdirSync(dir);
  for (const t of OPEN) writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(t));

  it('text, --json and --csv say the same', async () => {
    const text = (await runCli(['stats', dir])).stdout;
    expect(text).toContain("Open debates (answers in a sentence; never counted as votes): 4 complete runs, 3 with a judge's grouping");
    expect(text).toContain("Open polls (one round, no debate) (answers in a sentence; never counted as votes): 1 complete run, 1 with a judge's grouping");
    expect(text).toContain('final agreement, as judged (seats in the largest position the judge found) 0.667 [0.354, 0.879] 6/9');
    expect(text).toMatch(/^1\s+0\.500 \[0\.254, 0\.746\] 6\/12\s+–$/m);
    expect(text).toMatch(/^2\s+0\.667 \[0\.391, 0\.862\] 8\/12\s+0\.273 \[0\.097, 0\.566\] 3\/11$/m);
    expect(text).toContain('synthesis matched the known answer, as judged (never an exact match) 0.667 [0.208, 0.939] 2/3 (1 of 4 runs with an answer have no verdict)');
    const json = JSON.parse((await runCli(['stats', dir, '--json'])).stdout);
    expect(json.open.debate.finalAgreement).toMatchObject({ count: 6, n: 9 });
    // Open runs only: no word about vote accuracy or a cost per correct decision, which they cannot have.
    const only = join(tempDir(), 'open-only');
    mkdirSync(only);
    for (const t of OPEN.filter((x) => x.open)) writeFileSync(join(only, `${t.id}.json`), JSON.stringify(t));
    const openText = (await runCli(['stats', only])).stdout;
    expect(openText).not.toContain('Accuracy:');
    // o1 $0.02 + o2 $0.03 over 2 priced runs (o3, o4 and the poll unpriced; o5 not run).
    expect(openText).toContain('Cost $0.0500 over 2 priced runs (3 unpriced): $0.0250 per run.');
    const csv = (await runCli(['stats', dir, '--csv'])).stdout;
    const f = json.open.debate.finalAgreement;
    expect(csv).toContain(`all,,,final_agreement_as_judged,${f.mean},${f.low},${f.high},9,6,wilson,open-debate,random,`);
    expect(csv).toContain(`all,,,final_agreement_as_judged,1,${json.open.poll.finalAgreement.low},1,3,3,wilson,open-poll,random,`);
    expect(csv).toContain(`all,,,matched_answer_as_judged,${json.open.debate.matchedAsJudged.mean},`);
  });
});

describe('the batch report on open questions', () => {
  it('lists the open figures as stats prints them', async () => {
    const dir = join(tempDir(), 'open-report');
    mkdirSync(dir);
    for (const t of OPEN) writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(t));
    const out = join(tempDir(), 'r.html');
    expect((await runCli(['report', dir, '-o', out])).code).toBe(0);
    const html = (await import('node:fs')).readFileSync(out, 'utf8');
    expect(html).toContain('<h3>Open debates</h3>');
    expect(html).toContain('<h3>Open polls (one round, no debate)</h3>');
    expect(html).toContain('<li>final agreement, as judged (seats in the largest position the judge found): 0.667 [0.354, 0.879] 6/9</li>');
    expect(html).toContain('<td>final_agreement_as_judged</td><td class="num">0.667 [0.354, 0.879] 6/9</td>');
  });
});

describe('stats on a mock batch of open questions', () => {
  it('its figures are the transcripts\' own counts, added up independently here', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'spec.jsonl'),
      [
        { id: 'capital', motion: 'What is the capital of Australia?', open: true, answer: 'Canberra' },
        { id: 'lang', motion: 'Which language should a beginner learn first?', open: true },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const run = await runCli(['batch', 'spec.jsonl', '--mock', '--repeats', '2', '--headless', '--out', 'runs'], { env: {}, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json') && f !== 'batch.json');
    const raw = files.map((f) => JSON.parse(readFileSync(join(dir, 'runs', f), 'utf8')) as { open: boolean; result: { agreed: number; panelSize: number; answer: string | null }; rounds: { number: number; turns: { answer: string | null; changed: boolean }[] }[] });
    expect(raw.every((t) => t.open)).toBe(true);
    // The judge's largest groups over the panels, and the answers from round 2 on that say they moved.
    const agreed = raw.reduce((a, t) => a + t.result.agreed, 0);
    const seats = raw.reduce((a, t) => a + t.result.panelSize, 0);
    const later = raw.flatMap((t) => t.rounds.filter((r) => r.number > 1).flatMap((r) => r.turns.filter((x) => x.answer !== null)));
    const json = JSON.parse((await runCli(['stats', 'runs', '--json'], { cwd: dir })).stdout);
    expect(json.open.debate).toMatchObject({ runs: 4, judged: 4, withAnswer: 2 });
    expect(json.open.debate.finalAgreement).toMatchObject({ count: agreed, n: seats });
    expect(json.open.debate.changedMind).toMatchObject({ count: later.filter((x) => x.changed).length, n: later.length });
    expect(json.accuracy).toEqual({ debate: null, poll: null, council: null });
    expect(json.flips).toBeNull();
  }, 60_000);
});

describe('an open council', () => {
  it('its ranking round is no round of debate: no changed minds, same-words agreement of round 1 only', () => {
    // Answers Paris, Paris, Nice; the ranking round copies them. The judge: Paris {Ann, Bob}, Nice {Cy}.
    const t = open({ q: 'oc', repeat: 1, rounds: [['Paris', 'Paris', 'Nice']], rankings: [[BOB.id, CY.id], [ANN.id, CY.id], [ANN.id, BOB.id]], groups: [{ answer: 'Paris', members: [ANN.id, BOB.id] }, { answer: 'Nice', members: [CY.id] }] });
    expect(t.rounds).toHaveLength(2);
    const o = computeStats([t]).open!.council!;
    expect(o.sameWords).toHaveLength(1);
    expect(o.sameWords[0]!.agreement).toMatchObject({ count: 2, n: 3 });
    expect(o.changedByRound).toEqual([]);
    expect(o.changedMind).toMatchObject({ count: 0, n: 0, mean: null });
    expect(o.finalAgreement).toMatchObject({ count: 2, n: 3 });
  });
});
