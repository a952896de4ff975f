// A provider that is not running (issue #8, defect 12): the error names the address and the cause,
// and a refused loopback connection is not retried. This file uses no msw: it connects to a
// loopback port that was just closed (nothing leaves the machine).
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ask } from '../src/agents/ask.js';
import { connectionFailure } from '../src/agents/errors.js';
import { createModelClient } from '../src/agents/factory.js';
import { DEFAULT_RETRY } from '../src/agents/retry.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a refused connection', () => {
  it('names the address and the cause, and is not retried on loopback', async () => {
    const port = await closedPort();
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const client = createModelClient({ name: 'Local', model: 'ollama:llama3.2:3b', baseURL }, { env: {} });
    const retries: unknown[] = [];
    const outcome = await ask({
      client,
      system: 's',
      prompt: 'p',
      maxTokens: 100,
      parse: () => ({ ok: false, reason: 'unused' }),
      reask: (r) => r,
      hooks: { signal: new AbortController().signal, onRetry: (n) => retries.push(n) },
      retry: DEFAULT_RETRY,
    });
    expect(outcome.error).toBe(`could not connect to ${baseURL}: connection refused`);
    expect(retries).toEqual([]);
  });

  it('is retried when the host is not this machine, with the same wording', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:443'), { code: 'ECONNREFUSED' });
    const err = connectionFailure(Object.assign(new TypeError('fetch failed'), { cause }), 'https://gateway.example/v1');
    expect(err).toMatchObject({ kind: 'connection', retryable: true, message: 'could not connect to https://gateway.example/v1: connection refused' });
    const local = connectionFailure(Object.assign(new TypeError('fetch failed'), { cause: new AggregateError([cause]) }), 'http://localhost:11434/v1');
    expect(local).toMatchObject({ kind: 'refused', retryable: false, message: 'could not connect to http://localhost:11434/v1: connection refused' });
    // A fetch that got no response for a reason without a known code (a dropped connection) still says so.
    expect(connectionFailure(new TypeError('Failed to fetch'), 'https://api.x.ai/v1')).toMatchObject({ kind: 'connection', retryable: true, message: 'could not connect to https://api.x.ai/v1: the connection failed' });
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(connectionFailure(Object.assign(new TypeError('fetch failed'), { cause: socket }), 'https://api.x.ai/v1')!.message).toBe('could not connect to https://api.x.ai/v1: other side closed');
    expect(connectionFailure(new Error('not a fetch failure'), 'https://api.x.ai/v1')).toBeNull();
  });
});
