// `roundtable import` and importText: the roundtable text format read back into a transcript.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedJson } from '../scripts/import-seed.js';
import { parseTranscript } from '../src/transcript/store.js';
import { importText } from '../src/transcript/text-import.js';
import { UsageError } from '../src/util/errors.js';
import { runCli, tempDir } from './support/cli.js';
import { closedJudgement } from '../src/core/result.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SEED_TXT = join(ROOT, 'seeds/000_30eaba9eac67d68e.txt');
const SEED_JSON = join(ROOT, 'seeds/000_30eaba9eac67d68e.json');
const seedText = readFileSync(SEED_TXT, 'utf8');

const text = (...lines: string[]) => lines.join('\n');
const votesOf = (t: ReturnType<typeof importText>) => t.rounds[0]!.turns.map((turn) => turn.vote);
const namesOf = (t: ReturnType<typeof importText>) => t.panel.map((p) => p.name);

/** The UsageError message importText throws for text, or fails the test. */
function importError(body: string, path = 'debate.txt'): string {
  try {
    importText(body, path);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('importText accepted the text');
}

describe('importing the seed debate', () => {
  const t = importText(seedText, 'seeds/000_30eaba9eac67d68e.txt');

  it('reads the six debaters, by name, with their model ids', () => {
    expect(namesOf(t)).toEqual(['Grok 4.1 Fast', 'GPT-5.4', 'Gemini 3.1 Pro', 'Mistral Large', 'Claude Opus 4.6', 'Kimi K2.5']);
    expect(t.panel.map((p) => p.id)).toEqual(['grok-4-1-fast', 'gpt-5-4', 'gemini-3-1-pro', 'mistral-large', 'claude-opus-4-6', 'kimi-k2-5']);
    expect(t.panel.map((p) => p.model)).toEqual([
      'xai:grok-4-1-fast-reasoning',
      'openai:gpt-5.4',
      'google:gemini-3.1-pro-preview',
      'mistral:mistral-large-latest',
      'anthropic:claude-opus-4-6',
      'moonshot:kimi-k2.5',
    ]);
  });

  it('has Kimi K2.5 as the only No, and a Supermajority for Yes at 5 to 1', () => {
    const turns = t.rounds[0]!.turns;
    expect(turns.filter((turn) => turn.vote === 'No').map((turn) => turn.debater)).toEqual(['kimi-k2-5']);
    expect(t.result).toEqual({ label: 'Supermajority', winner: 'Yes', tally: { Yes: 5, No: 1 }, validVotes: 6, panelSize: 6, abstentions: 0 });
    expect(t.motion).toBe('Is there a moat to training an LLM model?');
    expect(t.options).toEqual(['Yes', 'No']);
  });

  it('keeps each argument whole, and marks nothing as changed', () => {
    const turns = t.rounds[0]!.turns;
    expect(turns[0]!.argument.startsWith("I maintain my vote for A: Yes, there is a substantial moat")).toBe(true);
    expect(turns[0]!.argument.endsWith('Open-source trails frontier by years; the moat holds.')).toBe(true);
    expect(turns[5]!.argument.endsWith('acceleration favors the nimble over the entrenched.')).toBe(true);
    for (const turn of turns) {
      expect(turn).toMatchObject({ previousVote: null, changed: false, latencyMs: null, usage: null, error: null });
    }
  });

  it('reads the summary without the generated final vote line, both strongest arguments and both turning points', () => {
    const j = closedJudgement(t.judgement)!;
    expect(j.summary.startsWith('The AI Roundtable concluded that a multi-layered moat')).toBe(true);
    expect(j.summary.endsWith('algorithmic cleverness can circumvent.')).toBe(true);
    expect(j.summary).not.toContain('Final vote');
    expect(Object.keys(j.strongestArguments)).toEqual(['Yes', 'No']);
    expect(j.strongestArguments.Yes).toMatch(/^The moat is a 'full stack' of interdependent advantages/);
    expect(j.strongestArguments.No).toMatch(/^The collapse of training costs .* insurmountable lead\.$/);
    expect(j.turningPoints).toHaveLength(2);
    expect(j.turningPoints[0]).toMatch(/^Gemini 3\.1 Pro and Claude Opus 4\.6 systematically dismantled/);
    expect(j.turningPoints[1]).toMatch(/^Kimi K2\.5 cited DeepSeek-V3 .* algorithmic efficiency\.$/);
  });

  it('is a complete, imported, one-round transcript with a stable id and no judge', () => {
    expect(t).toMatchObject({ source: 'imported', mode: 'debate', status: 'complete', startedAt: null, finishedAt: null, judge: null });
    expect(t.rounds.map((r) => r.number)).toEqual([1]);
    expect(t.id).toMatch(/^imported-[0-9a-f]{16}$/);
    expect(importText(seedText, 'other.txt').id).toBe(t.id);
    expect(importText(seedText.replace('moat', 'castle'), 'x.txt').id).not.toBe(t.id);
  });

  it('reads the same with Windows line ends, a byte order mark and trailing spaces', () => {
    const crlf = `\uFEFF${seedText.replace(/\n/g, '  \r\n')}`;
    const again = importText(crlf, 'crlf.txt');
    expect(again.result).toEqual(t.result);
    expect(namesOf(again)).toEqual(namesOf(t));
    expect(again.judgement!.turningPoints).toHaveLength(2);
  });

  it('matches the committed seeds/000_30eaba9eac67d68e.json byte for byte', () => {
    const committed = readFileSync(SEED_JSON, 'utf8');
    expect(seedJson()).toBe(committed);
    expect(parseTranscript(committed, SEED_JSON).panel).toHaveLength(6);
  });
});

describe('importing other debates in the format', () => {
  it('reads 4 models on 3 options with a plurality, a Poll header, and names with digits, dots, spaces and parentheses', () => {
    const t = importText(
      text(
        'AI Roundtable Poll · 4 models',
        'Which database should we use?',
        'Result: Plurality — PostgreSQL (2/4 votes)',
        'Options',
        '- PostgreSQL (2 votes)',
        '- SQLite 3 (1 votes)',
        '- Mongo DB (1 vote)',
        'Model Responses',
        'Llama 3.3 (70B)',
        'Vote: PostgreSQL',
        'Mature and boring.',
        'o3-mini',
        'Vote: sqlite 3',
        'One file is enough.',
        'DeepSeek V3.2',
        'Vote: PostgreSQL',
        'Extensions.',
        'Qwen 2.5 Max',
        'Vote: Mongo DB',
        'Schemaless.',
      ),
      'poll.txt',
    );
    expect(t.mode).toBe('poll');
    expect(namesOf(t)).toEqual(['Llama 3.3 (70B)', 'o3-mini', 'DeepSeek V3.2', 'Qwen 2.5 Max']);
    expect(t.panel.map((p) => p.id)).toEqual(['llama-3-3-70b', 'o3-mini', 'deepseek-v3-2', 'qwen-2-5-max']);
    expect(t.panel.every((p) => p.model === null)).toBe(true);
    expect(t.options).toEqual(['PostgreSQL', 'SQLite 3', 'Mongo DB']);
    expect(votesOf(t)).toEqual(['PostgreSQL', 'SQLite 3', 'PostgreSQL', 'Mongo DB']);
    expect(t.result).toMatchObject({ label: 'Plurality', winner: 'PostgreSQL', tally: { PostgreSQL: 2, 'SQLite 3': 1, 'Mongo DB': 1 } });
    expect(t.judgement).toBeNull();
  });

  it('reads 7 models with a majority, multi-paragraph arguments and a judgement', () => {
    const names = ['A 1', 'B.2', 'C (3)', 'D-4', 'E 5.5', 'F', 'G 7'];
    const votes = ['Yes', 'No', 'Yes', 'No', 'Yes', 'No', 'Yes'];
    const responses = names.flatMap((name, i) => [name, `Vote: ${votes[i]}`, `First paragraph of ${name}.`, '', `Second paragraph of ${name}.`, '', '- a list item', '1. a numbered one']);
    const t = importText(
      text(
        'AI Roundtable Debate · 7 models',
        'Seven?',
        'Result: Majority — Yes (4/7 votes)',
        'Options',
        '- Yes (4 votes)',
        '- No (3 votes)',
        'Model Responses',
        ...responses,
        'Final Summary',
        'Paragraph one of the summary.',
        '',
        'Paragraph two.',
        'Majority chose "Yes" after discussion (4/7). Final vote: Yes: 4, No: 3',
        'Strongest Arguments',
        '- Yes: For.',
        '- No: Against: with a colon.',
        'Key Turning Points',
        '- One.',
        '- Two.',
        '- Three.',
        '',
      ),
      'seven.txt',
    );
    expect(namesOf(t)).toEqual(names);
    expect(votesOf(t)).toEqual(votes);
    expect(t.rounds[0]!.turns[2]!.argument).toBe('First paragraph of C (3).\n\nSecond paragraph of C (3).\n\n- a list item\n1. a numbered one');
    expect(t.result).toMatchObject({ label: 'Majority', winner: 'Yes', tally: { Yes: 4, No: 3 }, validVotes: 7, panelSize: 7 });
    expect(t.judgement).toEqual({
      summary: 'Paragraph one of the summary.\n\nParagraph two.',
      strongestArguments: { Yes: 'For.', No: 'Against: with a colon.' },
      turningPoints: ['One.', 'Two.', 'Three.'],
    });
  });

  it('reads a tie as formatResult writes it, with its final vote line', () => {
    const t = importText(
      text(
        'AI Roundtable Debate · 4 models',
        'Tied?',
        'Result: Tie — Yes / No (2/4 votes each)',
        'Options',
        '- Yes (2 votes)',
        '- No (2 votes)',
        'Model Responses',
        'One', 'Vote: Yes', 'a',
        'Two', 'Vote: No (changed from Yes)', 'b',
        'Three', 'Vote: Yes (unchanged)', 'c',
        'Four', 'Vote: No', 'd',
        'Final Summary',
        'Split.',
        'No single option won after discussion (Tie). Final vote: Yes: 2, No: 2',
        'Strongest Arguments',
        '- Yes: y',
        '- No: n',
        'Key Turning Points',
      ),
      'tie.txt',
    );
    expect(t.result).toMatchObject({ label: 'Tie', winner: null, tally: { Yes: 2, No: 2 }, validVotes: 4 });
    const turns = t.rounds[0]!.turns;
    expect(turns.map((x) => [x.vote, x.previousVote, x.changed])).toEqual([
      ['Yes', null, false],
      ['No', 'Yes', true],
      ['Yes', 'Yes', false],
      ['No', null, false],
    ]);
    expect(t.judgement).toEqual({ summary: 'Split.', strongestArguments: { Yes: 'y', No: 'n' }, turningPoints: [] });
  });

  it('reads a unanimous result, and a turn without a valid vote with its abstention', () => {
    const unanimous = importText(
      text('AI Roundtable Debate · 3 models', 'All?', 'Result: Unanimous — No (3/3 votes)', 'Options', '- Yes (0 votes)', '- No (3 votes)', 'Model Responses', 'X', 'Vote: No', 'x', 'Y', 'Vote: No', 'y', 'Z', 'Vote: No', 'z'),
      'u.txt',
    );
    expect(unanimous.result).toMatchObject({ label: 'Unanimous', winner: 'No', tally: { Yes: 0, No: 3 } });

    const abstained = importText(
      text(
        'AI Roundtable Debate · 3 models',
        'Abstain?',
        'Result: Unanimous — Yes (2/2 votes, 1 abstained)',
        'Options',
        '- Yes (2 votes)',
        '- No (0 votes)',
        'Model Responses',
        'X', 'Vote: Yes', 'x',
        'Y', 'Vote: none', '(no valid vote: the reply was empty)',
        'Z', 'Vote: Yes', 'z',
      ),
      'a.txt',
    );
    expect(abstained.rounds[0]!.turns[1]).toMatchObject({ vote: null, argument: '', error: 'the reply was empty' });
    expect(abstained.result).toMatchObject({ label: 'Unanimous', winner: 'Yes', validVotes: 2, panelSize: 3, abstentions: 1 });
  });

  it('keeps a line starting "Vote:" inside an argument when the header count and Options counts tell the responses apart', () => {
    const t = importText(
      text(
        'AI Roundtable Debate · 3 models',
        'Vote lines?',
        'Result: Majority — Yes (2/3 votes)',
        'Options',
        '- Yes (2 votes)',
        '- No (1 votes)',
        'Model Responses',
        'Alpha',
        'Vote: Yes',
        'My reasons are below.',
        'Vote: Yes, because it is obvious.',
        'I said it plainly:',
        'Vote: No',
        'would be wrong.',
        '',
        'Vote: Yes',
        'Beta 2',
        'Vote: Yes',
        'b',
        'Gamma',
        'Vote: No',
        'My closing line is:',
        'Vote: Yes',
        'is what they say.',
      ),
      'v.txt',
    );
    expect(namesOf(t)).toEqual(['Alpha', 'Beta 2', 'Gamma']);
    expect(votesOf(t)).toEqual(['Yes', 'Yes', 'No']);
    expect(t.rounds[0]!.turns[0]!.argument).toBe(
      'My reasons are below.\nVote: Yes, because it is obvious.\nI said it plainly:\nVote: No\nwould be wrong.\n\nVote: Yes',
    );
    expect(t.rounds[0]!.turns[2]!.argument).toBe('My closing line is:\nVote: Yes\nis what they say.');
  });

  it('refuses, naming the line, when a line inside an argument could as well start a response', () => {
    const message = importError(
      text(
        'AI Roundtable Debate · 2 models',
        'Ambiguous?',
        'Result: Unanimous — Yes (2/2 votes)',
        'Options',
        '- Yes (2 votes)',
        '- No (0 votes)',
        'Model Responses',
        'Alpha',
        'Vote: Yes',
        'a',
        'Beta',
        'Vote: Yes',
        'b',
        'Gamma',
        'Vote: Yes',
        'c',
      ),
    );
    expect(message).toBe('debate.txt line 11: cannot tell whether "Beta" starts a response or belongs to the argument above it.');
  });
  it('refuses when no choice of responses matches the Options counts', () => {
    const message = importError(
      text('AI Roundtable Debate · 2 models', 'M', 'Result: Unanimous — No (2/2 votes)', 'Options', '- Yes (0 votes)', '- No (2 votes)', 'Model Responses',
        'Alpha', 'Vote: Yes', 'a', 'Beta', 'Vote: Yes', 'b', 'Gamma', 'Vote: Yes', 'c'),
    );
    expect(message).toBe('debate.txt line 8: the header announces 2 models, and no 2 of the 3 lines that look like a response\'s start match the Options counts.');
  });

  it('says where the result line claims no valid votes though responses give one', () => {
    expect(importError(text('AI Roundtable Debate · 2 models', 'M', 'Result: No result — no valid votes', 'Options', '- Yes (1 votes)', '- No (0 votes)', 'Model Responses', 'A', 'Vote: Yes', 'a', 'B', 'Vote: none', '(no reply)'))).toBe(
      'debate.txt line 3: the result line says there were no valid votes, but 1 response gives one.',
    );
  });
});

describe('text that is not a debate in the format', () => {
  const seedLines = seedText.split('\n');
  const withLine = (index: number, line: string) => seedLines.map((l, i) => (i === index ? line : l)).join('\n');

  it.each([
    ['an empty text', '', 'debate.txt line 1: expected "AI Roundtable Debate · <n> models" as the first line, found the end of the file.'],
    ['plain prose', 'Not all AI companies are the same.\nSome are piling on debt.', 'debate.txt line 1: expected "AI Roundtable Debate · <n> models" as the first line, found "Not all AI companies are the same.".'],
    ['a missing motion', text('AI Roundtable Debate · 2 models', 'Result: Unanimous — Yes (2/2 votes)'), 'debate.txt line 2: expected the motion on the line after the header, found "Result: Unanimous — Yes (2/2 votes)".'],
    ['an odd result line', withLine(2, 'Result: 5 of 6 said yes'), 'debate.txt line 3: expected "Result: <label> — <option> (<n>/<m> votes)", found "Result: 5 of 6 said yes".'],
    ['an unknown label', withLine(2, 'Result: Landslide — Yes (5/6 votes)'), 'debate.txt line 3: "Landslide" is not a result label (Unanimous, Supermajority, Majority, Plurality or Tie).'],
    ['one option', text('AI Roundtable Debate · 1 models', 'M', 'Result: Unanimous — Yes (1/1 votes)', 'Options', '- Yes (1 votes)', 'Model Responses', 'A', 'Vote: Yes', 'a'), 'debate.txt line 6: the Options section lists 1 option, and a debate needs at least two.'],
    ['an options line out of shape', withLine(4, '- Yes: five'), 'debate.txt line 5: expected "- <option> (<n> votes)" or "Model Responses", found "- Yes: five".'],
  ])('rejects %s', (_what, body, message) => {
    expect(importError(body)).toBe(message);
  });

  it('says where the Options counts disagree with the votes', () => {
    expect(importError(withLine(4, '- Yes (4 votes)').replace('- No (1 votes)', '- No (2 votes)'))).toBe(
      'debate.txt line 5: the Options section says Yes has 4 votes, but 5 responses vote Yes.',
    );
    expect(importError(withLine(4, '- Yes (6 votes)'))).toBe('debate.txt line 4: the Options section counts 7 votes, but the header announces 6 models.');
  });

  it('says where the result line disagrees with the votes', () => {
    expect(importError(withLine(2, 'Result: Supermajority — No (5/6 votes)'))).toBe(
      'debate.txt line 3: the result line names No the winner, but Yes leads with 5 votes.',
    );
    expect(importError(withLine(2, 'Result: Supermajority — Yes (4/6 votes)'))).toBe(
      'debate.txt line 3: the result line gives Yes 4 votes, but the responses give 5 votes.',
    );
    expect(importError(withLine(2, 'Result: Supermajority — Yes (5/7 votes)'))).toBe(
      'debate.txt line 3: the result line counts 7 votes, but the responses hold 6 votes.',
    );
    expect(importError(withLine(2, 'Result: Tie — Yes / No (3/6 votes each)'))).toBe('debate.txt line 3: the result line says Tie, but Yes leads with 5 votes.');
    expect(importError(withLine(2, 'Result: Supermajority — Yes (5/6 votes, 1 abstained)'))).toBe(
      'debate.txt line 3: the result line says 1 abstained, but 0 of the 6 responses hold no valid vote.',
    );
  });

  it('says where the final vote line disagrees', () => {
    const index = seedLines.findIndex((l) => l.startsWith('Majority chose'));
    expect(importError(withLine(index, 'Majority chose "Yes" after discussion (4/6). Final vote: Yes: 4, No: 2'))).toBe(
      `debate.txt line ${index + 1}: the final vote line says "Majority chose "Yes" after discussion (4/6). Final vote: Yes: 4, No: 2", but the responses give "Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1".`,
    );
  });

  it('says where a truncated file ends, and names a vote for no option', () => {
    expect(importError(seedLines.slice(0, 18).join('\n'))).toBe('debate.txt line 18: the header announces 6 models, but the responses end here after 4.');
    expect(importError(seedLines.slice(0, 7).join('\n'))).toBe('debate.txt line 7: the header announces 6 models, but no response follows "Model Responses".');
    expect(importError(seedLines.slice(0, 5).join('\n'))).toBe('debate.txt line 5: expected "Model Responses" after the options, found the end of the file.');
    const summary = seedLines.indexOf('Final Summary');
    expect(importError(seedLines.slice(0, summary + 3).join('\n'))).toBe(
      `debate.txt line ${summary + 3}: expected "Strongest Arguments" after the final summary, found the end of the file.`,
    );
    expect(importError(withLine(11, 'Vote: Maybe'))).toBe('debate.txt line 12: expected "Vote: <option>" with one of the options (Yes, No), found "Vote: Maybe".');
    expect(importError(withLine(8, 'Vote: Maybe'))).toBe('debate.txt line 9: expected "Vote: <option>" with one of the options (Yes, No), found "Vote: Maybe".');
  });

  it('rejects judgement lists that are not "- " lines', () => {
    const index = seedLines.indexOf('Key Turning Points');
    expect(importError(withLine(index + 1, 'A turning point without its dash'))).toBe(
      `debate.txt line ${index + 2}: expected "- <turning point>", found "A turning point without its dash".`,
    );
  });
});

describe('roundtable import', () => {
  /** Exit 2, one line on stderr that names the file, nothing on stdout, no stack trace. */
  async function expectRejected(file: string, pattern: RegExp) {
    const run = await runCli(['import', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }

  it('prints the transcript as JSON on stdout', async () => {
    const run = await runCli(['import', SEED_TXT]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(SEED_JSON, 'utf8'));
  });

  it('writes the transcript to -o, and refuses to overwrite an existing file', async () => {
    const dir = tempDir();
    const out = join(dir, 'nested', 'seed.json');
    const run = await runCli(['import', SEED_TXT, '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED_JSON, 'utf8'));

    const again = await runCli(['import', SEED_TXT, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`roundtable: ${out} already exists; choose another -o, or remove it first.\n`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SEED_JSON, 'utf8'));
  });

  it('rejects malformed files with exit code 2 and one line naming the file', async () => {
    const dir = tempDir();
    const write = (name: string, content: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    await expectRejected(write('empty.txt', ''), /is empty; it should hold a debate in the roundtable text format\.$/m);
    await expectRejected(write('binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02])), /holds binary data/);
    await expectRejected(write('latin1.txt', Buffer.from('AI Roundtable Debate · 2 models\nCaf\xe9?\n', 'latin1')), /is not UTF-8 text/);
    await expectRejected(write('prose.txt', readFileSync(join(ROOT, 'seeds/001_5eee87cd78e774a6.txt'))), /prose\.txt line 1: expected "AI Roundtable Debate/);
    await expectRejected(write('counts.txt', seedText.replace('- No (1 votes)', '- No (0 votes)')), /counts\.txt line 6: the Options section says No has 0 votes, but 1 response votes No\.$/m);
    await expectRejected(write('truncated.txt', seedText.slice(0, seedText.indexOf('Claude Opus 4.6\nVote') + 200)), /truncated\.txt line 22: the header announces 6 models, but the responses end here after 5\.$/m);
    await expectRejected(join(dir, 'missing.txt'), /missing\.txt not found/);
    expect(existsSync(join(dir, 'missing.txt'))).toBe(false);
  });
});
