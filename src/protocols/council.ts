// The council protocol: round 1, every seat answers the motion blind (vote and argument); round 2,
// every seat ranks the others' answers, shown anonymised as "Response A, B, …" in an order shuffled
// for each reader, with a short reason; the judge chairs: it reads the answers and the aggregate
// ranking (Borda count, ties broken by first places) and writes the final decision.
import type { Parsed } from '../agents/ask.js';
import { jsonObjectsIn, parseVoteReply } from '../agents/reply.js';
import { bordaRanking, resultOf } from '../core/result.js';

export { bordaRanking };
import { rng, shuffled } from '../core/random.js';
import type { Round } from '../core/schema.js';
import { letteredOptions, type PromptBook } from '../prompting/prompts.js';
import { fitTexts, quoteBudget } from '../prompting/context.js';
import { debaterPrompts, seatSystem } from './debater.js';
import type { Protocol, TurnInput, TurnReply } from './protocol.js';
import { voteReask, judgeView } from './roundtable.js';
import { chairPrompts } from '../judge/chair.js';
import { letterIndex, nameScrubber, roundSeating, seatLetter } from './seating.js';

/** The council always runs these two rounds. */
export const COUNCIL_ROUNDS = 2;


/** Reads "Response C", "C", "(c)", "**Response C**" as a label index among `count` labels. */
function labelIndex(raw: string, count: number): number | null {
  const clean = raw.trim().replace(/^[*_`"'([\s]+|[*_`"')\].!\s]+$/g, '');
  // Up to three letters: past 702 responses the labels run to AAA and on (a 1,000-seat council shows 999).
  const m = /^(?:response\s+)?([A-Za-z]{1,3})$/i.exec(clean);
  if (!m) return null;
  const index = letterIndex(m[1]!.toUpperCase());
  return index < count ? index : null;
}

/**
 * Reads a ranking reply: {"ranking": ["Response C", …], "reason": "…"} in any accepted form, or a
 * first line `Ranking: C, A, B` followed by the reason. Every shown response must be listed once.
 */
export function parseRankingReply(text: string, toolArguments: string | null, count: number): Parsed<{ order: number[]; reason: string }> {
  const check = (items: string[], reason: string): Parsed<{ order: number[]; reason: string }> => {
    const order: number[] = [];
    const seen = new Set<number>();
    for (const item of items) {
      const index = labelIndex(item, count);
      if (index === null) return { ok: false, reason: `"${item.slice(0, 40)}" is not one of the responses shown` };
      if (seen.has(index)) return { ok: false, reason: `Response ${seatLetter(index)} is ranked twice` };
      order.push(index);
      seen.add(index);
    }
    const missing = [...Array(count).keys()].filter((i) => !seen.has(i));
    if (missing.length) return { ok: false, reason: `the ranking leaves out ${missing.map((i) => `Response ${seatLetter(i)}`).join(', ')}` };
    if (!reason.trim()) return { ok: false, reason: 'the ranking has no reason' };
    return { ok: true, value: { order, reason: reason.trim() } };
  };
  let firstProblem: string | null = null;
  for (const candidate of [...(toolArguments ? jsonObjectsIn(toolArguments) : []), ...jsonObjectsIn(text)]) {
    const c = candidate as { ranking?: unknown; reason?: unknown };
    if (!Array.isArray(c.ranking)) continue;
    const result = check(c.ranking.map(String), typeof c.reason === 'string' ? c.reason : '');
    if (result.ok) return result;
    firstProblem ??= result.reason;
  }
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const line = first >= 0 ? /^\s*[*_]*ranking[*_]*\s*[:：]\s*(.+)$/i.exec(lines[first] ?? '') : null;
  if (line) {
    const result = check(line[1]!.split(/[,;>]+/).map((s) => s.trim()).filter(Boolean), lines.slice(first + 1).join('\n'));
    if (result.ok) return result;
    firstProblem ??= result.reason;
  }
  return {
    ok: false,
    reason: firstProblem ?? (text.trim() ? 'the reply holds neither a JSON object with "ranking" and "reason" nor a first line "Ranking: …"' : 'the reply was empty'),
  };
}

/** The answers a reader ranks: every other seat's valid round-1 answer, in an order drawn for this reader. */
function answersFor(input: TurnInput, answers: Round | undefined) {
  const others = (answers?.turns ?? []).filter((t) => t.vote !== null && t.debater !== input.seat.id);
  return shuffled(others, rng(input.seating.seed, 'council', input.round, input.seat.id));
}

function rankingQuestion(book: PromptBook, input: TurnInput) {
  const answers = input.history.find((r) => r.number === 1);
  const shown = answersFor(input, answers);
  const label = (i: number) => `Response ${seatLetter(i)}`;
  const byId = new Map(shown.map((t, i) => [t.debater, label(i)]));
  const scrub = nameScrubber(input.panel, (id) => byId.get(id) ?? 'another member');
  const self = roundSeating(input.panel, input.round, input.seating).label(input.seat.id);
  const system = seatSystem(book, self, input.seat.persona);
  const texts = fitTexts(
    shown.map((t) => scrub(t.argument)),
    quoteBudget(input.maxContext, system + input.motion, input.maxTokens, shown.length),
  );
  const responses = shown.map((t, i) => book.quoteMaterial(`${label(i)}, voted ${t.vote}`, texts[i]!.text, texts[i]!.hidden)).join('\n\n');
  const labels = shown.map((_, i) => label(i)).join(', ');
  const prompt = book.fill('council-rank', {
    motion: input.motion,
    options: letteredOptions(input.options),
    round: input.round,
    rounds: input.rounds,
    labels: labels || '(none)',
    responses: responses || '(No other member gave a valid answer in round 1.)',
  });
  return {
    system,
    prompt,
    parse: (text: string, tool: string | null): Parsed<TurnReply> => {
      const parsed = parseRankingReply(text, tool, shown.length);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        value: {
          vote: input.previousVote,
          argument: parsed.value.reason,
          ranking: parsed.value.order.map((i) => shown[i]!.debater),
          shown: shown.map((t) => t.debater),
        },
      };
    },
    reask: (reason: string) => book.fill('council-rank-reask', { reason, labels }),
    ballot: shown.map((t, i) => ({ name: label(i), position: t.vote, argument: scrub(t.argument) })),
  };
}

export const council: Protocol = {
  name: 'council',

  question(book, input) {
    if (input.round >= 2) return rankingQuestion(book, input);
    const { system, prompt } = debaterPrompts(book, {
      motion: input.motion,
      options: input.options,
      round: input.round,
      rounds: input.rounds,
      member: input.seat,
      panel: input.panel,
      previous: undefined,
      previousVote: null,
      briefing: input.briefing,
      seating: roundSeating(input.panel, input.round, input.seating),
      persona: input.seat.persona,
      stance: input.seat.stance,
    });
    return {
      system,
      prompt,
      parse: (text, tool) => {
        const parsed = parseVoteReply(text, tool, input.options);
        return parsed.ok ? { ok: true, value: { vote: parsed.vote, argument: parsed.argument } } : parsed;
      },
      reask: (reason) => voteReask(book, input.options, reason),
    };
  },

  score(options, panel, rounds) {
    const result = resultOf({ options: [...options], panel: [...panel], protocol: 'council' }, rounds);
    const review = rounds.find((r) => r.number === 2);
    const valid = review ? review.turns.filter((t) => t.ranking).length : (rounds.find((r) => r.number === 1)?.turns.filter((t) => t.vote !== null).length ?? 0);
    return { result, valid };
  },

  judge(book, input) {
    const answers = input.transcript.rounds.find((r) => r.number === 1)?.turns.length ?? 0;
    const view = judgeView(input, answers + 10);
    return chairPrompts(book, input.judgeName, input.transcript, view);
  },
};
