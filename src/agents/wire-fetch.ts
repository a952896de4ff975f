// The fetch handed to either SDK (one SDK client per endpoint, shared by its seats; each request
// names the attempt that observes it, WIRE_OBSERVER). It sits below the SDK's SSE parser, so it sees
// what the parser hides:
// - every byte received counts as life for the watchdog (keep-alive comments such as
//   `: OPENROUTER PROCESSING` or DeepSeek's `: keep-alive` never reach the SDK's iterator);
// - a stream that ends without its end marker ([DONE] / message_stop) is told apart from one that ended;
// - a server that ignores `stream: true` and answers one JSON body (a local Ollama does) is turned
//   into the equivalent stream, so it parses as the complete reply it is;
// - a connection that cannot be made names the address and the cause;
// - an error response becomes a ProviderError with its reason and retry hint (providerFetch).
import { connectionFailure, providerFetch } from './errors.js';

export interface WireObserver {
  /** Any byte of the response body arrived. */
  onBytes(): void;
  /** The stream's `data: [DONE]` line arrived (the SDK stops there without saying so). */
  onDone?(): void;
  /**
   * A `data:` event carrying an `error` arrived with usage beside it (OpenRouter bills the tokens
   * used before the error): the SDK throws on that event before anyone sees its usage.
   */
  onErrorUsage?(usage: Record<string, unknown>): void;
}

/**
 * Where a request names its observer: a property of the request options handed to fetch, which
 * both SDKs pass on from a request's `fetchOptions` (wire-fetch takes it off before the request
 * goes out). So one SDK client serves many seats, and each attempt sees only its own bytes.
 */
export const WIRE_OBSERVER: unique symbol = Symbol('roundtable.wireObserver');

/** Request options that name their observer. */
export type ObservedInit = RequestInit & { [WIRE_OBSERVER]?: WireObserver };

/** The request's fetchOptions that name its observer (typed as options the SDKs take: they pass it on as is). */
export function observedBy(observer: WireObserver): Record<never, never> {
  return { [WIRE_OBSERVER]: observer };
}

const UNOBSERVED: WireObserver = { onBytes: () => {} };

export interface WireFetchOptions {
  baseURL: string;
  api: 'openai-chat' | 'anthropic-messages';
  /** The run's own fetch (mock mode); without it, the global fetch at call time. */
  fetch?: typeof globalThis.fetch;
}

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** One non-streamed chat.completion body as the chunks a streaming server would have sent. */
export function chatCompletionAsSse(body: Record<string, unknown>): string {
  const choices = Array.isArray(body.choices) ? (body.choices as Array<Record<string, unknown>>) : [];
  const out = choices.map((c) => {
    const message = (c.message ?? {}) as Record<string, unknown>;
    return { index: c.index ?? 0, delta: { ...message }, finish_reason: c.finish_reason ?? 'stop' };
  });
  const chunk: Record<string, unknown> = { id: body.id ?? '', object: 'chat.completion.chunk', created: body.created ?? 0, model: body.model ?? '', choices: out };
  if (body.usage) chunk.usage = body.usage;
  return sse(chunk) + 'data: [DONE]\n\n';
}

/** One non-streamed Messages body as the events of the equivalent stream. */
export function messageAsSse(body: Record<string, unknown>): string {
  const content = Array.isArray(body.content) ? (body.content as Array<Record<string, unknown>>) : [];
  let text = sse({ type: 'message_start', message: { ...body, content: [], stop_reason: null } }, 'message_start');
  content.forEach((block, index) => {
    if (block.type === 'text') {
      text += sse({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start');
      text += sse({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text ?? '' } }, 'content_block_delta');
    } else if (block.type === 'tool_use') {
      text += sse({ type: 'content_block_start', index, content_block: { ...block, input: {} } }, 'content_block_start');
      text += sse({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) } }, 'content_block_delta');
    } else {
      text += sse({ type: 'content_block_start', index, content_block: block }, 'content_block_start');
    }
    text += sse({ type: 'content_block_stop', index }, 'content_block_stop');
  });
  text += sse({ type: 'message_delta', delta: { stop_reason: body.stop_reason ?? 'end_turn', stop_sequence: null, ...(body.stop_details ? { stop_details: body.stop_details } : {}) }, usage: body.usage ?? {} }, 'message_delta');
  return text + sse({ type: 'message_stop' }, 'message_stop');
}

