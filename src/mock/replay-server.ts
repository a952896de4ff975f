// One recorded provider response (test/fixtures/wire), answer substituted, served on loopback to
// any POST, so the real CLI can replay it end to end:
//   npx tsx scripts/wire-replay.ts mistral-magistral
//   OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 npx roundtable debate "Q?" --models openai:a,openai:b --headless
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDERS } from '../agents/providers.js';
import { loadRecording, recordingSource, substituteAnswer } from './recordings.js';

export interface ReplayServer {
  port: number;
  /** The variable to set and its value, e.g. OPENAI_BASE_URL → http://127.0.0.1:PORT/v1. */
  env: Record<string, string>;
  /** How many requests were answered. */
  requests(): number;
  close(): Promise<void>;
}

export const DEFAULT_ANSWER = 'Vote: A\nThe recorded wire carries this argument, and nothing else, to the transcript.';

export async function startReplayServer(name: string, options: { answer?: string; port?: number } = {}): Promise<ReplayServer> {
  const recording = loadRecording(name);
  const body = recording.status === 200 ? substituteAnswer(recording.body, options.answer ?? DEFAULT_ANSWER).body : recording.body;
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(recording.status, recording.headers);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Anthropic recordings are served to the anthropic adapter; every other one to the OpenAI-compatible one.
  const anthropic = PROVIDERS[recordingSource(name).provider].api === 'anthropic-messages';
  const env: Record<string, string> = anthropic ? { ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` } : { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` };
  return {
    port,
    env,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
