// A fake terminal for Ink: a stdout of a chosen size that keeps every frame, and a stdin that
// takes keys. Ink runs in debug mode here, so each frame is written whole (static part included)
// and lastFrame() is the screen as a user would read it.
import { EventEmitter } from 'node:events';
import { render, type Instance } from 'ink';
import type { ReactElement } from 'react';
import stripAnsi from 'strip-ansi';
import { vi } from 'vitest';
import type { Io, OutStream } from '../../src/cli/io.js';

export class FakeStdout extends EventEmitter {
  isTTY = true;
  /** Present so Ink waits for the write callback before it reports the unmount done. */
  writableLength = 0;
  frames: string[] = [];
  constructor(
    public columns = 100,
    public rows = 40,
  ) {
    super();
  }
  write = (chunk: string | Uint8Array, encoding?: unknown, callback?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    // Frames are what Ink draws; bare control writes (cursor show/hide, a newline at unmount) are not.
    if (stripAnsi(text).trim()) this.frames.push(text);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  };
  lastFrame = (): string => this.frames.at(-1) ?? '';
  /** Everything written, in order. */
  output = (): string => this.frames.join('');
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  rawMode = false;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode(mode: boolean) {
    this.rawMode = mode;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

/** A fake terminal's streams, typed as the CLI's Io hands them to the UI. */
export function fakeTerminal(columns = 100, rows = 40) {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  return { stdout, stdin, streams: { stdout: stdout as unknown as OutStream, stdin: stdin as unknown as Io['stdin'] } };
}

export const KEYS = {
  space: ' ',
  right: '\u001b[C',
  left: '\u001b[D',
  ctrlC: '\u0003',
  escape: '\u001b',
};

export interface Terminal {
  stdout: FakeStdout;
  stdin: FakeStdin;
  instance: Instance;
  /** The last frame without colours. */
  frame: () => string;
  /** The last frame as written, colours and all. */
  rawFrame: () => string;
}

export function renderAt(node: ReactElement, size: { columns?: number; rows?: number } = {}): Terminal {
  const stdout = new FakeStdout(size.columns ?? 100, size.rows ?? 40);
  const stdin = new FakeStdin();
  const instance = render(node, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { stdout, stdin, instance, frame: () => stripAnsi(stdout.lastFrame()), rawFrame: () => stdout.lastFrame() };
}

/** Lets React run its effects and Ink read its input (real macrotasks; only timers are faked). */
export async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Fake timers for the clock only: React's scheduler and Ink's input keep their real setImmediate. */
export const CLOCK_ONLY: Parameters<typeof vi.useFakeTimers>[0] = { toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] };

export function lines(frame: string): string[] {
  return frame.split('\n');
}

/** Terminal columns a line takes: every character these tests draw is one column wide. */
export const columnsOf = (line: string): number => Array.from(line).length;

/** The frame's text as one line: box borders gone, wrapped lines joined, whitespace collapsed. */
export function flat(frame: string): string {
  return frame.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
}
