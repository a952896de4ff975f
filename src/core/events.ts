// The typed events of a debate. The Ink app, the headless printer and the transcript writer are
// listeners of this one stream; replay feeds the same events from a file.
import type { AnyJudgement, RetryNote, Transcript, Turn } from './schema.js';

export type DebateEvent =
  | { type: 'debate_started'; transcript: Transcript }
  | { type: 'round_started'; round: number; debaters: string[] }
  | { type: 'turn_started'; round: number; debater: string }
  | { type: 'token'; round: number; debater: string; text: string }
  /** A call failed and will be tried again; any partial reply of the failed attempt is discarded. */
  | { type: 'retry'; round: number; debater: string | null; note: RetryNote }
  /** The reply could not be read and is asked for again, with the reason; the streamed text starts afresh. */
  | { type: 'reask'; round: number; debater: string | null; reason: string }
  | { type: 'turn_finished'; round: number; turn: Turn; transcript: Transcript }
  | { type: 'round_finished'; round: number; transcript: Transcript }
  /** The run stops before its planned rounds by design (a budget); the judge may still run. */
  | { type: 'stopped'; reason: string; transcript: Transcript }
  /** The digest model writes the digest of a finished round (--digest). */
  | { type: 'digesting'; round: number }
  /** A round's digest is in (or failed: error), before the next round starts. */
  | { type: 'digested'; round: number; digest: string | null; error: string | null; transcript: Transcript }
  | { type: 'judging'; judge: string }
  | { type: 'judged'; judgement: AnyJudgement | null; error: string | null; transcript: Transcript }
  | { type: 'debate_finished'; transcript: Transcript }
  | { type: 'interrupted'; transcript: Transcript }
  | { type: 'failed'; error: string; transcript: Transcript };

export type DebateListener = (event: DebateEvent) => void;

/** Fans events out to listeners; a listener that throws is reported, and never stops the debate. */
export class DebateEvents {
  // Replaced, never changed in place: an emit goes on with the listeners it started with, without
  // copying them for every event (a run emits one per streamed token).
  private listeners: readonly DebateListener[] = [];
  /** The listeners that read streamed tokens (all but those registered with { tokens: false }). */
  private tokenListeners = 0;
  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** `tokens: false`: the listener ignores 'token' events (the engine need not make them for it). */
  on(listener: DebateListener, options: { tokens?: boolean } = {}): () => void {
    const tokens = options.tokens !== false;
    this.listeners = [...this.listeners, listener];
    if (tokens) this.tokenListeners++;
    let registered = true;
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners = this.listeners.filter((_, j) => j !== i);
      if (registered && tokens) this.tokenListeners--;
      registered = false;
    };
  }

  /** Whether any listener reads 'token' events: a run with none makes none (one a streamed piece). */
  get wantsTokens(): boolean {
    return this.tokenListeners > 0;
  }

  emit(event: DebateEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
