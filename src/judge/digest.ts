// The round digest (--digest, and between the groups of --topology groups:K): after a round, the
// digest model (the judge's, or --digest-model) writes a short neutral digest of it — positions,
// counts, the strongest new point for each — that every seat reads in the next round beside the
// turns it is shown, quoted as material like any argument. A group's digest covers its seats.
import { ask } from '../agents/ask.js';
import type { ModelClient } from '../agents/client.js';
import type { RetryHooks, RetryPolicy } from '../agents/retry.js';
import type { Round, Usage } from '../core/schema.js';
import { letteredOptions, silentTurnLine, type PromptBook } from '../prompting/prompts.js';
import { fitTexts } from '../prompting/context.js';
import { groupsByWording } from '../core/result.js';

/** How long a digest may be, in words asked for, and in characters kept. */
export const DIGEST_WORDS = 150;
export const DIGEST_MAX_CHARS = 2400;

export interface DigestView {
  label(id: string): string;
  scrub(text: string): string;
  /** Tokens left for the quoted arguments. */
  budget: number;
}

export interface DigestScope {
  /** The group's number and its seats, for a group's digest; the whole round when absent. */
  group?: { number: number; ids: readonly string[] };
}

/** A turn's position: its vote, or on an open question its one-sentence answer. */
const positionOf = (t: Round['turns'][number]): string | null => t.vote ?? t.answer ?? null;

/**
 * The positions of a round's turns with their counts, in the options' order: "Yes 3, No 1". On an
 * open question (no options) the answers given in the same words are counted together.
 */
export function positionCounts(round: Round, options: readonly string[], ids?: readonly string[]): string {
  if (!options.length) {
    const groups = groupsByWording(round.turns.filter((t) => !ids || ids.includes(t.debater)));
    if (!groups.length) return 'no answers';
    const distinct = groups.length;
    const same = groups.filter((g) => g.members.length > 1).map((g) => g.members.length);
    return `${distinct} distinct answer${distinct === 1 ? '' : 's'}${same.length ? ` (${same.join(', ')} seats gave the same words)` : ''}`;
  }
  const counts = new Map<string, number>();
  for (const t of round.turns) if (t.vote !== null && (!ids || ids.includes(t.debater))) counts.set(t.vote, (counts.get(t.vote) ?? 0) + 1);
  const listed = options.filter((o) => counts.has(o)).map((o) => `${o} ${counts.get(o)}`);
  return listed.length ? listed.join(', ') : 'no valid votes';
}

export function digestPrompts(
  book: PromptBook,
  moderator: string,
  motion: string,
  options: readonly string[],
  round: Round,
  view: DigestView,
  scope: DigestScope = {},
): { system: string; prompt: string } {
  const ids = scope.group?.ids;
  const turns = round.turns.filter((t) => !ids || ids.includes(t.debater));
  const voted = turns.filter((t) => positionOf(t) !== null);
  const texts = fitTexts(voted.map((t) => view.scrub(t.argument)), view.budget);
  const fitted = new Map(voted.map((t, i) => [t, texts[i]!]));
  const quoted = turns.map((t) => {
    const name = view.label(t.debater);
    if (positionOf(t) === null) return silentTurnLine(book.label(name), round.number);
    const fit = fitted.get(t)!;
    // On an open question the answer is part of the quoted material: it is a model's text too.
    if (t.vote === null) return book.quoteMaterial(`${name}, answered`, `Answer: ${view.scrub(t.answer!)}\n${fit.text}`, fit.hidden);
    return book.quoteMaterial(`${name}, voted ${t.vote}`, fit.text, fit.hidden);
  });
  return {
    system: book.fill('digest-system', { name: moderator }),
    prompt: book.fill('digest', {
      motion,
      options: options.length ? letteredOptions([...options]) : '(an open question: no options; the panelists answer in their own words)',
      round: round.number,
      scope: scope.group ? `, group ${scope.group.number} (${turns.length} panelists)` : '',
      turns: quoted.join('\n\n'),
      words: DIGEST_WORDS,
      counts: positionCounts(round, options, ids),
    }),
  };
}

/** A digest with no model: the positions and their counts, for the groups of a groups:K run without --digest. */
export function countsDigest(round: Round, options: readonly string[], group: { number: number; ids: readonly string[] }, label: (id: string) => string): string {
  const names = group.ids.map(label).join(', ');
  return `Group ${group.number} (${names}): ${positionCounts(round, options, group.ids)}.`;
}

export interface DigestOutcome {
  text: string | null;
  error: string | null;
  usage: Usage | null;
  /** Calls that reported no usage, at the worst case their requests allowed. */
  unreportedUsage: Usage | null;
}

export async function writeDigest(
  client: ModelClient,
  moderator: string,
  prompts: { system: string; prompt: string },
  round: number,
  hooks: RetryHooks,
  retry: RetryPolicy,
  maxTokens: number,
): Promise<DigestOutcome> {
  const outcome = await ask<string>({
    client,
    system: prompts.system,
    prompt: prompts.prompt,
    maxTokens,
    hooks,
    retry,
    tag: { seat: moderator, role: 'digest', round },
    parse: (text) => {
      const plain = text.trim();
      if (!plain) return { ok: false, reason: 'the reply was empty' };
      return { ok: true, value: plain.length > DIGEST_MAX_CHARS ? `${plain.slice(0, DIGEST_MAX_CHARS - 1)}…` : plain };
    },
    reask: (reason) => `Your digest could not be used: ${reason}. Write the digest again as plain text, at most ${DIGEST_WORDS} words.`,
  });
  return { text: outcome.value, error: outcome.error, usage: outcome.usage, unreportedUsage: outcome.unreportedUsage };
}
