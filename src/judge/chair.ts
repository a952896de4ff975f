// The council's chair: the judge reads the round-1 answers and the aggregate ranking (Borda count,
// ties broken by first places) and writes the final decision and summary.
import { formatResult } from '../core/result.js';
import type { Transcript } from '../core/schema.js';
import { fitTexts } from '../prompting/context.js';
import { letteredOptions, type PromptBook } from '../prompting/prompts.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { JudgeView } from './judge.js';

export function chairPrompts(book: PromptBook, judgeName: string, transcript: Transcript, view: JudgeView): { system: string; prompt: string } {
  const answers = transcript.rounds.find((r) => r.number === 1)?.turns.filter((t) => t.vote !== null) ?? [];
  const texts = fitTexts(answers.map((t) => view.scrub(t.argument)), view.budget);
  const quoted = answers.map((t, i) => book.quoteMaterial(`${view.label(t.debater)}, round 1, voted ${t.vote}`, texts[i]!.text, texts[i]!.hidden)).join('\n\n');
  const ranking = (transcript.result?.ranking ?? [])
    .map((e, i) => `${i + 1}. ${sanitizeLine(view.label(e.debater))} — ${e.points} point${e.points === 1 ? '' : 's'}, ${e.firsts} first place${e.firsts === 1 ? '' : 's'}`)
    .join('\n');
  return {
    system: book.fill('council-chair-system', { name: view.anonymous ? 'Chair' : judgeName }),
    prompt: book.fill('council-chair', {
      motion: transcript.motion,
      options: letteredOptions(transcript.options),
      result: formatResult(transcript.result),
      answers: quoted || '(No member gave a valid answer.)',
      ranking: ranking || '(No member gave a valid ranking.)',
    }),
  };
}
