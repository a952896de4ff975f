import { MOCK_MARKER } from '../src/transcript/text-format.js';
// Open Debate / Open Poll pages in the roundtable text format: export → import → export gives the
// same bytes for generated runs of every kind and for hand-made hard cases; a page is read back
// into the answers, changed minds, the synthesis line and its counts; a broken page is refused
// with its line number. Markdown shows the synthesis and each answer.
import { describe, expect, it } from 'vitest';
import { groupsByWording, openResult } from '../src/core/result.js';
import { TranscriptSchema, type Transcript, type Turn } from '../src/core/schema.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { exportText } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { runCli, tempDir } from './support/cli.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTranscript } from '../src/transcript/store.js';

const MOCK = ['--mock', '--mock-pace', '0', '--headless', '--json'];

async function generated(argv: string[]): Promise<Transcript> {
  const run = await runCli(['debate', '--open', ...argv, ...MOCK], { env: {} });
  expect(run.code, run.stderr).toBe(0);
  return TranscriptSchema.parse(JSON.parse(run.stdout));
}

function roundTrip(t: Transcript): { text: string; back: Transcript } {
  const text = exportText(t);
  const back = importText(text, 'open.txt');
  expect(exportText(back)).toBe(text);
  // And once more from the imported transcript: nothing drifts.
  expect(exportText(importText(exportText(back), 'again.txt'))).toBe(text);
  return { text, back };
}

