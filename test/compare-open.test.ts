// `roundtable compare` on open questions: the syntheses side by side (same answer? same agreement?),
// each seat's final answers matched by name, and an open question against a closed one refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTranscripts, formatComparison } from '../src/compare/compare.js';
import { synthesisLine } from '../src/compare/open.js';
import { argumentSimilarity } from '../src/compare/similarity.js';
import type { PanelMember, Transcript } from '../src/core/schema.js';
import { transcriptJson } from '../src/transcript/store.js';
import { runCli, tempDir } from './support/cli.js';
import { DYNAMO, OpenScript, openDebate, openTranscript, POSTGRES, SQLITE } from './ui/open-script.js';
import { SEED_PANEL } from './ui/script.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SEED_JSON = join(ROOT, 'seeds/000_30eaba9eac67d68e.json');
const FOUR = SEED_PANEL.slice(0, 4);
const [GROK, GPT, GEMINI, MISTRAL] = FOUR.map((p) => p.id) as [string, string, string, string];

/** A rerun: Gemini kept DynamoDB, so the synthesis is worded differently and only 2 of 4 agreed. */
function rerun(panel: PanelMember[] = FOUR): Transcript {
  const s = new OpenScript(openTranscript({ panel }));
  [...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: DYNAMO, [MISTRAL]: POSTGRES })];
  [...s.round(2, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: DYNAMO, [MISTRAL]: POSTGRES })];
  s.judged({
    answer: 'Use PostgreSQL as the single database until a measured limit forces a split',
    groups: [
      { answer: POSTGRES, members: [GROK, MISTRAL] },
      { answer: SQLITE, members: [GPT] },
      { answer: DYNAMO, members: [GEMINI] },
    ],
    counterpoint: null,
    summary: 'Two seats for PostgreSQL, one each for SQLite and DynamoDB.',
    turningPoints: [],
  });
  s.finished();
  return s.t;
}

/** No judge: no synthesis, the answers grouped by their wording. */
function unjudged(): Transcript {
  const s = new OpenScript(openTranscript({ panel: FOUR, judge: false, rounds: 1, mode: 'poll' }));
  [...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: POSTGRES, [MISTRAL]: DYNAMO })];
  s.finished();
  return s.t;
}

function save(t: Transcript, name = 'transcript.json'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, transcriptJson(t));
  return path;
}

