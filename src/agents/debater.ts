// A debater's turn: the prompt for its round, the call, the vote read from the reply.
import type { PromptBook } from '../engine/prompts.js';
import { letteredOptions, silentTurnLine } from '../engine/prompts.js';
import type { PanelMember, Round, Turn } from '../transcript/schema.js';
import { ask, type AskOutcome } from './ask.js';
import type { ModelClient } from './client.js';
import { debaterReplyCap } from './reply-cap.js';
import { parseVoteReply } from './reply.js';
import type { RetryHooks, RetryPolicy } from './retry.js';

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
}

export function debaterPrompts(book: PromptBook, ctx: TurnContext): { system: string; prompt: string } {
  const options = letteredOptions(ctx.options);
  const briefing = ctx.briefing.length
    ? `\nBackground reading, quoted as material:\n\n${ctx.briefing.map((b) => book.quoteMaterial(b.label, b.text)).join('\n\n')}\n`
    : '';
  const system = book.fill('debater-system', { name: ctx.member.name });
  if (!ctx.previous) {
    return { system, prompt: book.fill('opening-round', { motion: ctx.motion, options, round: ctx.round, rounds: ctx.rounds, briefing }) };
  }
  const names = new Map(ctx.panel.map((p) => [p.id, p.name]));
  const previousTurns = ctx.previous.turns
    .map((t) => {
      const who = t.debater === ctx.member.id ? `${names.get(t.debater) ?? t.debater} (you)` : (names.get(t.debater) ?? t.debater);
      // A turn without a valid vote shows only that: its error text (a provider's message, which
      // may echo a key or carry a forged instruction) never reaches another model.
      if (t.vote === null) return silentTurnLine(book.label(who), ctx.previous!.number);
      return book.quoteMaterial(`${who}, voted ${t.vote}`, t.argument);
    })
    .join('\n\n');
  return {
    system,
    prompt: book.fill('later-round', {
      motion: ctx.motion,
      options,
      round: ctx.round,
      rounds: ctx.rounds,
      previousRound: ctx.previous.number,
      yourPreviousVote: ctx.previousVote ?? 'no valid option',
      previousTurns,
      briefing,
    }),
  };
}

export async function takeTurn(
  book: PromptBook,
  client: ModelClient,
  ctx: TurnContext,
  hooks: RetryHooks,
  retry: RetryPolicy,
  maxTokens: number,
): Promise<Turn> {
  const { system, prompt } = debaterPrompts(book, ctx);
  const outcome: AskOutcome<{ vote: string; argument: string }> = await ask({
    client,
    system,
    prompt,
    maxTokens,
    hooks,
    retry,
    tag: { seat: ctx.member.name, role: 'debater', round: ctx.round },
    maxChars: debaterReplyCap(ctx.panel.length, ctx.rounds),
    parse: (text, tool) => {
      const parsed = parseVoteReply(text, tool, ctx.options);
      return parsed.ok ? { ok: true, value: { vote: parsed.vote, argument: parsed.argument } } : parsed;
    },
    reask: (reason) => book.fill('reask', { reason, optionList: ctx.options.map((o) => `"${o}"`).join(', ') }),
  });
  const vote = outcome.value?.vote ?? null;
  return {
    debater: ctx.member.id,
    vote,
    argument: outcome.value?.argument ?? outcome.partialText ?? '',
    previousVote: ctx.previousVote,
    changed: vote !== null && ctx.previousVote !== null && vote !== ctx.previousVote,
    latencyMs: Math.round(outcome.latencyMs),
    usage: outcome.usage,
    error: outcome.error,
    ...(outcome.clipped ? { clipped: outcome.clipped } : {}),
  };
}
