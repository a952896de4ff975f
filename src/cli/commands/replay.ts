// `roundtable replay FILE`: plays a saved transcript back through the live view, at the recorded
// pace times --speed. Headless (asked for, no TTY, or CI) it prints the roundtable text format
// instead and never loads Ink.
import { loadTranscript } from '../../transcript/store.js';
import { exportText } from '../../transcript/text-format.js';
import { ExitCode } from '../../util/errors.js';
import { sanitizeText } from '../../util/sanitize.js';
import { isHeadless, type Io } from '../io.js';

export async function replayCommand(io: Io, file: string, opts: { speed: number; headless?: boolean }): Promise<number> {
  const transcript = loadTranscript(file);
  if (isHeadless(io, opts.headless)) {
    io.stdout.write(sanitizeText(exportText(transcript)));
    return ExitCode.ok;
  }
  const { startReplay } = await import('../../ui/start-replay.js');
  const player = startReplay({ stdout: io.stdout, stdin: io.stdin, transcript, transcriptPath: file, speed: opts.speed, signal: io.signal });
  return player.done();
}
