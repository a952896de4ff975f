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
    const reply = (text: string): WireAnswer => ({ text, chunkDelayMs: options.paceMs, firstChunkDelayMs });
    const asked = userMessages(call.body);
    const prompt = asked[0] ?? '';
    const reasked = asked.length > 1;

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
