// Reading open-question replies: a seat's {answer, argument, changed} in every accepted form, and
// the judge's synthesis, refused when it breaks the rules (every seat in exactly one group, no
// unknown names, a stated count that agrees with the largest group).
import { describe, expect, it } from 'vitest';
import { MAX_ANSWER_CHARS, parseAnswerReply } from '../src/agents/open-reply.js';
import { parseSynthesisReply } from '../src/agents/synthesis-reply.js';

const A = 'Use Postgres unless you have a reason not to.';
const ARG = 'It is boring, well understood and does almost everything.';

describe('a seat reply to an open question', () => {
  it.each([
    ['bare JSON', JSON.stringify({ answer: A, argument: ARG, changed: false }), null, false],
    ['bare JSON without changed (round 1)', JSON.stringify({ answer: A, argument: ARG }), null, null],
    ['fenced JSON', `\`\`\`json\n${JSON.stringify({ answer: A, argument: ARG, changed: true }, null, 2)}\n\`\`\``, null, true],
    ['JSON inside prose', `Here is my view.\n\n${JSON.stringify({ answer: A, argument: ARG, changed: true })}\n\nThanks.`, null, true],
    ['changed as text', JSON.stringify({ answer: A, argument: ARG, changed: 'yes' }), null, true],
    ['a tool call', '', JSON.stringify({ answer: A, argument: ARG, changed: false }), false],
    ['Answer: first line', `Answer: ${A}\n\n${ARG}`, null, null],
    ['Answer: after blank lines, bold', `\n\n**Answer:** ${A}\n${ARG}`, null, null],
    ['Answer: with a Changed line', `Answer: ${A}\nChanged: yes\n\n${ARG}`, null, true],
    ['answer in another case, full-width colon', `ANSWER： ${A}\n${ARG}`, null, null],
  ])('reads %s', (_name, text, tool, changed) => {
    const parsed = parseAnswerReply(text, tool);
    expect(parsed).toEqual({ ok: true, answer: A, argument: ARG, changed });
  });

  it.each([
    ['an empty reply', '', /the reply was empty/],
    ['prose with neither form', 'I think Postgres is fine.', /neither a JSON object with "answer" and "argument" nor a first line "Answer: <one sentence>"/],
    ['a missing answer', JSON.stringify({ argument: ARG }), /needs an "answer"/],
    ['an empty answer', JSON.stringify({ answer: '  ', argument: ARG }), /gives no answer/],
    ['an answer far too long', JSON.stringify({ answer: 'word '.repeat(120), argument: ARG }), new RegExp(`characters long; give it as one sentence of at most ${MAX_ANSWER_CHARS}`)],
    ['a missing argument', JSON.stringify({ answer: A }), /non-empty "argument"/],
    ['an Answer line with no argument', `Answer: ${A}`, /an answer but no argument/],
    ['an Answer line far too long', `Answer: ${'x'.repeat(MAX_ANSWER_CHARS + 1)}\n${ARG}`, /characters long/],
    ['a vote reply', JSON.stringify({ vote: 'Yes', argument: ARG }), /needs an "answer"/],
  ])('refuses %s with the reason', (_name, text, reason) => {
    const parsed = parseAnswerReply(text, null);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('takes the first readable object when an earlier one is broken', () => {
    const text = `${JSON.stringify({ answer: '', argument: 'x' })}\n${JSON.stringify({ answer: A, argument: ARG })}`;
    expect(parseAnswerReply(text, null)).toMatchObject({ ok: true, answer: A });
  });
});

const panel = [
  { id: 'ada', label: 'Ada' },
  { id: 'bo', label: 'Bo' },
  { id: 'cy', label: 'Cy' },
  { id: 'dee', label: 'Dee' },
];
const grouped = panel.slice(0, 3); // Dee gave no final answer
const synthesis = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    answer: 'Start with Postgres.',
    groups: [
      { answer: 'Postgres', members: ['Ada', 'Cy'] },
      { answer: 'SQLite first', members: ['Bo'] },
    ],
    counterpoint: 'SQLite is enough at first.',
    summary: 'Two of three chose Postgres.',
    turningPoints: ['Bo held out.'],
    ...over,
  });

