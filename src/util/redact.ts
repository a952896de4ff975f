// Secrets stay in the environment. Everything roundtable writes (transcripts, stdout, stderr,
// error messages) passes through redactSecrets, which masks key-shaped strings and the values of
// every key variable that is set.
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
  if (value && value.length >= 6) knownSecrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) out = out.split(secret).join('[redacted]');
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}