describe('compareTranscripts on open questions', () => {
  it('finds a run the same as itself: same synthesis, same agreement, every final answer the same', () => {
    const t = openDebate(FOUR).transcript;
    const c = compareTranscripts(t, structuredClone(t));
    expect(c).toMatchObject({ open: true, sameWinner: true, sameLabel: true, sameAgreement: true, answerSimilarity: 1, voteAgreement: 1, agreeing: 4, debaterCount: 4 });
    for (const d of c.debaters) {
      expect(d).toMatchObject({ voteA: null, voteB: null, agree: true, answerSimilarity: 1, argumentSimilarity: 1 });
      expect(d.answerA).toBe(d.answerB);
    }
    expect(c.debaters.find((d) => d.name === 'Gemini 3.1 Pro')!.answerA).toBe(POSTGRES);
  });

  it('tells a rerun apart: another synthesis (its similarity graded), another agreement, one seat’s answer moved', () => {
    const a = openDebate(FOUR).transcript;
    const b = rerun();
    const c = compareTranscripts(a, b);
    expect(c.sameWinner).toBe(false);
    expect(c.sameLabel).toBe(true); // both "Agreement"
    expect(c.sameAgreement).toBe(false); // 3 of 4 against 2 of 4
    const expected = argumentSimilarity('Keep everything in one PostgreSQL database until a measured limit forces a split', 'Use PostgreSQL as the single database until a measured limit forces a split');
    expect(c.answerSimilarity).toBeCloseTo(expected, 12);
    expect(c.answerSimilarity).toBeGreaterThan(0.3);
    expect(c.answerSimilarity).toBeLessThan(1);
    expect(c.voteAgreement).toBe(0.75);
    expect(c.debaters.find((d) => d.name === 'Gemini 3.1 Pro')).toMatchObject({ answerA: POSTGRES, answerB: DYNAMO, agree: false });
    expect(c.debaters.find((d) => d.name === 'Gemini 3.1 Pro')!.answerSimilarity).toBeLessThan(0.3);
  });

  it('matches seats by name, counts a seat missing on one side against agreement, and compares answers word for word (case and punctuation aside)', () => {
    const a = openDebate(FOUR).transcript;
    const panel = FOUR.map((p, i) => (i === 3 ? { id: 'other', name: 'Someone Else', model: 'openai:x' } : { ...p, name: p.name.toUpperCase() }));
    const s = new OpenScript(openTranscript({ panel }));
    [...s.round(1, { [GROK]: `${POSTGRES.toLowerCase()}!`, [GPT]: SQLITE, [GEMINI]: POSTGRES, other: SQLITE })];
    const c = compareTranscripts(a, s.t);
    expect(c.debaters.map((d) => [d.name, d.inA, d.inB, d.agree])).toEqual([
      ['Grok 4.1 Fast', true, true, true],
      ['GPT-5.4', true, true, true],
      ['Gemini 3.1 Pro', true, true, true],
      ['Mistral Large', true, false, false],
      ['Someone Else', false, true, false],
    ]);
    expect(c.voteAgreement).toBe(3 / 5);
    // B has no synthesis (its run has not been judged): not the same as A's.
    expect(c).toMatchObject({ sameWinner: false, answerSimilarity: null, sameAgreement: false });
  });

  it('a council: compares the answers of its answer round, not its ranking round’s ballots', () => {
    const council = (): Transcript => {
      const t = openDebate(FOUR).transcript;
      t.protocol = 'council';
      t.rounds[1]!.turns = t.rounds[1]!.turns.map((turn) => ({ ...turn, answer: null, changed: false, argument: 'Response B is best.', ranking: FOUR.filter((p) => p.id !== turn.debater).map((p) => p.id) }));
      return t;
    };
    const a = council();
    const b = council();
    b.rounds[0]!.turns[2]!.answer = SQLITE;
    const c = compareTranscripts(a, b);
    expect(c.debaters.map((d) => d.answerA)).toEqual([POSTGRES, SQLITE, DYNAMO, POSTGRES]);
    expect(c.debaters.map((d) => d.agree)).toEqual([true, true, false, true]);
  });

  it('takes two runs without a synthesis as the same (absent) synthesis', () => {
    const c = compareTranscripts(unjudged(), unjudged());
    expect(c).toMatchObject({ sameWinner: true, answerSimilarity: null, sameAgreement: true });
  });

  it('never calls a judge’s grouping and a grouping by wording the same agreement, even with the same counts', () => {
    const judged = openDebate(FOUR).transcript; // 3 of 4, judged
    const s = new OpenScript(openTranscript({ panel: FOUR, judge: false, rounds: 1, mode: 'poll' }));
    [...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: POSTGRES, [MISTRAL]: POSTGRES })];
    s.finished();
    expect(s.t.result).toMatchObject({ label: 'Agreement', agreed: 3, answer: null });
    expect(compareTranscripts(judged, s.t)).toMatchObject({ sameLabel: true, sameAgreement: false, sameWinner: false });
  });

  it('refuses an open question against a closed one, in one sentence naming both', () => {
    const seed = JSON.parse(readFileSync(SEED_JSON, 'utf8')) as Transcript;
    expect(() => compareTranscripts(openDebate(FOUR).transcript, seed, { a: 'open.json', b: 'seed.json' })).toThrow(
      'open.json is an open question (answers, no options) and seed.json is a vote among options; compare needs two transcripts of the same kind.',
    );
    expect(() => compareTranscripts(seed, unjudged(), { a: 'seed.json', b: 'poll.json' })).toThrow(/^poll\.json is an open question .* seed\.json is a vote among options/);
  });
});

describe('synthesisLine', () => {
  it.each([
    [{ label: 'All agreed', agreed: 5, panelSize: 5 }, 'X (All 5 models agreed)'],
    [{ label: 'Agreement', agreed: 3, panelSize: 6 }, 'X (3 of 6 models agreed)'],
    [{ label: 'No agreement', agreed: 2, panelSize: 6 }, 'X (no agreement: largest position 2 of 6)'],
    [{ label: 'No agreement', agreed: 1, panelSize: 1 }, 'X (no agreement: largest position 1 of 1)'],
  ] as const)('%o', (r, line) => {
    expect(synthesisLine({ ...r, answer: 'X', counterpoint: null, groups: [] })).toBe(line);
  });

  it('without a synthesis, says so', () => {
    expect(synthesisLine({ label: 'Agreement', agreed: 2, panelSize: 3, answer: null, counterpoint: null, groups: [{ answer: 'a', members: ['x', 'y'] }, { answer: 'b', members: ['z'] }] })).toBe('No synthesis (no judge) — 2 of 3 models gave the same answer');
    expect(synthesisLine(null)).toBe('No result — no answers');
  });
});

