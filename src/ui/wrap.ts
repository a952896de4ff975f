// Word wrapping for the cards, done here rather than by Ink so that a card can show exactly the
// first or the latest N lines of a growing text. Each line is then drawn with Ink's truncate-end,
// so if this estimate of a character's width is ever short of the terminal's, a line is cut,
// never wrapped over the next card.

const ASCII = /^[\x20-\x7e]*$/;
const WIDE =
  /[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6]|[\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{1f004}\u{1f0cf}\u{1f18e}\u{1f191}-\u{1f19a}\u{1f200}-\u{1f64f}\u{1f680}-\u{1f6ff}\u{1f7e0}-\u{1f7eb}\u{1f90c}-\u{1f9ff}\u{1fa70}-\u{1faff}\u{20000}-\u{3fffd}]/u;
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\p{Cf})+$/u;

let segmenter: Intl.Segmenter | null = null;
function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (WIDE.test(g) || /\p{Extended_Pictographic}\uFE0F|\p{Regional_Indicator}{2}/u.test(g)) return 2;
  return 1;
}

/** Columns a string takes on a terminal (an estimate for the rarer scripts). */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const g of graphemes(text)) width += graphemeWidth(g);
  return width;
}

/** Splits a word wider than `width` into pieces that fit. */
function splitWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const g of ASCII.test(word) ? word.split('') : graphemes(word)) {
    const w = graphemeWidth(g);
    if (used + w > width && piece) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += g;
    used += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** Wraps text at word boundaries into lines of at most `width` columns; paragraphs and blank lines are kept. */
export function wrapLines(text: string, width: number): string[] {
  const columns = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let used = 0;
    for (const word of paragraph.split(/[ \u00a0]+/)) {
      if (!word) continue;
      const w = displayWidth(word);
      if (w > columns) {
        if (line) lines.push(line);
        const pieces = splitWord(word, columns);
        line = pieces.pop() ?? '';
        lines.push(...pieces);
        used = displayWidth(line);
      } else if (!line) {
        line = word;
        used = w;
      } else if (used + 1 + w <= columns) {
        line += ` ${word}`;
        used += 1 + w;
      } else {
        lines.push(line);
        line = word;
        used = w;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * At most `count` lines of the wrapped text: the first ones (with an ellipsis when text was left
 * out) or the latest ones.
 */
export function clipLines(text: string, width: number, count: number, keep: 'head' | 'tail'): string[] {
  if (count <= 0) return [];
  const lines = wrapLines(text.replace(/^\n+|\n+$/g, ''), width);
  if (lines.length <= count) return lines;
  if (keep === 'tail') return lines.slice(-count);
  const head = lines.slice(0, count);
  const last = head[count - 1] ?? '';
  head[count - 1] = displayWidth(last) + 1 <= width ? `${last}…` : `${last.slice(0, Math.max(0, last.length - 2)).trimEnd()}…`;
  return head;
}
