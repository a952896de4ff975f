// Secrets stay in the environment. Everything roundtable writes (transcripts, stdout, stderr,
// error messages) passes through redactSecrets, which masks the values of every key variable that
// is set, any piece of 10 or more characters of one wherever it appears, partial echoes of them
// (`SECRETmi****0005`, `sk-proj-ab…`), and strings of the providers' real key shapes standing as a
// word of their own (`task-management-suite` or a model id with `xai-` in it is no key).
// JSON output goes through redactDeep, which masks object keys as well as values.

/** Not preceded by a character a key can hold: a key shape starts a word of its own. */
const START = '(?<![A-Za-z0-9_-])';
/** Not followed by one: the shape is the whole word. */
const END = '(?![A-Za-z0-9_-])';
/**
 * The providers' key shapes (docs/reliability.md): OpenAI's `sk-proj-`, `sk-svcacct-` and
 * `sk-admin-` keys, Anthropic's `sk-ant-api03-` (and `-admin01-`, `-oat01-`), OpenRouter's
 * `sk-or-v1-`; the plain `sk-` + 32 or more letters and digits of OpenAI's older keys, DeepSeek
 * (32 hex) and Moonshot (48); xAI's `xai-` + 80 letters and digits; Google's `AIza` + 35.
 * Mistral's keys (32 letters and digits, no prefix) have no shape to tell them from a hash:
 * only the configured value is masked.
 */
const SHAPES: RegExp[] = [
  new RegExp(`${START}sk-(?:proj|svcacct|admin|ant-[a-z]+\\d{2}|or-v\\d+)-[A-Za-z0-9_-]{20,}`, 'g'),
  new RegExp(`${START}sk-[A-Za-z0-9]{32,}${END}`, 'g'),
  new RegExp(`${START}xai-[A-Za-z0-9]{40,}${END}`, 'g'),
  new RegExp(`${START}AIza[0-9A-Za-z_-]{30,}${END}`, 'g'),
];
/** A key named as such: what follows `Bearer`, `key=`, `x-api-key:` is masked whatever its shape. */
const LABELLED: RegExp[] = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /((?:api[_-]?)?key=)[^&\s"']{6,}/gi,
  /(x-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]{6,}/gi,
];
const PATTERNS: RegExp[] = [...SHAPES, ...LABELLED];

const knownSecrets = new Set<string>();

/** Registers a secret value (an API key read from the environment) to be masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6 || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  // What was redacted before may now hold a secret.
  redacted.clear();
  fragments = null;
}

/**
 * Texts already redacted, with what they became: a transcript is written again after every round,
 * and its strings are the same as last time. Cleared when a secret is registered.
 */
const redacted = new Map<string, string>();
const MEMO_ENTRIES = 50_000;
/** Longer texts are redacted every time rather than kept. */
const MEMO_CHARS = 65_536;

/** A word that may be a masked key as providers echo it (`SECRETmi****0005`): matched in one linear pass. */
const TOKEN = /[A-Za-z0-9_\-*•….]+/g;
/** The masking run inside such a word. */
const MASK = /[*•]{3,}|[xX]{3,}|…|\.{3,}/;
/** Visible characters of a key needed before a partial echo counts as one. */
const MIN_PARTIAL = 4;
/** A bare fragment (no mask characters) of a key this long is masked too: a truncated key, or a piece of its middle. */
const MIN_FRAGMENT = 10;
/** The different characters a fragment needs to count as one. */
const MIN_VARIETY = 5;

const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};
const commonSuffix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
};

/** Whether a masked token (`SECRETmi****0005`) shows a recognisable head or tail of a configured key. */
function echoesSecret(token: string): boolean {
  const masks = MASK.exec(token);
  if (!masks) return false;
  const head = token.slice(0, masks.index);
  const tail = token.slice(masks.index + masks[0].length).replace(/^.*(?:[*•]{3,}|[xX]{3,}|…|\.{3,})/, '').replace(/\.+$/, '');
  for (const secret of knownSecrets) {
    if (head.length >= MIN_PARTIAL && secret.startsWith(head)) return true;
    if (tail.length >= MIN_PARTIAL && secret.endsWith(tail)) return true;
    if (head.length >= 2 && tail.length >= 2 && commonPrefix(head, secret) === head.length && commonSuffix(tail, secret) === tail.length) return true;
  }
  return false;
}

/**
 * Every MIN_FRAGMENT-character piece of the configured keys, and a pattern for the runs of text
 * made only of characters keys hold (only those runs can carry a piece): built when first needed
 * after a key is registered.
 */
