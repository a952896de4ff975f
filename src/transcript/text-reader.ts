// A page of text read line by line, for the readers of the roundtable text format (debate pages and
// open-question pages alike): lines cleaned for a terminal, errors that name the file and line, and
// notes on what was read by a rule for pages.
import { PRESETS } from '../core/seat.js';
import type { PanelMember } from '../core/schema.js';
import { UsageError } from '../util/errors.js';
import { slugify } from '../util/slug.js';
import { sanitizeText } from '../util/sanitize.js';

/**
 * Spaces a browser puts in copied text (no-break, narrow no-break, thin, figure, ideographic…): the
 * format's fixed lines are matched with plain spaces in their place. Each is one UTF-16 unit, as a
 * plain space is, so a line's offsets are the same in both forms.
 */
const OTHER_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** A line with the other spaces a browser copies made plain spaces (the same length). */
export const plainSpaces = (line: string): string => line.replace(OTHER_SPACES, ' ');

/**
 * Zero-width marks a browser's copy leaves at the ends of a line (a zero-width space, a word joiner,
 * a byte-order mark out of place): dropped from both ends, so "Options\u200B" is the heading. Joiners
 * that shape text (U+200C, U+200D: Persian, emoji) are kept.
 */
const EDGE_MARKS = /^[\u200B\u2060\uFEFF]+|[\u200B\u2060\uFEFF]+$/g;
const HAS_EDGE_MARK = /^[\u200B\u2060\uFEFF]|[\u200B\u2060\uFEFF]$/;
export const withoutEdgeMarks = (line: string): string => (HAS_EDGE_MARK.test(line) ? line.replace(EDGE_MARKS, '') : line);

export class TextReader {
  /** The lines as the format's fixed lines are matched: other spaces made plain spaces. */
  readonly lines: string[];
  /** The lines as written, for free text (arguments, answers, summaries, the motion): a no-break space in them is kept. */
  readonly raw: string[];
  /** What was read by a rule for pages, or could not be checked, by line. */
  private readonly noted: { index: number; message: string }[] = [];

  constructor(
    text: string,
    readonly path: string,
  ) {
    // sanitizeText also turns \r\n and lone \r into \n, so line numbers match what an editor shows.
    this.raw = sanitizeText(text.replace(/^\uFEFF/, '')).split('\n').map(withoutEdgeMarks);
    this.lines = this.raw.map(plainSpaces);
  }

  /** Free text of a line as written, from `start` (an offset found in the matched line: the same in both). */
  text(index: number, start = 0): string {
    return (this.raw[index] ?? '').slice(start).trimEnd();
  }

  /** A line with trailing spaces removed, for matching the format's fixed lines. */
  at(index: number): string {
    return (this.lines[index] ?? '').trimEnd();
  }

  fail(index: number, message: string): never {
    throw new UsageError(`${this.path} line ${Math.min(index, this.lines.length - 1) + 1}: ${message}.`);
  }

  /** How a line is quoted in an error: short, or "the end of the file". */
  found(index: number): string {
    if (index >= this.lines.length) return 'the end of the file';
    const line = this.lines[index]!.trim();
    return `"${line.length > 60 ? `${line.slice(0, 59)}…` : line}"`;
  }

  note(index: number, message: string): void {
    this.noted.push({ index: Math.min(index, this.lines.length - 1), message });
  }

  /** The notes in the order of their lines, one line each: "<path> line <n>: …". */
  get notes(): string[] {
    return [...this.noted].sort((a, b) => a.index - b.index).map((n) => `${this.path} line ${n.index + 1}: ${n.message}.`);
  }

  expect(index: number, what: string): never {
    return this.fail(index, `expected ${what}, found ${this.found(index)}`);
  }

  nextNonBlank(index: number, end = this.lines.length): number {
    while (index < end && this.at(index) === '') index++;
    return index;
  }
}

/** The seed panel's names, whose models a page does not show. */
const KNOWN_MODELS = new Map(PRESETS.seed!.debaters.map((d) => [d.name.toLowerCase(), d.model]));

/**
 * The seats a page names, for both readers: each name once (a second response is refused), each
 * an id of its own (its slug, then -2, -3… on a clash), the seed panel's names with their models.
 */
export class PageSeats {
  private readonly ids = new Set<string>();
  private readonly names = new Set<string>();

  constructor(private readonly r: TextReader) {}

  /** The seat named `name` by the response at line `index`. */
  named(index: number, name: string): PanelMember {
    const key = name.toLowerCase();
    if (this.names.has(key)) this.r.fail(index, `the debater "${name}" has a second response here; each debater answers once`);
    this.names.add(key);
    return { id: this.id(name), name, model: KNOWN_MODELS.get(key) ?? null };
  }

  /** An id of its own for `name`. */
  id(name: string): string {
    const base = slugify(name);
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }
}
