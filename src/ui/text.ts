// Every string the screen shows from a model, a panel file or a transcript goes through here:
// escape sequences and control characters removed (sanitizeText), secrets masked, tabs made
// spaces so Ink measures what the terminal draws.
import { formatSeconds, sanitizeLine, sanitizeText } from '../util/sanitize.js';

/** Multi-line text, safe to draw: paragraphs kept, runs of blank lines squeezed. */
export function clean(text: string): string {
  return sanitizeText(text)
    .replace(/\t/g, '    ')
    .replace(/[ \u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** One line of text, safe to draw: every run of whitespace becomes one space. */
export const cleanLine = sanitizeLine;

export const seconds = formatSeconds;

const OPTION_COLORS = ['green', 'red', 'blue', 'yellow', 'magenta', 'cyan'] as const;
export type OptionColor = (typeof OPTION_COLORS)[number];

/** A steady colour per option, by its position: Yes green, No red, then blue, yellow… */
export function optionColor(index: number): OptionColor {
  return OPTION_COLORS[((index % OPTION_COLORS.length) + OPTION_COLORS.length) % OPTION_COLORS.length] ?? 'green';
}
