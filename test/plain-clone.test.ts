// The transcript snapshots the engine hands its listeners: a deep copy of plain data, the same as
// structuredClone gives for it, that shares nothing a listener could change.
import { describe, expect, it } from 'vitest';
import { plainClone } from '../src/util/plain-clone.js';

describe('plainClone', () => {
  it('copies plain data deeply, as structuredClone does, undefined fields and own __proto__ keys kept', () => {
    const value = JSON.parse('{"a": [1, "two", null, true, {"b": {"c": [[]]}}], "__proto__": {"x": 1}, "n": -0}') as Record<string, unknown>;
    value.u = undefined;
    value.when = new Date(5);
    value.none = Object.create(null) as object;
    const copy = plainClone(value);
    expect(copy).toEqual(structuredClone(value));
    expect(Object.keys(copy)).toEqual(Object.keys(value));
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(value.when);
    expect('u' in copy).toBe(true);
    // Nothing shared that could change.
    (copy.a as unknown[]).push(5);
    ((copy.a as Record<string, unknown>[])[4]!.b as Record<string, unknown>).c = 0;
    expect(value.a).toEqual([1, 'two', null, true, { b: { c: [[]] } }]);
  });
});
