// Reading a seat's reply to an open question (no options) in every form the contract accepts: a
// JSON object {"answer", "argument", "changed"} (bare, fenced or inside prose), a tool call's
// arguments, or text whose first non-empty line is `Answer: <one sentence>` followed by the argument.
import { jsonObjectsIn } from './reply.js';

/** An answer is one sentence: past this many characters it is asked again, shorter. */
export const MAX_ANSWER_CHARS = 400;

export type ParsedAnswer =
  | { ok: true; answer: string; argument: string; changed: boolean | null }
  | { ok: false; reason: string };

/** The answer a line states in the `Answer: …` form ("**Answer:** …", "answer：…"), or null. */
export function answerLineOf(line: string): string | null {
  const m = /^\s*[*_]*answer[*_]*\s*[:：]\s*[*_]*\s*(.*?)\s*$/i.exec(line);
  return m ? m[1]!.replace(/^[*_]+|[*_]+$/g, '').trim() : null;
}

/** `changed` as a model may give it: true/false, or "yes"/"no"/"true"/"false" as text. */
function changedOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'yes') return true;
    if (v === 'false' || v === 'no') return false;
  }
  return null;
}

/** Why an answer cannot be taken as it is (empty, or far longer than one sentence), or null. */
export function answerProblem(answer: string): string | null {
  const a = answer.trim();
  if (!a) return 'the reply gives no answer: "answer" must state the position in one sentence';
  if (a.length > MAX_ANSWER_CHARS) {
    return `the answer is ${a.length} characters long; give it as one sentence of at most ${MAX_ANSWER_CHARS} characters and put the reasons in "argument"`;
  }
  return null;
}

export function parseAnswerReply(text: string, toolArguments: string | null): ParsedAnswer {
  const candidates = [...(toolArguments ? jsonObjectsIn(toolArguments) : []), ...jsonObjectsIn(text)];
  let firstProblem: string | null = null;
  for (const candidate of candidates) {
    const c = candidate as { answer?: unknown; argument?: unknown; changed?: unknown };
    if (!('answer' in c) && !('argument' in c)) continue;
    if (typeof c.answer !== 'string') {
      firstProblem ??= 'the JSON reply needs an "answer": the position in one sentence';
      continue;
    }
    const problem = answerProblem(c.answer);
    if (problem) {
      firstProblem ??= problem;
      continue;
    }
    if (typeof c.argument !== 'string' || !c.argument.trim()) {
      firstProblem ??= 'the JSON reply needs a non-empty "argument" with the reasons for the answer';
      continue;
    }
    return { ok: true, answer: c.answer.trim(), argument: c.argument.trim(), changed: changedOf(c.changed) };
  }
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const answer = first >= 0 ? answerLineOf(lines[first] ?? '') : null;
  if (answer !== null) {
    const problem = answerProblem(answer);
    const rest = lines.slice(first + 1);
    // An optional "Changed: yes|no" line right after the answer.
    const at = rest.findIndex((l) => l.trim() !== '');
    const changedLine = at >= 0 ? /^\s*[*_]*changed[*_]*\s*[:：]\s*[*_]*\s*(yes|no|true|false)\b[*_]*\s*$/i.exec(rest[at] ?? '') : null;
    const argument = (changedLine ? rest.slice(at + 1) : rest).join('\n').trim();
    if (!problem && argument) return { ok: true, answer, argument, changed: changedLine ? changedOf(changedLine[1]) : null };
    firstProblem ??= problem ?? 'the reply has an answer but no argument after it';
  }
  return {
    ok: false,
    reason:
      firstProblem ??
      (text.trim() ? 'the reply holds neither a JSON object with "answer" and "argument" nor a first line "Answer: <one sentence>"' : 'the reply was empty'),
  };
}
