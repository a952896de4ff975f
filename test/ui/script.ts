// Scripted debates for the UI tests: transcripts built in code, and the DebateEvents a live run
// would emit for them, step by step, each carrying a transcript snapshot as the engine's do.
import type { DebateEvent } from '../../src/core/events.js';
import { computeResult } from '../../src/core/result.js';
import type { Judgement, PanelMember, Transcript, Turn } from '../../src/core/schema.js';

export const SEED_PANEL: PanelMember[] = [
  { id: 'grok-4-1-fast', name: 'Grok 4.1 Fast', model: 'xai:grok-4-1-fast-reasoning' },
  { id: 'gpt-5-4', name: 'GPT-5.4', model: 'openai:gpt-5.4' },
  { id: 'gemini-3-1-pro', name: 'Gemini 3.1 Pro', model: 'google:gemini-3.1-pro-preview' },
  { id: 'mistral-large', name: 'Mistral Large', model: 'mistral:mistral-large-latest' },
  { id: 'claude-opus-4-6', name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
  { id: 'kimi-k2-5', name: 'Kimi K2.5', model: 'moonshot:kimi-k2.5' },
];

const EXTRA: PanelMember[] = [
  { id: 'deepseek-v4', name: 'DeepSeek V4', model: 'deepseek:deepseek-v4' },
  { id: 'llama-5', name: 'Llama 5', model: 'ollama:llama5:70b' },
  { id: 'qwen-4-max', name: 'Qwen 4 Max', model: 'openrouter:qwen/qwen-4-max' },
  { id: 'local-vllm', name: 'Local vLLM', model: 'compat:my-model' },
  { id: 'grok-4-1-heavy', name: 'Grok 4.1 Heavy', model: 'xai:grok-4-1-heavy' },
  { id: 'gpt-5-4-mini', name: 'GPT-5.4 mini', model: 'openai:gpt-5.4-mini' },
];

export const JUDGEMENT: Judgement = {
  summary: 'Most of the panel found a moat in compute, capital and know-how; Kimi K2.5 held that open weights erode it.',
  strongestArguments: { Yes: 'Frontier pretraining needs capital few have.', No: 'Open weights shrink the gap every year.' },
  turningPoints: ['Round 2: fine-tuning is not pretraining from scratch.'],
};

export function panelOf(size: number): PanelMember[] {
  return [...SEED_PANEL, ...EXTRA].slice(0, size);
}

export function baseTranscript(options: { panel?: PanelMember[]; rounds?: number; options?: string[]; motion?: string; judge?: boolean } = {}): Transcript {
  return {
    format: 'roundtable-transcript',
    version: 1,
    id: 'test-debate',
    motion: options.motion ?? 'Is there a moat to training an LLM model?',
    options: options.options ?? ['Yes', 'No'],
    mode: 'debate',
    status: 'interrupted',
    source: 'mock',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    panel: options.panel ?? SEED_PANEL,
    judge: options.judge === false ? null : { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
    rounds: [],
    result: null,
    judgement: null,
    plannedRounds: options.rounds ?? 2,
    judgeError: null,
    error: null,
  };
}

/** Emits the events of a debate one call at a time, keeping the transcript they carry. */
export class Script {
  readonly t: Transcript;
  constructor(t: Transcript) {
    this.t = structuredClone(t);
  }
  private snap = () => structuredClone(this.t);

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
  retry(round: number, debater: string | null, reason: string, attempt = 1): DebateEvent {
    return { type: 'retry', round, debater, note: { attempt, reason, delayMs: 1000 } };
  }
  previousVote(round: number, debater: string): string | null {
    for (const r of [...this.t.rounds].reverse()) {
      if (r.number >= round) continue;
      const vote = r.turns.find((x) => x.debater === debater)?.vote;
      if (vote) return vote;
    }
    return null;
  }
  turn(round: number, debater: string, reply: { vote: string | null; argument?: string; error?: string | null; latencyMs?: number | null }): DebateEvent {
    const previousVote = this.previousVote(round, debater);
    const turn: Turn = {
      debater,
      vote: reply.vote,
      argument: reply.argument ?? (reply.vote ? `${debater} argues for ${reply.vote} in round ${round}.` : ''),
      previousVote,
      changed: reply.vote !== null && previousVote !== null && reply.vote !== previousVote,
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
    this.t.result = computeResult(this.t.options, r, this.t.panel.length);
    return { type: 'round_finished', round, transcript: this.snap() };
  }
  judging(): DebateEvent {
    return { type: 'judging', judge: this.t.judge?.name ?? 'Judge' };
  }
  judged(judgement: Judgement | null, error: string | null = null): DebateEvent {
    this.t.judgement = judgement;
    this.t.judgeError = error;
    return { type: 'judged', judgement, error, transcript: this.snap() };
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
  failed(error: string): DebateEvent {
    this.t.status = 'failed';
    this.t.error = error;
    return { type: 'failed', error, transcript: this.snap() };
  }

  /** A whole round: every debater votes as `votes` says (null: a failed turn). */
  *round(round: number, votes: Record<string, string | null>): Generator<DebateEvent> {
    yield this.roundStarted(round);
    for (const p of this.t.panel) yield this.turnStarted(round, p.id);
    for (const p of this.t.panel) {
      const vote = votes[p.id] ?? null;
      yield this.turn(round, p.id, vote === null ? { vote: null, error: `${p.name} gave no valid vote` } : { vote });
    }
    yield this.roundFinished(round);
  }
}

/** The seed-like debate: round 1 four Yes, Kimi No, Claude fails; round 2 five Yes (Mistral changed from No), one No. */
export function seedLikeDebate(): { events: DebateEvent[]; transcript: Transcript } {
  const s = new Script(baseTranscript());
  const events: DebateEvent[] = [s.started()];
  events.push(
    ...s.round(1, {
      'grok-4-1-fast': 'Yes',
      'gpt-5-4': 'Yes',
      'gemini-3-1-pro': 'Yes',
      'mistral-large': 'No',
      'claude-opus-4-6': null,
      'kimi-k2-5': 'No',
    }),
  );
  events.push(
    ...s.round(2, {
      'grok-4-1-fast': 'Yes',
      'gpt-5-4': 'Yes',
      'gemini-3-1-pro': 'Yes',
      'mistral-large': 'Yes',
      'claude-opus-4-6': 'Yes',
      'kimi-k2-5': 'No',
    }),
  );
  events.push(s.judging(), s.judged(JUDGEMENT), s.finished());
  return { events, transcript: s.t };
}
