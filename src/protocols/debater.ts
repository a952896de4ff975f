// A debater's turn: the prompt for its round, the call, the vote read from the reply.
import type { PromptBook } from '../prompting/prompts.js';
import { letteredOptions, silentTurnLine } from '../prompting/prompts.js';
import type { PanelMember, Round, Turn } from '../core/schema.js';
import { estimateTokens, fitTexts, quoteBudget } from '../prompting/context.js';
import type { RoundSeating } from './seating.js';

export interface TurnContext {
  motion: string;
  options: string[];
  round: number;
  rounds: number;
  member: PanelMember;
  panel: PanelMember[];
  /** The previous round (absent in round 1). */
  previous: Round | undefined;
  /** This debater's last valid vote before this round. */
  previousVote: string | null;
  briefing: { label: string; text: string }[];
  /** How the others appear in this round (names, or "Panelist A…" under --anonymize). */
  seating?: RoundSeating;
  /** The order this reader sees the previous round's turns in (--shuffle); as recorded without it. */
  order?: <T extends { debater: string }>(turns: readonly T[]) => T[];
  /** A role added to this seat's instructions. */
  persona?: string | undefined;
  /** The option this seat must argue in the opening round. */
  stance?: string | undefined;
  /** --max-context and the reply's length: the quoted arguments are shortened to fit. */
  maxContext?: number;
  maxTokens?: number;
  /** The other seats this reader reads (--topology); every seat when absent. Its own turn is always shown. */
  reads?: readonly string[] | undefined;
  /** The digest of the previous round (--digest, or groups:K), quoted as material beside the turns. */
  digest?: string | undefined;
}

/** The seat's instructions: its name (or panelist label) and, when it has one, its persona. */
export function seatSystem(book: PromptBook, name: string, persona: string | undefined): string {
  const system = book.fill('debater-system', { name });
  return persona?.trim() ? `${system}\n\nYour role on this panel: ${persona.trim()}` : system;
}

