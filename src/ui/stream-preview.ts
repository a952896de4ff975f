// What a card shows of a reply while it is still streaming. Debaters are asked for
// {"vote": "...", "argument": "..."}, so the raw stream is mostly JSON; the reader wants the
// argument growing, not braces and escapes. Partial JSON is read leniently: the argument string
// is decoded as far as it has arrived, also when the object comes after a line of prose. Other forms (`Vote: X` then prose, plain prose) show as
// they come, minus the vote line.

export interface StreamPreview {
  /** The vote, once the stream has said it in full. */
  vote: string | null;
  /** The argument so far, decoded. */
  text: string;
}

import { matchOption, voteLineOf } from '../core/options.js';

const JSON_START = /^\s*(?:```(?:json|JSON)?\s*)?\{/;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '', b: '', f: '', '"': '"', '\\': '\\', '/': '/' };

/** Decodes a JSON string body from `start` (just after its opening quote) to its closing quote or the end of what arrived. */
function decodeJsonString(raw: string, start: number): { value: string; closed: boolean } {
  let value = '';
  for (let i = start; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '"') return { value, closed: true };
    if (ch !== '\\') {
      value += ch;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break; // the escape is cut off; wait for the rest
    if (next === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    value += SIMPLE_ESCAPES[next] ?? next;
    i += 1;
  }
  return { value, closed: false };
}

function jsonField(raw: string, key: string): { value: string; closed: boolean } | null {
  const match = new RegExp(`"${key}"\\s*:\\s*"`).exec(raw);
  return match ? decodeJsonString(raw, match.index + match[0].length) : null;
}

/** Where a reply object starts inside prose ("Here is my reply. {"vote": …"). */
const JSON_IN_PROSE = /\{\s*"(?:vote|argument)"\s*:/;
/** The same for an open question's reply ("… {"answer": …"). */
const OPEN_JSON_IN_PROSE = /\{\s*"(?:answer|argument|changed)"\s*:/;

/**
 * The preview of a streaming reply. With the options, the vote is read as the reply parser reads
 * it (its label in any case or its letter, see core/options) and is null until it names an option.
 */
export function previewReply(raw: string, options?: readonly string[]): StreamPreview {
  const asOption = (vote: string | null): string | null => (vote === null || !options ? vote : matchOption(vote, options));
  const inProse = JSON_START.test(raw) ? null : JSON_IN_PROSE.exec(raw);
  if (JSON_START.test(raw) || inProse) {
    const json = inProse ? raw.slice(inProse.index) : raw;
    const vote = jsonField(json, 'vote');
    const argument = jsonField(json, 'argument');
    return { vote: asOption(vote?.closed ? vote.value.trim() || null : null), text: argument?.value ?? '' };
  }
  // A vote line counts once it has ended (the option may still be arriving before the newline).
  const end = raw.indexOf('\n');
  const firstLine = end >= 0 ? raw.slice(0, end) : null;
  const vote = firstLine === null ? null : voteLineOf(firstLine);
  if (vote !== null) return { vote: asOption(vote.replace(/[*_`]/g, '').trim() || null), text: raw.slice(end + 1).replace(/^\s+/, '') };
  return { vote: null, text: raw };
}

/** What a card shows of an open question's streaming reply: the answer once said in full, and the argument so far. */
export interface OpenStreamPreview {
  /** The one-sentence answer, once the stream has said it in full (its JSON string closed, or its `Answer:` line ended). */
  answer: string | null;
  text: string;
}

const ANSWER_LINE = /^\s*[*_]*answer[*_]*\s*[:：]\s*(.+)$/i;

/**
 * The preview of a streaming reply to an open question (`{"answer": …, "argument": …, "changed": …}`,
 * or a first line `Answer: …` followed by the argument), read as leniently as previewReply reads a vote.
 */
export function previewOpenReply(raw: string): OpenStreamPreview {
  const inProse = JSON_START.test(raw) ? null : OPEN_JSON_IN_PROSE.exec(raw);
  if (JSON_START.test(raw) || inProse) {
    const json = inProse ? raw.slice(inProse.index) : raw;
    const answer = jsonField(json, 'answer');
    const argument = jsonField(json, 'argument');
    return { answer: answer?.closed ? answer.value.trim() || null : null, text: argument?.value ?? '' };
  }
  const start = raw.search(/\S/);
  if (start < 0) return { answer: null, text: '' };
  const end = raw.indexOf('\n', start);
  const firstLine = end >= 0 ? raw.slice(start, end) : raw.slice(start);
  const match = ANSWER_LINE.exec(firstLine);
  if (!match) return { answer: null, text: raw };
  // The answer line counts once it has ended; until then the card shows nothing of it as argument.
  if (end < 0) return { answer: null, text: '' };
  return { answer: match[1]!.replace(/[*_`]/g, '').trim() || null, text: raw.slice(end + 1).replace(/^\s+/, '') };
}
