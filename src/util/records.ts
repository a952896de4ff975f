// Records keyed by option, model or debater text. Such text may be "__proto__", "constructor" or
// "toString", so these objects have no prototype (no key answers from Object.prototype, and
// "__proto__" is an ordinary key), and reads of records from files check for own keys.

/** A record without a prototype, from entries. */
export function textRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/** The value of an own key; undefined for a missing key, never an inherited one. */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
