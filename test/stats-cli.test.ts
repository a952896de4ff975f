// roundtable stats on the command line: what it counts (issue 23), what it refuses, and that the
// text, --json, --csv and the batch report give every figure alike.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../src/core/schema.js';
import { ANN, BUDGET, CY, transcript as tx } from './support/stats-runs.js';
import { runCli, tempDir } from './support/cli.js';

function folder(runs: Transcript[], name = 'runs'): string {
  const dir = join(tempDir(), name);
  mkdirSync(dir, { recursive: true });
  for (const t of runs) writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(t));
  writeFileSync(join(dir, 'batch.json'), '{"not": "a transcript"}');
  return dir;
}

const rank = (best: string) => [ANN.id, 'bob', CY.id].map((me) => (me === best ? [ANN.id, 'bob', CY.id].filter((x) => x !== me) : [best, ...[ANN.id, 'bob', CY.id].filter((x) => x !== me && x !== best)]));

/** The hand-built batch of test/stats.test.ts, worked out there. */
const BATCH: Transcript[] = [
  tx({ q: 'q1', repeat: 1, answer: 'A', rounds: ['ABB', 'AAB'], usd: 0.1 }),
  tx({ q: 'q1', repeat: 2, answer: 'A', rounds: ['AAC', 'ACC'], usd: 0.2 }),
  tx({ q: 'q2', repeat: 1, answer: 'B', rounds: ['ABC', 'BBC'], usd: 0.3 }),
  tx({ q: 'q2', repeat: 2, answer: 'B', rounds: ['BBA', 'BBB'], usd: null }),
  tx({ q: 'q2', repeat: 3, answer: 'B', rounds: ['BBA', 'B..'], usd: 0.05 }),
  tx({ q: 'q1', repeat: 3, answer: 'A', rounds: [], usd: 0, stopReason: BUDGET }),
  tx({ q: 'q2', repeat: 4, answer: 'B', rounds: [], usd: 0, stopReason: BUDGET }),
  tx({ q: 'qc', repeat: 1, answer: 'A', rounds: ['ABB'], protocol: 'council', rankings: rank(ANN.id), usd: 0.4 }),
  tx({ q: 'qc', repeat: 2, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: rank(CY.id), usd: null }),
  tx({ q: 'qp', repeat: 1, answer: 'C', rounds: ['CCA'], mode: 'poll', usd: 0.05 }),
];

describe('roundtable stats: which runs count', () => {
  it('a budget stop\'s zero-round runs are counted apart (notRun), not scored wrong: --max-cost 0.3\'s one run goes 0.333 → 1.000', async () => {
    const dir = folder([
      tx({ q: 'arith-mul', repeat: 1, answer: 'A', rounds: ['ABC', 'AAA'], usd: 0.0439 }),
      ...['arith-div', 'arith-pow', 'arith-percent'].map((q) => tx({ q, repeat: 1, answer: 'A', rounds: [], usd: 0, stopReason: BUDGET })),
    ]);
    const json = JSON.parse((await runCli(['stats', dir, '--json'])).stdout);
    expect(json.notRun).toBe(3);
    // final 1 of 1, baseline 1/3 of 1 (a three-way tie): +0.667, not "0.250 vs 1.000".
    expect(json.accuracy.debate.final).toMatchObject({ mean: 1, count: 1, n: 1, method: 'wilson' });
    expect(json.accuracy.debate.difference.mean).toBeCloseTo(0.666667, 6);
    expect(json.accuracy.debate.difference.method).toBe('cluster-bootstrap');
    expect(json.perQuestion).toHaveLength(1);
    const text = (await runCli(['stats', dir])).stdout;
    expect(text).toContain('Not run: 3 runs with no round (stopped before round 1, e.g. by a budget), left out of every figure.');
    expect(text).not.toContain('(tie)');
    expect(text).toContain('difference +0.667 [');
  });

  it('a council batch reports council figures, and no flips or obstinacy', async () => {
    const dir = folder([1, 2, 3].map((repeat) => tx({ q: 'c', repeat, answer: 'A', rounds: ['AAB'], protocol: 'council', rankings: rank(ANN.id) })));
    const json = JSON.parse((await runCli(['stats', dir, '--json'])).stdout);
    expect(json.flips).toBeNull();
    expect(json.conformity).toBeNull();
    expect(json.accuracy.council.runs).toBe(3);
    const text = (await runCli(['stats', dir])).stdout;
    expect(text).toContain('Councils (blind answers, then a ranking round): 3 complete runs with a known answer');
    expect(text).not.toMatch(/harmful|obstinacy/);
  });
});

