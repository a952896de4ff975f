// The one formatter for zod issues (transcripts, panel files, imported text): every invalid field,
// up to a handful, in one sentence.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeJsonError } from '../src/util/json-error.js';
import { MAX_NAMED_ISSUES, formatZodIssues, transcriptField } from '../src/util/zod-issues.js';

const Schema = z.object({
  id: z.string().min(1),
  rounds: z.array(z.object({ number: z.number().int().positive() })),
  mode: z.enum(['debate', 'poll']),
  format: z.literal('roundtable-transcript'),
  motion: z.string(),
  debaters: z.array(z.string()).min(2, 'needs at least two debaters'),
  seat: z.strictObject({ name: z.string() }).optional(),
});
const issuesOf = (value: unknown) => {
  const parsed = Schema.safeParse(value);
  if (parsed.success) throw new Error('the value passed');
  return parsed.error.issues;
};
const good = { id: 'x', rounds: [], mode: 'debate', format: 'roundtable-transcript', motion: 'M', debaters: ['a', 'b'] };

describe('formatZodIssues', () => {
  it.each([
    ['a wrong type', { id: 5 }, 'the field "id" should be a string, not a number'],
    ['a missing field', { motion: undefined }, 'the field "motion" is missing'],
    ['an array given as a string', { rounds: 'three' }, 'the field "rounds" should be an array, not a string'],
    ['a fraction where a whole number goes', { rounds: [{ number: 1.5 }] }, 'the field "rounds[0].number" should be a whole number, not a number'],
    ['a number out of range', { rounds: [{ number: 0 }] }, 'the field "rounds[0].number" should be more than 0'],
    ['an empty string', { id: '' }, 'the field "id" should not be empty'],
    ['an unknown enum value', { mode: 'chat' }, 'the field "mode" should be one of "debate" or "poll"'],
    ['a wrong literal', { format: 'other' }, 'the field "format" should be "roundtable-transcript"'],
    ['a message of the schema\'s own', { debaters: ['a'] }, 'the field "debaters" needs at least two debaters'],
    ['unknown fields', { seat: { name: 'A', temprature: 1, colour: 2 } }, 'the field "seat" has unknown fields "temprature", "colour"'],
    ['null where a string goes', { id: null }, 'the field "id" should be a string, not null'],
  ])('says %s', (_what, change, sentence) => {
    expect(formatZodIssues(issuesOf({ ...good, ...change }), transcriptField)).toBe(sentence);
  });

  it('names every invalid field, not only the first', () => {
    expect(formatZodIssues(issuesOf({ ...good, id: 7, rounds: 'three' }), transcriptField)).toBe(
      'the field "id" should be a string, not a number; and the field "rounds" should be an array, not a string',
    );
  });

  it(`names at most ${MAX_NAMED_ISSUES} fields and counts the rest`, () => {
    const sentence = formatZodIssues(issuesOf({ id: 1, rounds: 2, mode: 3, format: 4, motion: 5, debaters: 6, seat: 7 }), transcriptField);
    expect(sentence.match(/the field "/g)).toHaveLength(MAX_NAMED_ISSUES);
    expect(sentence).toMatch(/; and 2 more problems$/);
    expect(sentence).not.toContain('\n');
  });

  it('keeps control characters and long keys from the file out of the sentence', () => {
    const sentence = formatZodIssues(issuesOf({ ...good, seat: { name: 'A', [`\u001b]0;pwned\u0007${'k'.repeat(100)}`]: 1 } }), transcriptField);
    expect(sentence).not.toMatch(/[\u0000-\u001f]/);
    expect(sentence.length).toBeLessThan(120);
  });
});

describe('describeJsonError', () => {
  const where = (text: string) => {
    try {
      JSON.parse(text);
    } catch (err) {
      return describeJsonError(err, text);
    }
    throw new Error('parsed');
  };
  it.each([
    ['NaN deep in a file', '{\n  "a": 1,\n  "latencyMs": NaN,\n  "b": 2\n}', 'unexpected "N" on line 3, column 16'],
    ['NaN near the start', '{"a": NaN}', 'unexpected "N" on line 1, column 7'],
    ['a missing quote', '{\n  "a": 1,\n  b: 2\n}', 'expected double-quoted property name on line 3, column 3'],
    ['a cut array', '{\n  "a": [1, 2', "expected ',' or ']' after array element on line 2, column 13"],
    ['a cut file', '{\n  "a": ', 'it ends too early on line 2, column 8'],
  ])('says where: %s', (_what, text, message) => {
    expect(where(text)).toBe(message);
  });
});
