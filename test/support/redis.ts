// A real redis-server for the queue tests, on a free loopback port, that a test can kill and start
// again on the same port; and processes whose output is collected. Skipped (saying why) without
// redis-server (.ci/run installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';

export const REDIS_SERVER = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
export const NO_REDIS = REDIS_SERVER ? null : 'redis-server is not installed (apt-get install redis-server; .ci/run does this)';

const ENTRY = new URL('./cli-entry.ts', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(command: string, args: string[], env: Record<string, string> = {}, cwd?: string): Proc {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exited };
}

/** The roundtable CLI as its own process. */
export const cli = (args: string[], env: Record<string, string> = {}, cwd?: string): Proc => start(process.execPath, ['--import', TSX, ENTRY, ...args], env, cwd);

export async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A redis-server without persistence on `port`: killed, it comes back empty. */
export async function startRedis(port: number): Promise<Proc> {
  const redis = start(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await until('redis-server', () => /Ready to accept connections/i.test(redis.output()), 20_000);
  return redis;
}
