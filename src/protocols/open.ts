// Open questions (`--open`: no options). A seat answers in one sentence with its reasons, and from
// round 2 says whether its position moved. Two protocols, as for questions with options:
// - roundtable: round 1 blind; in round k every seat reads every seat's round k-1 answer and
//   argument and keeps or changes its position; the judge groups the last round's answers.
// - council (llm-council's flow): round 1 answers, blind; round 2 every seat ranks the others'
//   answers, anonymised and shuffled; the chair groups the answers, weighing the ranking.
// Until the judge speaks (and with --no-judge, or when it fails) the result counts only answers
// given in the same words; the judge's checked synthesis then gives the groups and the answer.
import type { Parsed } from '../agents/ask.js';
import { parseAnswerReply } from '../agents/open-reply.js';
import { answered, bordaRanking, computeOpenResult, groupsByWording, openJudgement } from '../core/result.js';
import { rng, shuffled } from '../core/random.js';
import type { AnyResult, PanelMember, Round, Transcript } from '../core/schema.js';
import { answerBody, openChairPrompts, openJudgePrompts, silentAnswerLine, synthesisReply } from '../judge/open-judge.js';
import { fitTexts, quoteBudget } from '../prompting/context.js';
import type { PromptBook } from '../prompting/prompts.js';
import { parseRankingReply } from './council.js';
import type { JudgeInput, Protocol, TurnInput, TurnQuestion, TurnReply } from './protocol.js';
import { judgeView } from './roundtable.js';
import { byLetters, nameScrubber, readingOrder, roundSeating, seatLetter, type RoundSeating } from './seating.js';

export interface OpenTurnContext {
  motion: string;
  round: number;
  rounds: number;
  member: PanelMember;
  panel: readonly PanelMember[];
  /** The previous round (absent in round 1). */
  previous: Round | undefined;
  briefing: { label: string; text: string }[];
  seating?: RoundSeating;
  order?: <T extends { debater: string }>(turns: readonly T[]) => T[];
  persona?: string | undefined;
  maxContext?: number;
  maxTokens?: number;
  /** --topology: the other seats this reader reads (the turns it is given are cut to them already). */
  reads?: readonly string[] | undefined;
  /** The previous round's digest (--digest, groups:K), quoted as material beside the answers. */
  digest?: string | undefined;
}

/** The seat's instructions for an open question: its name (or panelist label) and its persona. */
function openSeatSystem(book: PromptBook, name: string, persona: string | undefined): string {
  const system = book.fill('open-debater-system', { name });
  return persona?.trim() ? `${system}\n\nYour role on this panel: ${persona.trim()}` : system;
}

/** A seat's prompts for an open question: blind in round 1, the previous round's answers quoted after. */
export function openDebaterPrompts(book: PromptBook, ctx: OpenTurnContext): { system: string; prompt: string; parts?: string[] } {
  const briefing = ctx.briefing.length
    ? `\nBackground reading, quoted as material:\n\n${ctx.briefing.map((b) => book.quoteMaterial(b.label, b.text)).join('\n\n')}\n`
    : '';
  const names = ctx.seating ? null : new Map(ctx.panel.map((p) => [p.id, p.name]));
  const nameOf = (id: string) => ctx.seating?.label(id) ?? names?.get(id) ?? id;
  const system = openSeatSystem(book, nameOf(ctx.member.id), ctx.persona);
  if (!ctx.previous) {
    return { system, prompt: book.fill('open-opening-round', { motion: ctx.motion, round: ctx.round, rounds: ctx.rounds, briefing }) };
  }
  const shown = ctx.order ? ctx.order(ctx.previous.turns) : ctx.previous.turns;
  const quoted = shown.filter(answered);
  const budget = ctx.maxContext ? quoteBudget(ctx.maxContext, system + briefing + ctx.motion, ctx.maxTokens ?? 0, quoted.length) : Infinity;
  const scrub = (text: string) => ctx.seating?.scrub(text) ?? text;
  const texts = fitTexts(quoted.map((t) => scrub(t.argument)), budget);
  const fitted = new Map<object, (typeof texts)[number]>(quoted.map((t, i) => [t, texts[i]!]));
  const blocks = shown.map((t) => {
    const who = t.debater === ctx.member.id ? `${nameOf(t.debater)} (you)` : nameOf(t.debater);
    // A turn without an answer shows only that: its error text never reaches another model.
    if (!answered(t)) return silentAnswerLine(book.label(who), ctx.previous!.number);
    const fit = fitted.get(t);
    return book.quoteOf(t, who, answerBody(scrub(t.answer), fit?.text ?? scrub(t.argument)), fit?.hidden);
  });
  const previousTurns = blocks.flatMap((block, i) => (i ? ['\n\n', block] : [block]));
  const { text, parts } = book.fillParts(
    'open-later-round',
    {
      motion: ctx.motion,
      round: ctx.round,
      rounds: ctx.rounds,
      previousRound: ctx.previous.number,
      briefing,
      whom: ctx.reads ? 'each panelist you read this round (you read only some of the panel)' : 'every panelist',
      digest: ctx.digest ? `\n${book.quoteMaterial(`a neutral digest of round ${ctx.previous.number}, written for every panelist`, ctx.digest)}\n` : '',
    },
    'previousTurns',
    previousTurns,
  );
  return { system, prompt: text, ...(parts.length > 1 ? { parts } : {}) };
}

