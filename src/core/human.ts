// A person on the panel (--human): what the engine asks of the person's seat and what it gets back.
// The engine asks through a HumanDesk; the live view is the desk's face (its composer), the engine
// never knows the screen. A person's text is untrusted like a model's: it is parsed and quoted as
// material like any other turn.

/** One of the previous round's turns, as the person may read it (labels as the models see them). */
export interface ShownTurn {
  name: string;
  /** The vote (or, on an open question, the answer); null when the seat gave none. */
  position: string | null;
  argument: string;
}

export interface HumanTurnRequest {
  /** The person's seat name. */
  seat: string;
  round: number;
  rounds: number;
  motion: string;
  /** An open question: a one-sentence answer instead of a vote. */
  open: boolean;
  /** The options to vote on (empty on an open question). */
  options: string[];
  /** The person's previous position, when there was one. */
  previous: string | null;
  /** Why the last reply could not be taken, when this is a second ask. */
  reask: string | null;
  /** When the seat's time runs out (epoch ms), if --human-timeout is set. */
  deadline: number | null;
  /** The previous round's turns this seat reads (none in round 1: it is blind). */
  shown: ShownTurn[];
  /**
   * A council's review: rank these answers (named "Response A", …, as a model is shown them), best
   * first, and give the reason as the argument. Absent on every other turn.
   */
  ballot?: ShownTurn[];
}

export interface HumanReply {
  /** The option's label (closed questions). */
  vote?: string;
  /** The one-sentence answer (open questions). */
  answer?: string;
  /** A council's review: every ballot entry's name, best first. */
  ranking?: string[];
  argument: string;
}

export interface HumanDesk {
  /** Asks the person; rejects when `signal` aborts (Ctrl-C, the seat's time ran out). */
  ask(request: HumanTurnRequest, signal: AbortSignal): Promise<HumanReply>;
}

/**
 * The desk between the engine and the screen: the engine's asks wait in a queue (the view may
 * start after the run does) until the view takes them; the view answers or the ask is cancelled.
 */
export class HumanQueue implements HumanDesk {
  private current: { request: HumanTurnRequest; resolve: (r: HumanReply) => void } | null = null;
  private readonly listeners = new Set<(request: HumanTurnRequest | null) => void>();

  ask(request: HumanTurnRequest, signal: AbortSignal): Promise<HumanReply> {
    return new Promise<HumanReply>((resolve, reject) => {
      const cancel = () => {
        if (this.current?.request === request) this.set(null);
        reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
      };
      if (signal.aborted) return cancel();
      signal.addEventListener('abort', cancel, { once: true });
      this.current = {
        request,
        resolve: (reply) => {
          signal.removeEventListener('abort', cancel);
          resolve(reply);
        },
      };
      this.emit();
    });
  }

  /** The ask waiting for the person, if any. */
  pending(): HumanTurnRequest | null {
    return this.current?.request ?? null;
  }

  /** The view's answer to the pending ask. */
  answer(reply: HumanReply): void {
    const current = this.current;
    if (!current) return;
    this.set(null);
    current.resolve(reply);
  }

  /** Called with the pending ask whenever it changes (now, too). */
  subscribe(listener: (request: HumanTurnRequest | null) => void): () => void {
    this.listeners.add(listener);
    listener(this.pending());
    return () => this.listeners.delete(listener);
  }

  private set(value: null): void {
    this.current = value;
    this.emit();
  }

  private emit(): void {
    for (const l of [...this.listeners]) l(this.pending());
  }
}
