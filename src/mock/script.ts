// Mock mode's script: replies replayed from a transcript. A debater is matched by name; round k
// replays its turn in round k (or in the last round the file has); the judge replays the file's
// judgement. A debater the file lacks gets plain generated replies.
import { createHash } from 'node:crypto';
import type { Transcript, Turn } from '../core/schema.js';
import type { WireAnswer, WireCall, WireScript } from './types.js';

export interface ScriptOptions {
  /** Milliseconds between streamed chunks; 0 streams at once. */
  paceMs: number;
}

function hash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

function turnFor(transcript: Transcript, seat: string, round: number): Turn | null {
  const member = transcript.panel.find((p) => p.name.toLowerCase() === seat.toLowerCase());
  if (!member) return null;
  const rounds = [...transcript.rounds].sort((a, b) => a.number - b.number);
  const exact = rounds.find((r) => r.number === round)?.turns.find((t) => t.debater === member.id);
  if (exact) return exact;
  for (let i = rounds.length - 1; i >= 0; i--) {
    const turn = rounds[i]!.turns.find((t) => t.debater === member.id);
    if (turn) return turn;
  }
  return null;
}

export function transcriptScript(transcript: Transcript, options: ScriptOptions): WireScript {
  return (call: WireCall): WireAnswer => {
    const seat = call.seat ?? call.model;
    // A believable, repeatable pause before the first token: 0.3 to 1.5 s at the default pace.
    const firstChunkDelayMs = options.paceMs > 0 ? (300 + (hash(`${seat}|${call.round}`) % 1200)) * (options.paceMs / 25) : 0;
    const reply = (text: string): WireAnswer => ({ text, chunkDelayMs: options.paceMs, firstChunkDelayMs });
    if (call.role === 'judge') {
      const judgement = transcript.judgement ?? {
        summary: 'This judgement is scripted: the transcript that mock mode replays has none.',
        strongestArguments: {},
        turningPoints: [],
      };
      return reply(JSON.stringify(judgement));
    }
    const turn = turnFor(transcript, seat, call.round ?? 1);
    if (turn?.vote) return reply(JSON.stringify({ vote: turn.vote, argument: turn.argument }));
    if (turn) return reply('(This debater gave no valid vote in the scripted transcript.)');
    const letter = hash(seat) % 2 === 0 ? 'A' : 'B';
    return reply(
      JSON.stringify({
        vote: letter,
        argument: `${seat} is not in the scripted transcript, so this reply is generated: it votes ${letter} in round ${call.round ?? 1} to keep the debate going.`,
      }),
    );
  };
}
