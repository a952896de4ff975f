// Mock mode's scripts. With no file, every reply is generated (./generator.ts) from what the
// stand-in is asked and the run's seed. With a transcript (--mock-from, or the seed debate for the
// seed's own run), a debater is matched by name and the file's last round is replayed as the run's
// last round (round k of the run replays file round k − (run rounds − file rounds)); a debater or
// round the file lacks is generated, and the blind round 1 replays only a file's own blind round.
// The judge replays the file's judgement when the run ended with the file's final votes, and
// otherwise writes up the debate in its prompt.
import type { Transcript, Turn } from '../core/schema.js';
import { DEFAULT_MOCK_SEED, generateDigest, generateJudgement, generateTurn, renderJudgement } from './generator.js';
import { hash32, rng, shuffled } from '../core/random.js';
import { promptQuotes } from '../prompting/prompts.js';
import { readDebaterPrompt, readJudgePrompt, readOpenDebaterPrompt, readOpenJudgePrompt, userMessages, type JudgePrompt } from './prompt-reader.js';
import { generateOpenTurn, generateSynthesis, renderSynthesis } from './open-generator.js';
import { approxTokens, textPieces } from './sse.js';
import type { WireAnswer, WireCall, WireScript } from './types.js';

export interface ScriptOptions {
  /** Milliseconds between streamed chunks; 0 streams at once. */
  paceMs: number;
  /** Seeds every generated reply (DEFAULT_MOCK_SEED when absent). */
  seed?: number;
  /** The panel's seat names in order, to spread generated opening positions across them. */
  panel?: readonly string[];
  /** A batch question's correct option: generated debaters are right with seeded per-seat skill (see generator.ts). */
  answer?: string;
  /** Seeds per-seat skill and sway across a batch (the seed when absent). */
  traitSeed?: number;
}

function memberId(transcript: Transcript, seat: string): string | null {
  return transcript.panel.find((p) => p.name.toLowerCase() === seat.toLowerCase())?.id ?? null;
}

/** The file's turn that run round `round` of `rounds` replays, if any. */
export function scriptedTurn(transcript: Transcript, seat: string, round: number, rounds: number): Turn | null {
  const id = memberId(transcript, seat);
  if (!id) return null;
  const fileRounds = [...transcript.rounds].sort((a, b) => a.number - b.number);
  const fileRound = round - (rounds - fileRounds.length);
  if (fileRound < 1 || fileRound > fileRounds.length) return null;
  // A file's round 1 is blind only when it has later rounds, or is a poll (an imported final round stands alone).
  if (round === 1 && (fileRound !== 1 || (fileRounds.length < 2 && transcript.mode !== 'poll'))) return null;
  return fileRounds[fileRound - 1]!.turns.find((t) => t.debater === id) ?? null;
}

/** The position a scripted debater holds before the file's rounds begin: its first recorded vote. */
function stanceOf(transcript: Transcript, seat: string): string | null {
  const id = memberId(transcript, seat);
  if (!id) return null;
  for (const round of [...transcript.rounds].sort((a, b) => a.number - b.number)) {
    const turn = round.turns.find((t) => t.debater === id);
    if (turn) return turn.previousVote ?? turn.vote;
  }
  return null;
}

/** The run ended as the file did: same motion and every final vote the same, by name. */
function endedAsFile(transcript: Transcript, prompt: JudgePrompt): boolean {
  const last = prompt.rounds[prompt.rounds.length - 1];
  const fileLast = [...transcript.rounds].sort((a, b) => a.number - b.number).pop();
  if (!last || !fileLast || prompt.motion !== transcript.motion) return false;
  return last.turns.length === fileLast.turns.length && last.turns.every((t) => {
    const id = memberId(transcript, t.name);
    return id !== null && fileLast.turns.find((f) => f.debater === id)?.vote === t.vote;
  });
}

/** The reply limit a request set (max_tokens, or max_completion_tokens as OpenAI's newer models take it). */
export function replyLimit(body: Record<string, unknown>): number | null {
  for (const field of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const value = body[field];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  }
  return null;
}

/** The words of `text` that fit in `tokens` (the stand-in's own count, approxTokens), cut at a word. */
function cutAt(text: string, tokens: number): string {
  let kept = '';
  for (const piece of textPieces(text)) {
    if (approxTokens(kept + piece) > tokens) break;
    kept += piece;
  }
  return kept;
}

/** A text made shorter as a writer would: its last sentence dropped, or, with one left, its last words (ending "…"). */
function shorterText(text: string): string {
  const sentences = text.match(/[^.!?]+[.!?]+["'”’)]*\s*|[^.!?]+$/g) ?? [text];
  if (sentences.length > 1) return sentences.slice(0, -1).join('').trimEnd();
  const words = text.replace(/…$/, '').trimEnd().split(' ');
  return `${words.slice(0, Math.max(1, Math.floor(words.length * 0.8))).join(' ').replace(/[.,;:!?]+$/, '')}…`;
}

/**
 * A shorter reply that fits `tokens`, as a model asked again for a shorter one writes it: a JSON
 * object keeps its fields, its longest texts shortened word by word; other text ends at a word.
 * Null when even its shape does not fit.
 */
export function fittedReply(text: string, tokens: number): string | null {
  const room = Math.floor(tokens * 0.9);
  let value: unknown;
  try {
    value = text.trimStart().startsWith('{') ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (let guard = 0; guard < 200 && approxTokens(JSON.stringify(object)) > room; guard++) {
      const longest = Object.entries(object)
        .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].includes(' '))
        .sort((a, b) => b[1].length - a[1].length)[0];
      if (!longest) break;
      object[longest[0]] = shorterText(longest[1]);
    }
    const fitted = JSON.stringify(object);
    return approxTokens(fitted) <= tokens ? fitted : null;
  }
  const cut = cutAt(text, room).trimEnd();
  return cut ? cut : null;
}