export function debaterPrompts(book: PromptBook, ctx: TurnContext): { system: string; prompt: string; parts?: string[] } {
  const options = letteredOptions(ctx.options);
  const briefing = ctx.briefing.length
    ? `\nBackground reading, quoted as material:\n\n${ctx.briefing.map((b) => book.quoteMaterial(b.label, b.text)).join('\n\n')}\n`
    : '';
  const names = ctx.seating ? null : new Map(ctx.panel.map((p) => [p.id, p.name]));
  const nameOf = (id: string) => ctx.seating?.label(id) ?? names?.get(id) ?? id;
  const system = seatSystem(book, nameOf(ctx.member.id), ctx.persona);
  if (!ctx.previous) {
    const stance = ctx.stance
      ? `\nYou are assigned to argue for "${ctx.stance}" in this round: vote for it and make its strongest case. In later rounds you vote freely.\n`
      : '';
    return { system, prompt: book.fill('opening-round', { motion: ctx.motion, options, round: ctx.round, rounds: ctx.rounds, briefing: `${stance}${briefing}` }) };
  }
  const reads = ctx.reads ? new Set([...ctx.reads, ctx.member.id]) : null;
  const visible = reads ? ctx.previous.turns.filter((t) => reads.has(t.debater)) : ctx.previous.turns;
  const shown = ctx.order ? ctx.order(visible) : visible;
  const quoted = shown.filter((t) => t.vote !== null);
  const digest = ctx.digest ? `\n${book.quoteMaterial(`a neutral digest of round ${ctx.previous.number}, written for every panelist`, ctx.digest)}\n` : '';
  const budget = ctx.maxContext ? quoteBudget(ctx.maxContext, system + briefing + digest + ctx.motion, ctx.maxTokens ?? 0, quoted.length) : Infinity;
  const scrub = (text: string) => ctx.seating?.scrub(text) ?? text;
  // Every reader of a round (full topology, no --shuffle) is shown the same turns in the same
  // order: what depends only on them (their token count, and each block as another reader quotes
  // it) is made once a round and kept beside the round, not once per reader (256 seats all-to-all:
  // 65,000 lookups and labels a round).
  const shared = sharedQuotes(book, ctx.previous, ctx.seating, shown);
  const arguments_ = shared ? null : quoted.map((t) => scrub(t.argument));
  // Most rounds fit whole: then no fitted copy of every quote is made for each reader.
  const whole = budget === Infinity || (shared ? (shared.tokens ??= tokensOf(quoted.map((t) => scrub(t.argument)))) : tokensOf(arguments_!)) <= budget;
  const texts = whole ? null : fitTexts(arguments_ ?? quoted.map((t) => scrub(t.argument)), budget);
  const fitted = texts ? new Map(quoted.map((t, i) => [t, texts[i]!])) : null;
  const blockOf = (t: Turn, reader: string) => {
    const who = t.debater === reader ? `${nameOf(t.debater)} (you)` : nameOf(t.debater);
    // A turn without a valid vote shows only that: its error text (a provider's message, which
    // may echo a key or carry a forged instruction) never reaches another model.
    if (t.vote === null) return silentTurnLine(book.label(who), ctx.previous!.number);
    const fit = fitted?.get(t);
    // Every other reader of the round quotes this turn the same way: quoteOf makes its block once.
    return book.quoteOf(t, `${who}, voted ${t.vote}`, fit?.text ?? scrub(t.argument), fit?.hidden);
  };
  // The quoted blocks stay parts of the prompt (see fillParts): every reader shares them.
  const joined = (blocks: string[]) => blocks.flatMap((block, i) => (i ? ['\n\n', block] : [block]));
  let previousTurns: string[];
  if (shared && whole) {
    // The blocks as any other reader sees them, with this reader's own turn as its own ("(you)").
    shared.joined ??= joined(shown.map((t) => blockOf(t, '')));
    previousTurns = [...shared.joined];
    const own = shown.findIndex((t) => t.debater === ctx.member.id);
    if (own >= 0) previousTurns[own * 2] = blockOf(shown[own]!, ctx.member.id);
  } else {
    previousTurns = joined(shown.map((t) => blockOf(t, ctx.member.id)));
  }
  const { text, parts } = book.fillParts(
    'later-round',
    {
      motion: ctx.motion,
      options,
      round: ctx.round,
      rounds: ctx.rounds,
      previousRound: ctx.previous.number,
      yourPreviousVote: ctx.previousVote ?? 'no valid option',
      briefing,
      whom: reads ? 'each panelist you read this round (you read only some of the panel)' : 'every panelist',
      digest,
    },
    'previousTurns',
    previousTurns,
  );
  return { system, prompt: text, ...(parts.length > 1 ? { parts } : {}) };
}

const tokensOf = (texts: readonly string[]) => texts.reduce((n, text) => n + estimateTokens(text), 0);

/** What every reader of a round shown the same turns shares: their token count and blocks (made when first needed). */
interface SharedQuotes {
  book: PromptBook;
  seating: RoundSeating | undefined;
  shown: readonly Turn[];
  /** Each shown turn's vote and argument when the entry was made: a turn changed since is another round's view. */
  votes: (string | null)[];
  texts: string[];
  tokens?: number;
  /** The blocks as a reader other than any shown seat quotes them, with the blank lines between. */
  joined?: string[];
}

const sharedByRound = new WeakMap<Round, SharedQuotes>();

/**
 * The round's shared quotes when this reader is shown the same turns, in the same order, under the
 * same seating as the reader the entry was made for (the first of the round); null when not (a
 * --shuffle order, a --topology reading list), and such a reader's prompt is made on its own.
 */
function sharedQuotes(book: PromptBook, round: Round, seating: RoundSeating | undefined, shown: readonly Turn[]): SharedQuotes | null {
  const known = sharedByRound.get(round);
  if (known) return known.book === book && known.seating === seating && sameTurns(known, shown) ? known : null;
  sharedByRound.set(round, { book, seating, shown: [...shown], votes: shown.map((t) => t.vote), texts: shown.map((t) => t.argument) });
  return sharedByRound.get(round)!;
}

function sameTurns(known: SharedQuotes, shown: readonly Turn[]): boolean {
  if (known.shown.length !== shown.length) return false;
  for (let i = 0; i < shown.length; i++) {
    const t = shown[i]!;
    if (t !== known.shown[i] || t.vote !== known.votes[i] || t.argument !== known.texts[i]) return false;
  }
  return true;
}