describe('export → import → export of open pages', () => {
  it.each([
    ['an Open Debate, 4 seats, 3 rounds', ['How should a small team pick a database?', '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--rounds', '3', '--seed', '2']],
    ['an Open Debate, 7 seats', ['What is the best first step to cut a city\'s carbon emissions?', '--models', 'openai:a,anthropic:b,xai:c,mistral:d,google:e,deepseek:f,moonshot:g', '--seed', '9']],
    ['an Open Poll', ['Which habit most improves code review?', '--mode', 'poll', '--models', 'openai:a,anthropic:b,xai:c', '--seed', '5']],
    ['an open council', ['How should a library decide what to digitise first?', '--protocol', 'council', '--models', 'openai:a,anthropic:b,xai:c,google:e', '--seed', '1']],
    ['an open run with --no-judge', ['How should we name things?', '--models', 'openai:a,anthropic:b,xai:c', '--no-judge', '--seed', '3']],
    ['an anonymized, shuffled run', ['What should a new manager do in the first week?', '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--anonymize', '--shuffle', '--seed', '11']],
  ])('gives the same bytes back for %s', async (_name, argv) => {
    const t = await generated(argv as string[]);
    const { text, back } = roundTrip(t);
    expect(back.open).toBe(true);
    expect(back.options).toEqual([]);
    expect(back.mode).toBe(t.mode);
    expect(back.protocol).toBe(t.protocol);
    expect(back.panel.map((p) => p.name)).toEqual(t.panel.map((p) => p.name));
    const last = t.rounds.at(-1)!;
    expect(back.rounds[0]!.turns.map((x) => [x.answer, x.changed, x.argument])).toEqual(last.turns.map((x) => [x.answer, x.changed, x.argument]));
    const r = openResult(t.result)!;
    const b = openResult(back.result)!;
    expect([b.label, b.answer, b.agreed, b.panelSize, b.counterpoint]).toEqual([r.label, r.answer, r.agreed, r.panelSize, r.counterpoint]);
    expect(back.judgement?.summary ?? null).toBe(t.judgement?.summary ?? null);
    expect(back.judgement?.turningPoints ?? null).toEqual(t.judgement?.turningPoints ?? null);
    // A mock run's page opens with the mock line, then its header.
    expect(text.startsWith(`${t.source === 'mock' ? `${MOCK_MARKER}\n` : ''}AI Roundtable Open ${t.mode === 'poll' ? 'Poll' : t.protocol === 'council' ? 'Council' : 'Debate'} · ${t.panel.length} models\n`)).toBe(true);
  });

  const turn = (debater: string, over: Partial<Turn> = {}): Turn => ({
    debater,
    vote: null,
    answer: `Answer of ${debater}.`,
    argument: `Argument of ${debater}.`,
    previousVote: null,
    changed: false,
    latencyMs: null,
    usage: null,
    error: null,
    ...over,
  });
  const base = (turns: Turn[], over: Partial<Transcript> = {}): Transcript =>
    TranscriptSchema.parse({
      format: 'roundtable-transcript',
      version: 1,
      id: 'x',
      motion: 'How should we test text formats?',
      options: [],
      open: true,
      mode: 'debate',
      status: 'complete',
      source: 'live',
      startedAt: null,
      finishedAt: null,
      panel: ['ada', 'bo', 'cy'].map((id) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), model: null })),
      judge: { name: 'J', model: null },
      rounds: [{ number: 1, turns }],
      result: { label: 'No agreement', answer: 'Test by round trips.', agreed: 1, panelSize: 3, counterpoint: null, groups: [] },
      judgement: { answer: 'Test by round trips.', groups: [], counterpoint: null, summary: 'They differed.', turningPoints: ['None.'] },
      ...over,
    });

  it.each([
    [
      'arguments holding lines the format uses for its structure',
      base([
        turn('ada', { argument: 'Answer: not a new response\nCounterpoint: nor this\nFinal Summary\nKey Turning Points\n\\Answer: already escaped\nRanked: a > b\n(no reply)\nModel Responses\nStatus: interrupted' }),
        turn('bo', { changed: true }),
        turn('cy'),
      ]),
    ],
    ['a seat that failed with a two-line error, and one with no reply', base([turn('ada', { answer: null, argument: '', error: 'HTTP 500\nupstream down' }), turn('bo', { answer: null, argument: '' }), turn('cy')])],
    [
      'an interrupted run, a seat the round had not reached',
      base([turn('ada'), turn('cy')], { status: 'interrupted', result: { label: 'No agreement', answer: null, agreed: 1, panelSize: 3, counterpoint: null, groups: [{ answer: 'Answer of ada.', members: ['ada'] }, { answer: 'Answer of cy.', members: ['cy'] }] }, judgement: null }),
    ],
    ['a counterpoint, an empty summary, no turning points, an empty argument', base([turn('ada', { argument: '' }), turn('bo'), turn('cy')], {
      result: { label: 'Agreement', answer: 'Agree (mostly).', agreed: 2, panelSize: 3, counterpoint: 'Cy disagrees (strongly).', groups: [{ answer: 'x', members: ['ada', 'bo'] }, { answer: 'y', members: ['cy'] }] },
      judgement: { answer: 'Agree (mostly).', groups: [], counterpoint: 'Cy disagrees (strongly).', summary: '', turningPoints: [] },
    })],
    ['no answers at all', base([turn('ada', { answer: null, argument: '', error: 'down' }), turn('bo', { answer: null, argument: '', error: 'down' }), turn('cy', { answer: null, argument: '', error: 'down' })], { status: 'failed', error: 'nobody answered', result: null, judgement: null })],
    ['a run stopped by its budget', base([turn('ada'), turn('bo'), turn('cy')], { stopReason: 'the next round could pass --max-cost $0.01' })],
  ])('gives the same bytes back for %s', (_name, t) => {
    const { text, back } = roundTrip(t);
    expect(back.rounds[0]?.turns.map((x) => [x.answer ?? null, x.argument, x.changed, x.error]) ?? []).toEqual(
      t.rounds[0]!.turns.map((x) => [x.answer ?? null, x.error ? '' : x.argument, x.changed, x.error]),
    );
    expect(back.status).toBe(t.status);
    expect(text).not.toMatch(/^Vote:/m);
  });
});

