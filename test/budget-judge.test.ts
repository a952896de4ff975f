import { closedResult } from '../src/core/result.js';
// Rounds come before the write-up: under --max-cost a round runs when it fits; when the judgement no
// longer fits, the run ends without it and says so, the votes and result intact. The judge is
// estimated from its real prompt and --judge-max-tokens. A budget that lets nothing run is exit 1
// with what round 1 needs, in a debate and in a batch.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { readManifest } from '../src/batch/manifest.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { exportText } from '../src/transcript/text-format.js';
import { runCli, tempDir } from './support/cli.js';

const seedRun = async (args: string[]) => {
  const dir = tempDir();
  const out = join(dir, 't.json');
  const run = await runCli(['debate', '--mock', '--mock-pace', '0', '--headless', '--out', out, ...args], { cwd: dir });
  let t = null;
  try {
    t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  } catch {
    // no transcript
  }
  return { ...run, t };
};

describe('a small --max-cost on the seed panel', () => {
  it('runs the rounds that fit and ends without the judgement, saying so, the votes and result intact', async () => {
    // Issue 24: --max-tokens 50 --max-cost 0.05 stopped before round 1, exit 0, an empty transcript.
    const { code, stderr, t } = await seedRun(['--max-tokens', '50', '--max-cost', '0.05']);
    expect(code, stderr).toBe(0);
    expect(t!.status).toBe('complete');
    expect(t!.rounds.map((r) => r.turns.filter((x) => x.vote).length)).toEqual([6, 6]);
    expect(t!.result).toMatchObject({ validVotes: 6, panelSize: 6 });
    expect(closedResult(t!.result)!.winner).not.toBeNull();
    expect(t!.judgement).toBeNull();
    expect(t!.stopReason).toMatch(/^no judgement: --max-cost \$0\.0500: the judgement \(a prompt of about [\d,]+ tokens, a reply up to 2,000\) could cost about \$[\d.]+ with \$[\d.]+ already spent; the votes and result stand: lower --judge-max-tokens or raise --max-cost to have it written$/);
    expect(t!.cost!.usd!).toBeLessThanOrEqual(0.05);
    expect(stderr).toMatch(/✗ no judgement: --max-cost \$0\.0500/);
    expect(stderr).toMatch(/^Done · /m);
  });

  it('writes the judgement when --judge-max-tokens makes it fit, and a dry run shows that cap', async () => {
    const without = await seedRun(['--max-tokens', '50', '--max-cost', '0.08']);
    expect(without.t!.judgement).toBeNull();
    const capped = await seedRun(['--max-tokens', '50', '--max-cost', '0.08', '--judge-max-tokens', '300']);
    expect(capped.code, capped.stderr).toBe(0);
    expect(capped.t!.judgement).not.toBeNull();
    expect(capped.t!.stopReason ?? null).toBeNull();
    expect(capped.t!.settings?.judgeMaxTokens).toBe(300);
    expect(capped.t!.cost!.usd!).toBeLessThanOrEqual(0.08);
    const plan = await runCli(['debate', '--mock', '--judge-max-tokens', '300', '--dry-run']);
    expect(plan.stdout).toMatch(/claude-opus-4-6 .* up to 300 out/);
    const bad = await runCli(['debate', '--mock', '--judge-max-tokens', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('roundtable: --judge-max-tokens takes a whole number from 1 to 100000, not "0".\n');
  });

  it('is exit 1 when not even round 1 fits, saying what round 1 needs and what to change', async () => {
    for (const [flags, need] of [
      [['--max-cost', '0.001'], /give --max-cost 0\.\d{4} or more, or lower --max-tokens/],
      [['--max-run-tokens', '500'], /give --max-run-tokens \d+ or more, or lower --max-tokens/],
    ] as const) {
      const { code, stdout, stderr, t } = await seedRun([...flags]);
      expect(code, stderr).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^Failed · stopped before round 1: .* could (cost|use) about .*\(6 calls, replies up to 1,500 tokens\); nothing was run: /m);
      expect(stderr).toMatch(need);
      expect(stderr).not.toMatch(/^Done/m);
      expect(t!.status).toBe('failed');
      expect(t!.rounds).toHaveLength(0);
      // Every saved form says why once.
      const md = exportMarkdown(t!);
      expect(md.split('nothing was run').length - 1).toBe(1);
      expect(exportText(t!).split('nothing was run').length - 1).toBe(1);
    }
  });
});

describe('--dry-run under a budget', () => {
  it('says whether round 1 fits, and when not, what it needs and what to change', async () => {
    const small = await runCli(['debate', '--mock', '--dry-run', '--max-cost', '0.01']);
    expect(small.code).toBe(0);
    expect(small.stdout.trim().split('\n').at(-1)).toMatch(/^Budget · round 1 does not fit: --max-cost \$0\.0100: round 1 could cost about \$0\.\d{4} with \$0\.0000 already spent \(6 calls, replies up to 1,500 tokens\): give --max-cost 0\.\d{4} or more, or lower --max-tokens$/);
    const enough = await runCli(['debate', '--mock', '--dry-run', '--max-cost', '1']);
    expect(enough.stdout.trim().split('\n').at(-1)).toMatch(/^Budget · round 1 could cost up to \$0\.\d{4} and fits; /);
    const none = await runCli(['debate', '--mock', '--dry-run']);
    expect(none.stdout).not.toMatch(/Budget ·/);
  });
});

describe('a batch under --max-cost', () => {
  const spec = (dir: string) => {
    writeFileSync(join(dir, 'spec.jsonl'), '{"motion": "Is there a moat to training an LLM model?", "options": ["Yes", "No"]}\n');
    return join(dir, 'spec.jsonl');
  };

  it('runs what fits: runs in flight no longer crowd each other out of round 1', async () => {
    // Issue 24: --max-cost 0.1 completed 0 of 4 runs (each reserved its judge's whole reply at the dearest rate).
    const dir = tempDir();
    const run = await runCli(['batch', spec(dir), '--mock', '--repeats', '4', '--max-tokens', '50', '--judge-max-tokens', '200', '--max-cost', '0.1', '--out', 'out'], { cwd: dir });
    expect([0, 1]).toContain(run.code);
    const manifest = readManifest(join(dir, 'out'));
    expect(manifest.runs.filter((r) => r.status === 'complete').length).toBeGreaterThanOrEqual(2);
    expect(manifest.settings.judgeMaxTokens).toBe(200);
  });

  it('is exit 1 when no run could start, with what round 1 of a run needs', async () => {
    const dir = tempDir();
    const run = await runCli(['batch', spec(dir), '--mock', '--repeats', '2', '--max-cost', '0.001', '--out', 'out'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^0 of 2 runs complete/);
    expect(run.stderr).toMatch(/did not start: the batch's --max-cost \$0\.0010 has \$0\.0010 left, and round 1 could cost about \$0\.\d+, with replies up to 1500 tokens; lower --max-tokens/);
    expect(readManifest(join(dir, 'out')).runs.map((r) => r.status)).toEqual(['pending', 'pending']);
  });
});
