// A deep copy of plain data (what JSON holds: objects, arrays, strings, numbers, booleans, null;
// undefined fields kept): the engine hands listeners a snapshot of the transcript after every
// round, and structuredClone, which serialises and reads back everything it copies (strings
// included), took three times as long at 1,000 seats. Strings are shared, not copied (they cannot
// change). Anything else (a Date, a Map, a class instance) is copied by structuredClone; plain data
// holds no cycles, and a value reached twice is copied twice.
export function plainClone<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key]);
    // An own "__proto__" (a parsed file can hold one) stays an ordinary key, as structuredClone keeps it.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
