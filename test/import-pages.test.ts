import { closedJudgement, closedResult } from '../src/core/result.js';
// Pages as the published AI Roundtable lays them out, and as a browser copies them (issue 21): each
// variant imports, records what the page says, exports back byte for byte where the page was in
// roundtable's layout, and compares as identical with the import of its own export.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTranscripts } from '../src/compare/compare.js';
import type { Transcript } from '../src/core/schema.js';
import { parseTranscript, transcriptJson } from '../src/transcript/store.js';
import { exportText } from '../src/transcript/text-format.js';
import { QUESTION_NOT_SHOWN, importText, readText } from '../src/transcript/text-import.js';
import { UsageError } from '../src/util/errors.js';
import { generatePage, pageText, tallyOf, type PageSpec } from './fixtures/text/pages.js';
import { runCli, tempDir } from './support/cli.js';

const text = (...lines: string[]) => `${lines.join('\n')}\n`;
const turnsOf = (t: Transcript) => t.rounds[0]!.turns;
const byName = (t: Transcript, name: string) => turnsOf(t).find((turn) => turn.debater === t.panel.find((p) => p.name === name)!.id)!;

/** The UsageError message importText throws for body, or fails the test. */
function refusal(body: string): string {
  try {
    importText(body, 'page.txt');
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('importText accepted the text');
}

/** A transcript as `compare` and `replay` load it from disk (the result counted again). */
const loaded = (t: Transcript) => parseTranscript(transcriptJson(t), 'x.json');

/**
 * The round trip every page must make: import; export (byte for byte the page when it was in our
 * layout); the export imports to the same debate, exports to the same text again, and compares as
 * identical, in memory and as loaded from disk.
 */
function roundTrip(page: string, ourLayout: boolean): { t: Transcript; notes: string[]; exported: string } {
  const { transcript: t, notes } = readText(page, 'page.txt');
  const exported = exportText(t);
  if (ourLayout) expect(exported).toBe(page);
  const back = importText(exported, 'back.txt');
  expect(exportText(back)).toBe(exported);
  expect(compareTranscripts(t, back)).toEqual(compareTranscripts(t, t));
  expect(compareTranscripts(loaded(t), loaded(back))).toEqual(compareTranscripts(loaded(t), loaded(t)));
  expect(compareTranscripts(t, back).sameLabel).toBe(true);
  expect(loaded(t).result).toEqual(t.result);
  expect(back.panel.map((p) => p.name)).toEqual(t.panel.map((p) => p.name));
  expect(turnsOf(back).map((x) => [x.vote, x.changed, x.previousVote, x.error])).toEqual(turnsOf(t).map((x) => [x.vote, x.changed, x.previousVote, x.error]));
  expect(back.result).toEqual(t.result);
  expect(turnsOf(back).map((x) => x.argument)).toEqual(turnsOf(t).map((x) => x.argument));
  expect(back.judgement).toEqual(t.judgement);
  expect(back.motion).toBe(t.motion);
  expect(back.options).toEqual(t.options);
  return { t, notes, exported };
}

const SIX = ['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast', 'Gemini 3.1 Pro', 'Sonar Pro', 'Kimi K2.5'];
const seat = (name: string, vote: string, changedMind = false) => ({ name, vote, changedMind, argument: `${name} gives its reasons for ${vote}.` });

describe('1. "(changed mind)" after a name', () => {
  const spec: PageSpec = {
    models: 4,
    motion: 'Elect a leader.',
    options: ['Claude', 'Grok', 'GPT'],
    seats: [seat('GPT-5.4', 'Claude', true), seat('Claude Opus 4.6', 'Claude'), seat('Grok 4.1 Fast', 'Claude', true), seat('Gemini 3.1 Pro', 'Grok')],
  };

  it('is the debater without the mark, changed in the shown round, with its model id, and comes back as it was', () => {
    const { t, notes } = roundTrip(pageText(spec), true);
    expect(t.panel.map((p) => p.name)).toEqual(['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast', 'Gemini 3.1 Pro']);
    expect(t.panel[0]!.model).toBe('openai:gpt-5.4');
    expect(t.panel[0]!.id).toBe('gpt-5-4');
    expect(turnsOf(t).map((x) => [x.changed, x.previousVote])).toEqual([
      [true, null],
      [false, null],
      [true, null],
      [false, null],
    ]);
    expect(notes).toEqual([]);
  });

  it('matches the debater by name in compare, against a transcript where it carries no mark', () => {
    const t = importText(pageText(spec), 'a.txt');
    const plain = importText(pageText({ ...spec, seats: spec.seats.map((s) => ({ ...s, changedMind: false })) }), 'b.txt');
    const c = compareTranscripts(t, plain);
    expect(c.debaters.map((d) => [d.name, d.inA, d.inB, d.agree])).toEqual(SIX.slice(0, 4).map((n) => [n, true, true, true]));
    expect(c.voteAgreement).toBe(1);
  });

  it('is read beside "(changed from X)" on the vote line, and refused where the page contradicts it', () => {
    const both = importText(text('AI Roundtable Debate · 2 models', 'M', 'Result: Unanimous — Yes (2/2 votes)', 'Options', '- Yes (2 votes)', '- No (0 votes)', 'Model Responses', 'A (changed mind)', 'Vote: Yes (changed from No)', 'a.', 'B', 'Vote: Yes', 'b.'), 'x');
    expect(turnsOf(both)[0]).toMatchObject({ vote: 'Yes', changed: true, previousVote: 'No' });
    const base = (name: string, vote: string, rest: string) =>
      text('AI Roundtable Debate · 2 models', 'M', 'Result: Unanimous — Yes (1/1 votes, 1 abstained)', 'Options', '- Yes (1 votes)', '- No (0 votes)', 'Model Responses', 'A', 'Vote: Yes', 'a.', name, vote, rest);
    expect(refusal(base('B (changed mind)', 'Vote: none', '(no reply)'))).toBe('page.txt line 11: B is marked "changed mind", but its response holds no vote.');
    expect(refusal(text('AI Roundtable Debate · 2 models', 'M', 'Result: Unanimous — Yes (2/2 votes)', 'Options', '- Yes (2 votes)', '- No (0 votes)', 'Model Responses', 'A', 'Vote: Yes', 'a.', 'B (changed mind)', 'Vote: Yes (unchanged)', 'b.'))).toBe(
      'page.txt line 12: B is marked "changed mind", but its vote line says the vote did not change.',
    );
  });

  it('takes the mark off a name that ends in parentheses of its own', () => {
    const { t } = roundTrip(pageText({ models: 2, motion: 'M', options: ['Yes', 'No'], seats: [seat('Llama 3.3 (70B)', 'No', true), seat('o3-mini', 'No', true)] }), true);
    expect(t.panel.map((p) => [p.id, p.name])).toEqual([
      ['llama-3-3-70b', 'Llama 3.3 (70B)'],
      ['o3-mini', 'o3-mini'],
    ]);
    expect(turnsOf(t).every((x) => x.changed)).toBe(true);
  });

  it('refuses the same debater twice, with and without the mark', () => {
    expect(refusal(pageText({ ...spec, seats: [seat('GPT-5.4', 'Claude'), seat('Claude Opus 4.6', 'Claude'), seat('GPT-5.4', 'Claude', true), seat('Gemini 3.1 Pro', 'Grok')] }))).toBe(
      'page.txt line 15: the debater "GPT-5.4" has a second response here; each debater answers once.',
    );
  });
});

describe('2. result labels the page computes its own way', () => {
  const plurality: PageSpec = {
    models: 6,
    motion: 'Will you change this vote?',
    options: ['Never change it', 'Follow the most persuasive opinion', 'Intentionally maintain the minority position'],
    seats: [
      seat(SIX[0]!, 'Intentionally maintain the minority position'),
      seat(SIX[1]!, 'Follow the most persuasive opinion', true),
      seat(SIX[2]!, 'Follow the most persuasive opinion'),
      seat(SIX[3]!, 'Follow the most persuasive opinion'),
      seat(SIX[4]!, 'Intentionally maintain the minority position'),
      seat(SIX[5]!, 'Never change it'),
    ],
    finalVote: 'ours',
  };
  const tie: PageSpec = { models: 4, motion: 'Tied?', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No'), seat('C', 'No'), seat('D', 'Yes')], finalVote: 'ours' };

  it('keeps "Majority" for a plurality as the page wrote it, with the recount beside it and one note', () => {
    const page = pageText(plurality);
    expect(page).toContain('Result: Majority — Follow the most persuasive opinion (3/6 votes)\n');
    const { t, notes } = roundTrip(page, true);
    expect(t.result).toMatchObject({ label: 'Majority', computed: 'Plurality', winner: 'Follow the most persuasive opinion', validVotes: 6 });
    expect(notes).toEqual([
      'page.txt line 3: the page labels the result Majority; counted from the votes shown it is a Plurality (3 of 6 votes): the page\'s label is kept, and the recount is in result.computed.',
    ]);
  });

  it('keeps "Majority — Yes (2/4 votes)" for a tie, with its final vote line naming one side', () => {
    const page = pageText(tie);
    expect(page).toContain('Result: Majority — Yes (2/4 votes)\n');
    expect(page).toContain('Majority chose "Yes" after discussion (2/4). Final vote: Yes: 2, No: 2\n');
    const { t, notes } = roundTrip(page, true);
    expect(t.result).toMatchObject({ label: 'Majority', computed: 'Tie', winner: null, tally: { Yes: 2, No: 2 } });
    expect(notes).toEqual([expect.stringMatching(/^page\.txt line 3: the page labels the result Majority; counted from the votes shown it is a Tie \(Yes \/ No, 2 votes each\)/)]);
  });

  it('compares by the recount: the page and a rerun with the same votes have the same label', () => {
    const page = importText(pageText(plurality), 'p.txt');
    const ours = importText(pageText(plurality).replace('Result: Majority', 'Result: Plurality'), 'o.txt');
    expect(closedResult(ours.result)!.computed).toBeUndefined();
    expect(compareTranscripts(page, ours).sameLabel).toBe(true);
    expect(compareTranscripts(loaded(page), loaded(ours)).sameLabel).toBe(true);
  });

  it('on loading, keeps the page label only while the recount stored beside it is still what the votes give', () => {
    const t = importText(pageText(plurality), 'p.txt');
    expect(loaded(t).result).toMatchObject({ label: 'Majority', computed: 'Plurality' });
    expect(loaded({ ...t, result: { ...closedResult(t.result)!, computed: 'Majority' } }).result).toMatchObject({ label: 'Plurality' });
    expect(loaded({ ...t, result: { ...closedResult(t.result)!, computed: undefined } }).result!.label).toBe('Plurality');
  });

  it.each([
    ['a winner that does not lead', 'Result: Majority — Never change it (3/6 votes)', 'page.txt line 3: the result line names Never change it the winner, but Follow the most persuasive opinion leads with 3 votes.'],
    ['a wrong top count', 'Result: Majority — Follow the most persuasive opinion (4/6 votes)', 'page.txt line 3: the result line gives Follow the most persuasive opinion 4 votes, but the responses give 3 votes.'],
    ['a wrong number of votes', 'Result: Majority — Follow the most persuasive opinion (3/5 votes)', 'page.txt line 3: the result line counts 5 votes, but the responses hold 6 votes.'],
  ])('still refuses %s', (_what, line, message) => {
    expect(refusal(pageText(plurality).replace(/^Result: .*$/m, line))).toBe(message);
  });

  it('refuses a tie page whose named side does not lead', () => {
    const page = pageText({ ...tie, models: 5, options: ['Yes', 'No', 'Maybe'], seats: [...tie.seats, seat('E', 'Maybe')] }).replace(/^Result: .*$/m, 'Result: Majority — Maybe (2/5 votes)');
    expect(refusal(page)).toBe('page.txt line 3: the result line names Maybe the winner, but the responses tie Yes / No.');
  });
});

describe('3. fewer responses than the header\'s models', () => {
  it('reads a 6-model page showing five responses as a sixth seat with no answer, and writes it back without it', () => {
    const spec: PageSpec = {
      models: 6,
      motion: 'Whomever picks the least popular answer wins.',
      options: ['a', 'b', 'c', 'd', 'e'],
      seats: [seat('Sonar Pro', 'b', true), seat('GPT-5.4', 'e', true), seat('Grok 4.1 Fast', 'e'), seat('Claude Opus 4.6', 'a'), seat('Kimi K2.5', 'b')],
      finalVote: 'ours',
    };
    const page = pageText(spec);
    expect(page).toContain('Result: Majority — b (2/5 votes)\n');
    const { t, notes } = roundTrip(page, true);
    expect(t.panel).toHaveLength(6);
    expect(t.panel[5]).toEqual({ id: 'unnamed-seat-6', name: '(unnamed seat 6)', model: null });
    expect(turnsOf(t)[5]).toMatchObject({ debater: 'unnamed-seat-6', vote: null, argument: '', error: 'no answer: the page does not show this seat' });
    expect(t.result).toMatchObject({ label: 'Majority', computed: 'Tie', validVotes: 5, panelSize: 6, abstentions: 1 });
    expect(notes).toContain(
      'page.txt line 26: the header announces 6 models and the page shows 5 responses: the seat it leaves out is read as a seat with no answer, named "(unnamed seat 6)".',
    );
  });

  it('reads a 35-model poll with 34 responses and 20/34 votes', () => {
    const names = Array.from({ length: 34 }, (_, i) => `Model ${i + 1}`);
    const spec: PageSpec = { kind: 'Poll', models: 35, motion: 'Is it?', options: ['Yes', 'No'], seats: names.map((n, i) => seat(n, i < 20 ? 'Yes' : 'No')) };
    expect(pageText(spec)).toContain('Result: Majority — Yes (20/34 votes)\n');
    const { t } = roundTrip(pageText(spec), true);
    expect(t.mode).toBe('poll');
    expect(t.panel).toHaveLength(35);
    expect(t.result).toMatchObject({ label: 'Majority', winner: 'Yes', validVotes: 34, panelSize: 35, abstentions: 1 });
    expect(closedResult(t.result)!.computed).toBeUndefined();
  });

  it('reads a seat showing an error line instead of a vote as a seat with no vote, beside seats left out', () => {
    const spec: PageSpec = {
      models: 5,
      motion: 'Should it?',
      options: ['Yes', 'No'],
      seats: [seat('GPT-5.4', 'Yes'), { name: 'Claude Opus 4.6', vote: { error: 'Error: the model did not respond in time' }, argument: '' }, seat('Grok 4.1 Fast', 'No', true), seat('Sonar Pro', 'Yes')],
      finalVote: 'short',
    };
    const { t, notes } = roundTrip(pageText(spec), true);
    expect(byName(t, 'Claude Opus 4.6')).toMatchObject({ vote: null, argument: '', error: 'Error: the model did not respond in time', changed: false });
    expect(t.panel.map((p) => p.name)).toEqual(['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast', 'Sonar Pro', '(unnamed seat 5)']);
    expect(t.result).toMatchObject({ validVotes: 3, panelSize: 5, abstentions: 2 });
    expect(notes).toEqual([
      'page.txt line 12: Claude Opus 4.6 shows an error line instead of a vote: read as a seat with no vote.',
      'page.txt line 19: the header announces 5 models and the page shows 4 responses: the seat it leaves out is read as a seat with no answer, named "(unnamed seat 5)".',
    ]);
  });

  it('names two seats left out after the shown ones, and ids that do not clash with a shown name', () => {
    const spec: PageSpec = { models: 4, motion: 'M', options: ['Yes', 'No'], seats: [seat('Unnamed seat 3', 'Yes'), seat('B', 'No')] };
    const { t, notes } = roundTrip(pageText(spec), true);
    expect(t.panel.map((p) => [p.id, p.name])).toEqual([
      ['unnamed-seat-3', 'Unnamed seat 3'],
      ['b', 'B'],
      ['unnamed-seat-3-2', '(unnamed seat 3)'],
      ['unnamed-seat-4', '(unnamed seat 4)'],
    ]);
    expect(notes.at(-1)).toMatch(/the 2 seats it leaves out are read as seats with no answer, named "\(unnamed seat 3\)" and on\.$/);
  });

  it('still refuses a cut-off file, whose counts need the responses that are gone', () => {
    const spec: PageSpec = { models: 4, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No'), seat('C', 'Yes'), seat('D', 'Yes')] };
    const page = pageText(spec);
    expect(refusal(page.slice(0, page.indexOf('\nD\n') + 1))).toBe('page.txt line 17: the header announces 4 models, but the responses end here after 3.');
  });
});

describe('4. page chrome and spacing', () => {
  const spec: PageSpec = {
    models: 6,
    motion: 'Is an AI roundtable effective?',
    options: ['Yes', 'No'],
    seats: [seat(SIX[0]!, 'Yes'), seat(SIX[1]!, 'No', true), seat(SIX[2]!, 'Yes'), seat(SIX[3]!, 'Yes'), seat(SIX[4]!, 'No')],
    finalVote: 'ours',
  };
  const same = (t: Transcript) => {
    const compact = importText(pageText(spec), 'compact.txt');
    expect(t.panel.map((p) => p.name)).toEqual(compact.panel.map((p) => p.name));
    expect(turnsOf(t)).toEqual(turnsOf(compact));
    expect(t.result).toEqual(compact.result);
    expect(t.judgement).toEqual(compact.judgement);
  };

  it('reads "Loading session...", a blank line between every line and an empty Options heading as the page they copy', () => {
    const page = pageText(spec, { loading: true, spaced: true, emptyOptions: true });
    expect(page.startsWith('Loading session...\n\nAI Roundtable Debate · 6 models\n\nIs an AI roundtable effective?\n\nResult: Majority — Yes (3/5 votes)\n\nOptions\n\nModel Responses\n\nGPT-5.4\n\nVote: Yes\n\n')).toBe(true);
    const { t, notes, exported } = roundTrip(page, false);
    same(t);
    expect(t.options).toEqual(['Yes', 'No']);
    expect(exported).toBe(exportText(importText(pageText(spec), 'compact.txt')));
    expect(notes).toEqual([
      'page.txt line 1: skipped "Loading session..." above the header (the browser\'s page chrome).',
      'page.txt line 9: the Options section lists no options: read "Yes", "No" from the final vote line.',
      'page.txt line 13: blank lines between a name and its vote line are skipped (5 responses).',
      'page.txt line 43: the header announces 6 models and the page shows 5 responses: the seat it leaves out is read as a seat with no answer, named "(unnamed seat 6)".',
    ]);
  });

  it('reads a blank line between a name and its vote line alone', () => {
    const page = pageText(spec).replace('\nGrok 4.1 Fast\nVote: Yes\n', '\nGrok 4.1 Fast\n\nVote: Yes\n');
    const { t, notes } = roundTrip(page, false);
    same(t);
    expect(notes).toContain('page.txt line 14: blank lines between a name and its vote line are skipped (one response).');
  });

  it('takes the options from the votes in the order they appear, Yes before No, and the other of Yes / No when all vote one', () => {
    const abc = importText(pageText({ models: 3, motion: 'M', options: ['c', 'a', 'b'], seats: [seat('X', 'b'), seat('Y', 'c'), seat('Z', 'b')] }, { emptyOptions: true }), 'x');
    expect(abc.options).toEqual(['b', 'c']);
    const lower = readText(pageText({ models: 3, motion: 'M', options: ['no', 'yes'], seats: [seat('X', 'no'), seat('Y', 'no'), seat('Z', 'no')] }, { emptyOptions: true }), 'x.txt');
    expect(lower.transcript.options).toEqual(['yes', 'no']);
    expect(lower.transcript.result).toMatchObject({ label: 'Unanimous', winner: 'no' });
    expect(lower.notes).toContain('x.txt line 4: the Options section lists no options: read "no" from the votes and the result line and "yes", the other of the page\'s Yes / No.');
    roundTrip(pageText({ models: 3, motion: 'M', options: ['Yes', 'No'], seats: [seat('X', 'No'), seat('Y', 'Yes'), seat('Z', 'No')] }, { emptyOptions: true }), false);
  });

  it('refuses an empty Options heading where every vote names one option that is not Yes or No', () => {
    expect(refusal(pageText({ models: 2, motion: 'M', options: ['Pass', 'Claude'], seats: [seat('X', 'Pass'), seat('Y', 'Pass')] }, { emptyOptions: true }))).toBe(
      'page.txt line 4: the Options section lists no options, and the votes name only "Pass"; list the options under it as "- <option> (<n> votes)".',
    );
  });

  it('records a page whose question is the ask-a-question form\'s text as not showing its question', () => {
    const { t, notes } = roundTrip(pageText(spec, { loading: true, spaced: true, emptyOptions: true, questionForm: true }), false);
    expect(t.motion).toBe(QUESTION_NOT_SHOWN);
    expect(notes).toContain(`page.txt line 5: the ask-a-question form's text stands where the question belongs, so the question is not on the page; it is recorded as "${QUESTION_NOT_SHOWN}".`);
  });

  it('still refuses prose above the header with today\'s message', () => {
    expect(refusal(`Some prose first.\n${pageText(spec)}`)).toBe('page.txt line 1: expected "AI Roundtable Debate · <n> models" as the first line, found "Some prose first.".');
  });
});

describe('5. final vote lines in other words', () => {
  const spec: PageSpec = { models: 4, motion: 'Tied?', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No'), seat('C', 'No', true), seat('D', 'Yes')], finalVote: 'short' };

  it('reads "Final vote: Yes: 2, No: 2" as the final vote line, not the summary, and writes it back once', () => {
    const page = pageText(spec);
    const { t, exported } = roundTrip(page, true);
    expect(t.judgement!.summary).toBe('The panel leaned one way, with dissent.');
    expect(exported.match(/Final vote:/g)).toHaveLength(1);
  });

  it('refuses a wrong count on it, naming the line', () => {
    const page = pageText(spec).replace('Final vote: Yes: 2, No: 2', 'Final vote: Yes: 3, No: 1');
    expect(refusal(page)).toMatch(/^page\.txt line 22: the final vote line says "Final vote: Yes: 3, No: 1", but the responses give "No single option won after discussion \(Majority\)\. Final vote: Yes: 2, No: 2"\.$/);
    expect(refusal(pageText({ ...spec, finalVote: 'ours' }).replace('(2/4). Final vote', '(3/4). Final vote'))).toMatch(/^page\.txt line 22: the final vote line says/);
  });

  it('reads counts in another order and with semicolons, and notes counts it cannot read', () => {
    const reordered = pageText(spec).replace('Final vote: Yes: 2, No: 2', 'Final vote: No: 2; Yes: 2');
    expect(roundTrip(reordered, true).notes.some((n) => n.includes('final vote'))).toBe(false);
    const unread = pageText(spec).replace('Final vote: Yes: 2, No: 2', 'Final vote: two each');
    const { t, notes } = roundTrip(unread, true);
    expect(t.judgement!.summary).toBe('The panel leaned one way, with dissent.');
    expect(notes).toContain('page.txt line 22: the counts of the final vote line "Final vote: two each" could not be read, so they were not checked against the votes.');
  });

  it('writes no final vote line back for a page whose summary has none', () => {
    roundTrip(pageText({ ...spec, finalVote: 'none' }), true);
  });

  it('keeps a summary sentence that only mentions a final vote in the summary', () => {
    const page = pageText(spec).replace('Final vote: Yes: 2, No: 2\n', 'The Final vote: was close, two against two.\n');
    const { t } = roundTrip(page, true);
    expect(t.judgement!.summary).toBe('The panel leaned one way, with dissent.\nThe Final vote: was close, two against two.');
  });
});

describe('6. texts of other formats', () => {
  const council = text(
    'LLM Council',
    '+ New Conversation',
    'Which database?',
    'Stage 1: Individual Responses',
    'openai/gpt-5.1',
    'PostgreSQL.',
    'Stage 2: Peer Rankings',
    'FINAL RANKING:',
    '1. Response A',
    'Aggregate Rankings (Street Cred)',
    'Stage 3: Final Council Answer',
    'Chairman: google/gemini-3-pro-preview',
  );
  it.each([
    ['an llm-council select-all copy', council, /^page\.txt line 4: this looks like a select-all copy of an llm-council conversation \("Stage 1: Individual Responses"\), which is not a roundtable page; import reads the text of an AI Roundtable page, which starts "AI Roundtable Debate · <n> models" or "AI Roundtable Poll · <n> models"\.$/],
    // Open Debate / Open Poll pages go to the open reader (chrome above the header dropped), which names what is missing.
    ['a cut-off Open Debate page', text('Loading session...', '', 'AI Roundtable Open Debate · 4 models', 'Test', 'Answer: x (All 4 models agreed)'), /^page\.txt line \d+: /],
    ['a cut-off Open Poll page', text('AI Roundtable Open Poll · 4 models', 'How does this work?'), /^page\.txt line 3: expected "Answer: <synthesis>/],
    ['a transcript', '{\n  "format": "roundtable-transcript",\n  "version": 1\n}\n', /^page\.txt line 1: this is a roundtable transcript \(JSON\), not a page: replay, export and compare read it as it is\.$/],
    ['an HTML file', '<!DOCTYPE html>\n<html><body>AI Roundtable</body></html>\n', /^page\.txt line 1: this is an HTML file; import reads .*\(select the page's text in the browser and save it as a text file\)\.$/],
    ['a Markdown export', '# Is it?\n\n**Result:** Unanimous — Yes\n', /^page\.txt line 1: this looks like the Markdown export of a transcript; import reads the roundtable text format/],
    ['a page without its header', text('Is it?', 'Result: Unanimous — Yes (2/2 votes)', 'Options', 'Model Responses', 'A', 'Vote: Yes', 'a.'), /^page\.txt line 1: this looks like an AI Roundtable page without its header; import reads .* \(copy the page from its top\)\.$/],
    ['plain prose', 'Not all AI companies are the same.\nStage 1: Individual Responses appears once.\n', /^page\.txt line 1: expected "AI Roundtable Debate · <n> models" as the first line, found "Not all AI companies are the same\."\.$/],
  ])('says what %s looks like and what import reads', (_what, body, message) => {
    expect(refusal(body)).toMatch(message);
  });

  it('exits 2 with that one sentence from the CLI', async () => {
    const file = join(tempDir(), 'council.txt');
    writeFileSync(file, council);
    const run = await runCli(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/llm-council conversation/);
  });
});

describe('7. option labels of every kind', () => {
  it.each([
    [['B', 'A'], ['A', 'B', 'B']],
    [['BA', 'AB', 'A', 'B'], ['AB', 'A', 'BA', 'B', 'AB']],
    [['no', 'yes'], ['yes', 'no', 'no']],
    [['0-20%', '21-40%', '41-60%', '61-80%'], ['41-60%', '41-60%', '21-40%']],
    [['Follow the most persuasive opinion', 'Change it to match the majority'], ['Change it to match the majority', 'Follow the most persuasive opinion', 'Change it to match the majority']],
    [['はい', 'いいえ', 'どちらとも言えない'], ['いいえ', 'どちらとも言えない', 'いいえ']],
    [['Claude Opus 4.6', 'GPT-5.4'], ['GPT-5.4', 'Claude Opus 4.6', 'GPT-5.4']],
  ])('round-trips %j exactly and matches the votes %j as written', (options, votes) => {
    const names = ['Claude Opus 4.6', 'GPT-5.4', 'クロード 4', 'Grok 4.1 Fast', 'Sonar Pro'];
    const spec: PageSpec = { models: votes.length, motion: '質問', options, seats: votes.map((v, i) => seat(names[i]!, v, i === 1)), finalVote: 'ours' };
    const { t } = roundTrip(pageText(spec), true);
    expect(t.options).toEqual(options);
    expect(turnsOf(t).map((x) => x.vote)).toEqual(votes);
    const tally = tallyOf(spec);
    expect(Object.entries(closedResult(t.result)!.tally)).toEqual(options.map((o) => [o, tally.get(o)]));
    expect(Object.keys(closedJudgement(t.judgement)!.strongestArguments)).toHaveLength(1);
    expect(t.panel.every((p) => p.id.length > 0)).toBe(true);
  });

  it('reads the letters as labels even without option lines, and a Japanese name that ends like a sentence is no name', () => {
    const t = importText(pageText({ models: 2, motion: 'M', options: ['B', 'A'], seats: [seat('X', 'A'), seat('Y', 'B')] }, { emptyOptions: true }), 'x');
    expect(t.options).toEqual(['A', 'B']);
    expect(turnsOf(t).map((x) => x.vote)).toEqual(['A', 'B']);
    const sentence = pageText({ models: 2, motion: 'M', options: ['Yes', 'No'], seats: [seat('X', 'Yes'), seat('Y', 'No')] }).replace('\nY\n', '\nこれは文です。\n');
    expect(refusal(sentence)).toMatch(/^page\.txt line 11: expected a debater's name \(a short line, not a sentence\) above "Vote: No" on line 12, found "これは文です。"\.$/);
  });
});

describe('generated pages: every variant at once', () => {
  const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

  it.each(SEEDS)('seed %i: our layout comes back byte for byte; the browser copy of it reads the same', (seed) => {
    const spec = generatePage(seed);
    const { t } = roundTrip(pageText(spec), true);
    expect(t.panel).toHaveLength(spec.models);
    expect(turnsOf(t).slice(0, spec.seats.length).map((x) => x.vote)).toEqual(spec.seats.map((s) => (typeof s.vote === 'string' ? s.vote : null)));
    expect(turnsOf(t).slice(0, spec.seats.length).map((x) => x.changed)).toEqual(spec.seats.map((s) => Boolean(s.changedMind)));

    // Without option lines the options come from the votes: a page whose votes name one option
    // (other than Yes or No) cannot be read that way.
    const voted = new Set(spec.seats.flatMap((s) => (typeof s.vote === 'string' ? [s.vote] : [])));
    const emptyOptions = seed % 2 === 0 && (voted.size > 1 || /^(?:yes|no)$/i.test([...voted][0]!));
    const copied = roundTrip(pageText(spec, { loading: true, spaced: true, emptyOptions }), false);
    expect(copied.t.panel.map((p) => p.name)).toEqual(t.panel.map((p) => p.name));
    expect(turnsOf(copied.t).map((x) => [x.vote, x.changed, x.error])).toEqual(turnsOf(t).map((x) => [x.vote, x.changed, x.error]));
    expect(copied.t.result!.label).toBe(t.result!.label);
    expect(closedResult(copied.t.result)!.computed).toBe(closedResult(t.result)!.computed);
    expect(copied.notes.every((n) => /^page\.txt line \d+: [^\n]+\.$/.test(n))).toBe(true);
  });
});

describe('roundtable import of a page', () => {
  it('says each note on stderr, one line each with its line number, and exits 0', async () => {
    const dir = tempDir();
    const file = join(dir, 'page.txt');
    writeFileSync(
      file,
      pageText(
        { models: 6, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No', true), seat('C', 'No'), seat('D', 'Yes'), seat('E', 'Yes')] },
        { loading: true, spaced: true, emptyOptions: true },
      ),
    );
    const run = await runCli(['import', file, '-o', join(dir, 'page.json')]);
    expect(run.code).toBe(0);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).every((l) => l.startsWith(`roundtable: ${file} line `))).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toBe(`Imported ${file} (6 debaters) into ${join(dir, 'page.json')}.`);
    const exported = await runCli(['export', join(dir, 'page.json')]);
    const again = join(dir, 'again.txt');
    writeFileSync(again, exported.stdout);
    expect((await runCli(['import', again, '-o', join(dir, 'again.json')])).code).toBe(0);
    const compared = await runCli(['compare', join(dir, 'page.json'), join(dir, 'again.json'), '--json']);
    expect(JSON.parse(compared.stdout)).toMatchObject({ sameWinner: true, sameLabel: true, sameMotion: true, debaterCount: 6 });
  });
});

describe('lines of free text that look like the pages\' own', () => {
  it('an argument line "Error: …" under a short line, and a summary line "Final vote: …", are escaped on export and read back as they were', () => {
    const t = importText(
      pageText({ models: 2, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No')], finalVote: 'ours' }),
      'x.txt',
    );
    t.rounds[0]!.turns[0]!.argument = 'My reasons:\nShort title\nError: not an error, a quotation.\n\nFinal vote: Yes: 9';
    t.judgement!.summary = 'Close.\nFinal vote: Yes: 1, No: 1';
    const exported = exportText(t);
    expect(exported).toContain('\nShort title\n\\Error: not an error, a quotation.\n');
    expect(exported).toContain('\n\\Final vote: Yes: 1, No: 1\nMajority chose');
    const back = importText(exported, 'back.txt');
    expect(back.rounds[0]!.turns[0]!.argument).toBe(t.rounds[0]!.turns[0]!.argument);
    expect(back.judgement!.summary).toBe(t.judgement!.summary);
    expect(exportText(back)).toBe(exported);
  });

  it('a failed seat of a run (an error starting "Error:") is written as a page writes it, and read back the same', () => {
    const t = importText(pageText({ models: 3, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No'), seat('C', 'Yes')] }), 'x.txt');
    t.rounds[0]!.turns[1] = { ...t.rounds[0]!.turns[1]!, vote: null, argument: '', error: 'Error: 503 Service Unavailable\nVote: none' };
    const exported = exportText(t);
    expect(exported).toContain('\nB\nError: 503 Service Unavailable\n\\Vote: none\nC\n');
    const back = importText(exported, 'back.txt');
    expect(back.rounds[0]!.turns[1]).toMatchObject({ vote: null, error: 'Error: 503 Service Unavailable\nVote: none', argument: '' });
    expect(exportText(back)).toBe(exported);
  });
});

describe('combinations', () => {
  it('a blank line between every line, "(changed mind)", seats left out, an error line, the page\'s label and a short final vote line at once', () => {
    const spec: PageSpec = {
      kind: 'Poll',
      models: 7,
      motion: 'Which range?',
      options: ['0-20%', '21-40%', '41-60%'],
      seats: [
        seat('GPT-5.4', '41-60%', true),
        seat('Claude Opus 4.6', '21-40%'),
        { name: 'Sonar Pro', vote: { error: 'Error — upstream timeout' }, argument: '' },
        seat('クロード 4', '41-60%'),
        seat('Grok 4.1 Fast', '21-40%', true),
      ],
      finalVote: 'short',
    };
    const ours = roundTrip(pageText(spec), true);
    expect(ours.t.result).toMatchObject({ label: 'Majority', computed: 'Tie', validVotes: 4, panelSize: 7, abstentions: 3 });
    const copied = roundTrip(pageText(spec, { loading: true, spaced: true, emptyOptions: true }), false);
    // The options without votes come from the final vote line, in its order.
    expect(copied.t.options).toEqual(['0-20%', '21-40%', '41-60%']);
    expect(exportText(copied.t)).toBe(ours.exported);
    expect(turnsOf(copied.t).map((x) => [x.vote, x.changed])).toEqual(turnsOf(ours.t).map((x) => [x.vote, x.changed]));
    expect(copied.t.judgement!.summary).toBe(ours.t.judgement!.summary);
    // Chrome, the page's label, the options, the blank lines, the error line, the seats left out.
    expect(copied.notes.map((n) => n.replace(/: .*/, ''))).toEqual(['1', '7', '9', '13', '27', '41'].map((n) => `page.txt line ${n}`));
    const without = pageText({ ...spec, finalVote: undefined }, { spaced: true, emptyOptions: true });
    expect(importText(without, 'x.txt').options).toEqual(['41-60%', '21-40%']);
  });
});

describe('final vote lines that contradict the page', () => {
  const spec: PageSpec = { models: 3, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No'), seat('C', 'Yes')], finalVote: 'ours' };
  const line = (page: string) => page.split('\n').findIndex((l) => l.includes('Final vote:')) + 1;
  it.each([
    ['an option the page does not have', 'Final vote: Yes: 2, Maybe: 1'],
    ['no winner where one leads', 'No single option won after discussion (Tie). Final vote: Yes: 2, No: 1'],
    ['a winner that does not lead', 'Majority chose "No" after discussion (1/3). Final vote: Yes: 2, No: 1'],
  ])('refuses %s, naming its line', (_what, given) => {
    const page = pageText(spec).replace(/^Majority chose .*$/m, given);
    expect(refusal(page)).toMatch(new RegExp(`^page\\.txt line ${line(page)}: the final vote line says`));
  });
  it('reads a tie called by the recount or by the page\'s label', () => {
    const tie: PageSpec = { ...spec, models: 4, seats: [...spec.seats, seat('D', 'No')] };
    for (const label of ['Tie', 'Majority']) {
      const page = pageText(tie).replace(/^Majority chose .*$/m, `No single option won after discussion (${label}). Final vote: Yes: 2, No: 2`);
      roundTrip(page, true);
    }
  });
});

describe('replaying an imported page', () => {
  it('headless, prints the page back with its "(changed mind)" mark', async () => {
    const dir = tempDir();
    const page = join(dir, 'page.txt');
    writeFileSync(page, pageText({ models: 2, motion: 'M', options: ['Yes', 'No'], seats: [seat('Alpha', 'Yes', true), seat('Beta', 'No')] }));
    const json = join(dir, 'page.json');
    expect((await runCli(['import', page, '-o', json])).code).toBe(0);
    const run = await runCli(['replay', json, '--headless']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\nAlpha (changed mind)\nVote: Yes\n');
    expect(run.stdout).not.toContain('changed from');
  });
});

describe('roundtable import refusing a copied page', () => {
  it.each([
    ['a count that does not match the votes shown', (p: string) => p.replace('Result: Majority — Yes (3/5 votes)', 'Result: Majority — Yes (4/5 votes)'), /page\.txt line 7: the result line gives Yes 4 votes, but the responses give 3 votes\.$/m],
    ['a name given twice', (p: string) => p.replace('\nC\n', '\nA (changed mind)\n'), /page\.txt line 25: the debater "A" has a second response here; each debater answers once\.$/m],
  ])('%s: exit 2, one line with its line number, nothing on stdout', async (_what, damage, message) => {
    const file = join(tempDir(), 'page.txt');
    const page = pageText(
      { models: 6, motion: 'M', options: ['Yes', 'No'], seats: [seat('A', 'Yes'), seat('B', 'No', true), seat('C', 'No'), seat('D', 'Yes'), seat('E', 'Yes')] },
      { loading: true, spaced: true, emptyOptions: true },
    );
    writeFileSync(file, damage(page));
    const run = await runCli(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('roundtable import, then roundtable export of the file', () => {
  it('gives the page back byte for byte, its own label, "(changed mind)" marks and seats left out included', async () => {
    const dir = tempDir();
    const file = join(dir, 'page.txt');
    const page = pageText({
      models: 7,
      motion: 'Will you change this vote?',
      options: ['Never change it', 'Follow the most persuasive opinion', 'Intentionally maintain the minority position'],
      seats: [seat('GPT-5.4', 'Intentionally maintain the minority position'), seat('Claude Opus 4.6', 'Follow the most persuasive opinion', true), seat('Grok 4.1 Fast', 'Follow the most persuasive opinion'), seat('Sonar Pro', 'Never change it'), seat('Kimi K2.5', 'Intentionally maintain the minority position', true), seat('Qwen 3.5 397B', 'Follow the most persuasive opinion')],
      finalVote: 'ours',
    });
    expect(page).toContain('Result: Majority — Follow the most persuasive opinion (3/6 votes)\n');
    writeFileSync(file, page);
    expect((await runCli(['import', file, '-o', join(dir, 'page.json')])).code).toBe(0);
    const exported = await runCli(['export', join(dir, 'page.json')]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(page);
  });
});