export function wireFetch(options: WireFetchOptions): typeof fetch {
  return async (input, init) => {
    const observer = (init as ObservedInit | undefined)?.[WIRE_OBSERVER] ?? UNOBSERVED;
    if (observer !== UNOBSERVED) delete (init as ObservedInit)[WIRE_OBSERVER];
    let response: Response;
    try {
      response = await providerFetch(input as string | URL | Request, init, options.fetch);
    } catch (err) {
      throw connectionFailure(err, options.baseURL) ?? err;
    }
    const type = response.headers.get('content-type') ?? '';
    if (/application\/json/i.test(type)) {
      // A whole reply where a stream was asked for.
      observer.onBytes();
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = null;
      }
      const headers = new Headers(response.headers);
      headers.set('content-type', 'text/event-stream');
      const stream =
        body && typeof body === 'object' && !Array.isArray(body)
          ? options.api === 'anthropic-messages'
            ? messageAsSse(body as Record<string, unknown>)
            : chatCompletionAsSse(body as Record<string, unknown>)
          : '';
      return new Response(stream, { status: response.status, headers });
    }
    if (!response.body) return response;
    const decoder = new TextDecoder();
    let tail = '';
    // The unfinished last line (an error event may arrive split over chunks).
    let line = '';
    const errorEvent = (text: string) => {
      const m = /^data:\s*(\{.*"error".*\})\s*$/s.exec(text);
      if (!m || !observer.onErrorUsage) return;
      try {
        const payload = JSON.parse(m[1]!) as { error?: unknown; usage?: unknown };
        if (payload.error && payload.usage && typeof payload.usage === 'object') observer.onErrorUsage(payload.usage as Record<string, unknown>);
      } catch {
        // not JSON: the SDK reports it
      }
    };
    const observe = (chunk: Uint8Array) => {
      if (chunk.byteLength) {
        observer.onBytes();
        const text = decoder.decode(chunk, { stream: true });
        const seen = tail + text;
        if (/(^|\n)data:\s*\[DONE\]/.test(seen)) observer.onDone?.();
        tail = seen.slice(-16);
        if (observer.onErrorUsage) {
          const joined = line + text;
          if (joined.includes('"error"')) {
            const lines = joined.split(/\r?\n/);
            line = lines.pop()!;
            for (const l of lines) if (l.includes('"error"')) errorEvent(l);
          } else {
            // Most chunks hold no error event: only the unfinished last line is kept.
            line = joined.slice(joined.lastIndexOf('\n') + 1);
          }
          // No error event is that long: a line past 64 KB is an answer's, not kept.
          if (line.length > 65_536) line = '';
        }
      }
    };
    // One pull per read of the SDK's parser, each handing on one chunk of the body as it came (a
    // TransformStream would queue every chunk twice, on its writable and its readable side).
    const reader = response.body.getReader();
    // The request's abort (the call's watchdog or a cancel) fails the read in progress at once, so
    // a transport that does not honour the abort can never hang the debate: the guard the call
    // needs once, here, rather than a race on every chunk read.
    const signal = init?.signal ?? null;
    let onAbort: (() => void) | null = null;
    const release = () => {
      if (onAbort) signal!.removeEventListener('abort', onAbort);
      onAbort = null;
    };
    const observed = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          if (!signal) return;
          onAbort = () => {
            release();
            controller.error(signal.reason);
            void reader.cancel(signal.reason).catch(() => {});
          };
          if (signal.aborted) onAbort();
          else signal.addEventListener('abort', onAbort, { once: true });
        },
        async pull(controller) {
          let read: Awaited<ReturnType<typeof reader.read>>;
          try {
            read = await reader.read();
          } catch (err) {
            release();
            throw err;
          }
          if (!onAbort && signal) return; // aborted meanwhile: the stream has failed already
          if (read.done) {
            release();
            return controller.close();
          }
          observe(read.value);
          controller.enqueue(read.value);
        },
        // Not awaited: a body whose server has gone quiet may never settle its cancel, and the
        // SDK awaits this one when it stops reading (on an error event, say).
        cancel: (reason) => {
          release();
          void reader.cancel(reason).catch(() => {});
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(observed, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

