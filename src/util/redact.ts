// Secrets stay in the environment. Everything roundtable writes (transcripts, stdout, stderr,
// error messages) passes through redactSecrets, which masks key-shaped strings, the values of
// every key variable that is set, and partial echoes of them (`SECRETmi****0005`, `sk-proj-ab…`).
// JSON output goes through redactDeep, which masks object keys as well as values.
const PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /sk-[A-Za-z0-9_-]{8,}/g,
  /xai-[A-Za-z0-9_-]{16,}/g,
  /AIza[0-9A-Za-z_-]{20,}/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /((?:api[_-]?)?key=)[^&\s"']{6,}/gi,
  /(x-api-key["']?\s*[:=]\s*["']?)[^"'\s,}]{6,}/gi,
];

const knownSecrets = new Set<string>();

/** Registers a secret value (an API key read from the environment) to be masked wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6 || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  // What was redacted before may now hold a secret.
  redacted.clear();
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
/** A bare fragment (no mask characters) of a key this long is masked too: a truncated key. */
const MIN_FRAGMENT = 10;

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

/** A word of at least MIN_FRAGMENT characters that is the start or the end of a configured key. */
function isFragment(word: string): boolean {
  if (word.length < MIN_FRAGMENT) return false;
  for (const secret of knownSecrets) if (word.length < secret.length && (secret.startsWith(word) || secret.endsWith(word))) return true;
  return false;
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
    out = out.replace(TOKEN, (token) => {
      // A full stop after the word is punctuation, not part of the key.
      const word = /[^.]\.$/.test(token) ? token.slice(0, -1) : token;
      return echoesSecret(word) ? `[redacted]${token.slice(word.length)}` : token;
    });
    out = out.replace(/[A-Za-z0-9_-]{10,}/g, (word) => (isFragment(word) ? '[redacted]' : word));
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
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, inner] of Object.entries(value)) {
      let safe = redactSecrets(key);
      for (let n = 2; Object.hasOwn(out, safe); n++) safe = `${redactSecrets(key)} (${n})`;
      out[safe] = redactDeep(inner);
    }
    return out;
  }
  return value;
}
