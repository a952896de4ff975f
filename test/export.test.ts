// `roundtable export`, exportText and exportMarkdown, and the round trip text → transcript → text.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { transcriptJson } from '../src/transcript/store.js';
import { exportText } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import type { Transcript } from '../src/core/schema.js';
import { buildTranscript } from './fixtures/text/build.js';
import { runCli, tempDir } from './support/cli.js';
import { closedResult } from '../src/core/result.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SEED_TXT = join(ROOT, 'seeds/000_30eaba9eac67d68e.txt');
const SEED_JSON = join(ROOT, 'seeds/000_30eaba9eac67d68e.json');
const seedText = readFileSync(SEED_TXT, 'utf8');

/** What the text format promises to keep: everything but timings, usage, ids and earlier rounds. */
function kept(t: Transcript) {
  const names = new Map(t.panel.map((p) => [p.id, p.name]));
  return {
    motion: t.motion,
    options: t.options,
    mode: t.mode,
    names: t.panel.map((p) => p.name),
    finalRound: t.rounds.at(-1)!.turns.map((turn) => ({
      name: names.get(turn.debater),
      vote: turn.vote,
      argument: turn.argument,
      previousVote: turn.previousVote,
      changed: turn.changed,
      error: turn.error,
    })),
    result: closedResult(t.result) && { label: closedResult(t.result)!.label, winner: closedResult(t.result)!.winner, tally: closedResult(t.result)!.tally, validVotes: closedResult(t.result)!.validVotes },
    judgement: t.judgement,
  };
}

function roundTrip(t: Transcript): Transcript {
  const back = importText(exportText(t), 'roundtrip.txt');
  expect(kept(back)).toEqual(kept(t));
  // Exporting what was imported gives the same text again.
  expect(exportText(back)).toBe(exportText(t));
  return back;
}

function writeTranscript(t: Transcript): string {
  const path = join(tempDir(), 'transcript.json');
  writeFileSync(path, transcriptJson(t));
  return path;
}

