// Model output, transcript files and flags are untrusted text. Before any of it reaches a terminal
// or a text export, escape sequences (CSI, OSC, DCS …) and control characters are removed
// (newlines and tabs are kept), and so is anything shaped like a key: sanitizeText is that one
// edge. JSON output goes through jsonText instead: keys and values redacted, control characters
// escaped.
import stripAnsi from 'strip-ansi';
import { redactedJson, redactSecrets } from './redact.js';

// C0 controls except \t and \n, DEL, and the C1 range (which some terminals act on as escapes).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides can make text read differently from what it is.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text fit to show: no escape sequences, no control characters, no secrets. */
export function sanitizeText(text: string): string {
  return redactSecrets(stripAnsi(text.replace(/\r\n?/g, '\n')).replace(CONTROL, '').replace(BIDI, ''));
}

/** sanitizeText on one line: every run of whitespace, newlines included, becomes one space. */
export function sanitizeLine(text: string): string {
  return sanitizeText(text).replace(/\s+/g, ' ').trim();
}

/** sanitizeText on one line, spaces inside it kept (a label that must read back the same): newlines become one space. */
export function sanitizeInline(text: string): string {
  return sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** What JSON.stringify leaves raw but a terminal or a JavaScript parser may act on. */
// eslint-disable-next-line no-control-regex
const JSON_RAW = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/**
 * A value as JSON text for stdout or a file: every string redacted, object keys included, and
 * every control or invisible format character escaped (JSON.stringify escapes only U+0000–U+001F),
 * so the text is inert on a terminal and parses back to the same value.
 */
export function jsonText(value: unknown, indent = 2): string {
  return redactedJson(value, indent).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Invisible characters that can hide inside quoted text: format characters (zero-width space and
// joiners, bidi controls, the invisible tag characters U+E0000–U+E007F, soft hyphen, BOM…),
// variation selectors, the combining grapheme joiner and the blank Hangul fillers.
const INVISIBLE = /[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;
// Every way text can start a new line, as a model's tokenizer may read it.
const LINE_BREAKS = /\r\n|[\r\v\f\u0085\u2028\u2029]/g;

/**
 * Text made plain before it is quoted to a model: NFKC (fullwidth and other compatibility forms
 * become their plain letters), invisible characters removed, every line break a "\n", every other
 * space (tab, no-break space, ideographic space…) a plain space, then sanitizeText.
 */
export function plainText(text: string): string {
  return sanitizeText(
    text
      .normalize('NFKC')
      .replace(LINE_BREAKS, '\n')
      .replace(INVISIBLE, '')
      .replace(/[^\S\n]/g, ' '),
  );
}

/** A duration for people: 1234 → "1.2 s"; unknown → "". */
export function formatSeconds(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(1)} s`;
}
