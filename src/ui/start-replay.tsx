// Mounts the replay player on the terminal and resolves with its exit code once it has ended or
// been quit, after the last frame is printed and Ink has unmounted.
import { render, type Instance } from 'ink';
import type { Transcript } from '../core/schema.js';
import { ExitCode } from '../util/errors.js';
import { Replay } from './Replay.js';
import { inkOptions, type InkStreams } from './streams.js';

export interface ReplayOptions extends InkStreams {
  transcript: Transcript;
  /** The file being replayed, shown under the screen. */
  transcriptPath: string;
  /** 1 is the recorded pace, 2 twice as fast, 0 instant. */
  speed: number;
  /** Stops the replay as Ctrl-C would. */
  signal?: AbortSignal;
}

export interface ReplayPlayer {
  /** The exit code: 0 when the replay ended or was quit, 130 when interrupted. */
  done(): Promise<number>;
}

export function startReplay(options: ReplayOptions): ReplayPlayer {
  let code: number = ExitCode.ok;
  let instance: Instance | null = null;
  let exitRequested = false;
  const onExit = (exitCode: number) => {
    if (exitRequested) return;
    exitRequested = true;
    code = exitCode;
    instance?.unmount();
  };
  instance = render(
    <Replay transcript={options.transcript} transcriptPath={options.transcriptPath} speed={options.speed} onExit={onExit} />,
    inkOptions(options),
  );
  // An exit asked for while the first frame was being mounted.
  if (exitRequested) instance.unmount();
  const exited = instance.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );
  const onAbort = () => onExit(ExitCode.interrupted);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    async done() {
      await exited;
      options.signal?.removeEventListener('abort', onAbort);
      return code;
    },
  };
}