export function mockScript(transcript: Transcript | null, options: ScriptOptions): WireScript {
  const seed = options.seed ?? DEFAULT_MOCK_SEED;
  const ctx = {
    seed,
    ...(options.panel ? { panel: options.panel } : {}),
    ...(options.answer !== undefined ? { answer: options.answer } : {}),
    ...(options.traitSeed !== undefined ? { traitSeed: options.traitSeed } : {}),
  };
  return (call: WireCall): WireAnswer => {
    const seat = call.seat ?? call.model;
    // A believable, repeatable pause before the first token: 0.3 to 1.5 s at the default pace.
    const firstChunkDelayMs = options.paceMs > 0 ? (300 + (hash32(`${seat}|${call.round}`) % 1200)) * (options.paceMs / 25) : 0;
    const asked = userMessages(call.body);
    const prompt = asked[0] ?? '';
    const reasked = asked.length > 1;
    // The request's max_tokens holds as a provider holds it: a longer reply stops there ("length"),
    // and a reply asked again (roundtable asks for a shorter one, naming the limit) is written to fit.
    const limit = replyLimit(call.body);
    const reply = (text: string): WireAnswer => {
      const paced = { chunkDelayMs: options.paceMs, firstChunkDelayMs };
      if (limit === null || approxTokens(text) <= limit) return { text, ...paced };
      const fitted = reasked ? fittedReply(text, limit) : null;
      if (fitted !== null) return { text: fitted, ...paced };
      return { kind: 'length', text: cutAt(text, limit) };
    };

    // A round's digest (--digest): the positions and counts it was given, and a point for each.
    if (call.role === 'digest' || (call.role === null && /^Write a neutral digest of this round/m.test(prompt))) return reply(generateDigest(prompt));
    // Open questions (no options): the synthesis, or a seat's answer. (The council's review of an
    // open question is ranked below, as any review is.)
    const openJudge = call.role !== 'debater' ? readOpenJudgePrompt(prompt) : null;
    if (openJudge) {
      const synthesis = generateSynthesis(openJudge);
      return reply(reasked ? JSON.stringify(synthesis) : renderSynthesis(seed, synthesis));
    }
    const openSeat = call.role !== 'judge' ? readOpenDebaterPrompt(prompt) : null;
    if (openSeat) return reply(generateOpenTurn(ctx, seat, openSeat, { plain: reasked }).text);

    // Without the mock-mode headers (a separate process on the loopback server), the prompt tells.
    const isJudge = call.role === 'judge' || (call.role === null && readDebaterPrompt(prompt) === null && readJudgePrompt(prompt) !== null);
    const judgePrompt = isJudge ? readJudgePrompt(prompt) : null;
    if (isJudge) {
      if (transcript?.judgement && judgePrompt && endedAsFile(transcript, judgePrompt)) return reply(JSON.stringify(transcript.judgement));
      if (!judgePrompt) return reply('The stand-in judge could not read the debate it was given.');
      const judgement = generateJudgement(judgePrompt);
      return reply(reasked ? JSON.stringify(judgement) : renderJudgement(seed, judgement, judgePrompt.options));
    }

    // The council's ranking round: rank the responses shown, in an order drawn from the seed.
    if (/the council's review/.test(prompt)) {
      const labels = promptQuotes(prompt).flatMap((q) => (q.kind === 'material' ? (/^(Response [A-Z]+),/.exec(q.label)?.slice(1, 2) ?? []) : []));
      const ranking = shuffled(labels, rng(seed, 'council-ranking', seat));
      const reason = ranking.length ? `${ranking[0]} made the case most clearly; ${ranking.at(-1)} the least.` : 'There was nothing to rank.';
      return reply(JSON.stringify({ ranking, reason }));
    }
    const debater = readDebaterPrompt(prompt);
    if (!debater) return reply('The stand-in could not read the motion and options it was given.');
    if (transcript) {
      const turn = scriptedTurn(transcript, seat, debater.round, debater.rounds);
      if (turn?.vote && debater.options.includes(turn.vote)) return reply(JSON.stringify({ vote: turn.vote, argument: turn.argument }));
      if (turn && turn.vote === null) return reply('(This debater gave no valid vote in the scripted transcript.)');
    }
    const stance = transcript ? stanceOf(transcript, seat) : null;
    return reply(generateTurn(ctx, seat, debater, { stance, plain: reasked }).text);
  };
}
