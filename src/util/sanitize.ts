// Model output is untrusted text. Before it reaches a terminal or a text export, escape sequences
// (CSI, OSC, DCS …) and control characters are removed (newlines and tabs are kept), and so is
// anything shaped like a key.
import stripAnsi from 'strip-ansi';
import { redactSecrets } from './redact.js';

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

/** A duration for people: 1234 → "1.2 s"; unknown → "". */
export function formatSeconds(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(1)} s`;
}