let fragments: { pieces: Set<string>; runs: RegExp } | null = null;

function fragmentIndex(): { pieces: Set<string>; runs: RegExp } | null {
  if (fragments) return fragments;
  const pieces = new Set<string>();
  const chars = new Set<string>();
  for (const secret of knownSecrets) {
    if (secret.length <= MIN_FRAGMENT) continue;
    for (let i = 0; i + MIN_FRAGMENT <= secret.length; i++) {
      const piece = secret.slice(i, i + MIN_FRAGMENT);
      // A piece with little variety ("0000000000" of a test key) says nothing of the key, and
      // would mask ordinary runs of text.
      if (new Set(piece).size >= MIN_VARIETY) pieces.add(piece);
    }
    for (const c of secret) chars.add(c);
  }
  if (!pieces.size) return null;
  const cls = [...chars].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
  fragments = { pieces, runs: new RegExp(`[${cls}]{${MIN_FRAGMENT},}`, 'gu') };
  return fragments;
}

/** Masks every stretch of a run that is made of MIN_FRAGMENT-character pieces of a configured key. */
function maskPieces(run: string, pieces: Set<string>): string {
  let out = '';
  let from = 0;
  // The end of the stretch being masked (exclusive), -1 when none.
  let end = -1;
  let start = 0;
  for (let i = 0; i + MIN_FRAGMENT <= run.length; i++) {
    if (!pieces.has(run.slice(i, i + MIN_FRAGMENT))) continue;
    if (i > end) {
      if (end >= 0) {
        out += `${run.slice(from, start)}[redacted]`;
        from = end;
      }
      start = i;
    }
    end = i + MIN_FRAGMENT;
  }
  if (end < 0) return run;
  return `${out}${run.slice(from, start)}[redacted]${run.slice(end)}`;
}

export function redactSecrets(text: string): string {
  const known = redacted.get(text);
  if (known !== undefined) return known;
  const out = redactNow(text);
  if (text.length <= MEMO_CHARS) {
    if (redacted.size >= MEMO_ENTRIES) redacted.clear();
    redacted.set(text, out);
  }
  return out;
}

function redactNow(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]');
  if (knownSecrets.size) {
    // Only a word with a masking run in it can echo a key: a text without one (most) is not split into words.
    if (MASK.test(out)) {
      out = out.replace(TOKEN, (token) => {
        // A full stop after the word is punctuation, not part of the key.
        const word = /[^.]\.$/.test(token) ? token.slice(0, -1) : token;
        return echoesSecret(word) ? `[redacted]${token.slice(word.length)}` : token;
      });
    }
    const index = fragmentIndex();
    if (index) out = out.replace(index.runs, (run) => maskPieces(run, index.pieces));
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}

/**
 * A copy of a JSON value with every string redacted: object keys as well as values. Objects come
 * back without a prototype, so a key such as "__proto__" stays an ordinary key. Two keys that
 * redact to the same text are both kept, numbered.
 */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object') return withRedactedKeys(value, redactDeep);
  return value;
}

/** A prototype-less copy of an object with its keys redacted (two that redact alike numbered), each value through `inner`. */
function withRedactedKeys(value: object, inner: (value: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    let safe = redactSecrets(key);
    for (let n = 2; Object.hasOwn(out, safe); n++) safe = `${redactSecrets(key)} (${n})`;
    out[safe] = inner(item);
  }
  return out;
}

const keep = (value: unknown) => value;

/**
 * JSON.stringify(redactDeep(value), null, indent) without making the copy first: strings are
 * redacted as they are written. A plain object or array is written as it is unless one of its keys
 * needs redacting (then as a copy with its keys redacted); anything else (a Date, a Map, an object
 * with toJSON) is written as redactDeep copies it. A transcript is written after every round, and
 * at 1,000 seats the copy was as large as the transcript.
 */
export function redactedJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, redactingReplacer, indent);
}

function redactingReplacer(this: unknown, key: string, value: unknown): unknown {
  // The value before JSON.stringify called any toJSON: what redactDeep would have copied (a Date
  // as {}, as before; an object whose toJSON would give text is written as its redacted copy).
  const raw = (this as Record<string, unknown>)[key];
  if (raw !== value) return redactDeep(raw);
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null && proto !== Array.prototype) return redactDeep(value);
  if (Array.isArray(value)) return value;
  for (const name of Object.keys(value)) if (redactSecrets(name) !== name) return withRedactedKeys(value, keep);
  return value;
}
