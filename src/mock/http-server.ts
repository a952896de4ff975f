// The provider stand-ins on a real loopback HTTP server, for end-to-end runs of the CLI as a
// separate process (point the *_BASE_URL variables at it). Listens on 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { getResponse } from 'msw';
import { PROVIDER_IDS, PROVIDERS, type ProviderId } from '../agents/providers.js';
import { providerHandlers } from './handlers.js';
import type { WireCall, WireScript } from './types.js';

export interface FakeProviderServer {
  port: number;
  /** The base URL of each provider on this server, e.g. OPENAI_BASE_URL → http://127.0.0.1:PORT/openai/v1. */
  env: Record<string, string>;
  calls: WireCall[];
  close(): Promise<void>;
}

function baseFor(port: number, provider: ProviderId): string {
  return `http://127.0.0.1:${port}/${provider}${PROVIDERS[provider].api === 'anthropic-messages' ? '' : '/v1'}`;
}

async function toRequest(req: IncomingMessage, port: number, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(`http://127.0.0.1:${port}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
}

/** One request as the stand-in saw it (the benchmark's timeline): when it arrived and was answered in full. */
export interface Exchange {
  url: string;
  /** performance.now() of this process. */
  arrivedMs: number;
  answeredMs: number;
  requestBytes: number;
  status: number;
}

export async function startFakeProviderServer(
  script: WireScript,
  port = 0,
  options: { onExchange?: (exchange: Exchange) => void } = {},
): Promise<FakeProviderServer> {
  const calls: WireCall[] = [];
  let handlers: ReturnType<typeof providerHandlers> = [];
  const server: Server = createServer((req, res) => {
    const arrivedMs = performance.now();
    const requestBytes = Number(req.headers['content-length'] ?? 0);
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    if (options.onExchange) {
      const report = options.onExchange;
      res.on('finish', () => report({ url: req.url ?? '/', arrivedMs, answeredMs: performance.now(), requestBytes, status: res.statusCode }));
    }
    void (async () => {
      const response = await getResponse(handlers, await toRequest(req, actualPort, controller.signal));
      if (!response || response.type === 'error') {
        res.writeHead(response ? 502 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: response ? 'connection reset by the stand-in' : `no stand-in for ${req.method} ${req.url}` } }));
        if (response) res.destroy();
        return;
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      Readable.fromWeb(response.body as never)
        .on('error', () => res.destroy())
        .pipe(res);
    })().catch(() => res.destroy());
  });
  // A client keeps its sockets open between rounds: the stand-in must not be the one to close an
  // idle socket (Node's 5 s default), or a request sent on it as it closes fails ("fetch failed").
  server.keepAliveTimeout = 10 * 60_000;
  server.headersTimeout = 10 * 60_000 + 1000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const env: Record<string, string> = {};
  const endpoints = PROVIDER_IDS.filter((p) => PROVIDERS[p].baseUrlEnv).map((provider) => {
    const baseURL = baseFor(actualPort, provider);
    env[PROVIDERS[provider].baseUrlEnv!] = baseURL;
    return { provider, baseURL };
  });
  handlers = providerHandlers(endpoints, script, { log: calls });
  return {
    port: actualPort,
    env,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