describe("the judge's synthesis", () => {
  it('is read with members as debater ids, names matched whatever their case', () => {
    const parsed = parseSynthesisReply(synthesis({ groups: [{ answer: 'Postgres', members: ['ada', ' CY '] }, { answer: 'SQLite first', members: ['Bo'] }] }), null, grouped, panel);
    expect(parsed).toEqual({
      ok: true,
      value: {
        answer: 'Start with Postgres.',
        groups: [
          { answer: 'Postgres', members: ['ada', 'cy'] },
          { answer: 'SQLite first', members: ['bo'] },
        ],
        counterpoint: 'SQLite is enough at first.',
        summary: 'Two of three chose Postgres.',
        turningPoints: ['Bo held out.'],
      },
    });
  });

  it('reads a fenced reply and a tool call, and takes a null counterpoint and a stated count that is right', () => {
    expect(parseSynthesisReply(`\`\`\`json\n${synthesis({ counterpoint: null })}\n\`\`\``, null, grouped, panel)).toMatchObject({ ok: true, value: { counterpoint: null } });
    expect(parseSynthesisReply('', synthesis({ agreed: 2 }), grouped, panel)).toMatchObject({ ok: true });
  });

  it.each([
    ['a seat left out', { groups: [{ answer: 'Postgres', members: ['Ada', 'Cy'] }] }, /Bo is in no group; every seat that answered belongs to exactly one/],
    ['a seat in two groups', { groups: [{ answer: 'Postgres', members: ['Ada', 'Cy'] }, { answer: 'SQLite', members: ['Bo', 'Ada'] }] }, /Ada is in groups 1 and 2; each seat belongs to exactly one group/],
    ['a seat twice in a group', { groups: [{ answer: 'Postgres', members: ['Ada', 'Cy', 'Ada'] }, { answer: 'SQLite', members: ['Bo'] }] }, /Ada is in group 1 twice/],
    ['an unknown name', { groups: [{ answer: 'Postgres', members: ['Ada', 'Cy'] }, { answer: 'SQLite', members: ['Bob'] }] }, /"Bob" in group 2 is not a seat on this panel/],
    ['a seat with no final answer', { groups: [{ answer: 'Postgres', members: ['Ada', 'Cy', 'Dee'] }, { answer: 'SQLite', members: ['Bo'] }] }, /Dee is in group 1, but gave no final answer/],
    ['a wrong stated count', { agreed: 3 }, /"agreed" is 3, but the largest group has 2 members/],
    ['an empty group', { groups: [{ answer: 'Postgres', members: [] }, { answer: 'SQLite', members: ['Ada', 'Bo', 'Cy'] }] }, /group 1 \("Postgres"\) needs "members"/],
    ['no groups', { groups: [] }, /"groups" must list the positions/],
    ['no answer', { answer: '' }, /"answer" must be the synthesis/],
    ['no summary', { summary: 3 }, /"summary" must be a paragraph/],
    ['a counterpoint that is not text', { counterpoint: ['x'] }, /"counterpoint" must be the strongest dissent as text, or null/],
    ['turning points that are not texts', { turningPoints: [1, 2] }, /"turningPoints" must be a list of texts/],
  ])('refuses %s, saying why', (_name, over, reason) => {
    const parsed = parseSynthesisReply(synthesis(over), null, grouped, panel);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('refuses a write-up of options and prose', () => {
    for (const text of [JSON.stringify({ summary: 's', strongestArguments: {}, turningPoints: [] }), 'The panel mostly agreed.']) {
      const parsed = parseSynthesisReply(text, null, grouped, panel);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toMatch(/holds no JSON object with "answer", "groups"/);
    }
  });
});
