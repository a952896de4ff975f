// JSON.parse's error, said in a few words with a line and column: V8's own message can quote the
// file over several lines (`Unexpected token 'N', ..."cyMs": NaN,\n  "b"... is not valid JSON`),
// which is neither one sentence nor safe to print.

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/** Where V8's message puts the error: an offset, or null when it does not say. */
function errorOffset(message: string, text: string): number | null {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  // `Unexpected token 'N', ..."excerpt"... is not valid JSON`: V8 shows up to 10 characters on
  // each side of the token; without the leading "..." the excerpt starts the text.
  const excerpt = /^Unexpected token .*?, (\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (excerpt) {
    const start = excerpt[1] ? text.indexOf(excerpt[2]!) : 0;
    if (start < 0) return null;
    if (excerpt[1]) return start + 10;
    const token = /^Unexpected token '(.+?)'/.exec(message)?.[1];
    const at = token ? text.indexOf(token) : -1;
    return at >= 0 ? at : null;
  }
  return null;
}

/** `unexpected "N" on line 3, column 16`, in one line whatever the file holds. */
export function describeJsonError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const lc = /line (\d+) column (\d+)/.exec(message);
  const offset = errorOffset(message, text);
  const where = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : offset === null ? null : lineColumn(text, offset);
  const token = /^Unexpected token '(.+?)'/.exec(message)?.[1];
  const what = /Unexpected end of JSON input/.test(message)
    ? 'it ends too early'
    : token !== undefined
      ? `unexpected ${JSON.stringify(token)}`
      : (/^[^\n(]*?(?= in JSON| is not valid|\(|$)/.exec(message)?.[0] ?? 'a syntax error').trim().replace(/^./, (c) => c.toLowerCase()) || 'a syntax error';
  return where ? `${what} on line ${where.line}, column ${where.column}` : what;
}
