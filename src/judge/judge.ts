// The judge reads the whole debate, vote changes included, and writes up the result.
import { ask } from '../agents/ask.js';
import type { ModelClient } from '../agents/client.js';
import { parseJudgementReply } from '../agents/reply.js';
import type { RetryHooks, RetryPolicy } from '../agents/retry.js';
import { fitTexts } from '../prompting/context.js';
import { letteredOptions, silentTurnLine, type PromptBook } from '../prompting/prompts.js';
import { formatResult } from '../core/result.js';
import type { AnyJudgement, Judgement, Transcript, Usage } from '../core/schema.js';
import type { Parsed } from '../agents/ask.js';

/** How the judge sees the panel: names or panelist labels, scrubbed text, and the room it has. */
export interface JudgeView {
  label(id: string): string;
  scrub(text: string): string;
  /** Tokens left for the quoted arguments (--max-context); they are shortened to fit. */
  budget: number;
  /** --anonymize: the judge goes unnamed too. */
  anonymous: boolean;
}

export function judgePrompts(book: PromptBook, judgeName: string, transcript: Transcript, view?: JudgeView): { system: string; prompt: string } {
  const names = new Map(transcript.panel.map((p) => [p.id, p.name]));
  const quoted = transcript.rounds.flatMap((round) => round.turns.filter((t) => t.vote !== null));
  const texts = fitTexts(quoted.map((t) => view?.scrub(t.argument) ?? t.argument), view?.budget ?? Infinity);
  const fitted = new Map(quoted.map((t, i) => [t, texts[i]!]));
  const debate = transcript.rounds
    .map((round) => {
      const turns = round.turns.map((t) => {
        const name = view?.label(t.debater) ?? names.get(t.debater) ?? t.debater;
        // The error text of a turn (a provider's message) never reaches a model: only that there was no vote.
        if (t.vote === null) return silentTurnLine(book.label(name), round.number);
        const change = t.changed ? ` (changed from ${t.previousVote})` : '';
        return book.quoteMaterial(`${name}, round ${round.number}, voted ${t.vote}${change}`, fitted.get(t)?.text ?? t.argument, fitted.get(t)?.hidden);
      });
      return `Round ${round.number}\n\n${turns.join('\n\n')}`;
    })
    .join('\n\n');
  return {
    system: book.fill('judge-system', { name: view?.anonymous ? 'Judge' : judgeName }),
    prompt: book.fill('judge', {
      motion: transcript.motion,
      options: letteredOptions(transcript.options),
      result: formatResult(transcript.result),
      debate,
    }),
  };
}

export interface JudgeOutcome {
  judgement: AnyJudgement | null;
  error: string | null;
  /** The judge's tokens, re-asks included. */
  usage: Usage | null;
  /** Its calls that reported no usage, at their worst case (see AskOutcome). */
  unreportedUsage: Usage | null;
}

export async function judgeDebate(
  book: PromptBook,
  client: ModelClient,
  judgeName: string,
  transcript: Transcript,
  hooks: RetryHooks,
  retry: RetryPolicy,
  maxTokens: number,
  prompts: { system: string; prompt: string } = judgePrompts(book, judgeName, transcript),
  onReask?: (reason: string) => void,
  /** How the reply is read and asked for again (absent: the write-up of a question with options). */
  reply?: { parse(text: string, tool: string | null): Parsed<AnyJudgement>; reask(reason: string): string },
): Promise<JudgeOutcome> {
  const { system, prompt } = prompts;
  const outcome = await ask<AnyJudgement>({
    client,
    system,
    prompt,
    maxTokens,
    hooks,
    retry,
    tag: { seat: judgeName, role: 'judge', round: transcript.rounds.length },
    ...(onReask ? { onReask } : {}),
    parse:
      reply?.parse ??
      ((text, tool): Parsed<Judgement> => {
        const parsed = parseJudgementReply(text, tool, transcript.options);
        return parsed.ok ? { ok: true, value: parsed.judgement } : parsed;
      }),
    reask: reply?.reask ?? ((reason) => book.fill('judge-reask', { reason, strongestKeys: transcript.options.map((o) => `"${o}": "..."`).join(', ') })),
  });
  return { judgement: outcome.value, error: outcome.error, usage: outcome.usage, unreportedUsage: outcome.unreportedUsage };
}
