// roundtable import TEXT_FILE [-o FILE]: a debate in the roundtable text format, as a transcript.
import { existsSync } from 'node:fs';
import { prepareOutputPath, readInputFile, transcriptJson, writeTranscriptFile } from '../../transcript/store.js';
import { importText } from '../../transcript/text-import.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { sanitizeLine } from '../../util/sanitize.js';
import type { Io } from '../io.js';

/** A text debate is a few dozen KiB; anything near this size is not one. */
const MAX_TEXT_BYTES = 10 * 1024 * 1024;

export async function importCommand(io: Io, file: string, opts: { out?: string }): Promise<number> {
  // The target is checked first, so that a mistake in -o is reported before any parsing work.
  if (opts.out !== undefined && existsSync(opts.out)) {
    throw new UsageError(`${opts.out} already exists; choose another -o, or remove it first.`);
  }
  const transcript = importText(readInputFile(file, 'a debate in the roundtable text format', MAX_TEXT_BYTES), file);
  if (opts.out === undefined) {
    io.stdout.write(transcriptJson(transcript));
    return ExitCode.ok;
  }
  writeTranscriptFile(prepareOutputPath(opts.out, { allowExisting: false }), transcript);
  io.stderr.write(`${sanitizeLine(`Imported ${file} (${transcript.panel.length} debaters) into ${opts.out}.`)}\n`);
  return ExitCode.ok;
}
