// The streams Ink is mounted on, as the CLI's Io gives them, and the options every mount shares.
import type { Writable } from 'node:stream';

/** A terminal-like output stream (the process's, or a test's); the CLI's Io hands one over. */
export interface OutStream extends Writable {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** Where keys come from; read only when it is a TTY. */
export type InStream = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export interface InkStreams {
  stdout: OutStream;
  /** Keys come from here; without it, process.stdin. Keys are read only when it is a TTY. */
  stdin?: InStream;
  /** Ink's debug mode: every frame written whole, unthrottled (tests). */
  debug?: boolean;
}

/** Ink's option types ask for the process streams; any stream of the right shape works. */
export function inkOptions(streams: InkStreams) {
  return {
    stdout: streams.stdout as unknown as NodeJS.WriteStream,
    stdin: (streams.stdin ?? process.stdin) as unknown as NodeJS.ReadStream,
    debug: Boolean(streams.debug),
    // Ctrl-C is the command's to handle (it stops the debate cleanly); Ink must not exit on it.
    exitOnCtrlC: false,
    patchConsole: false,
    // Ink computes the layout and writes a frame at most this often (it reconciles on every change).
    maxFps: 20,
  };
}
