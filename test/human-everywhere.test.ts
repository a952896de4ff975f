// A person's seat wherever a debate goes after it ran: export and import, Markdown, the HTML
// report, compare, replay and stats. The transcripts come from a real mock run with a person
// answered through the desk (no screen), so they hold what a run with --human records.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HumanQueue, type HumanReply, type HumanTurnRequest } from '../src/core/human.js';
import { DebateEvents } from '../src/core/events.js';
import type { Transcript } from '../src/core/schema.js';
import { compareTranscripts, formatComparison } from '../src/compare/compare.js';
import { budgetPlan } from '../src/plan/cost-plan.js';
import { planDebate, type DebateFlags } from '../src/plan/debate-plan.js';
import { runPlan } from '../src/plan/run.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { buildReport } from '../src/report/report.js';
import { asReport } from '../src/report/types.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { exportText } from '../src/transcript/text-format.js';
import { humanSeats } from '../src/stats/human.js';
import { computeStats } from '../src/stats/stats.js';
import { initialState, reduce } from '../src/ui/state.js';
import { runCli, tempDir } from './support/cli.js';

async function mockRun(name: string, seed: number, answer: (r: HumanTurnRequest) => HumanReply, extra: Partial<DebateFlags> = {}): Promise<Transcript> {
  const queue = new HumanQueue();
  queue.subscribe((r) => r && setTimeout(() => queue.answer(answer(r)), 1));
  const flags: DebateFlags = {
    mock: true,
    motionArg: 'Cats or dogs?',
    options: 'Cats,Dogs',
    models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning',
    human: name,
    rounds: 3,
    seed,
    mockPace: 0,
    mode: 'debate',
    maxTokens: 1500,
    retries: 0,
    retryBaseMs: 1,
    firstTokenTimeout: 60,
    idleTimeout: 30,
    callTimeout: 300,
    ...extra,
  };
  const plan = await planDebate({ env: {}, cwd: tempDir() }, flags);
  const prompts = new PromptBook();
  return runPlan(plan, { ...flags, mockPace: 0 }, { env: {}, events: new DebateEvents(), signal: new AbortController().signal, prompts, budget: budgetPlan(plan.config, prompts), human: queue });
}

const flipper = (r: HumanTurnRequest): HumanReply => ({ vote: r.round % 2 === 1 ? 'Dogs' : 'Cats', argument: `Round ${r.round}: I am of two minds.` });