describe('formatComparison on open questions', () => {
  it('shows both syntheses, whether they match, and each seat’s answers, within 80 columns', () => {
    const text = formatComparison(compareTranscripts(openDebate(FOUR).transcript, rerun()), { a: 'first.json', b: 'rerun.json' });
    const lines = text.trimEnd().split('\n');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(text).toContain('A: first.json\nB: rerun.json\nQuestion: How should a small team store its data?\n');
    expect(text).toContain('Answer A: Keep everything in one PostgreSQL database until a measured limit\n          forces a split (3 of 4 models agreed)\n');
    expect(text).toContain('Answer B: Use PostgreSQL as the single database until a measured limit forces a\n          split (2 of 4 models agreed)\n');
    expect(text).toContain('Counterpoint A: SQLite is simpler to run and enough for most small teams.\n');
    expect(text).not.toContain('Counterpoint B');
    expect(text).toMatch(/Same synthesis: no \(answer similarity 0\.\d\d\) · same agreement: no · same final\nanswer: 3 of 4 debaters \(75%\)/);
    expect(text).toContain('Debater         Same answer  Answer  Argument\n');
    expect(text).toMatch(/\nGemini 3\.1 Pro  no {13}0\.06 {6}0\.\d\d\n/);
    expect(text).toContain(`  Gemini 3.1 Pro\n    A: ${POSTGRES}\n    B: ${DYNAMO}\n`);
    expect(text).not.toMatch(/Vote A|Outcome A|Same winner/);
  });

  it('says when a run has no synthesis', () => {
    const text = formatComparison(compareTranscripts(unjudged(), openDebate(FOUR).transcript));
    expect(text).toContain('Answer A: No synthesis (no judge) — 2 of 4 models gave the same answer\n');
  });
});

describe('roundtable compare, open questions', () => {
  it('--json keeps the contract’s fields, filled for answers, and adds the open ones', async () => {
    const a = save(openDebate(FOUR).transcript, 'a.json');
    const b = save(rerun(), 'b.json');
    const run = await runCli(['compare', a, b, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ open: true, sameWinner: false, sameLabel: true, sameAgreement: false, voteAgreement: 0.75 });
    expect(typeof json.answerSimilarity).toBe('number');
    expect(json.outcomeA).toMatchObject({ label: 'Agreement', agreed: 3, panelSize: 4 });
    for (const d of json.debaters as Record<string, unknown>[]) {
      expect(Object.keys(d)).toEqual(expect.arrayContaining(['name', 'voteA', 'voteB', 'agree', 'argumentSimilarity', 'answerA', 'answerB', 'answerSimilarity']));
    }
  });

  it('two real mock runs (debate --open --mock): the same seed is the same in every respect, another seed is told apart', async () => {
    const dir = tempDir();
    const run = async (seed: string, name: string) => {
      const file = join(dir, `${name}.json`);
      const r = await runCli(['debate', '--open', 'What should a city do first about traffic?', '--mock', '--seed', seed, '--rounds', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
      expect(r.code).toBe(0);
      return file;
    };
    const [a, again, b] = [await run('11', 'a'), await run('11', 'again'), await run('12', 'b')];
    const same = JSON.parse((await runCli(['compare', a, again, '--json'])).stdout) as Record<string, unknown>;
    expect(same).toMatchObject({ open: true, sameWinner: true, sameLabel: true, sameAgreement: true, answerSimilarity: 1, voteAgreement: 1 });
    const other = await runCli(['compare', a, b]);
    expect(other.code).toBe(0);
    const ta = JSON.parse(readFileSync(a, 'utf8')) as Transcript;
    const tb = JSON.parse(readFileSync(b, 'utf8')) as Transcript;
    const c = compareTranscripts(ta, tb);
    expect(other.stdout).toBe(formatComparison(c, { a, b }));
    expect(other.stdout.replace(/\s+/g, ' ')).toContain(`same final answer: ${c.agreeing} of 6 debaters`);
    expect(other.stdout).not.toContain('((');
    // Each seat's answers are its last round's, as the transcripts hold them.
    const lastAnswer = (t: Transcript, name: string) => t.rounds.at(-1)!.turns.find((x) => x.debater === t.panel.find((p) => p.name === name)!.id)!.answer;
    for (const d of c.debaters) expect([d.answerA, d.answerB]).toEqual([lastAnswer(ta, d.name), lastAnswer(tb, d.name)]);
  }, 60_000);

  it('an open question against the seed: one sentence on stderr, exit 2, nothing on stdout', async () => {
    const open = save(openDebate(FOUR).transcript, 'open.json');
    const run = await runCli(['compare', open, SEED_JSON]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/open\.json is an open question .*000_30eaba9eac67d68e\.json is a vote among options; compare needs two transcripts of the same kind\./);
  });
});
