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

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that went away (`roundtable export … | head -1`) makes every later write fail with
 * EPIPE, raised as an 'error' event that would crash the process with a stack trace. Output
 * simply stops there: the command finishes (a transcript being written is still saved) and
 * exits with its usual code. Any other write error is one sentence on stderr and exit code 1.
 */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    process.exitCode = 1;
    if (stream !== process.stderr) process.stderr.write(`roundtable: could not write the output (${err.code ?? err.message}).\n`);
  });
}

export function processIo(): Io {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Plain line output is used without a TTY, with CI set, or when asked for. */
export function isHeadless(io: Io, requested: boolean | undefined): boolean {
  return Boolean(requested) || !io.stdout.isTTY || Boolean(io.env.CI && io.env.CI !== 'false' && io.env.CI !== '0');
}

export { COMMAND, shellWord, suggestCommand } from '../util/command.js';
