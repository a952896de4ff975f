// Builds streamed HTTP bodies chunk by chunk, with pauses, faults and comment lines.
import { sleep } from '../util/sleep.js';

export type SseItem =
  | { data: unknown; event?: string }
  | { comment: string }
  | { raw: string };

export interface StreamPlan {
  items: SseItem[];
  firstDelayMs: number;
  delayMs: number;
  /** What happens after `at` items: the connection is cut, or the stream stalls until cancelled. */
  fault?: { at: number; kind: 'cut' | 'stall' };
}

const encoder = new TextEncoder();
/** The most characters of due items sent as one chunk. */
const CHUNK_CHARS = 2048;

function encode(item: SseItem): string {
  if ('comment' in item) return `: ${item.comment}\n\n`;
  if ('raw' in item) return item.raw;
  const data = typeof item.data === 'string' ? item.data : JSON.stringify(item.data);
  return `${item.event ? `event: ${item.event}\n` : ''}data: ${data}\n\n`;
}

/** A connection reset as Node reports one. */
export function connectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

/**
 * The plan's pauses are kept against the stream's own start: chunk i is due at
 * start + firstDelayMs + i × delayMs, and a chunk whose time has passed goes at once. So a process
 * that was busy for a while (mock mode answers in the process that draws the live screen) gets the
 * rest of the reply on time, instead of every later pause starting late; recorded latencies do not
 * depend on whether a screen is drawn. `now` is the clock (a test's fake one).
 */
export function sseStream(plan: StreamPlan, signal: AbortSignal, now: () => number = () => performance.now()): ReadableStream<Uint8Array> {
  let closed = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let due = now();
      const onAbort = () => {
        if (closed) return;
        closed = true;
        try {
          controller.error(signal.reason ?? new Error('aborted'));
        } catch {
          // already closed
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      // Items already due go out together, in chunks of up to CHUNK_CHARS (as a socket carries
      // them when the reader is behind): each chunk costs the reader a read, a watchdog tick and a
      // parse pass, and the SDKs' parsers copy a chunk's remainder once per event in it.
      let pending = '';
      const flush = () => {
        if (pending) controller.enqueue(encoder.encode(pending));
        pending = '';
      };
      try {
        for (let i = 0; i <= plan.items.length; i++) {
          if (plan.fault && plan.fault.at === i) {
            flush();
            if (plan.fault.kind === 'cut') {
              closed = true;
              controller.error(connectionReset());
              return;
            }
            // Stall: hold the connection open, sending nothing, until the client gives up.
            await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
            return;
          }
          if (i === plan.items.length) break;
          const wait = i === 0 ? plan.firstDelayMs : plan.delayMs;
          if (wait > 0) {
            due += wait;
            const left = due - now();
            if (left > 0) {
              flush();
              await sleep(left, signal);
            }
          }
          if (closed) return;
          pending += encode(plan.items[i]!);
          if (pending.length >= CHUNK_CHARS) flush();
        }
        flush();
        closed = true;
        controller.close();
      } catch {
        onAbort();
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    cancel() {
      closed = true;
    },
  });
}

/** A hole in a value given to `jsonTemplate`: where the i-th filled value goes. */
export const hole = (i: number): string => `\u0000hole${i}\u0000`;
const HOLE_TEXT = /"\\u0000hole(\d+)\\u0000"/;

/**
 * JSON.stringify of `value` once, with its holes (`hole(i)` where a value goes) left open: the
 * result fills them with JSON text (JSON.stringify of each value) and gives the same text as
 * JSON.stringify of the value with those values in place, without building the value again. A
 * stream of events differing only in their piece of text is serialised once. Null when the holes
 * cannot be found once each, in order (a string of the value spells a hole), to build it whole.
 */
export function jsonTemplate(value: unknown, holes: number): ((...fills: string[]) => string) | null {
  const parts = JSON.stringify(value).split(HOLE_TEXT);
  // split with a capture: text, index, text, index, …, text.
  if (parts.length !== 2 * holes + 1) return null;
  for (let i = 0; i < holes; i++) if (parts[2 * i + 1] !== String(i)) return null;
  const texts = parts.filter((_, i) => i % 2 === 0);
  if (holes === 1) {
    const [a, b] = texts as [string, string];
    return (fill) => a + fill + b;
  }
  return (...fills) => {
    let out = texts[0]!;
    for (let i = 0; i < holes; i++) out += fills[i]! + texts[i + 1]!;
    return out;
  };
}

/** Splits text into word-sized pieces (whitespace kept), as a streaming model would send it. */
export function textPieces(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

export const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));
