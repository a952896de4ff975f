// Prompt templates live as editable files in prompts/; this fills them. Text written by models
// (and background reading) enters a prompt only through quoteMaterial: fenced by per-run markers,
// every quoted line prefixed.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { letteredOptions } from '../core/options.js';
import { notShown } from './context.js';
import { plainText } from '../util/sanitize.js';

export type TemplateName = 'debater-system' | 'opening-round' | 'later-round' | 'reask' | 'judge-system' | 'judge' | 'judge-reask'
  | 'council-rank' | 'council-rank-reask' | 'council-chair-system' | 'council-chair'
  | 'open-debater-system' | 'open-opening-round' | 'open-later-round' | 'open-reask' | 'open-judge-system' | 'open-judge' | 'open-judge-reask'
  | 'open-council-rank' | 'open-council-chair-system' | 'open-council-chair' | 'digest-system' | 'digest';

/** The most defused texts a prompt book remembers (a round's arguments, many times over). */
const DEFUSE_MEMO = 4096;

const DEFAULT_DIR = new URL('../../prompts/', import.meta.url);

export class PromptBook {
  private readonly cache = new Map<TemplateName, string>();
  /** The per-run marker that fences quoted material; model text never carries it through. */
  readonly marker: string;

  constructor(private readonly dir: URL = DEFAULT_DIR, marker?: string) {
    this.marker = marker ?? `MATERIAL-${randomBytes(6).toString('hex')}`;
  }

  template(name: TemplateName): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      text = readFileSync(new URL(`${name}.md`, this.dir), 'utf8');
      this.cache.set(name, text);
    }
    return text;
  }

  /**
   * The template with its {{placeholders}} filled, runs of blank lines made one, trimmed. A large
   * value (a round's quoted arguments) that cannot change that tidying is spliced in after it, so
   * each reader's prompt is not scanned again: the text is the same either way (filledParts).
   */
  fill(name: TemplateName, values: Record<string, string | number>): string {
    return joinParts(this.filledParts(name, values, {}));
  }

  /**
   * fill, with one value given as the parts it is made of (a round's quoted blocks and the blank
   * lines between them). The text is the same as fill with the parts joined; it comes back with
   * its parts too (the template's text around them), so that a request can be written from the
   * parts, each encoded once, instead of encoding every reader's whole prompt again.
   */
  fillParts(name: TemplateName, values: Record<string, string | number>, key: string, parts: readonly string[]): { text: string; parts: string[] } {
    const out = this.filledParts(name, values, { [key]: parts });
    return { text: joinParts(out), parts: out };
  }

  /**
   * The filled and tidied template as parts. A value that tidying would leave as it is (visible
   * ends, no run of blank lines: partsClean) stands for a mark while the template is tidied, and
   * its parts are put in the mark's place after; any other value is tidied with the template.
   */
  private filledParts(name: TemplateName, values: Record<string, string | number>, given: Record<string, readonly string[]>): string[] {
    const spliced: (readonly string[])[] = [];
    const tidy = (splice: boolean) =>
      this.template(name)
        .replace(/\{\{(\w+)\}\}/g, (whole, key: string) => {
          const parts = Object.hasOwn(given, key) ? given[key]! : key in values ? [String(values[key])] : null;
          if (!parts) return key === 'marker' ? this.marker : whole;
          const large = parts.length > 1 || (parts[0]?.length ?? 0) >= SPLICE_AT;
          if (!splice || !large || !this.partsClean(parts)) return parts.join('');
          spliced.push(parts);
          return SPLICE;
        })
        .replace(/\n{3,}/g, '\n\n')
        .trim();
    const filled = tidy(true);
    if (!spliced.length) return [filled];
    const around = filled.split(SPLICE);
    // A value held the mark itself (no prompt text does): fill it the plain way.
    if (around.length !== spliced.length + 1) return [tidy(false)];
    const out = [around[0]!];
    spliced.forEach((parts, i) => out.push(...parts, around[i + 1]!));
    return out.filter((part) => part !== '');
  }

  /** Whether tidying would leave the parts' concatenation as it is: visible ends, no run of blank lines, within or across parts. */
  private partsClean(parts: readonly string[]): boolean {
    const first = parts[0]!;
    const last = parts.at(-1)!;
    if (!first || !last || !/\S/.test(first[0]!) || !/\S/.test(last.at(-1)!)) return false;
    let run = 0;
    for (const part of parts) {
      const shape = this.shapeOf(part);
      if (shape.inner) return false;
      if (run + shape.lead >= 3) return false;
      run = shape.lead === part.length ? run + part.length : shape.trail;
    }
    return true;
  }

  /** Newlines at a part's start and end, and whether it holds three in a row: each block measured once. */
  private shapeOf(part: string): { lead: number; trail: number; inner: boolean } {
    let shape = this.shapes.get(part);
    if (shape) return shape;
    let lead = 0;
    while (lead < part.length && part[lead] === '\n') lead++;
    let trail = 0;
    while (trail < part.length - lead && part[part.length - 1 - trail] === '\n') trail++;
    shape = { lead, trail, inner: part.includes('\n\n\n') };
    // A round's blocks are kept; a large value is measured each time rather than held on to.
    if (part.length < SPLICE_AT) {
      if (this.shapes.size >= DEFUSE_MEMO * 4) this.shapes.clear();
      this.shapes.set(part, shape);
    }
    return shape;
  }

  private readonly shapes = new Map<string, { lead: number; trail: number; inner: boolean }>();

  /**
   * Quotes untrusted text as material. The text is made plain first (plainText: NFKC, invisible
   * and format characters removed, every line break a newline), the run's marker is removed from
   * it, and the fence characters are replaced; then every quoted line starts with QUOTE_PREFIX.
   * So no quoted line can start like a fence, and no fence can be forged: a fence line starts
   * with FENCE, which quoted text can no longer contain, and carries the run's marker, which it
   * cannot contain either.
   */
  quoteMaterial(label: string, text: string, hiddenWords = 0): string {
    return this.quoteNow(label, text, hiddenWords);
  }

  /**
   * quoteMaterial for a text that belongs to `owner` (a turn): every reader of a round quotes the
   * same turns under the same labels, so each block is built once and handed out again.
   */
  quoteOf(owner: object, label: string, text: string, hiddenWords = 0): string {
    let byLabel = this.quoted.get(owner);
    if (!byLabel) this.quoted.set(owner, (byLabel = new Map()));
    const known = byLabel.get(label);
    if (known && known.text === text && known.hidden === hiddenWords) return known.block;
    const block = this.quoteNow(label, text, hiddenWords);
    byLabel.set(label, { text, hidden: hiddenWords, block });
    return block;
  }

  private readonly quoted = new WeakMap<object, Map<string, { text: string; hidden: number; block: string }>>();

  private quoteNow(label: string, text: string, hiddenWords: number): string {
    const lines = this.defuse(text)
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .split('\n')
      .map((line) => (line.trim() ? `${QUOTE_PREFIX} ${line}` : QUOTE_PREFIX));
    // A text shortened to fit --max-context says so, on a line of roundtable's own.
    if (hiddenWords > 0) lines.push(`${QUOTE_PREFIX} ${notShown(hiddenWords)}`);
    const inner = lines.join('\n');
    const safeLabel = this.label(label);
    return `${FENCE} BEGIN MATERIAL ${this.marker}: ${safeLabel} ${FENCE}\n${inner}\n${FENCE} END MATERIAL ${this.marker} ${FENCE}`;
  }

  /** A name or label (from a panel file or a flag) made plain, on one line, for a prompt. */
  label(text: string): string {
    return this.defuse(text).replace(/\s+/g, ' ').trim();
  }

  // Every debater of a round quotes the same arguments: each is made plain once, not once per reader.
  private readonly defused = new Map<string, string>();

  private defuse(text: string): string {
    const known = this.defused.get(text);
    if (known !== undefined) return known;
    if (this.defused.size >= DEFUSE_MEMO) this.defused.clear();
    const out = this.defuseNow(text);
    this.defused.set(text, out);
    return out;
  }

  private defuseNow(text: string): string {
    let out = plainText(text).replace(RESERVED, (c) => (VERTICAL.test(c) ? '|' : '-'));
    const marker = new RegExp(this.marker.replace(/[^\w]/g, '\\$&'), 'gi');
    for (let before = ''; before !== out; ) {
      before = out;
      out = out.replace(marker, '');
    }
    return out;
  }
}

