// Open questions in the transcript schema and the result helpers: what is accepted, what is
// refused and why, and the result line.
import { describe, expect, it } from 'vitest';
import {
  agreementPhrase,
  closedJudgement,
  closedResult,
  computeOpenResult,
  formatOpenResult,
  formatResult,
  groupsByWording,
  isOpenJudgement,
  isOpenResult,
  openLabel,
  openResult,
} from '../src/core/result.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { formatZodIssues, transcriptField } from '../src/util/zod-issues.js';

const panel = [
  { id: 'a', name: 'Ada', model: 'openai:a' },
  { id: 'b', name: 'Bo', model: 'anthropic:b' },
  { id: 'c', name: 'Cy', model: 'xai:c' },
];

function openTranscript(): Transcript {
  return {
    format: 'roundtable-transcript',
    version: 1,
    id: 'open-1',
    motion: 'How should a small team pick a database?',
    options: [],
    open: true,
    mode: 'debate',
    status: 'complete',
    source: 'mock',
    startedAt: null,
    finishedAt: null,
    panel,
    judge: { name: 'Judge', model: 'openai:j' },
    rounds: [
      {
        number: 1,
        turns: panel.map((p, i) => ({
          debater: p.id,
          vote: null,
          answer: ['Use Postgres.', 'Use SQLite first.', 'Use Postgres.'][i]!,
          argument: 'Because.',
          previousVote: null,
          changed: false,
          latencyMs: null,
          usage: null,
          error: null,
        })),
      },
    ],
    result: { label: 'Agreement', answer: 'Start with Postgres.', agreed: 2, panelSize: 3, counterpoint: 'SQLite is enough at first.', groups: [{ answer: 'Postgres', members: ['a', 'c'] }, { answer: 'SQLite', members: ['b'] }] },
    judgement: { answer: 'Start with Postgres.', groups: [{ answer: 'Postgres', members: ['a', 'c'] }, { answer: 'SQLite', members: ['b'] }], counterpoint: 'SQLite is enough at first.', summary: 'Two of three chose Postgres.', turningPoints: [] },
  };
}

const problems = (t: unknown) => {
  const parsed = TranscriptSchema.safeParse(t);
  return parsed.success ? null : formatZodIssues(parsed.error.issues, transcriptField);
};

