// The judge of an open question: it reads every round's answers and arguments (changed minds
// marked) and writes the synthesis: where the panel landed, the groups of positions, the strongest
// dissent. The council's chair does the same from the round-1 answers and the aggregate ranking.
import type { Parsed } from '../agents/ask.js';
import { answered } from '../core/result.js';
import type { AnyJudgement, Transcript } from '../core/schema.js';
import { fitTexts } from '../prompting/context.js';
import type { PromptBook } from '../prompting/prompts.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { JudgeView } from './judge.js';
import { parseSynthesisReply, type SynthesisSeat } from '../agents/synthesis-reply.js';

export { answered };

/** `(NAME did not answer in round N.)`: what a prompt says of a turn without an answer. */
export function silentAnswerLine(name: string, round: number): string {
  return `(${name} did not answer in round ${round}.)`;
}

/** A quoted answer's body: its `Answer:` line, then the argument. */
export const answerBody = (answer: string, argument: string): string => `Answer: ${answer.replace(/\s+/g, ' ').trim()}\n\n${argument}`;

/** The seats whose answers in `round` are grouped, as the judge sees them. */
export function seatsToGroup(transcript: Transcript, round: number, view: Pick<JudgeView, 'label'>): SynthesisSeat[] {
  const turns = transcript.rounds.find((r) => r.number === round)?.turns ?? [];
  return transcript.panel.filter((p) => turns.some((t) => t.debater === p.id && answered(t))).map((p) => ({ id: p.id, label: view.label(p.id) }));
}

const seatList = (book: PromptBook, seats: readonly SynthesisSeat[]) => (seats.length ? seats.map((s) => book.label(s.label)).join(', ') : '(none)');

export function openJudgePrompts(book: PromptBook, judgeName: string, transcript: Transcript, view: JudgeView): { system: string; prompt: string } {
  const quoted = transcript.rounds.flatMap((round) => round.turns.filter(answered));
  const texts = fitTexts(quoted.map((t) => view.scrub(t.argument)), view.budget);
  const fitted = new Map(quoted.map((t, i) => [t, texts[i]!]));
  const debate = transcript.rounds
    .map((round) => {
      const turns = round.turns.map((t) => {
        const name = view.label(t.debater);
        if (!answered(t)) return silentAnswerLine(book.label(name), round.number);
        const fit = fitted.get(t);
        const moved = t.changed ? ' (changed mind)' : '';
        return book.quoteMaterial(`${name}, round ${round.number}${moved}`, answerBody(view.scrub(t.answer), fit?.text ?? t.argument), fit?.hidden);
      });
      return `Round ${round.number}\n\n${turns.join('\n\n')}`;
    })
    .join('\n\n');
  const last = transcript.rounds.at(-1)?.number ?? 1;
  return {
    system: book.fill('open-judge-system', { name: view.anonymous ? 'Judge' : judgeName }),
    prompt: book.fill('open-judge', { motion: transcript.motion, seats: seatList(book, seatsToGroup(transcript, last, view)), debate }),
  };
}

export function openChairPrompts(book: PromptBook, judgeName: string, transcript: Transcript, view: JudgeView): { system: string; prompt: string } {
  const answers = transcript.rounds.find((r) => r.number === 1)?.turns.filter(answered) ?? [];
  const texts = fitTexts(answers.map((t) => view.scrub(t.argument)), view.budget);
  const quoted = answers.map((t, i) => book.quoteMaterial(`${view.label(t.debater)}, round 1`, answerBody(view.scrub(t.answer), texts[i]!.text), texts[i]!.hidden)).join('\n\n');
  const ranking = (transcript.result?.ranking ?? [])
    .map((e, i) => `${i + 1}. ${sanitizeLine(view.label(e.debater))} — ${e.points} point${e.points === 1 ? '' : 's'}, ${e.firsts} first place${e.firsts === 1 ? '' : 's'}`)
    .join('\n');
  return {
    system: book.fill('open-council-chair-system', { name: view.anonymous ? 'Chair' : judgeName }),
    prompt: book.fill('open-council-chair', {
      motion: transcript.motion,
      seats: seatList(book, seatsToGroup(transcript, 1, view)),
      answers: quoted || '(No member gave an answer.)',
      ranking: ranking || '(No member gave a valid ranking.)',
    }),
  };
}

/** How the synthesis of the answers in `round` is read, and asked for again with the reason. */
export function synthesisReply(
  book: PromptBook,
  transcript: Transcript,
  round: number,
  view: Pick<JudgeView, 'label'>,
): { parse(text: string, tool: string | null): Parsed<AnyJudgement>; reask(reason: string): string } {
  const grouped = seatsToGroup(transcript, round, view);
  const panel = transcript.panel.map((p) => ({ id: p.id, label: view.label(p.id) }));
  return {
    parse: (text, tool) => parseSynthesisReply(text, tool, grouped, panel),
    reask: (reason) => book.fill('open-judge-reask', { reason, seats: seatList(book, grouped) }),
  };
}