describe('an open transcript read back from its file', () => {
  it('keeps its synthesis for export, replay and resume, and counts the words again when the stored synthesis does not fit the answers', async () => {
    const dir = tempDir();
    for (const argv of [
      ['How should a small team pick a database?', '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--seed', '2'],
      ['How should a library decide what to digitise first?', '--protocol', 'council', '--models', 'openai:a,anthropic:b,xai:c,google:e', '--seed', '1'],
    ]) {
      const t = await generated(argv);
      const file = join(dir, 'run.json');
      writeFileSync(file, JSON.stringify(t));
      expect(loadTranscript(file).result).toEqual(t.result);
      const exported = await runCli(['export', file], { env: {} });
      expect(exported.stdout).toBe(exportText(t));
      const replayed = await runCli(['replay', file, '--headless'], { env: {} });
      expect(replayed.stdout).toBe(exportText(t));
      // A stored synthesis whose groups leave out a seat that answered is not shown: the words are counted.
      const tampered: Transcript = structuredClone(t);
      const r = openResult(tampered.result)!;
      r.groups = r.groups.slice(0, 1);
      r.agreed = r.groups[0]!.members.length;
      writeFileSync(file, JSON.stringify(tampered));
      if (r.groups[0]!.members.length < t.panel.length) {
        const back = openResult(loadTranscript(file).result)!;
        expect(back.answer).toBeNull();
        const words = groupsByWording((t.protocol === 'council' ? t.rounds[0]! : t.rounds.at(-1)!).turns);
        expect(back.agreed).toBe(Math.max(...words.map((g) => g.members.length)));
      }
    }
  });

  it('keeps an imported page\'s stated counts when read back from its transcript file', () => {
    const dir = tempDir();
    const t = importText(PAGE, 'page.txt');
    const file = join(dir, 'page.json');
    writeFileSync(file, JSON.stringify(t));
    expect(exportText(loadTranscript(file))).toBe(PAGE);
  });
});

const PAGE = [
  'AI Roundtable Open Debate · 3 models',
  'How should a small team pick a database?',
  'Answer: Start with Postgres and revisit later. (2 of 3 models agreed)',
  'Counterpoint: SQLite is simpler for a single app.',
  'Model Responses',
  'GPT-5.4',
  'Answer: Use Postgres.',
  'It does almost everything.',
  '',
  'It is well understood.',
  'Claude Opus 4.6 (changed mind)',
  'Answer: Use Postgres.',
  'GPT-5.4 persuaded me.',
  'Grok 4.1 Fast',
  'Answer: Use SQLite.',
  'One file, no server.',
  'Final Summary',
  'Two of three chose Postgres.',
  'Key Turning Points',
  '- Claude moved to Postgres.',
  '',
].join('\n');