describe('a person\'s seat after the run', () => {
  it('export writes the person under their name; import reads the turns back (as a seat without a model)', async () => {
    const t = await mockRun('Ana', 1, flipper);
    expect(t.status).toBe('complete');
    const text = exportText(t);
    expect(text).toMatch(/^Ana\nVote: Dogs \(changed from Cats\)\nRound 3: I am of two minds\.$/m);
    const dir = tempDir();
    writeFileSync(join(dir, 'run.txt'), text);
    const run = await runCli(['import', join(dir, 'run.txt')], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const back = JSON.parse(run.stdout) as Transcript;
    // The text format (the site's) has no place to say a seat is a person: the name and turns come
    // back, the seat has no model, and nothing claims it was a model.
    const ana = back.panel.find((p) => p.name === 'Ana')!;
    expect(ana.model).toBeNull();
    expect(back.rounds.at(-1)!.turns.find((x) => x.debater === ana.id)).toMatchObject({ vote: 'Dogs', argument: 'Round 3: I am of two minds.' });
  });

  it('Markdown marks the person in the panel and in their turns', async () => {
    const t = await mockRun('Ana', 1, flipper);
    const md = exportMarkdown(t);
    expect(md).toMatch(/^- Ana \(a person, at the terminal\)$/m);
    expect(md).toMatch(/^### Ana \(person\) — Dogs/m);
    expect(md).not.toMatch(/### gpt-5\.4 \(person\)/);
  });

  it('the HTML report shows the person like any seat, marked as a person', async () => {
    const t = await mockRun('Ana', 1, flipper);
    const html = await buildReport([{ transcript: asReport(t), file: 'ana.json' }]);
    expect(html).toMatch(/<td class="name">Ana<\/td><td class="name">person<\/td><td class="prov">at the terminal<\/td>/);
    expect(html).not.toMatch(/<td class="name">—<\/td>/);
  });

  it('compare matches the person by name and marks them; a person on one side only is named too', async () => {
    const a = await mockRun('Ana', 1, flipper);
    const b = await mockRun('Ana', 2, () => ({ vote: 'Dogs', argument: 'Dogs, always.' }));
    const c = compareTranscripts(a, b);
    const ana = c.debaters.find((d) => d.name === 'Ana')!;
    expect(ana).toMatchObject({ human: true, voteA: 'Dogs', voteB: 'Dogs', agree: true });
    expect(c.debaters.filter((d) => d.human)).toHaveLength(1);
    expect(formatComparison(c)).toMatch(/^Ana \(person\)\s+Dogs\s+Dogs\s+yes/m);
    const d = await mockRun('Bo', 2, () => ({ vote: 'Cats', argument: 'Cats.' }));
    const onlyB = compareTranscripts(a, d).debaters.find((x) => x.name === 'Bo')!;
    expect(onlyB).toMatchObject({ human: true, inA: false, inB: true });
  });

  it('replay shows the person like any seat: in the text (headless) and, marked as a person, on the cards', async () => {
    const t = await mockRun('Ana', 1, flipper);
    const view = reduce(initialState(), { type: 'debate_started', transcript: t });
    expect(view.panel.map((p) => p.provider)).toEqual(['openai', 'anthropic', 'xai', 'person']);
    const dir = tempDir();
    writeFileSync(join(dir, 't.json'), JSON.stringify(t));
    const run = await runCli(['replay', join(dir, 't.json'), '--headless'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Ana\nVote: Dogs/m);
  });

  it('stats lists the people apart: their flips and conformity are a finding of their own', async () => {
    // Ana flips every round; Bo keeps Dogs whatever the majority.
    const runs = [await mockRun('Ana', 1, flipper), await mockRun('Ana', 3, flipper), await mockRun('Bo', 1, () => ({ vote: 'Dogs', argument: 'Dogs.' }))];
    const seats = humanSeats(runs);
    expect(seats.map((s) => s.name)).toEqual(['Ana', 'Bo']);
    const ana = seats[0]!;
    expect(ana.runs).toBe(2);
    expect(ana.turns).toBe(6);
    expect(ana.changes).toBe(4);
    expect(ana.flipRate).toBeCloseTo(4 / 4);
    const bo = seats[1]!;
    expect(bo.changes).toBe(0);
    expect(bo.flipRate).toBe(0);
    // Conformity: of the later turns where the person's last vote was against the round before's
    // majority of the others, the share that moved to it.
    for (const s of seats) if (s.againstMajority > 0) expect(s.conformity).toBeCloseTo(s.movedToMajority / s.againstMajority);

    const dir = tempDir();
    runs.forEach((t, i) => writeFileSync(join(dir, `r${i}.json`), JSON.stringify(t)));
    const run = await runCli(['stats', dir], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/People on the panel/);
    expect(run.stdout).toMatch(/^\s*Ana\s+2 runs\s+6 turns\s+4 changes/m);
    const json = await runCli(['stats', dir, '--json'], { cwd: dir });
    const parsed = JSON.parse(json.stdout) as { humans: Array<{ name: string; changes: number }> };
    expect(parsed.humans.map((h) => [h.name, h.changes])).toEqual([['Ana', 4], ['Bo', 0]]);
  });

  it('stats keeps a person out of the models\' per-seat figures; the panel\'s outcome still counts their vote', async () => {
    const runs = [await mockRun('Ana', 1, flipper), await mockRun('Ana', 3, flipper)].map((t) => ({ ...t, answer: 'Dogs' }));
    const models = runs[0]!.panel.filter((p) => !p.human);
    expect(models).toHaveLength(3);
    const report = computeStats(runs);
    const names = (list: ReadonlyArray<{ name: string }>) => list.map((s) => s.name);
    expect(names(report.stability)).not.toContain('Ana');
    expect(report.stability).toHaveLength(3);
    for (const q of report.perQuestion) expect(names(q.stability)).not.toContain('Ana');
    expect(names(report.conformity!.bySeat)).not.toContain('Ana');
    const debate = report.accuracy.debate!;
    // Single-agent accuracy: the models' votes only, 3 a round a run.
    for (const round of debate.rounds) expect(round.singleAgent!.n).toBe(3 * runs.length);
    // Flips: the models' vote changes only (Ana changes every round; 3 models × 2 changes of round × 2 runs).
    const c = report.flips!.counts;
    expect(c.cc + c.ci + c.ic + c.iSame + c.iOther).toBe(3 * 2 * runs.length);
    // The majority is the panel's as it sat: Ana's vote is in it (4 votes a round).
    const ana = runs[0]!.panel.find((p) => p.human)!.id;
    expect(runs[0]!.rounds[0]!.turns.some((t) => t.debater === ana)).toBe(true);
    expect(debate.runs).toBe(2);
  });

  it('stats without a person says nothing of people', async () => {
    expect(humanSeats([])).toEqual([]);
  });
});
