// A council's headline says what the council decided (issue 24, item 3): the answer its members
// ranked first, beside what the blind answers gave; and the closing line after the summary is worded
// from the real result label ("A plurality chose", never "Majority chose" for 3 of 6), with "after
// discussion" only where there was one.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedResult, computeResult } from '../src/core/result.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { exportText, finalVoteLine } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { generateTranscript } from './fixtures/text/generate.js';
import { runCli, tempDir } from './support/cli.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('a council in mock mode', () => {
  const runs = SEEDS.map(async (seed) => {
    const file = join(tempDir(), `council-${seed}.json`);
    const args = ['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--protocol', 'council', '--mock', '--seed', String(seed), '--mock-pace', '0', '--headless', '--out', file];
    const run = await runCli(args, { env: {} });
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const text = (await runCli(['export', file])).stdout;
    const md = (await runCli(['export', file, '--format', 'markdown'])).stdout;
    return { seed, run, t, text, md, file };
  });

  it('names its decision, the answer ranked first, in every headline, and says what the blind answers gave beside it', async () => {
    let differ = 0;
    for (const { seed, run, t, text, md } of await Promise.all(runs)) {
      expect(run.code, run.stderr).toBe(0);
      const top = t.result!.ranking![0]!;
      const name = t.panel.find((p) => p.id === top.debater)!.name;
      const answer = t.rounds[0]!.turns.find((x) => x.debater === top.debater)!.vote!;
      const decision = `Council's decision: ${answer} — ranked first (${name}'s answer, ${top.points} point${top.points === 1 ? '' : 's'})`;
      const r = closedResult(t.result)!;
      const votes = r.winner === null ? `the blind answers tied` : r.winner === answer ? `and the most blind answers` : `though most blind answers were for ${r.winner}`;
      if (r.winner !== answer) differ++;
      for (const [where, out] of [["headless", run.stderr], ["text", text], ["Markdown", md.replace(/\*\*/g, "").replace(/\\(.)/g, "$1")]] as const) {
        expect(out, `${where}, seed ${seed}`).toContain(decision);
        const line = out.split('\n').find((l) => l.includes("Council's decision"))!;
        expect(line, `${where}, seed ${seed}`).toContain(votes);
      }
      // The Done line of headless output leads with the decision.
      expect(run.stderr).toMatch(new RegExp(`^Done · Council's decision: `, 'm'));
      // No discussion in a council, and no "Majority" that is not one.
      const closing = text.split('\n').find((l) => / chose "|No single option won/.test(l))!;
      expect(closing).not.toContain('after discussion');
      if (r.label === 'Plurality') expect(closing).toMatch(/^A plurality chose "/);
      // Export, import and export give the same text back.
      expect(importText(text, `council-${seed}.txt`).result?.ranking).toEqual(t.result!.ranking);
    }
    // The report's headline too.
    const { t, file } = (await Promise.all(runs))[2]!;
    const html = join(tempDir(), 'council.html');
    expect((await runCli(['report', file, '-o', html])).code).toBe(0);
    const page = readFileSync(html, 'utf8').replace(/&#39;|&#x27;|&apos;/g, "'");
    expect(page).toContain(`<p class="result">Council's decision: `);
    expect(page).toContain(t.panel.find((p) => p.id === t.result!.ranking![0]!.debater)!.name + "'s answer");
    // The reported case is among them: the ranking puts another answer first than the blind count.
    expect(differ).toBeGreaterThan(0);
  });

  it('imports its text back to the same text, decision line included, and refuses a decision the ranking does not give', async () => {
    for (const { t, text, file } of (await Promise.all(runs)).slice(0, 4)) {
      const dir = tempDir();
      writeFileSync(join(dir, 'c.txt'), text);
      const imported = await runCli(['import', join(dir, 'c.txt'), '-o', join(dir, 'back.json')]);
      expect(imported.code, imported.stderr).toBe(0);
      expect((await runCli(['export', join(dir, 'back.json')])).stdout).toBe(text);
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.startsWith("Council's decision: "));
      const other = t.options.find((o) => !lines[at]!.startsWith(`Council's decision: ${o} `))!;
      lines[at] = lines[at]!.replace(/^Council's decision: [^—]+ —/, `Council's decision: ${other} —`);
      writeFileSync(join(dir, 'bad.txt'), lines.join('\n'));
      const bad = await runCli(['import', join(dir, 'bad.txt')]);
      expect(bad.code, file).toBe(2);
      expect(bad.stderr).toMatch(new RegExp(`line ${at + 1}: `));
      // A text written before the decision line was added still imports.
      writeFileSync(join(dir, 'old.txt'), text.split('\n').filter((l) => !l.startsWith("Council's decision: ")).join('\n'));
      const old = await runCli(['import', join(dir, 'old.txt')]);
      expect(old.code, old.stderr).toBe(0);
    }
  });
});

describe('the closing line after the summary', () => {
  const base = generateTranscript('complete', 1);
  const withVotes = (votes: (string | null)[], mode: Transcript['mode'] = 'debate'): Transcript => {
    const panel = votes.map((_, i) => ({ id: `s${i}`, name: `Seat ${i}`, model: null }));
    const turns = votes.map((vote, i) => ({ debater: `s${i}`, vote, argument: vote ? 'Because.' : '', previousVote: null, changed: false, latencyMs: null, usage: null, error: vote ? null : 'no vote' }));
    const round = { number: 1, turns };
    return { ...base, options: ['Yes', 'No', 'Maybe'], mode, panel, rounds: [round], result: computeResult(['Yes', 'No', 'Maybe'], round, panel.length) };
  };
  it.each([
    ['a plurality', ['Yes', 'Yes', 'No', 'Maybe', 'Maybe', 'Yes'], 'debate', 'A plurality chose "Yes" after discussion (3/6).'],
    ['a plurality in a poll', ['No', 'No', 'Yes', 'Maybe', 'Yes', 'No', 'Maybe'], 'poll', 'A plurality chose "No" (3/7).'],
    ['a majority', ['Yes', 'Yes', 'Yes', 'No', 'No'], 'debate', 'Majority chose "Yes" after discussion (3/5).'],
    ['a supermajority', ['Yes', 'Yes', 'Yes', 'Yes', 'Yes', 'No'], 'debate', 'Majority chose "Yes" after discussion (5/6).'],
    ['a unanimous poll', ['No', 'No'], 'poll', 'Majority chose "No" (2/2).'],
    ['a tie', ['Yes', 'No', 'Maybe', null], 'debate', 'No single option won after discussion (Tie).'],
  ] as const)('for %s', (_what, votes, mode, lead) => {
    const t = withVotes([...votes], mode);
    const line = finalVoteLine(t)!;
    expect(line.startsWith(`${lead} Final vote: `), line).toBe(true);
    // The reader takes every form back.
    const judged = { ...t, judgement: { summary: 'S.', strongestArguments: {}, turningPoints: [] } };
    expect(importText(exportText(judged), 'x.txt').judgement).not.toBeNull();
  });
});
