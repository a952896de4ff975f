// The roundtable protocol (the default): round 1 is blind; in round k every seat sees every
// seat's round k-1 vote and argument and keeps or changes its vote; the last round's votes decide;
// the judge reads the whole debate.
import { parseVoteReply } from '../agents/reply.js';
import { computeResult } from '../core/result.js';
import { debaterPrompts } from './debater.js';
import { judgePrompts, type JudgeView } from '../judge/judge.js';
import type { JudgeInput, Protocol, TurnInput } from './protocol.js';
import { quoteBudget } from '../prompting/context.js';
import type { PromptBook } from '../prompting/prompts.js';
import { byLetters, readingOrder, roundSeating } from './seating.js';

export function voteReask(book: PromptBook, options: readonly string[], reason: string): string {
  return book.fill('reask', { reason, optionList: options.map((o) => `"${o}"`).join(', ') });
}

/** How the judge sees the panel: under --anonymize, as the last round's panelists. */
export function judgeView(input: JudgeInput, quotes: number, extra = ''): JudgeView {
  const last = input.transcript.rounds.at(-1)?.number ?? 1;
  const seating = roundSeating(input.transcript.panel, last, input.seating);
  return {
    label: seating.label,
    scrub: seating.scrub,
    budget: quoteBudget(input.maxContext, input.transcript.motion + extra, input.maxTokens, quotes),
    anonymous: input.seating.anonymize,
  };
}

export const roundtable: Protocol = {
  name: 'roundtable',

  question(book, input: TurnInput) {
    const previous = input.history.find((r) => r.number === input.round - 1);
    const seating = roundSeating(input.panel, input.round, input.seating);
    // Under --anonymize the quoted turns go by letter (panel order would give the seats away).
    const letters = seating.letters;
    const { system, prompt, parts } = debaterPrompts(book, {
      motion: input.motion,
      options: input.options,
      round: input.round,
      rounds: input.rounds,
      member: input.seat,
      panel: input.panel,
      previous,
      previousVote: input.previousVote,
      briefing: input.briefing,
      seating,
      order: (turns) => readingOrder(byLetters(turns, letters), input.seat.id, input.round, 'arguments', input.seating),
      persona: input.seat.persona,
      stance: input.round === 1 ? input.seat.stance : undefined,
      maxContext: input.maxContext,
      maxTokens: input.maxTokens,
      reads: input.reads,
      digest: input.digest,
    });
    return {
      system,
      prompt,
      ...(parts ? { parts } : {}),
      parse: (text, tool) => {
        const parsed = parseVoteReply(text, tool, input.options);
        return parsed.ok ? { ok: true, value: { vote: parsed.vote, argument: parsed.argument } } : parsed;
      },
      reask: (reason) => voteReask(book, input.options, reason),
    };
  },

  score(options, panel, rounds) {
    const last = rounds.at(-1);
    return { result: computeResult(options, last, panel.length), valid: last?.turns.filter((t) => t.vote !== null).length ?? 0 };
  },

  judge(book, input) {
    const quotes = input.transcript.rounds.reduce((n, r) => n + r.turns.length, 0);
    return judgePrompts(book, input.judgeName, input.transcript, judgeView(input, quotes));
  },
};
