// Reading a model's reply in every form the contract accepts: a JSON object (bare, fenced or
// inside prose), a tool call's arguments, or a first line `Vote: <option>` followed by the argument.
import { z } from 'zod';
import { matchOption, voteLineOf } from '../core/options.js';
import { textKeyed } from '../core/schema.js';
import { textRecord } from '../util/records.js';

export { matchOption };

export const VoteReplySchema = z.object({
  vote: z.string().trim().min(1),
  argument: z.string().trim().min(1),
});

export type ParsedVote = { ok: true; vote: string; argument: string } | { ok: false; reason: string };

/** Every JSON object found in the text, most likely first: fenced blocks, the whole text, then balanced braces. */
export function jsonObjectsIn(text: string): unknown[] {
  const found: unknown[] = [];
  const tryParse = (s: string) => {
    // Only an object is kept, and only text that starts with "{" parses to one: anything else
    // (most replies, in prose) is not handed to JSON.parse to throw.
    if (s[0] !== '{') return;
    try {
      const value: unknown = JSON.parse(s);
      if (value && typeof value === 'object' && !Array.isArray(value)) found.push(value);
    } catch {
      // not JSON
    }
  };
  for (const m of text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g)) tryParse((m[1] ?? '').trim());
  tryParse(text.trim());
  // Balanced-brace scan, aware of strings, for objects embedded in prose.
  for (let start = text.indexOf('{'); start !== -1 && found.length < 20; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        tryParse(text.slice(start, i + 1));
        break;
      }
    }
  }
  return found;
}

export function parseVoteReply(text: string, toolArguments: string | null, options: readonly string[]): ParsedVote {
  const candidates = [...(toolArguments ? jsonObjectsIn(toolArguments) : []), ...jsonObjectsIn(text)];
  let firstProblem: string | null = null;
  for (const candidate of candidates) {
    const parsed = VoteReplySchema.safeParse(candidate);
    if (!parsed.success) {
      if ('vote' in (candidate as object)) firstProblem ??= 'the JSON reply needs a non-empty "vote" and "argument"';
      continue;
    }
    const vote = matchOption(parsed.data.vote, options);
    if (vote) return { ok: true, vote, argument: parsed.data.argument };
    firstProblem ??= `the vote "${parsed.data.vote.slice(0, 40)}" is not one of the options`;
  }
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const voteLine = first >= 0 ? voteLineOf(lines[first] ?? '') : null;
  if (voteLine !== null) {
    const vote = matchOption(voteLine, options);
    const argument = lines.slice(first + 1).join('\n').trim();
    if (vote && argument) return { ok: true, vote, argument };
    firstProblem ??= vote ? 'the reply has a vote but no argument after it' : `the vote "${voteLine.trim().slice(0, 40)}" is not one of the options`;
  }
  return {
    ok: false,
    reason: firstProblem ?? (text.trim() ? 'the reply holds neither a JSON object with "vote" and "argument" nor a first line "Vote: <option>"' : 'the reply was empty'),
  };
}

export const JudgementReplySchema = z.object({
  summary: z.string().trim().min(1),
  strongestArguments: textKeyed(z.string()),
  turningPoints: z.array(z.string()),
});

export type ParsedJudgement =
  | { ok: true; judgement: z.infer<typeof JudgementReplySchema> }
  | { ok: false; reason: string };

export function parseJudgementReply(text: string, toolArguments: string | null, options: readonly string[]): ParsedJudgement {
  const candidates = [...(toolArguments ? jsonObjectsIn(toolArguments) : []), ...jsonObjectsIn(text)];
  for (const candidate of candidates) {
    const parsed = JudgementReplySchema.safeParse(candidate);
    if (!parsed.success) continue;
    // Keys may come as labels in another case, or as letters: map them to the option labels.
    const strongest: Record<string, string> = textRecord();
    for (const [key, value] of Object.entries(parsed.data.strongestArguments)) {
      strongest[matchOption(key, options) ?? key] = value;
    }
    return { ok: true, judgement: { ...parsed.data, strongestArguments: strongest } };
  }
  return {
    ok: false,
    reason: text.trim()
      ? 'the reply holds no JSON object with "summary", "strongestArguments" and "turningPoints"'
      : 'the reply was empty',
  };
}