/** Values this long are spliced into a filled template rather than tidied with it. */
const SPLICE_AT = 4096;
/** Stands for a spliced value while the template is tidied: no template or value holds a NUL. */
const SPLICE = '\u0000splice\u0000';
/** A value that tidying would leave as it is: visible first and last characters, no run of blank lines. */
/** Parts as one string (a rope in V8: nothing is copied until it is read). */
const joinParts = (parts: readonly string[]) => {
  let text = '';
  for (const part of parts) text += part;
  return text;
};

/** Starts every fence line. Quoted text never holds it: RESERVED characters are replaced. */
export const FENCE = '\u2550\u2550\u2550\u2550\u2550';
/** Starts every quoted line, so a quoted line can never start like a fence or like the prompt's own text. */
export const QUOTE_PREFIX = '\u2503';
// Box drawing: the fence and the quote prefix are made of it.
const RESERVED = /[\u2500-\u257f]/g;
const VERTICAL = /[\u2502\u2503\u2506\u2507\u250a\u250b\u2551]/;

/** `(NAME did not answer in round N: no valid vote.)`: what a prompt says of a turn without a valid vote. */
export function silentTurnLine(name: string, round: number): string {
  return `(${name} did not answer in round ${round}: no valid vote.)`;
}

export type PromptQuote = { kind: 'material'; label: string; body: string } | { kind: 'silent'; name: string; round: number };

/**
 * The quoted blocks of a prompt (label and text, the quote prefix taken off) and its lines for
 * turns without a valid vote, in order: the inverse of quoteMaterial and silentTurnLine, for the
 * mock stand-ins, which read a prompt as a model would.
 */
export function promptQuotes(prompt: string): PromptQuote[] {
  const found: PromptQuote[] = [];
  const re = new RegExp(
    `^${FENCE} BEGIN MATERIAL [^:\\n]*: (.*?) ${FENCE}\\n([\\s\\S]*?)\\n${FENCE} END MATERIAL[^\\n]*$|^\\((.*) did not answer in round (\\d+): no valid vote\\.\\)$`,
    'gm',
  );
  for (const m of prompt.matchAll(re)) {
    if (m[3] !== undefined) found.push({ kind: 'silent', name: m[3], round: Number(m[4]) });
    else {
      const body = m[2]!
        .split('\n')
        .map((line) => line.replace(new RegExp(`^${QUOTE_PREFIX} ?`), ''))
        .join('\n');
      found.push({ kind: 'material', label: m[1]!.trim(), body: body.trim() });
    }
  }
  return found;
}

export { letteredOptions };
