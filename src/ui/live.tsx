// The live face of a debate: Ink mounted on the terminal, fed by the debate's event stream.
// Tokens are gathered for a moment before a redraw, so a fast stream does not redraw per token;
// every other event draws at once, but never more than MAX_DRAWS_PER_SECOND (debug mode, as in
// tests, is unthrottled). When the debate ends, the final frame is printed and Ink
// unmounts, leaving the screen as it was drawn and the cursor shown.
import { render } from 'ink';
import type { DebateEvent, DebateEvents } from '../core/events.js';
import type { HumanQueue } from '../core/human.js';
import { LiveApp } from './LiveApp.js';
import { initialState, isFinished, reduce, type ViewState } from './state.js';
import { inkOptions, type InkStreams } from './streams.js';

export interface LiveViewOptions extends InkStreams {
  events: Pick<DebateEvents, 'on'>;
  /** Where the transcript is saved; shown at the end. */
  transcriptPath: string;
  /** Ctrl-C pressed while Ink holds the keyboard (raw mode turns it into input, not SIGINT). */
  onInterrupt?: () => void;
  /** How long token events are gathered before a redraw. */
  tokenBatchMs?: number;
  /** The person's seat (--human): the composer opens when their turn is asked. */
  desk?: HumanQueue;
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
/** The most redraws a second (the spinners' shared clock adds at most 10 more frames of Ink's own). */
export const MAX_DRAWS_PER_SECOND = 20;

const closing = (event: DebateEvent) => event.type === 'debate_finished' || event.type === 'failed' || event.type === 'interrupted';

export function startLiveView(options: LiveViewOptions): LiveView {
  const { transcriptPath, onInterrupt } = options;
  const batchMs = options.tokenBatchMs ?? TOKEN_BATCH_MS;
  let state: ViewState = initialState();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const minGapMs = options.debug ? 0 : 1000 / MAX_DRAWS_PER_SECOND;
  let lastDraw = -Infinity;

  const element = () => <LiveApp state={state} transcriptPath={transcriptPath} onInterrupt={onInterrupt} {...(options.desk ? { desk: options.desk } : {})} />;
  const instance = render(element(), inkOptions(options));
  const exited = instance.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );

  const draw = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    lastDraw = performance.now();
    instance.rerender(element());
  };
  /** Draws now, or as soon as the last draw is MAX_DRAWS_PER_SECOND behind. */
  const drawSoon = () => {
    const wait = lastDraw + minGapMs - performance.now();
    if (wait <= 0) draw();
    else timer ??= setTimeout(draw, wait);
  };

  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe?.();
    if (!isFinished(state)) state = { ...state, status: 'failed', error: state.error ?? 'the debate stopped before it finished' };
    draw();
    instance.unmount();
  };

  // The events may come at once on subscription (those the CLI kept while Ink loaded), the
  // closing one included: close() may run before `on` returns.
  let unsubscribe: (() => void) | null = null;
  const stop = options.events.on((event) => {
    if (closed) return;
    state = reduce(state, event);
    if (closing(event)) close();
    else if (event.type === 'token') timer ??= setTimeout(draw, Math.max(batchMs, lastDraw + minGapMs - performance.now()));
    else drawSoon();
  });
  if (closed) stop();
  else unsubscribe = stop;

  return {
    async done() {
      close();
      await exited;
    },
  };
}
