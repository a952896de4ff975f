// Mock mode end to end through the CLI: msw started inside the program answers the providers'
// real URLs, so the real adapters, retries and parsing run with no network and no keys.
// (No test-side msw server here: the program runs its own.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';
import { runCliProcess } from './support/cli-process.js';
import { closedJudgement } from '../src/core/result.js';

const SEED_JSON = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;
const SEED_TXT = new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url).pathname;
const seed = TranscriptSchema.parse(JSON.parse(readFileSync(SEED_JSON, 'utf8')));

describe('roundtable debate --mock', () => {
  it('reruns the seed motion with the seed panel and judge, and agrees with the seed on every vote', async () => {
    const cwd = tempDir();
    const run = await runCli(['debate', '--mock', '--mock-pace', '0', '--headless'], { env: {}, cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/mock \(scripted replies, generated where the script has none, no network\)/);
    const saved = /Transcript saved to (\S+)/.exec(run.stderr)![1]!;
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(cwd, saved), 'utf8')));
    expect(t.source).toBe('mock');
    expect(t.motion).toBe(seed.motion);
    expect(t.panel.map((p) => p.name)).toEqual(seed.panel.map((p) => p.name));
    expect(t.rounds).toHaveLength(2);
    expect(t.result).toMatchObject({ label: 'Supermajority', winner: 'Yes', tally: { Yes: 5, No: 1 } });
    expect(t.judgement).toEqual(seed.judgement);
    expect(t.settings).toMatchObject({ seed: 1 });
    // Round 1 is blind, generated on each debater's seed position (the seed's only round is its last).
    for (const turn of t.rounds[0]!.turns) {
      expect(turn.argument).not.toMatch(/maintain|Kimi K2\.5|argument/i);
      expect(turn.vote).toBe(t.rounds[1]!.turns.find((x) => x.debater === turn.debater)!.vote);
    }
    for (const turn of t.rounds[1]!.turns) {
      const name = t.panel.find((p) => p.id === turn.debater)!.name;
      const seedTurn = seed.rounds[0]!.turns.find((x) => seed.panel.find((p) => p.id === x.debater)!.name === name)!;
      expect(turn.vote).toBe(seedTurn.vote);
      expect(turn.argument).toBe(seedTurn.argument);
      expect(turn.usage?.outputTokens).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/^MOCK RUN · [^\n]*\nAI Roundtable Debate · 6 models\nIs there a moat to training an LLM model\?\nResult: Supermajority — Yes \(5\/6 votes\)/);

    const compared = await runCli(['compare', SEED_JSON, join(cwd, saved), '--json']);
    expect(compared.code).toBe(0);
    const report = JSON.parse(compared.stdout);
    expect(report).toMatchObject({ sameWinner: true, sameLabel: true, voteAgreement: 1 });
    for (const d of report.debaters) expect(d.argumentSimilarity).toBe(1);
  });

  it('scripts only the seed\'s own run from the seed: its motion with another panel or other options is generated', async () => {
    const seedArguments = seed.rounds.flatMap((r) => r.turns.map((x) => x.argument));
    const seedNames = seed.panel.map((p) => p.name);
    const runs: [string, string[]][] = [
      ['another panel (gpt-5.4 is a seed seat by name)', ['--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning']],
      ['the options in another order', ['--options', 'No,Yes']],
      ['other options', ['--options', 'Yes,No,Partly']],
    ];
    for (const [what, extra] of runs) {
      const run = await runCli(['debate', '--mock', seed.motion, ...extra, '--mock-pace', '0', '--json', '--headless'], { env: {} });
      expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      const t = TranscriptSchema.parse(JSON.parse(run.stdout));
      const names = t.panel.map((p) => p.name);
      for (const turn of t.rounds.flatMap((r) => r.turns)) {
        expect(seedArguments, what).not.toContain(turn.argument);
        expect(turn.argument, what).toContain(`"${seed.motion}"`);
        // Nobody answers a panelist who is not there.
        for (const name of seedNames.filter((n) => !names.includes(n))) expect(turn.argument, what).not.toContain(name);
      }
      expect(t.judgement, what).not.toEqual(seed.judgement);
    }
    // The seed panel in another order is still the seed's own run.
    const dir = tempDir();
    const panel = join(dir, 'reordered.json');
    writeFileSync(panel, JSON.stringify({ debaters: [...seed.panel].reverse().map((p) => ({ name: p.name, model: p.model })), judge: { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' } }));
    const own = await runCli(['debate', '--mock', '--panel', panel, '--mock-pace', '0', '--json', '--headless'], { env: {}, cwd: dir });
    expect(own.code, own.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(own.stdout));
    expect(t.rounds[1]!.turns.map((x) => x.argument).sort()).toEqual([...seed.rounds[0]!.turns.map((x) => x.argument)].sort());
    expect(t.judgement).toEqual(seed.judgement);
  });

  it('replays any transcript given to it, matching debaters by name, and generates replies for the rest', async () => {
    const dir = tempDir();
    const script = join(dir, 'script.json');
    const flipped = structuredClone(seed);
    flipped.rounds[0]!.turns[0]!.vote = 'No';
    writeFileSync(script, JSON.stringify(flipped));
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({ debaters: [{ name: 'Grok 4.1 Fast', model: 'xai:grok-4-1-fast-reasoning' }, { name: 'Newcomer', model: 'deepseek:deepseek-chat' }], judge: null }));
    const run = await runCli(['debate', '--mock', script, '--panel', panel, '--mock-pace', '0', '--json', '--headless', '--rounds', '1'], { env: {}, cwd: dir });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.motion).toBe(seed.motion);
    expect(t.rounds[0]!.turns[0]!.vote).toBe('No');
    // Newcomer is not in the script: its reply is generated for the run's motion.
    expect(t.rounds[0]!.turns[1]!.argument).toContain(`"${seed.motion}"`);
    expect(t.judgement).toBeNull();
  });

  it('takes a debate in the roundtable text format as its script', async () => {
    const run = await runCli(['debate', '--mock', SEED_TXT, '--mock-pace', '0', '--json', '--headless', '--mode', 'poll'], { env: {} });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.rounds[0]!.turns.map((x) => x.vote)).toEqual(seed.rounds[0]!.turns.map((x) => x.vote));
  });

  it('stays headless without a TTY even when CI is not set: Ink is never mounted', async () => {
    const run = await runCli(['debate', '--mock', '--mock-pace', '0', '--rounds', '1'], { env: { CI: undefined } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^roundtable · Is there a moat/m);
    expect(run.stderr).toMatch(/✓ Kimi K2\.5\s+No/);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout + run.stderr).not.toMatch(/\u001b\[/);
  });

  it('is what npm start runs without keys, and says so on screen', async () => {
    const run = await runCli(['debate', '--demo', '--mock-pace', '0', '--headless', '--rounds', '1'], { env: {} });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^No API keys found \(XAI_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, ANTHROPIC_API_KEY, MOONSHOT_API_KEY\), so this is the seed debate in mock mode/);
    expect(run.stderr).toMatch(/To run it live, set the keys/);
    expect(run.stdout).toMatch(/Supermajority — Yes \(5\/6 votes\)/);
  });
});

