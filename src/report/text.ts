// Every piece of text on the page comes from a transcript, so from a model or a file: untrusted. It is
// cleaned the way every other output edge cleans it (no escape sequences, control characters, bidi
// overrides or keys: src/util/sanitize.ts), then escaped for HTML.
import { sanitizeInline, sanitizeText } from '../util/sanitize.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escaped text (for element content and quoted attribute values). The text must already be clean. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** One line of untrusted text, cleaned: fit for a label in a chart (the chart library escapes it). */
export const clean = (text: string): string => sanitizeInline(text);

/** One line of untrusted text, cleaned and escaped for HTML. */
export const inline = (text: string): string => escapeHtml(sanitizeInline(text));

/** Untrusted prose, cleaned and escaped, as paragraphs (blank lines) with line breaks kept. */
export function prose(text: string): string {
  const paragraphs = sanitizeText(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
}

/** A value fit for an id or a fragment link: letters, digits and hyphens. */
export const anchor = (prefix: string, n: number): string => `${prefix}-${n}`;