describe('the open transcript schema', () => {
  it('accepts an open transcript and keeps its answers, result and synthesis', () => {
    const t = TranscriptSchema.parse(openTranscript());
    expect(t.open).toBe(true);
    expect(t.rounds[0]!.turns.map((x) => x.answer)).toEqual(['Use Postgres.', 'Use SQLite first.', 'Use Postgres.']);
    expect(isOpenResult(t.result!)).toBe(true);
    expect(isOpenJudgement(t.judgement!)).toBe(true);
    expect(closedResult(t.result)).toBeNull();
    expect(closedJudgement(t.judgement)).toBeNull();
    expect(openResult(t.result)?.agreed).toBe(2);
  });

  it('accepts an open result with no groups (an imported page says only the count) and no synthesis', () => {
    const t = openTranscript();
    t.result = { label: 'No agreement', answer: null, agreed: 1, panelSize: 3, counterpoint: null, groups: [] };
    t.judgement = null;
    expect(problems(t)).toBeNull();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = any;
  const refusals: [string, (t: Loose) => void, RegExp][] = [
    ['options in an open question', (t) => (t.options = ['Yes', 'No']), /"options" should be empty in an open question/],
    ['a vote in an open question', (t) => (t.rounds[0]!.turns[0]!.vote = 'Yes'), /"rounds\[0\]\.turns\[0\]\.vote" should be null in an open question/],
    ['a group member not on the panel', (t) => (t.result.groups[1].members = ['zed']), /"result\.groups\[1\]\.members\[0\]" names "zed", who is not on the panel/],
    ['a seat in two groups', (t) => (t.result.groups[1].members = ['a']), /names "a" again; each seat is in one group at most/],
    ['a seat twice in one group', (t) => ((t.result.groups = [{ answer: 'x', members: ['a', 'a'] }]), (t.result.agreed = 2)), /names "a" again/],
    ['agreed that is not the largest group', (t) => (t.result.agreed = 3), /"result\.agreed" is 3, but the largest group has 2 members/],
    ['agreed over the panel', (t) => ((t.result.agreed = 4), (t.result.groups = [])), /"result\.agreed" is 4, more than the panel's 3/],
    ['a closed label on an open question', (t) => (t.result = { label: 'Majority', winner: 'Yes', tally: { Yes: 2 }, validVotes: 2, panelSize: 3 }), /"result\.label" is "Majority", a label for a question with options, but this transcript is open/],
    ['a synthesis member not on the panel', (t) => (t.judgement.groups[0].members = ['Ada']), /"judgement\.groups\[0\]\.members\[0\]" names "Ada", who is not on the panel/],
    ['an unknown open label', (t) => (t.result.label = 'Consensus'), /"result\.label"/],
    ['a closed write-up on an open question', (t) => (t.judgement = { summary: 's', strongestArguments: {}, turningPoints: [] }), /"judgement" is a write-up of options, but this transcript is open/],
  ];
  it.each(refusals)('refuses %s, naming the field', (_name, change, message) => {
    const t: Loose = structuredClone(openTranscript());
    change(t);
    expect(problems(t)).toMatch(message);
  });

  it('refuses an open result in a closed transcript, and a closed transcript still needs two options', () => {
    const t: any = openTranscript();
    delete t.open;
    t.options = ['Yes'];
    const said = problems(t)!;
    expect(said).toMatch(/"options" should hold at least 2 items/);
    expect(said).toMatch(/"result\.label" is "Agreement", a label for an open question, but this transcript is not open/);
  });

  it('still names the wrong field of a closed judgement (the union does not hide it)', () => {
    const t: any = openTranscript();
    delete t.open;
    t.options = ['Yes', 'No'];
    t.rounds[0].turns.forEach((x: any) => delete x.answer);
    t.result = null;
    t.judgement = { summary: 3, strongestArguments: {}, turningPoints: [] };
    expect(problems(t)).toBe('the field "judgement.summary" should be a string, not a number');
  });
});

describe('the open result', () => {
  it.each([
    [[4], 4, 'All agreed'],
    [[1], 1, 'All agreed'],
    [[3, 2, 1], 6, 'Agreement'],
    [[3, 3], 6, 'No agreement'],
    [[2, 2, 1], 5, 'No agreement'],
    [[1, 1, 1], 3, 'No agreement'],
    [[2, 1, 1, 1], 5, 'Agreement'],
    [[], 3, 'No agreement'],
    [[3], 4, 'Agreement'],
  ] as const)('groups of %j on a panel of %i are "%s"', (sizes, panelSize, label) => {
    expect(openLabel(sizes, panelSize)).toBe(label);
  });

  it('orders the groups largest first and counts agreed as the largest', () => {
    const r = computeOpenResult([{ answer: 'x', members: ['a'] }, { answer: 'y', members: ['b', 'c'] }, { answer: 'z', members: [] }], 3, 'Y.', null);
    expect(r.groups.map((g) => g.answer)).toEqual(['y', 'x']);
    expect(r).toMatchObject({ label: 'Agreement', agreed: 2, panelSize: 3, answer: 'Y.' });
  });

  it.each([
    [{ label: 'All agreed', agreed: 4, panelSize: 4 }, 'All 4 models agreed'],
    [{ label: 'Agreement', agreed: 3, panelSize: 6 }, '3 of 6 models agreed'],
    [{ label: 'No agreement', agreed: 2, panelSize: 6 }, 'No agreement (largest position 2 of 6)'],
    [{ label: 'No agreement', agreed: 1, panelSize: 5 }, 'No agreement (largest position 1 of 5)'],
    [{ label: 'All agreed', agreed: 1, panelSize: 1 }, 'All 1 model agreed'],
  ] as const)('%j reads "%s"', (result, phrase) => {
    expect(agreementPhrase(result)).toBe(phrase);
  });

  it('leads the result line with the count and the synthesis, cleaned for a terminal', () => {
    const r = computeOpenResult([{ answer: 'p', members: ['a', 'b', 'c'] }], 3, 'Pick \u001b[31mPostgres\u0007.', null);
    expect(formatOpenResult(r)).toBe('All 3 models agreed — Pick Postgres.');
    expect(formatResult(r)).toBe(formatOpenResult(r));
  });

  it('says when there is no synthesis, and counts only answers in the same words', () => {
    const groups = groupsByWording([
      { debater: 'a', answer: 'Use Postgres.' },
      { debater: 'b', answer: '  use postgres ' },
      { debater: 'c', answer: 'Use SQLite' },
      { debater: 'd', answer: null },
    ]);
    expect(groups).toEqual([{ answer: 'Use Postgres.', members: ['a', 'b'] }, { answer: 'Use SQLite', members: ['c'] }]);
    expect(formatOpenResult(computeOpenResult(groups, 4, null, null))).toBe('No synthesis (no judge) — 2 of 4 models gave the same answer');
    expect(formatOpenResult(computeOpenResult(groupsByWording([{ debater: 'a', answer: 'x' }, { debater: 'b', answer: 'y' }]), 2, null, null))).toBe(
      'No synthesis (no judge) — every answer differs',
    );
  });
});
