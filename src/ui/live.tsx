// The live face of a debate: Ink mounted on the terminal, fed by the debate's event stream.
// Tokens are gathered for a moment before a redraw, so a fast stream does not redraw per token;
// every other event draws at once. When the debate ends, the final frame is printed and Ink
// unmounts, leaving the screen as it was drawn and the cursor shown.
import { render } from 'ink';
import type { DebateEvent, DebateEvents } from '../core/events.js';
import { LiveApp } from './LiveApp.js';
import { initialState, isFinished, reduce, type ViewState } from './state.js';
import { inkOptions, type InkStreams } from './streams.js';

export interface LiveViewOptions extends InkStreams {
  events: DebateEvents;
  /** Where the transcript is saved; shown at the end. */
  transcriptPath: string;
  /** Ctrl-C pressed while Ink holds the keyboard (raw mode turns it into input, not SIGINT). */
  onInterrupt?: () => void;
  /** How long token events are gathered before a redraw. */
  tokenBatchMs?: number;
}

export interface LiveView {
  /**
   * Resolves after the final frame is rendered and Ink is unmounted. Call it once the debate has
   * settled: it waits for nothing more, so if no closing event came (the engine threw), the view
   * is closed where it stands, marked as stopped.
   */
  done(): Promise<void>;
}

export const TOKEN_BATCH_MS = 50;

const closing = (event: DebateEvent) => event.type === 'debate_finished' || event.type === 'failed' || event.type === 'interrupted';

export function startLiveView(options: LiveViewOptions): LiveView {
  const { transcriptPath, onInterrupt } = options;
  const batchMs = options.tokenBatchMs ?? TOKEN_BATCH_MS;
  let state: ViewState = initialState();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const element = () => <LiveApp state={state} transcriptPath={transcriptPath} onInterrupt={onInterrupt} />;
  const instance = render(element(), inkOptions(options));
  const exited = instance.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    instance.rerender(element());
  };

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    if (!isFinished(state)) state = { ...state, status: 'failed', error: state.error ?? 'the debate stopped before it finished' };
    draw();
    instance.unmount();
  };

  const unsubscribe = options.events.on((event) => {
    if (closed) return;
    state = reduce(state, event);
    if (closing(event)) close();
    else if (event.type === 'token') timer ??= setTimeout(draw, batchMs);
    else draw();
  });

  return {
    async done() {
      close();
      await exited;
    },
  };
}
