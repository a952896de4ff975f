// `roundtable compare`, compareTranscripts, formatComparison and the lexical argument similarity.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTranscripts, formatComparison } from '../src/compare/compare.js';
import { argumentSimilarity, termCounts } from '../src/compare/similarity.js';
import { computeResult } from '../src/core/result.js';
import type { Transcript } from '../src/core/schema.js';
import { transcriptJson } from '../src/transcript/store.js';
import { buildTranscript } from './fixtures/text/build.js';
import { runCli, tempDir } from './support/cli.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SEED_JSON = join(ROOT, 'seeds/000_30eaba9eac67d68e.json');
const seed = () => JSON.parse(readFileSync(SEED_JSON, 'utf8')) as Transcript;

/** The seed with one debater's final vote flipped, and the result counted again. */
function flipped(name: string): Transcript {
  const t = seed();
  const id = t.panel.find((p) => p.name === name)!.id;
  const turn = t.rounds[0]!.turns.find((x) => x.debater === id)!;
  turn.vote = turn.vote === 'Yes' ? 'No' : 'Yes';
  t.result = computeResult(t.options, t.rounds[0], t.panel.length);
  return t;
}

function save(t: Transcript, name = 'transcript.json'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, transcriptJson(t));
  return path;
}

describe('argumentSimilarity', () => {
  it('is exactly 1 for the same text, and for text that differs only in case, spacing and punctuation', () => {
    const text = seed().rounds[0]!.turns[3]!.argument;
    expect(argumentSimilarity(text, text)).toBe(1);
    expect(argumentSimilarity('The moat, it HOLDS!', 'the moat it holds')).toBe(1);
    expect(argumentSimilarity('', '')).toBe(1);
  });

  it('is 0 with no word in common, or against an empty argument', () => {
    expect(argumentSimilarity('capital compute talent', 'open weights diffuse')).toBe(0);
    expect(argumentSimilarity('something', '')).toBe(0);
  });

  it('counts unigrams and bigrams, so word order matters but shared words still count', () => {
    expect([...termCounts("Don't stop, don't").entries()]).toEqual([
      ['dont', 2],
      ['stop', 1],
      ['dont stop', 1],
      ['stop dont', 1],
    ]);
    // Unigrams a, b, c shared (3); bigrams "a b", "b c" against "c b", "b a": none shared. 3 / (√5·√5).
    expect(argumentSimilarity('a b c', 'c b a')).toBeCloseTo(3 / 5, 12);
    const partial = argumentSimilarity('the moat is real and durable', 'the moat is temporary and shallow');
    expect(partial).toBeGreaterThan(0.2);
    expect(partial).toBeLessThan(0.8);
  });
});

describe('compareTranscripts', () => {
  it('finds the seed the same as itself in every respect', () => {
    const c = compareTranscripts(seed(), seed());
    expect(c).toMatchObject({ sameMotion: true, sameWinner: true, sameLabel: true, voteAgreement: 1, agreeing: 6, debaterCount: 6 });
    expect(c.debaters.map((d) => d.name)).toEqual(['Grok 4.1 Fast', 'GPT-5.4', 'Gemini 3.1 Pro', 'Mistral Large', 'Claude Opus 4.6', 'Kimi K2.5']);
    expect(c.debaters.every((d) => d.agree && d.argumentSimilarity === 1 && d.inA && d.inB)).toBe(true);
    expect(c.outcomeA).toEqual(c.outcomeB);
    expect(c.turningPointsA).toHaveLength(2);
  });

  it('counts one flipped vote out of six as 5/6 agreement', () => {
    const c = compareTranscripts(seed(), flipped('Kimi K2.5'));
    expect(c.voteAgreement).toBeCloseTo(5 / 6, 12);
    expect(c.sameWinner).toBe(true);
    expect(c.sameLabel).toBe(false);
    expect(c.outcomeB).toMatchObject({ label: 'Unanimous', winner: 'Yes', tally: { Yes: 6, No: 0 } });
    expect(c.debaters.find((d) => d.name === 'Kimi K2.5')).toMatchObject({ voteA: 'No', voteB: 'Yes', agree: false, argumentSimilarity: 1 });
  });

  it('matches debaters by name case-insensitively, and counts debaters missing on one side against agreement', () => {
    const a = buildTranscript({ names: ['GPT-5.4', 'Kimi K2.5', 'Only In A'], votes: [['Yes', 'No', 'Yes']] });
    const b = buildTranscript({
      names: ['gpt-5.4', 'KIMI K2.5', 'Only In B'],
      votes: [
        ['No', 'No', 'No'],
        ['Yes', 'No', null],
      ],
      argument: (round, name, vote) => `${name.toUpperCase()} votes ${vote} in round ${round === 2 ? 1 : round}.\n\nA second paragraph, with "quotes", a colon: and 3.5 numbers.`,
    });
    const c = compareTranscripts(a, b);
    expect(c.debaters.map((d) => [d.name, d.inA, d.inB, d.voteA, d.voteB, d.agree])).toEqual([
      ['GPT-5.4', true, true, 'Yes', 'Yes', true],
      ['Kimi K2.5', true, true, 'No', 'No', true],
      ['Only In A', true, false, 'Yes', null, false],
      ['Only In B', false, true, null, null, false],
    ]);
    // The final round is compared: B's second round, whose text matches A's first round word for word.
    expect(c.debaters[0]!.argumentSimilarity).toBe(1);
    expect(c.debaters[2]!.argumentSimilarity).toBe(0);
    expect(c.debaterCount).toBe(4);
    expect(c.voteAgreement).toBe(0.5);
  });

  it('takes two ties as the same (absent) winner', () => {
    const tie = buildTranscript({ names: ['A', 'B'], votes: [['Yes', 'No']] });
    expect(compareTranscripts(tie, tie)).toMatchObject({ sameWinner: true, sameLabel: true });
    const win = buildTranscript({ names: ['A', 'B'], votes: [['Yes', 'Yes']] });
    expect(compareTranscripts(tie, win)).toMatchObject({ sameWinner: false, sameLabel: false, voteAgreement: 0.5 });
  });
});