/** Reads a seat's answer; `changed` counts from round 2 on, and only when the seat had an answer to move from. */
function answerQuestion(book: PromptBook, input: TurnInput, prompts: { system: string; prompt: string; parts?: string[] }): TurnQuestion {
  const later = input.round > 1 && Boolean(input.previousAnswer);
  return {
    ...prompts,
    parse: (text, tool): Parsed<TurnReply> => {
      const parsed = parseAnswerReply(text, tool);
      if (!parsed.ok) return parsed;
      return { ok: true, value: { vote: null, answer: parsed.answer, argument: parsed.argument, changed: later ? parsed.changed === true : false } };
    },
    reask: (reason) => book.fill('open-reask', { reason, changed: later ? 'true or false' : 'false' }),
  };
}

/** An open round's result counted from the words alone (no judge yet). */
function wordingResult(panel: readonly PanelMember[], round: Round | undefined): AnyResult | null {
  const turns = round?.turns ?? [];
  if (!turns.some(answered)) return null;
  return computeOpenResult(groupsByWording(turns), panel.length, null, null);
}

/** The result once judged: the synthesis's groups and answer, or (no synthesis) the result as scored. */
function judgedResult(t: Transcript): AnyResult | null {
  const j = openJudgement(t.judgement);
  if (!j) return t.result;
  const result = computeOpenResult(j.groups, t.panel.length, j.answer, j.counterpoint);
  return t.result?.ranking ? { ...result, ranking: t.result.ranking } : result;
}

const answeredCount = (round: Round | undefined) => round?.turns.filter(answered).length ?? 0;

export const openRoundtable: Protocol = {
  name: 'roundtable',

  question(book, input) {
    const previous = input.history.find((r) => r.number === input.round - 1);
    const seating = roundSeating(input.panel, input.round, input.seating);
    const letters = seating.letters;
    const prompts = openDebaterPrompts(book, {
      motion: input.motion,
      round: input.round,
      rounds: input.rounds,
      member: input.seat,
      panel: input.panel,
      previous,
      briefing: input.briefing,
      seating,
      order: (turns) => readingOrder(byLetters(turns, letters), input.seat.id, input.round, 'arguments', input.seating),
      persona: input.seat.persona,
      maxContext: input.maxContext,
      maxTokens: input.maxTokens,
      reads: input.reads,
      digest: input.digest,
    });
    return answerQuestion(book, input, prompts);
  },

  score(_options, panel, rounds) {
    const last = rounds.at(-1);
    return { result: wordingResult(panel, last), valid: answeredCount(last) };
  },

  judge(book, input) {
    const quotes = input.transcript.rounds.reduce((n, r) => n + r.turns.length, 0);
    return openJudgePrompts(book, input.judgeName, input.transcript, judgeView(input, quotes));
  },

  judgeReply(book, input: JudgeInput) {
    const last = input.transcript.rounds.at(-1)?.number ?? 1;
    return synthesisReply(book, input.transcript, last, judgeView(input, 0));
  },

  judged: judgedResult,
  unit: () => 'answer',
};