describe('exportText', () => {
  it('reproduces the seed text from the imported seed, byte for byte but the final newline', () => {
    const seed = importText(seedText, SEED_TXT);
    expect(exportText(seed)).toBe(`${seedText}\n`);
    roundTrip(seed);
  });

  it('round-trips a three-round debate with changed votes and a judgement', () => {
    const t = buildTranscript({
      names: ['Grok 4.1 Fast', 'GPT-5.4', 'Gemini 3.1 Pro', 'Claude Opus 4.6'],
      votes: [
        ['Yes', 'No', 'No', 'Yes'],
        ['Yes', 'Yes', 'No', 'Yes'],
        ['No', 'Yes', 'Yes', 'Yes'],
      ],
    });
    const back = roundTrip(t);
    expect(back.rounds[0]!.turns.map((turn) => [turn.vote, turn.previousVote, turn.changed])).toEqual([
      ['No', 'Yes', true],
      ['Yes', 'Yes', false],
      ['Yes', 'No', true],
      ['Yes', 'Yes', false],
    ]);
    const text = exportText(t);
    expect(text).toContain('\nGrok 4.1 Fast\nVote: No (changed from Yes)\n');
    expect(text).toContain('\nGPT-5.4\nVote: Yes (unchanged)\n');
    expect(text).toContain('Result: Supermajority — Yes (3/4 votes)\n');
  });

  it('round-trips ties, pluralities, unanimity, three options, seven debaters and a poll', () => {
    roundTrip(buildTranscript({ names: ['A', 'B', 'C', 'D'], votes: [['Yes', 'No', 'Yes', 'No']] }));
    roundTrip(
      buildTranscript({
        options: ['Red', 'Green', 'Blue'],
        names: ['Model 1', 'Model 2.0', 'Model (three)', 'Model 4 mini'],
        votes: [
          ['Red', 'Green', 'Blue', 'Blue'],
          ['Red', 'Green', 'Blue', 'Red'],
        ],
      }),
    );
    roundTrip(buildTranscript({ names: ['One', 'Two', 'Three'], votes: [['No', 'No', 'No']], mode: 'poll' }));
    const seven = buildTranscript({
      names: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      options: ['Yes', 'No', 'Unsure'],
      votes: [['Yes', 'Yes', 'No', 'Unsure', 'No', 'Yes', 'Unsure']],
    });
    expect(roundTrip(seven).result!.label).toBe('Plurality');
  });

  it('round-trips turns without a valid vote, in the first round and after a vote', () => {
    const t = buildTranscript({
      names: ['A', 'B', 'C', 'D', 'E'],
      votes: [
        ['Yes', null, 'No', 'Yes', 'Yes'],
        [null, null, 'No', 'Yes', 'Yes'],
      ],
    });
    const back = roundTrip(t);
    expect(back.rounds[0]!.turns.slice(0, 2)).toMatchObject([
      { vote: null, previousVote: 'Yes', changed: false, error: 'the reply held no vote (after one re-ask)' },
      { vote: null, previousVote: null, changed: false, error: 'the reply held no vote (after one re-ask)' },
    ]);
    expect(back.result).toMatchObject({ label: 'Majority', validVotes: 3, panelSize: 5, abstentions: 2 });
    expect(exportText(t)).toContain('Result: Majority — Yes (2/3 votes, 2 abstained)\n');
    expect(exportText(t)).toContain('\nA\nVote: none (previously Yes)\n(no valid vote: the reply held no vote (after one re-ask))\n');
  });

  it('round-trips arguments and summaries holding lines that look like the format itself', () => {
    const tricky = [
      'Vote: No',
      'Final Summary',
      'Strongest Arguments',
      'Key Turning Points',
      '(no argument)',
      '\\Vote: an already escaped line',
      'Majority chose "No" after discussion (1/1). Final vote: No: 1',
      'Model Responses',
      'GPT-5.4',
      'Vote: Yes',
    ].join('\n');
    const t = buildTranscript({
      names: ['Alpha', 'Beta', 'Gamma'],
      votes: [['Yes', 'No', 'Yes']],
      argument: (_round, name) => (name === 'Beta' ? '(no argument)' : `${name} opens.\n${tricky}\n\nAnd closes.`),
      judgement: {
        summary: `A summary.\n${tricky}`,
        strongestArguments: { Yes: 'For: with a colon.', No: 'Against.' },
        turningPoints: ['Vote: Yes was the turning point.'],
      },
    });
    roundTrip(t);
    const last = roundTrip({ ...t, judgement: { ...t.judgement!, summary: 'Majority chose "Yes" after discussion (2/3). Final vote: Yes: 2, No: 1' } });
    expect(last.judgement!.summary).toMatch(/^Majority chose/);
  });

  it('round-trips a transcript without a judgement, and one without a single valid vote', () => {
    roundTrip(buildTranscript({ names: ['A', 'B'], votes: [['Yes', 'No']], judgement: null }));
    const none = buildTranscript({ names: ['A', 'B'], votes: [[null, null]] });
    expect(exportText(none)).toContain('Result: No result — no valid votes\n');
    expect(roundTrip(none).result).toBeNull();
  });

  it('keeps one line per name and per list item, and removes escape sequences', () => {
    const t = buildTranscript({
      names: ['Evil\nName', 'Plain'],
      votes: [['Yes', 'No']],
      argument: () => 'Colour \u001b[31mred\u001b[0m and a bell\u0007.',
      judgement: { summary: 's', strongestArguments: { Yes: 'two\nlines' }, turningPoints: ['three\n\nlines\nhere'] },
    });
    const text = exportText(t);
    expect(text).toContain('\nEvil Name\nVote: Yes\nColour red and a bell.\n');
    expect(text).toContain('\n- Yes: two lines\n');
    expect(text).toContain('\n- three lines here\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(importText(text, 'evil.txt').panel.map((p) => p.name)).toEqual(['Evil Name', 'Plain']);
  });
});

describe('exportMarkdown', () => {
  const seed = JSON.parse(readFileSync(SEED_JSON, 'utf8')) as Transcript;

  it('gives the motion as title, the result, an options table, every turn and the judgement', () => {
    const md = exportMarkdown(seed);
    expect(md.startsWith('# Is there a moat to training an LLM model?\n\n**Result:** Supermajority — Yes (5/6 votes)\n')).toBe(true);
    expect(md).toContain('| Option | Final votes |\n| --- | ---: |\n| Yes | 5 |\n| No | 1 |\n');
    expect(md).toContain('## Round 1 (blind opening)\n');
    for (const name of ['Grok 4.1 Fast', 'GPT-5.4', 'Gemini 3.1 Pro', 'Mistral Large', 'Claude Opus 4.6', 'Kimi K2.5']) {
      expect(md).toContain(`### ${name} — ${name === 'Kimi K2.5' ? 'No' : 'Yes'}\n\n> `);
    }
    expect(md).toContain("## Judge's summary\n\n> The AI Roundtable concluded");
    expect(md).toContain("- **Yes:** The moat is a 'full stack'");
    expect(md).toContain('### Key turning points\n\n- Gemini 3.1 Pro and Claude Opus 4.6');
    expect(md).toContain('- Kimi K2.5 (moonshot:kimi-k2.5)');
  });

  it('marks changed votes and turns without a vote, round by round', () => {
    const t = buildTranscript({
      names: ['A', 'B', 'C'],
      votes: [
        ['Yes', 'No', 'Yes'],
        ['No', null, 'Yes'],
      ],
    });
    const md = exportMarkdown(t);
    expect(md).toContain('## Round 2\n');
    expect(md).toContain('### A — No (changed from Yes)\n');
    expect(md).toContain('### B — no vote\n\n_No valid vote: the reply held no vote (after one re-ask)_');
    expect(md).toContain('### C — Yes (unchanged)\n');
  });

  it('keeps model text inside its quote: headings, HTML, fences and escape sequences cannot break the document', () => {
    const t = buildTranscript({
      names: ['Sneaky *Bot*', 'B'],
      votes: [['Yes', 'No']],
      argument: (_round, name) => (name === 'B' ? 'fine' : '# Not a heading\n<!-- swallow the rest\n```\nfenced\n\n\n\nText\n===\n\u001b[2Jcleared'),
      judgement: { summary: '## Fake section\n<details>', strongestArguments: { Yes: '# hash <b>bold</b>' }, turningPoints: ['<script>x</script>'] },
    });
    const md = exportMarkdown(t);
    expect(md).toContain('### Sneaky \\*Bot\\* — Yes\n\n> \\# Not a heading\n> \\<!-- swallow the rest\n> ```\n> fenced\n>\n> Text\n> \\===\n> cleared\n');
    expect(md).toContain("## Judge's summary\n\n> \\## Fake section\n> \\<details>\n");
    expect(md).toContain('- **Yes:** \\# hash \\<b>bold\\</b>');
    expect(md).toContain('- \\<script>x\\</script>');
    expect(md).not.toContain('\u001b');
    // Outside the quotes, the only lines that start a heading are the document's own.
    const headings = md.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      // A mock run says so in its title.
      `# ${t.source === 'mock' ? 'Mock run: ' : ''}Should the test pass?`,
      '## Options',
      '## Panel',
      '## Round 1 (blind opening)',
      '### Sneaky \\*Bot\\* — Yes',
      '### B — No',
      "## Judge's summary",
      '### Strongest arguments',
      '### Key turning points',
    ]);
  });
});

describe('roundtable export', () => {
  it('writes the seed transcript in the text format by default', async () => {
    const run = await runCli(['export', SEED_JSON]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${seedText}\n`);
  });

  it('writes Markdown with --format markdown', async () => {
    const t = buildTranscript({ names: ['A', 'B'], votes: [['Yes', 'No'], ['Yes', 'Yes']] });
    const run = await runCli(['export', writeTranscript(t), '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(exportMarkdown(t));
    expect(run.stdout).toContain('### B — Yes (changed from No)');
  });

  it('rejects an unknown format, and a file that is not a transcript, with exit code 2', async () => {
    const bad = await runCli(['export', SEED_JSON, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');

    const notJson = await runCli(['export', SEED_TXT]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^roundtable: .*000_30eaba9eac67d68e\.txt is a debate in the roundtable text format, not a transcript; import it first: npx roundtable import .*\n$/);
  });
});