describe('formatComparison', () => {
  it('fits 80 columns and aligns the table, however long names, votes and turning points are', () => {
    const long = buildTranscript({
      motion: `A motion that goes on ${'and on '.repeat(30)}`,
      options: ['An option with a rather long label', 'No'],
      names: ['Short', 'A debater with a remarkably long name indeed (v2.5)', 'Mid-size 3.1'],
      votes: [['No', 'An option with a rather long label', 'No']],
      judgement: { summary: 's', strongestArguments: {}, turningPoints: [`Turning ${'point '.repeat(40)}`, `${'x'.repeat(200)}`] },
    });
    const text = formatComparison(compareTranscripts(long, seed()), { a: `/tmp/${'deep/'.repeat(30)}a.json`, b: 'b.json' });
    const lines = text.trimEnd().split('\n');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    const header = lines.findIndex((line) => line.startsWith('Debater'));
    const table = lines.slice(header, lines.indexOf('', header));
    const column = (label: string) => table[0]!.indexOf(label);
    expect(table).toHaveLength(2 + 3 + 6);
    for (const row of table.slice(2)) {
      expect(row[column('Vote A') - 1]).toBe(' ');
      expect(row[column('Vote A') - 2]).toBe(' ');
      expect(row.slice(column('Vote A'), column('Vote A') + 1)).not.toBe(' ');
    }
    expect(table).toContain('A debater with a remarkably…  An option wit…  absent          no           0.00');
    expect(text).toContain('Turning points B:\n  - Gemini 3.1 Pro and Claude Opus 4.6 systematically dismantled the');
  });

  it('reports the seed against a copy with one flipped vote', () => {
    const text = formatComparison(compareTranscripts(seed(), flipped('Grok 4.1 Fast')), { a: 'seed.json', b: 'rerun.json' });
    expect(text).toContain('A: seed.json\nB: rerun.json\nMotion: Is there a moat to training an LLM model?\n');
    expect(text).toContain('Outcome A: Supermajority — Yes (5/6 votes)\nOutcome B: Majority — Yes (4/6 votes)\n');
    expect(text).toContain('Same winner: yes · same label: no · final votes agree: 5 of 6 debaters (83%)');
    expect(text).toContain('Debater          Vote A  Vote B  Agree  Similarity\n');
    expect(text).toContain('Grok 4.1 Fast    Yes     No      no           1.00\n');
    expect(text).toContain('Kimi K2.5        No      No      yes          1.00\n');
  });
});

describe('roundtable compare', () => {
  it('compares the seed with itself', async () => {
    const run = await runCli(['compare', SEED_JSON, SEED_JSON]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('final votes agree: 6 of 6 debaters (100%)');
  });

  it('prints the comparison as JSON with --json', async () => {
    const run = await runCli(['compare', SEED_JSON, save(flipped('Kimi K2.5')), '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['sameWinner', 'sameLabel', 'voteAgreement', 'debaters', 'outcomeA', 'outcomeB', 'turningPointsA', 'turningPointsB']),
    );
    expect(json).toMatchObject({ sameWinner: true, sameLabel: false });
    expect(json.voteAgreement).toBeCloseTo(5 / 6, 12);
    const debaters = json.debaters as Record<string, unknown>[];
    expect(debaters).toHaveLength(6);
    for (const d of debaters) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['name', 'voteA', 'voteB', 'agree', 'argumentSimilarity']));
      expect(d.argumentSimilarity).toBe(1);
    }
    expect(json.outcomeA).toMatchObject({ label: 'Supermajority', winner: 'Yes', tally: { Yes: 5, No: 1 } });
    expect(run.stdout).toBe(`${JSON.stringify(compareTranscripts(seed(), flipped('Kimi K2.5')), null, 2)}\n`);
  });

  it('exits 2 with one line when a file is missing or not a transcript', async () => {
    const missing = await runCli(['compare', SEED_JSON, join(tempDir(), 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^roundtable: .*nope\.json not found.*\n$/);
    const text = await runCli(['compare', join(ROOT, 'seeds/000_30eaba9eac67d68e.txt'), SEED_JSON]);
    expect(text.code).toBe(2);
    expect(text.stderr.split('\n')).toHaveLength(2);
    expect(text.stdout).toBe('');
  });
});
