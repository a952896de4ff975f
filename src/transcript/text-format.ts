// The roundtable text format (the seed debate's): writing a transcript out as text.
import { formatResult } from '../engine/result.js';
import { sanitizeText } from '../util/sanitize.js';
import type { Transcript } from './schema.js';

/** One line of text: model output cannot break the format's structure with its own newlines. */
const oneLine = (text: string) => sanitizeText(text).replace(/\s*\n\s*/g, ' ').trim();
/** Paragraphs kept, but with control characters and blank-line runs removed. */
const block = (text: string) => sanitizeText(text).replace(/\n{3,}/g, '\n\n').trim();

/** The line after the summary in the seed: `Majority chose "Yes" after discussion (5/6). Final vote: Yes: 5, No: 1`. */
export function finalVoteLine(t: Transcript): string | null {
  const r = t.result;
  if (!r) return null;
  const counts = t.options.map((o) => `${o}: ${r.tally[o] ?? 0}`).join(', ');
  const lead = r.winner
    ? `Majority chose "${r.winner}" after discussion (${r.tally[r.winner] ?? 0}/${r.validVotes}).`
    : `No single option won after discussion (${r.label}).`;
  return `${lead} Final vote: ${counts}`;
}

export function exportText(t: Transcript): string {
  const names = new Map(t.panel.map((p) => [p.id, p.name]));
  const last = t.rounds.at(-1);
  const lines: string[] = [];
  lines.push(`AI Roundtable ${t.mode === 'poll' ? 'Poll' : 'Debate'} · ${t.panel.length} models`);
  lines.push(oneLine(t.motion));
  lines.push(`Result: ${formatResult(t.result)}`);
  lines.push('Options');
  for (const option of t.options) {
    const n = t.result?.tally[option] ?? 0;
    lines.push(`- ${option} (${n} votes)`);
  }
  lines.push('Model Responses');
  for (const turn of last?.turns ?? []) {
    lines.push(names.get(turn.debater) ?? turn.debater);
    if (turn.vote === null) {
      lines.push('Vote: none');
      lines.push(block(turn.error ? `(no valid vote: ${turn.error})` : '(no reply)'));
    } else {
      lines.push(`Vote: ${turn.vote}${turn.changed && turn.previousVote ? ` (changed from ${turn.previousVote})` : ''}`);
      lines.push(block(turn.argument) || '(no argument)');
    }
  }
  if (t.judgement) {
    lines.push('Final Summary');
    lines.push(block(t.judgement.summary));
    const vote = finalVoteLine(t);
    if (vote) lines.push(vote);
    lines.push('Strongest Arguments');
    for (const [option, argument] of Object.entries(t.judgement.strongestArguments)) {
      lines.push(`- ${option}: ${oneLine(argument)}`);
    }
    lines.push('Key Turning Points');
    for (const point of t.judgement.turningPoints) lines.push(`- ${oneLine(point)}`);
  }
  return `${lines.join('\n')}\n`;
}