/** The council's review of an open question: rank the others' round-1 answers, shown as "Response A…". */
function openRankingQuestion(book: PromptBook, input: TurnInput): TurnQuestion {
  const answers = input.history.find((r) => r.number === 1);
  const others = (answers?.turns ?? []).filter(answered).filter((t) => t.debater !== input.seat.id);
  const shown = shuffled(others, rng(input.seating.seed, 'council', input.round, input.seat.id));
  const label = (i: number) => `Response ${seatLetter(i)}`;
  const byId = new Map(shown.map((t, i) => [t.debater, label(i)]));
  const scrub = nameScrubber(input.panel, (id) => byId.get(id) ?? 'another member');
  const self = roundSeating(input.panel, input.round, input.seating).label(input.seat.id);
  const system = openSeatSystem(book, self, input.seat.persona);
  const texts = fitTexts(
    shown.map((t) => scrub(t.argument)),
    quoteBudget(input.maxContext, system + input.motion, input.maxTokens, shown.length),
  );
  const responses = shown.map((t, i) => book.quoteMaterial(`${label(i)}, round 1`, answerBody(scrub(t.answer), texts[i]!.text), texts[i]!.hidden)).join('\n\n');
  const labels = shown.map((_, i) => label(i)).join(', ');
  return {
    system,
    prompt: book.fill('open-council-rank', {
      motion: input.motion,
      round: input.round,
      rounds: input.rounds,
      labels: labels || '(none)',
      responses: responses || '(No other member gave an answer in round 1.)',
    }),
    parse: (text, tool): Parsed<TurnReply> => {
      const parsed = parseRankingReply(text, tool, shown.length);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        value: {
          vote: null,
          // The member's answer stands (round 1); this round it ranks.
          answer: input.previousAnswer ?? null,
          changed: false,
          argument: parsed.value.reason,
          ranking: parsed.value.order.map((i) => shown[i]!.debater),
          shown: shown.map((t) => t.debater),
        },
      };
    },
    reask: (reason) => book.fill('council-rank-reask', { reason, labels }),
    ballot: shown.map((t, i) => ({ name: label(i), position: t.answer === null || t.answer === undefined ? null : scrub(t.answer), argument: scrub(t.argument) })),
  };
}

export const openCouncil: Protocol = {
  name: 'council',

  question(book, input) {
    if (input.round >= 2) return openRankingQuestion(book, input);
    const prompts = openDebaterPrompts(book, {
      motion: input.motion,
      round: input.round,
      rounds: input.rounds,
      member: input.seat,
      panel: input.panel,
      previous: undefined,
      briefing: input.briefing,
      seating: roundSeating(input.panel, input.round, input.seating),
      persona: input.seat.persona,
    });
    return answerQuestion(book, input, prompts);
  },

  score(_options, panel, rounds) {
    const first = rounds.find((r) => r.number === 1);
    const review = rounds.find((r) => r.number === 2);
    const base = wordingResult(panel, first);
    if (!review) return { result: base, valid: answeredCount(first) };
    const ranking = bordaRanking(panel, review.turns.flatMap((t) => (t.ranking ? [t.ranking] : [])));
    return { result: base ? { ...base, ranking } : null, valid: review.turns.filter((t) => t.ranking).length };
  },

  judge(book, input) {
    const answers = input.transcript.rounds.find((r) => r.number === 1)?.turns.length ?? 0;
    return openChairPrompts(book, input.judgeName, input.transcript, judgeView(input, answers + 10));
  },

  judgeReply(book, input) {
    return synthesisReply(book, input.transcript, 1, judgeView(input, 0));
  },

  judged: judgedResult,
  unit: (round) => (round >= 2 ? 'ranking' : 'answer'),
};