describe('roundtable stats: bad input', () => {
  it('is one sentence and exit 2', async () => {
    const dir = folder([tx({ q: 'a', repeat: 1, answer: 'A', rounds: ['AAB', 'AAA'] })]);
    const none = await runCli(['stats', join(dir, 'missing')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^roundtable: .*missing.*\n$/);
    const both = await runCli(['stats', dir, '--json', '--csv']);
    expect(both.code).toBe(2);
    const notTranscript = await runCli(['stats', join(dir, 'batch.json')]);
    expect(notTranscript.code).toBe(2);
    expect(notTranscript.stderr).toContain('is not a roundtable transcript');
  });
});

describe('roundtable stats: the tie rule', () => {
  it('--ties first is stated in every output, and changes a tie\'s score', async () => {
    // One run, round 1 ABC (a three-way tie; Ann, first, voted A), answer B, round 2 BBB.
    const dir = folder([tx({ q: 't', repeat: 1, answer: 'B', rounds: ['ABC', 'BBB'] })]);
    const random = JSON.parse((await runCli(['stats', dir, '--json'])).stdout);
    expect(random.ties).toBe('random');
    expect(random.accuracy.debate.voteBaseline.count).toBeCloseTo(1 / 3, 12);
    const first = JSON.parse((await runCli(['stats', dir, '--json', '--ties', 'first'])).stdout);
    expect(first.ties).toBe('first');
    expect(first.accuracy.debate.voteBaseline.count).toBe(0);
    expect((await runCli(['stats', dir, '--ties', 'first'])).stdout).toContain("ties first: the earliest seat's vote among the tied options wins (Du et al. 2023).");
    expect((await runCli(['stats', dir])).stdout).toContain('ties random: a k-way tie that includes the answer scores 1/k (Choi et al. 2025).');
    const csv = (await runCli(['stats', dir, '--csv', '--ties', 'first'])).stdout.trim().split('\n');
    expect(csv.slice(1).every((line) => line.split(',')[11] === 'first')).toBe(true);
    const bad = await runCli(['stats', dir, '--ties', 'coin']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--ties is "coin"');
  });

  it('report --ties first draws the same figures as stats --ties first, and says so', async () => {
    // Two runs so that the report is a batch's; round 1 a three-way tie with the answer in it.
    const dir = folder([tx({ q: 't', repeat: 1, answer: 'B', rounds: ['ABC', 'BBB'] }), tx({ q: 't', repeat: 2, answer: 'B', rounds: ['ABC', 'BBB'] })]);
    const page = async (...flags: string[]) => {
      const run = await runCli(['report', dir, ...flags]);
      expect(run.code, run.stderr).toBe(0);
      return run.stdout;
    };
    const first = await page('--ties', 'first');
    expect(first).toContain('ties first: the earliest seat');
    expect(first).not.toContain('ties random');
    const random = await page();
    expect(random).toContain('ties random: a k-way tie');
    // The vote baseline of two three-way ties with the answer in them: 1/3 each at random, 0 with the first seat's vote (A).
    const cells = (html: string) => [...html.matchAll(/<td>[^<]*vote_baseline[^<]*<\/td><td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells(random).join(' ')).toMatch(/0\.333/);
    expect(cells(first).join(' ')).toMatch(/0\.000/);
    const bad = await runCli(['report', dir, '--ties', 'coin']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--ties is "coin"');
  });
});

describe('roundtable stats: no silent merges', () => {
  it('the same transcript given twice is counted once, with one line on stderr', async () => {
    const dir = folder([tx({ q: 'a', repeat: 1, answer: 'A', rounds: ['AAB', 'AAA'] })]);
    const file = join(dir, 'a-r1.json');
    const out = await runCli(['stats', dir, file, '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).runs).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/given twice; counted once\.$/m);
    // A copy under another name is the same run too.
    writeFileSync(join(dir, 'copy.json'), readFileSync(file));
    const copy = await runCli(['stats', dir, '--json']);
    expect(JSON.parse(copy.stdout).runs).toBe(1);
    expect(copy.stderr).toMatch(/is the same run as .*; counted once\./);
  });

  it('different questions under one id across two batch folders are refused (exit 2, one sentence)', async () => {
    const one = folder([tx({ q: 'q001', repeat: 1, answer: 'A', rounds: ['AAA'], motion: 'What is 2 + 2?' })], 'one');
    const two = folder([tx({ q: 'q001', repeat: 1, answer: 'A', rounds: ['AAA'], motion: 'What is 3 + 3?', id: 'other-run' })], 'two');
    const out = await runCli(['stats', one, two]);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('are different questions under one id "q001"');
    // A different answer under one id is another question as well.
    const three = folder([tx({ q: 'q001', repeat: 2, answer: 'B', rounds: ['AAA'], motion: 'What is 2 + 2?', id: 'third' })], 'three');
    expect((await runCli(['stats', one, three])).stderr).toContain('answers "A" and "B"');
    const report = await runCli(['report', one, two, '-o', join(tempDir(), 'r.html')]);
    expect(report.code).toBe(2);
  });

  it('two different versions of one run are refused', async () => {
    const t = tx({ q: 'a', repeat: 1, answer: 'A', rounds: ['AAB', 'AAA'] });
    const one = folder([t], 'one');
    const two = folder([{ ...t, rounds: t.rounds.slice(0, 1) }], 'two');
    const out = await runCli(['stats', one, two]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('hold two different versions of run "a-r1"');
  });

  it('costs too large to add up: one line on stderr, and no Infinity or null passed off as a cost', async () => {
    const dir = folder([
      tx({ q: 'a', repeat: 1, answer: 'A', rounds: ['AAA', 'AAA'], usd: 1.5e308 }),
      tx({ q: 'a', repeat: 2, answer: 'A', rounds: ['AAA', 'AAA'], usd: 1.5e308 }),
    ]);
    for (const flag of [[], ['--json'], ['--csv']]) {
      const out = await runCli(['stats', dir, ...flag]);
      expect(out.code).toBe(0);
      expect(out.stdout).not.toMatch(/Infinity/);
      expect(out.stderr.trim().split('\n')).toHaveLength(1);
      expect(out.stderr).toContain("The runs' costs add up past the largest number a figure can hold");
    }
    expect((await runCli(['stats', dir])).stdout).toContain('Cost: left out (see the warning above).');
    expect(JSON.parse((await runCli(['stats', dir, '--json'])).stdout).cost).toMatchObject({ totalUsd: null, perRun: null, perCorrect: null });
  });
});

// ---- every output agrees -------------------------------------------------------------------

interface Row {
  scope: string;
  question: string;
  round: string;
  measure: string;
  mean: string;
  low: string;
  high: string;
  n: string;
  count: string;
  method: string;
  group: string;
  ties: string;
  clusters: string;
}

function parseCsv(text: string): Row[] {
  const lines = text.trim().split('\n');
  const head = lines[0]!.split(',');
  return lines.slice(1).map((line) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) cells.push(cur), (cur = '');
      else cur += c;
    }
    cells.push(cur);
    return Object.fromEntries(head.map((h, i) => [h, cells[i] ?? ''])) as unknown as Row;
  });
}

/** The estimate as text (the test's own formatting: 3 decimals, count/n, signed for a difference). */
function shown(r: Row): string {
  const f = (x: string) => Number(x).toFixed(3);
  const s = (x: string) => `${Number(x) > 0 ? '+' : Number(x) < 0 ? '−' : '±'}${Math.abs(Number(x)).toFixed(3)}`;
  if (r.method === 'cluster-bootstrap') return `${s(r.mean)} ${r.low === '' ? '[no interval]' : `[${s(r.low)}, ${s(r.high)}]`} ${r.n} run${r.n === '1' ? '' : 's'}/${r.clusters} question${r.clusters === '1' ? '' : 's'}`;
  const count = Number.isInteger(Number(r.count)) ? r.count : String(Number(Number(r.count).toFixed(2)));
  return `${f(r.mean)} [${f(r.low)}, ${f(r.high)}] ${count}/${r.n}`;
}

describe('text, --json, --csv and the batch report agree on every figure', () => {
  const dir = folder(BATCH);

  it('every estimate of the JSON is a CSV row with the same numbers, printed alike in the text and the report', async () => {
    const json = JSON.parse((await runCli(['stats', dir, '--json'])).stdout);
    const rows = parseCsv((await runCli(['stats', dir, '--csv'])).stdout);
    const text = (await runCli(['stats', dir])).stdout;
    const out = join(tempDir(), 'r.html');
    expect((await runCli(['report', dir, '-o', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const table = html.slice(html.indexOf('<table class="figures">'), html.indexOf('</table>', html.indexOf('<table class="figures">')));

    // The JSON's estimates, by where they sit.
    const estimates: [Row | undefined, { mean: number; low: number | null; high: number | null; n: number; count: number | null; method: string }][] = [];
    const find = (group: string, measure: string, round = '') => rows.find((r) => r.group === group && r.measure === measure && r.round === round && r.scope !== 'question');
    for (const group of ['debate', 'poll', 'council']) {
      const a = json.accuracy[group];
      for (const r of a.rounds) {
        estimates.push([find(group, 'single_agent_accuracy', String(r.round)), r.singleAgent]);
        estimates.push([find(group, 'majority_accuracy', String(r.round)), r.majority]);
      }
      estimates.push([find(group, 'vote_baseline_accuracy', '1'), a.voteBaseline]);
      estimates.push([find(group, group === 'council' ? 'ranked_decision_accuracy' : 'final_accuracy'), a.final]);
      estimates.push([find(group, group === 'council' ? 'ranked_minus_vote_baseline' : 'final_minus_vote_baseline'), a.difference]);
    }
    estimates.push([find('debate', 'harmful_flip_rate'), json.flips.harmful], [find('debate', 'helpful_flip_rate'), json.flips.helpful]);
    estimates.push([find('debate', 'conformity'), json.conformity.conformity], [find('debate', 'obstinacy'), json.conformity.obstinacy]);
    estimates.push([find('council', 'ranking_overturned_vote'), json.council.overturned]);
    // debates 2 rounds × 2 + 3, polls 1 × 2 + 3, councils 1 × 2 + 3, flips 2, conformity 2, overturned 1
    expect(estimates).toHaveLength(7 + 5 + 5 + 2 + 2 + 1);

    for (const [row, e] of estimates) {
      expect(row, JSON.stringify(e)).toBeDefined();
      // CSV: the same numbers, to the last digit.
      expect([Number(row!.mean), row!.low === '' ? null : Number(row!.low), row!.high === '' ? null : Number(row!.high), Number(row!.n), row!.method]).toEqual([e.mean, e.low, e.high, e.n, e.method]);
      if (e.count !== null) expect(Number(row!.count)).toBe(e.count);
      expect(row!.ties).toBe('random');
      // Text and report: the same figure, as printed.
      expect(text, `${row!.group} ${row!.measure}`).toContain(shown(row!));
      expect(table, `${row!.group} ${row!.measure}`).toContain(`<td>${row!.measure}</td><td class="num">${shown(row!)}</td>`);
    }

    // Counts and costs: JSON = CSV; text and report print them alike.
    const value = (measure: string) => Number(rows.find((r) => r.scope === 'all' && r.measure === measure)!.mean);
    expect([value('runs_given'), value('runs_not_run'), value('runs_measured'), value('partial_rounds_left_out')]).toEqual([json.runs, json.notRun, json.measured, json.partialRounds]);
    expect([value('count_c_to_c'), value('count_c_to_i'), value('count_i_to_c')]).toEqual([json.flips.counts.cc, json.flips.counts.ci, json.flips.counts.ic]);
    expect([value('cost_usd_total'), value('cost_usd_per_run'), value('cost_usd_per_correct')]).toEqual([json.cost.totalUsd, json.cost.perRun, json.cost.perCorrect]);
    expect(text).toContain(`Cost $${json.cost.totalUsd.toFixed(4)} over 6 priced runs (2 unpriced): $${json.cost.perRun.toFixed(4)} per run; $${json.cost.perCorrect.toFixed(4)} per correct final decision (5 correct of 6 priced runs with a known answer; 2 unpriced left out).`);
    expect(html).toContain(`$${json.cost.totalUsd.toFixed(4)} over 6 priced runs (2 unpriced): $${json.cost.perRun.toFixed(4)} per run, $${json.cost.perCorrect.toFixed(4)} per correct final decision.`);
    expect(table).toContain(`<td>cost_usd_per_correct</td><td class="num">$${json.cost.perCorrect.toFixed(4)}</td>`);
    expect(html).toContain('2 runs with no round (stopped before round 1, e.g. by a budget) are left out of every figure.');
    expect(text).toContain('Not run: 2 runs with no round');

    // Per question: JSON = CSV = report table; the text's table rounds to 3 decimals.
    for (const q of json.perQuestion) {
      const qrow = (m: string) => rows.find((r) => r.scope === 'question' && r.question === q.question && r.measure === m)!;
      expect(qrow('accuracy').mean === '' ? null : Number(qrow('accuracy').mean)).toBe(q.accuracy);
      expect(Number(qrow('winner_repeat').mean)).toBe(q.winnerRepeat);
      for (const [o, n] of Object.entries(q.outcomes)) expect(Number(qrow(`outcome:${o}`).mean)).toBe(n);
      expect(text).toMatch(new RegExp(`^${q.question}\\s+${q.runs}\\s+\\S+\\s+${q.accuracy === null ? '–' : q.accuracy.toFixed(3)}\\s+${q.winnerRepeat.toFixed(3)}`, 'm'));
    }
    // The text says what the seats' stability is, as the JSON does.
    for (const s of json.stability) expect(text).toContain(`${s.name} ${s.share.toFixed(3)} (${s.questions} questions)`);
  });
});
