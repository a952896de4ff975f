// What a command needs from the outside world, passed in so tests can run the CLI in-process.
import type { Writable } from 'node:stream';

export interface OutStream extends Writable {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborts the run as Ctrl-C would (tests); the real process also listens for SIGINT and SIGTERM. */
  signal?: AbortSignal;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Plain line output is used without a TTY, with CI set, or when asked for. */
export function isHeadless(io: Io, requested: boolean | undefined): boolean {
  return Boolean(requested) || !io.stdout.isTTY || Boolean(io.env.CI && io.env.CI !== 'false' && io.env.CI !== '0');
}
