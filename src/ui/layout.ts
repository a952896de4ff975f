// How the live screen is divided: how many cards share a row, how wide each is, and how many
// lines of argument a card may show, so that 2 to 12 debaters fit the terminal. The live part of
// an Ink screen must stay shorter than the terminal: a taller frame makes Ink clear the screen
// (and the scrollback) on every redraw.

export interface CardLayout {
  /** Cards per row. */
  perRow: number;
  /** Width of one card, border included. */
  cardWidth: number;
  /** Columns between two cards of a row. */
  gap: number;
  /** A bordered card (roomy) or a compact one (a title line, then indented text). */
  bordered: boolean;
  /** Lines of argument shown in a card; the latest ones while streaming. */
  textLines: number;
}

export const MAX_TEXT_LINES = 8;
const GAP = 1;

/** Cards per row for a terminal width: one below 100 columns, two below 150, three from there. */
export function cardsPerRow(columns: number, cards: number): number {
  const wanted = columns >= 150 ? 3 : columns >= 100 ? 2 : 1;
  return Math.max(1, Math.min(wanted, cards));
}

/** Lines a card takes besides its text: border and title and vote line, or just the title. */
export const cardChrome = (bordered: boolean): number => (bordered ? 4 : 1);

export function cardLayout(columns: number, availableRows: number, cards: number): CardLayout {
  const perRow = cardsPerRow(columns, cards);
  const cardWidth = Math.max(20, Math.floor((columns - GAP * (perRow - 1)) / perRow));
  const cardRows = Math.max(1, Math.ceil(cards / perRow));
  const perCard = Math.floor(Math.max(0, availableRows) / cardRows);
  // A border is worth its two lines only when at least two lines of argument remain.
  if (perCard >= cardChrome(true) + 2) {
    return { perRow, cardWidth, gap: GAP, bordered: true, textLines: Math.min(MAX_TEXT_LINES, perCard - cardChrome(true)) };
  }
  return { perRow, cardWidth, gap: GAP, bordered: false, textLines: Math.max(0, Math.min(MAX_TEXT_LINES, perCard - cardChrome(false))) };
}

/** Lines a text takes when wrapped at `width`, counted generously (wrapping breaks at words). */
export function estimateLines(text: string, width: number): number {
  if (width <= 0) return 1;
  return text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil((line.length * 1.1) / width)), 0);
}
