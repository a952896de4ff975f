// A lean loopback stand-in of the OpenAI chat completions stream for the panel-size benchmark.
// The strict stand-ins (src/mock/) check every request as the real service would, and that costs
// milliseconds a request on the benchmark's own core: at 64 seats and more, the benchmark then
// measures them, not the client. A real provider answers hundreds of requests at once. This one
// reads each request's bytes, answers after a fixed delay with the reply as a model streams it
// (word-sized chunks, then the finish, the usage and [DONE]), and times what it sees on the wire:
// when a request's headers arrived and when the last byte of its answer was written.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { textPieces } from '../src/mock/sse.js';

export interface LeanExchange {
  /** The round read off the prompt (1 for the opening round; 0 when it says none). */
  round: number;
  /** performance.now() of this process: the request's headers arrived. */
  arrivedMs: number;
  /** The answer's last byte was handed to the socket. */
  answeredMs: number;
  requestBytes: number;
}

export interface LeanServer {
  baseURL: string;
  exchanges: LeanExchange[];
  close(): Promise<void>;
}

/** Which round a prompt is for, from the request body as sent (JSON-escaped text is still plain here). */
export function roundOfBody(raw: string): number {
  if (raw.includes('opening round')) return 1;
  const m = /This is round (\d+)|Round (\d+) of/.exec(raw);
  return Number(m?.[1] ?? m?.[2] ?? 0);
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export interface LeanOptions {
  /** A call's whole time, from its arrival to its last byte. */
  delayMs: number;
  /**
   * When the first chunk goes out; the others follow evenly until delayMs, as a model streams its
   * tokens. Equal to delayMs (a burst): the whole answer at the end, so that all the reading of the
   * stream falls after the call's time.
   */
  firstChunkMs: number;
  /** The reply to the n-th request, given its body as sent. */
  reply: (n: number, body: string) => string;
}

export async function startLeanServer(options: LeanOptions): Promise<LeanServer> {
  const exchanges: LeanExchange[] = [];
  const server = createServer((req, res) => {
    const arrivedMs = performance.now();
    void readBody(req).then((raw) => {
      const n = exchanges.length + 1;
      const exchange: LeanExchange = { round: roundOfBody(raw), arrivedMs, answeredMs: 0, requestBytes: Buffer.byteLength(raw) };
      exchanges.push(exchange);
      const model = /"model":"([^"]*)"/.exec(raw)?.[1] ?? 'model';
      const text = options.reply(n, raw);
      const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      const events = [chunk({ role: 'assistant', content: '' }), ...textPieces(text).map((piece) => chunk({ content: piece })), chunk({}, 'stop')];
      const usage = { prompt_tokens: Math.ceil(raw.length / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: Math.ceil((raw.length + text.length) / 4) };
      events.push(`data: ${JSON.stringify({ id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 0, model, choices: [], usage })}\n\n`, 'data: [DONE]\n\n');
      // The times run from the request's arrival, as a model's time to answer does.
      let sent = 0;
      const due = (at: number) => {
        const span = options.delayMs - options.firstChunkMs;
        const elapsed = at - arrivedMs - options.firstChunkMs;
        if (elapsed < 0) return 0;
        return span <= 0 || events.length < 2 ? events.length : Math.min(events.length, 1 + Math.floor((elapsed / span) * (events.length - 1) + 1e-9));
      };
      const tick = () => {
        if (!sent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const upTo = Math.max(sent + 1, due(performance.now()));
        while (sent < upTo) res.write(events[sent++]!);
        if (sent >= events.length) res.end(() => (exchange.answeredMs = performance.now()));
        else setTimeout(tick, Math.max(1, Math.min(10, arrivedMs + options.delayMs - performance.now())));
      };
      setTimeout(tick, Math.max(0, arrivedMs + options.firstChunkMs - performance.now()));
    });
  });
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
