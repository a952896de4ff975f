// Open questions for the UI tests: transcripts built in code (they satisfy the schema: "open": true,
// no options, answers and no votes), and the DebateEvents a live run emits for them.
import type { DebateEvent } from '../../src/core/events.js';
import { answerKey, computeOpenResult, groupsByWording } from '../../src/core/result.js';
import { TranscriptSchema, type OpenGroup, type OpenJudgement, type PanelMember, type Transcript, type Turn } from '../../src/core/schema.js';
import { baseTranscript } from './script.js';

export function openTranscript(options: { panel?: PanelMember[]; rounds?: number; motion?: string; judge?: boolean; mode?: 'debate' | 'poll' } = {}): Transcript {
  return {
    ...baseTranscript({ panel: options.panel, rounds: options.rounds, judge: options.judge, motion: options.motion ?? 'How should a small team store its data?' }),
    options: [],
    open: true,
    mode: options.mode ?? 'debate',
  };
}

export interface OpenReply {
  answer: string | null;
  argument?: string;
  error?: string | null;
  latencyMs?: number | null;
}

/** Emits an open question's events one call at a time; every snapshot is a valid transcript. */
export class OpenScript {
  readonly t: Transcript;
  constructor(t: Transcript) {
    this.t = structuredClone(t);
  }
  private snap = () => {
    const copy = structuredClone(this.t);
    TranscriptSchema.parse(copy);
    return copy;
  };

  started(): DebateEvent {
    return { type: 'debate_started', transcript: this.snap() };
  }
  roundStarted(round: number): DebateEvent {
    this.t.rounds.push({ number: round, turns: [] });
    return { type: 'round_started', round, debaters: this.t.panel.map((p) => p.id) };
  }
  turnStarted(round: number, debater: string): DebateEvent {
    return { type: 'turn_started', round, debater };
  }
  token(round: number, debater: string, text: string): DebateEvent {
    return { type: 'token', round, debater, text };
  }
  /** The seat's last answer before `round`. */
  previousAnswer(round: number, debater: string): string | null {
    for (const r of [...this.t.rounds].reverse()) {
      if (r.number >= round) continue;
      const answer = r.turns.find((x) => x.debater === debater)?.answer;
      if (answer) return answer;
    }
    return null;
  }
  turn(round: number, debater: string, reply: OpenReply): DebateEvent {
    const before = this.previousAnswer(round, debater);
    const turn: Turn = {
      debater,
      vote: null,
      answer: reply.answer,
      argument: reply.argument ?? (reply.answer ? `${debater} holds that ${reply.answer.toLowerCase()} (round ${round}).` : ''),
      previousVote: null,
      changed: reply.answer !== null && before !== null && answerKey(before) !== answerKey(reply.answer),
      latencyMs: reply.latencyMs === undefined ? 1500 : reply.latencyMs,
      usage: null,
      error: reply.error ?? null,
    };
    this.t.rounds.find((r) => r.number === round)!.turns.push(turn);
    return { type: 'turn_finished', round, turn: structuredClone(turn), transcript: this.snap() };
  }
  roundFinished(round: number): DebateEvent {
    const r = this.t.rounds.find((x) => x.number === round)!;
    const order = new Map(this.t.panel.map((p, i) => [p.id, i]));
    r.turns.sort((a, b) => (order.get(a.debater) ?? 0) - (order.get(b.debater) ?? 0));
    this.t.result = computeOpenResult(groupsByWording(r.turns), this.t.panel.length, null, null);
    return { type: 'round_finished', round, transcript: this.snap() };
  }
  judging(): DebateEvent {
    return { type: 'judging', judge: this.t.judge?.name ?? 'Judge' };
  }
  /** The judge's synthesis: its groups (by debater id) become the result. */
  judged(synthesis: OpenJudgement | null, error: string | null = null): DebateEvent {
    this.t.judgement = synthesis;
    this.t.judgeError = error;
    if (synthesis) this.t.result = computeOpenResult(synthesis.groups, this.t.panel.length, synthesis.answer, synthesis.counterpoint);
    return { type: 'judged', judgement: synthesis, error, transcript: this.snap() };
  }
  finished(): DebateEvent {
    this.t.status = 'complete';
    this.t.finishedAt = '2026-01-01T00:05:00.000Z';
    return { type: 'debate_finished', transcript: this.snap() };
  }
  interrupted(): DebateEvent {
    this.t.finishedAt = '2026-01-01T00:05:00.000Z';
    return { type: 'interrupted', transcript: this.snap() };
  }

  /** A whole round: every seat answers as `answers` says (null: a failed turn). */
  *round(round: number, answers: Record<string, string | null>): Generator<DebateEvent> {
    yield this.roundStarted(round);
    for (const p of this.t.panel) yield this.turnStarted(round, p.id);
    for (const p of this.t.panel) {
      const answer = answers[p.id] ?? null;
      yield this.turn(round, p.id, answer === null ? { answer: null, error: `${p.name} gave no answer` } : { answer });
    }
    yield this.roundFinished(round);
  }
}

export const POSTGRES = 'Use one PostgreSQL database for everything until it hurts';
export const SQLITE = 'Start with SQLite on the server and move only when you must';
export const DYNAMO = 'Use a managed key-value store such as DynamoDB';

/** Four seats: round 1 three positions; in round 2 Gemini moves to PostgreSQL and Claude fails, then answers in no round. */
export function openDebate(panel: PanelMember[]): { events: DebateEvent[]; transcript: Transcript; synthesis: OpenJudgement } {
  const [a, b, c, d] = panel.map((p) => p.id) as [string, string, string, string];
  const s = new OpenScript(openTranscript({ panel }));
  const events: DebateEvent[] = [s.started()];
  events.push(...s.round(1, { [a]: POSTGRES, [b]: SQLITE, [c]: DYNAMO, [d]: POSTGRES }));
  events.push(...s.round(2, { [a]: POSTGRES, [b]: SQLITE, [c]: POSTGRES, [d]: POSTGRES }));
  const groups: OpenGroup[] = [
    { answer: POSTGRES, members: [a, c, d] },
    { answer: SQLITE, members: [b] },
  ];
  const synthesis: OpenJudgement = {
    answer: 'Keep everything in one PostgreSQL database until a measured limit forces a split',
    groups,
    counterpoint: 'SQLite is simpler to run and enough for most small teams.',
    summary: 'Three of four seats converged on PostgreSQL; the managed key-value store lost its only backer in round 2.',
    turningPoints: ['Round 2: the cost of a second data store persuaded the DynamoDB seat.'],
  };
  events.push(s.judging(), s.judged(synthesis), s.finished());
  return { events, transcript: s.t, synthesis };
}
