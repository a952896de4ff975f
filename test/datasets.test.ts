// The shipped question set: every line a valid question with a known answer, and every answer
// that can be worked out here worked out independently (arithmetic, sequences, calendars).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../src/batch/spec.js';

const PATH = new URL('../datasets/basics.jsonl', import.meta.url);
const questions = parseSpec(readFileSync(PATH, 'utf8'), 'datasets/basics.jsonl');
const byId = new Map(questions.map((q) => [q.id, q]));

describe('datasets/basics.jsonl', () => {
  it('holds about 30 items with known answers: 12 arithmetic, 11 logic, 9 facts', () => {
    expect(questions).toHaveLength(32);
    for (const q of questions) expect(q.options).toContain(q.answer);
    const kinds = questions.map((q) => q.id.split('-')[0]);
    expect([kinds.filter((k) => k === 'arith').length, kinds.filter((k) => k === 'logic').length, kinds.filter((k) => k === 'fact').length]).toEqual([12, 11, 9]);
  });

  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  it.each([
    ['arith-mul', String(17 * 23)],
    ['arith-div', String(144 / 12)],
    ['arith-pow', String(2 ** 10)],
    ['arith-percent', String((15 * 80) / 100)],
    ['arith-precedence', String(7 + 8 * 3)],
    ['arith-sum', String(Array.from({ length: 20 }, (_, i) => i + 1).reduce((a, b) => a + b))],
    ['arith-sub', String(1001 - 457)],
    ['arith-fractions', String(0.25 + 1 / 8)],
    ['arith-sqrt', String(Math.sqrt(169))],
    ['arith-mul2', String(36 * 25)],
    ['arith-remainder', String(100 % 7)],
    ['arith-lcm', String((4 * 6) / gcd(4, 6))],
    ['logic-sequence', String(6 * 7)], // 1·2, 2·3, 3·4, 4·5, 5·6, then 6·7
    ['logic-weekday', days[(days.indexOf('Wednesday') + 10) % 7]!],
    ['logic-lily', String(48 - 1)], // it doubles daily, so half the day before
    ['logic-bat-ball', `$${((1.1 - 1.0) / 2).toFixed(2)}`], // ball + (ball + 1.00) = 1.10
    ['fact-hexagon', '6'],
    ['fact-triangle', '180'],
  ])('%s: the answer is %s', (id, answer) => {
    expect(byId.get(id)?.answer).toBe(answer);
  });

  it('each motion has one defensible answer among its options (no option repeats another)', () => {
    for (const q of questions) expect(new Set(q.options!.map((o) => o.toLowerCase())).size).toBe(q.options!.length);
    // "Must some cats be cars?" was answerable "No" as well as "Cannot be determined": the wording asks what follows.
    expect(byId.get('logic-some')!.motion).toMatch(/from these two facts alone/i);
  });
});