describe('reading an Open Debate page', () => {
  const page = PAGE;

  it('reads the answers, the changed mind, the synthesis line and its counts', () => {
    const t = importText(page, 'page.txt');
    expect(t.open).toBe(true);
    expect(t.mode).toBe('debate');
    expect(t.panel.map((p) => [p.name, p.model])).toEqual([
      ['GPT-5.4', 'openai:gpt-5.4'],
      ['Claude Opus 4.6', 'anthropic:claude-opus-4-6'],
      ['Grok 4.1 Fast', 'xai:grok-4-1-fast-reasoning'],
    ]);
    expect(t.rounds[0]!.turns.map((x) => [x.answer, x.changed])).toEqual([
      ['Use Postgres.', false],
      ['Use Postgres.', true],
      ['Use SQLite.', false],
    ]);
    expect(t.rounds[0]!.turns[0]!.argument).toBe('It does almost everything.\n\nIt is well understood.');
    expect(t.result).toEqual({ label: 'Agreement', answer: 'Start with Postgres and revisit later.', agreed: 2, panelSize: 3, counterpoint: 'SQLite is simpler for a single app.', groups: [] });
    expect(t.judgement).toMatchObject({ answer: 'Start with Postgres and revisit later.', summary: 'Two of three chose Postgres.', turningPoints: ['Claude moved to Postgres.'] });
    expect(exportText(t)).toBe(page);
  });

  it.each([
    ['"All 3 models agreed"', 'Answer: X. (All 3 models agreed)', { label: 'All agreed', agreed: 3 }],
    ['"no agreement; largest position 1 of 3"', 'Answer: X. (no agreement; largest position 1 of 3)', { label: 'No agreement', agreed: 1 }],
    ['a tie read as no agreement', 'Answer: X. (no agreement; largest position 2 of 3)', { label: 'No agreement', agreed: 2 }],
    ['every model worded "3 of 3"', 'Answer: X. (3 of 3 models agreed)', { label: 'All agreed', agreed: 3 }],
    ['one model worded "1 of 3"', 'Answer: X. (1 of 3 models agreed)', { label: 'No agreement', agreed: 1 }],
    ['"agreed on" a position', 'Answer: X. (2 of 3 models agreed on building)', { label: 'Agreement', agreed: 2 }],
  ])('reads %s, and gives the page back as it was', (_name, line, expected) => {
    const text = page.replace(/^Answer: Start.*$/m, line);
    const t = importText(text, 'page.txt');
    expect(t.result).toMatchObject({ ...expected, panelSize: 3, answer: 'X.' });
    expect(exportText(t)).toBe(text);
  });

  it.each([
    ['a count over the models', (p: string) => p.replace('(2 of 3 models agreed)', '(4 of 3 models agreed)'), /page\.txt line 3: the answer line says 4 of 3 models agreed/],
    ['a count for another panel', (p: string) => p.replace('(2 of 3 models agreed)', '(All 4 models agreed)'), /line 3: the answer line counts 4 models, but the header announces 3/],
    ['an answer line without counts', (p: string) => p.replace(' (2 of 3 models agreed)', ''), /line 3: expected "Answer: <synthesis> \(All N models agreed\)"/],
    ['a response missing', (p: string) => p.replace('Open Debate · 3 models', 'Open Debate · 4 models').replace('2 of 3 models', '2 of 4 models'), /the header announces 4 models, but the page holds 3 responses/],
    ['a name twice', (p: string) => p.replace('Grok 4.1 Fast\n', 'GPT-5.4\n'), /the debater "GPT-5.4" has a second response here/],
    ['no "Model Responses"', (p: string) => p.replace('Model Responses\n', ''), /line 5: expected "Model Responses"/],
    ['a ballot on a debate page', (p: string) => p.replace('Answer: Use SQLite.\n', 'Answer: Use SQLite.\nRanked: GPT-5.4 > Claude Opus 4.6\n'), /a "Ranked:" line belongs to a council page/],
  ])('refuses %s, naming the line', (_name, change, message) => {
    expect(() => importText(change(page), 'page.txt')).toThrow(message);
  });
});

describe('Markdown of an open run', () => {
  it('leads with the synthesis and how many agreed, lists the positions, and gives each answer with its changed mind', async () => {
    const t = await generated(['How should a small team pick a database?', '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--rounds', '3', '--seed', '2']);
    const md = exportMarkdown(t);
    const r = openResult(t.result)!;
    expect(md).toContain(`**Answer:** ${r.answer}`);
    expect(md).toMatch(/Open Debate · 4 debaters · 3 rounds · complete · mock/);
    expect(md).toMatch(/## Positions\n\nThe positions, as the judge grouped the final answers\.\n\n- \*\*\d\*\* — /);
    expect(md).not.toMatch(/## Options|no vote/);
    expect(md).toMatch(/### a\n\n\*\*Answer:\*\* /);
    if (t.rounds.some((round) => round.turns.some((x) => x.changed))) expect(md).toMatch(/### \w \(changed mind\)\n\n\*\*Answer:\*\*/);
    expect(md).toMatch(/## Judge's summary\n\n> On "How should a small team pick a database\?"/);
  });
});