const CARS = ['--mock', 'Should cities ban cars?', '--options', 'Yes,No,Partly', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning,mistral:mistral-large-latest', '--rounds', '3'];
const names = (t: ReturnType<typeof TranscriptSchema.parse>) => t.panel.map((p) => p.name);

describe('roundtable debate --mock "any motion"', () => {
  it('runs that motion with generated replies: a blind round, real disagreement, a vote change for some seed, a judge write-up about it', async () => {
    let changedSomewhere = false;
    for (const n of [1, 2, 3, 4, 5]) {
      const run = await runCli(['debate', ...CARS, '--seed', String(n), '--mock-pace', '0', '--headless', '--json'], { env: {} });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^roundtable · Should cities ban cars\? · Yes \/ No \/ Partly · 4 debaters · 3 rounds .* mock \(generated replies, no network\)/);
      const t = TranscriptSchema.parse(JSON.parse(run.stdout));
      expect(t).toMatchObject({ motion: 'Should cities ban cars?', options: ['Yes', 'No', 'Partly'], source: 'mock', status: 'complete', settings: { seed: n } });
      const [first] = t.rounds;
      expect(new Set(first!.turns.map((x) => x.vote)).size, `seed ${n}`).toBeGreaterThan(1);
      for (const turn of first!.turns) {
        expect(turn.argument).toContain('"Should cities ban cars?"');
        for (const name of names(t)) expect(turn.argument).not.toContain(name);
      }
      for (const turn of t.rounds[2]!.turns) expect(names(t).some((name) => turn.argument.includes(name))).toBe(true);
      if (t.rounds.some((r) => r.turns.some((x) => x.changed))) changedSomewhere = true;
      const j = closedJudgement(t.judgement)!;
      expect(j.summary).toMatch(/cars/);
      const voted = t.options.filter((o) => t.rounds.some((r) => r.turns.some((x) => x.vote === o)));
      expect(Object.keys(j.strongestArguments).sort()).toEqual(voted.sort());
      expect(j.turningPoints.length).toBeGreaterThan(0);
    }
    expect(changedSomewhere).toBe(true);
  });

  it('exports and imports back to the same votes and arguments', async () => {
    const dir = tempDir();
    const out = join(dir, 'cars.json');
    expect((await runCli(['debate', ...CARS, '--seed', '4', '--mock-pace', '0', '--headless', '--out', out], { env: {} })).code).toBe(0);
    const exported = await runCli(['export', out]);
    expect(exported.code).toBe(0);
    const text = join(dir, 'cars.txt');
    writeFileSync(text, exported.stdout);
    const imported = await runCli(['import', text]);
    expect(imported.code, imported.stderr).toBe(0);
    const a = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const b = TranscriptSchema.parse(JSON.parse(imported.stdout));
    const last = (t: typeof a) => t.rounds.at(-1)!.turns.map((x) => [x.vote, x.argument]);
    expect(last(b)).toEqual(last(a));
    expect(b.judgement).toEqual(a.judgement);
  });

  it('is the same debate for the same seed, and the default seed is recorded', async () => {
    const args = ['debate', ...CARS, '--mock-pace', '0', '--headless', '--json'];
    const a = TranscriptSchema.parse(JSON.parse((await runCli(args, { env: {} })).stdout));
    const b = TranscriptSchema.parse(JSON.parse((await runCli([...args, '--seed', '1'], { env: {} })).stdout));
    expect(a.settings).toMatchObject({ seed: 1 });
    expect(b.rounds).toEqual(a.rounds.map((r) => ({ ...r, turns: r.turns.map((x, i) => ({ ...x, latencyMs: b.rounds[r.number - 1]!.turns[i]!.latencyMs })) })));
  });

  it('resumes an interrupted generated run with its recorded seed, to the same debate', async () => {
    const dir = tempDir();
    const full = join(dir, 'full.json');
    expect((await runCli(['debate', ...CARS, '--seed', '4', '--mock-pace', '0', '--headless', '--out', full], { env: {} })).code).toBe(0);
    const whole = TranscriptSchema.parse(JSON.parse(readFileSync(full, 'utf8')));
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, JSON.stringify({ ...whole, status: 'interrupted', rounds: whole.rounds.slice(0, 1), result: null, judgement: null, finishedAt: null }));
    const resumed = await runCli(['debate', '--resume', cut, '--mock-pace', '0', '--headless'], { env: {} });
    expect(resumed.code, resumed.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(cut, 'utf8')));
    const votes = (x: typeof t) => x.rounds.map((r) => r.turns.map((turn) => [turn.vote, turn.argument]));
    expect(votes(t)).toEqual(votes(whole));
    expect(t.settings).toMatchObject({ seed: 4 });
    expect(t.judgement).toEqual(whole.judgement);
  });

  it('runs the issue\'s command as a process: `roundtable debate --mock "Should cities ban cars?" …`', async () => {
    const cwd = tempDir();
    const run = await runCliProcess(['debate', ...CARS, '--seed', '1', '--mock-pace', '0', '--out', 'cars.json'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Round 1 of 3 \(blind\)/);
    expect(run.stderr).toMatch(/changed from (Yes|No|Partly)/);
    expect(run.stdout).toMatch(/^MOCK RUN · every reply below came from roundtable's offline stand-in \(generated, or replayed from a file\), not live from the models named\nAI Roundtable Debate · 4 models\nShould cities ban cars\?\nResult: /);
    expect(run.stdout).toMatch(/Final Summary\nOn "Should cities ban cars\?"/);
  });

  it('keeps --mock FILE for old scripts, and scripts from a file with --mock-from', async () => {
    const dir = tempDir();
    const viaMock = await runCli(['debate', '--mock', SEED_JSON, '--mock-pace', '0', '--json', '--headless'], { env: {}, cwd: dir });
    const viaFrom = await runCli(['debate', '--mock-from', SEED_TXT, '--mock-pace', '0', '--json', '--headless'], { env: {}, cwd: dir });
    for (const run of [viaMock, viaFrom]) {
      expect(run.code, run.stderr).toBe(0);
      const t = TranscriptSchema.parse(JSON.parse(run.stdout));
      expect(names(t)).toEqual(seed.panel.map((p) => p.name));
      expect(t.rounds.at(-1)!.turns.map((x) => x.argument)).toEqual(seed.rounds[0]!.turns.map((x) => x.argument));
      for (const turn of t.rounds[0]!.turns) expect(turn.argument).not.toMatch(/maintain/i);
    }
  });

  it.each([
    [['debate', 'A motion?', '--mock', 'Another motion?'], /--mock takes no value when the motion is given .*--mock-from FILE/],
    [['debate', '--mock', 'a.json', '--mock-from', 'b.json'], /Give the script file once/],
    [['debate', '--mock', '--seed', '-3'], /--seed takes a whole number from 0 to 4294967295, not "-3"/],
    [['debate', '--mock', '--seed', '1.5'], /--seed takes a whole number from 0 to 4294967295, not "1\.5"/],
    [['debate', '--mock-from', 'missing.json'], /missing\.json/],
  ])('refuses %j with one sentence and exit 2', async (argv, message) => {
    const run = await runCli(argv, { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
