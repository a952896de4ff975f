// Mock mode end to end through the CLI: msw started inside the program answers the providers'
// real URLs, so the real adapters, retries and parsing run with no network and no keys.
// (No test-side msw server here: the program runs its own.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';

const SEED_JSON = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;
const SEED_TXT = new URL('../seeds/000_30eaba9eac67d68e.txt', import.meta.url).pathname;
const seed = TranscriptSchema.parse(JSON.parse(readFileSync(SEED_JSON, 'utf8')));

describe('roundtable debate --mock', () => {
  it('reruns the seed motion with the seed panel and judge, and agrees with the seed on every vote', async () => {
    const cwd = tempDir();
    const run = await runCli(['debate', '--mock', '--mock-pace', '0', '--headless'], { env: {}, cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/mock \(scripted replies, no network\)/);
    const saved = /Transcript saved to (\S+)/.exec(run.stderr)![1]!;
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(cwd, saved), 'utf8')));
    expect(t.source).toBe('mock');
    expect(t.motion).toBe(seed.motion);
    expect(t.panel.map((p) => p.name)).toEqual(seed.panel.map((p) => p.name));
    expect(t.rounds).toHaveLength(2);
    expect(t.result).toMatchObject({ label: 'Supermajority', winner: 'Yes', tally: { Yes: 5, No: 1 } });
    expect(t.judgement).toEqual(seed.judgement);
    for (const turn of t.rounds[1]!.turns) {
      const name = t.panel.find((p) => p.id === turn.debater)!.name;
      const seedTurn = seed.rounds[0]!.turns.find((x) => seed.panel.find((p) => p.id === x.debater)!.name === name)!;
      expect(turn.vote).toBe(seedTurn.vote);
      expect(turn.argument).toBe(seedTurn.argument);
      expect(turn.usage?.outputTokens).toBeGreaterThan(0);
    }
    expect(run.stdout).toMatch(/^AI Roundtable Debate · 6 models\nIs there a moat to training an LLM model\?\nResult: Supermajority — Yes \(5\/6 votes\)/);

    const compared = await runCli(['compare', SEED_JSON, join(cwd, saved), '--json']);
    expect(compared.code).toBe(0);
    const report = JSON.parse(compared.stdout);
    expect(report).toMatchObject({ sameWinner: true, sameLabel: true, voteAgreement: 1 });
    for (const d of report.debaters) expect(d.argumentSimilarity).toBe(1);
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
    expect(t.rounds[0]!.turns[1]!.argument).toMatch(/Newcomer is not in the scripted transcript/);
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
