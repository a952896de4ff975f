// One recorded provider response (test/fixtures/wire), answer substituted, served on loopback to
// any POST, so the real CLI can replay it end to end through the recording provider's own profile:
//   npx tsx scripts/wire-replay.ts mistral-magistral
//   MISTRAL_API_KEY=any MISTRAL_BASE_URL=http://127.0.0.1:PORT/v1 npx roundtable debate "Q?" --models mistral:a,mistral:b --no-judge --headless
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDERS, type ProviderId } from '../agents/providers.js';
import { loadRecording, recordingSource, substituteAnswer } from './recordings.js';

export interface ReplayServer {
  port: number;
  /**
   * What to set for the CLI to reach it as the recording's provider: the base-URL variable (e.g.
   * MISTRAL_BASE_URL → http://127.0.0.1:PORT/v1) and a stand-in key where the provider needs one.
   * Recordings of `compat` servers (Groq, Together…) are reached as `openai`.
   */
  env: Record<string, string>;
  /** The provider the CLI should name in --models (e.g. `mistral`). */
  provider: ProviderId;
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
  // Each recording is served to its own provider's profile; a compat server's (no variable of its own) to openai's.
  const recorded = recordingSource(name).provider;
  const provider: ProviderId = recorded === 'compat' ? 'openai' : recorded;
  const profile = PROVIDERS[provider];
  const env: Record<string, string> = { [profile.baseUrlEnv!]: `http://127.0.0.1:${port}${profile.api === 'anthropic-messages' ? '' : '/v1'}` };
  if (profile.keyEnv) env[profile.keyEnv] = 'replay-key';
  return {
    port,
    env,
    provider,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
