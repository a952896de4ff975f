// jsonObjectsIn (src/agents/reply.ts) hands JSON.parse only text that starts with "{": the objects
// it finds must be those it found when every candidate was parsed.
import { describe, expect, it } from 'vitest';
import { jsonObjectsIn, parseVoteReply } from '../src/agents/reply.js';

describe('jsonObjectsIn', () => {
  it('finds an object bare, padded, fenced and inside prose, most likely first', () => {
    expect(jsonObjectsIn('{"vote":"Yes","argument":"a"}')).toEqual([{ vote: 'Yes', argument: 'a' }, { vote: 'Yes', argument: 'a' }]);
    expect(jsonObjectsIn('\n\u00a0 {"a":1}\t\n')).toEqual([{ a: 1 }, { a: 1 }]);
    expect(jsonObjectsIn('Here:\n```json\n  {"a":1}\n```\nand {"b":"}{"} too')).toEqual([{ a: 1 }, { a: 1 }, { b: '}{' }]);
    expect(jsonObjectsIn('prose {"a":{"b":2}} more')).toEqual([{ a: { b: 2 } }, { b: 2 }]);
  });

  it('keeps no arrays, strings, numbers or broken objects', () => {
    for (const text of ['[{"a":1}]', '"{\\"a\\":1}"', '42', 'null', 'true', '{"a":', 'Vote: Yes\nbecause {not json}', '```\n[1]\n```', '']) {
      expect(jsonObjectsIn(text).filter((o) => !(typeof o === 'object' && o && 'a' in o && (o as { a: unknown }).a === 1))).toEqual([]);
    }
    // The array's inner object is still found by the brace scan, as before.
    expect(jsonObjectsIn('[{"a":1}]')).toEqual([{ a: 1 }]);
  });

  it('leaves parseVoteReply reading both forms', () => {
    expect(parseVoteReply('Vote: Yes\nBecause.', null, ['Yes', 'No'])).toEqual({ ok: true, vote: 'Yes', argument: 'Because.' });
    expect(parseVoteReply(' {"vote":"No","argument":"Since."} ', null, ['Yes', 'No'])).toEqual({ ok: true, vote: 'No', argument: 'Since.' });
  });
});
