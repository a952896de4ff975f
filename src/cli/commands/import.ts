// roundtable import TEXT_FILE [-o FILE]: a debate in the roundtable text format, as a transcript.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { prepareOutputPath, readInputFile, transcriptJson, writeTranscriptFile } from '../../transcript/store.js';
import { readText } from '../../transcript/text-import.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { sanitizeLine, sanitizeText } from '../../util/sanitize.js';
import type { Io } from '../io.js';
import { refuseOwnInput } from '../../util/own-inputs.js';

/** A text debate is a few dozen KiB; anything near this size is not one. */
const MAX_TEXT_BYTES = 10 * 1024 * 1024;
/** The longest file name (in bytes) common filesystems take. */
const MAX_NAME_BYTES = 255;

/** Why a file cannot be written, in words, from the error's code. */
const WRITE_PROBLEMS: Record<string, string> = {
  ENAMETOOLONG: 'the name is too long',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the filesystem is read-only',
  ENOENT: 'its folder does not exist',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

export async function importCommand(io: Io, file: string, opts: { out?: string }): Promise<number> {
  // The target is checked first, so that a mistake in -o is reported before any parsing work.
  if (opts.out !== undefined) {
    const name = basename(opts.out);
    const bytes = Buffer.byteLength(name);
    if (bytes > MAX_NAME_BYTES) {
      throw new UsageError(`The -o file name "${name.slice(0, 24)}…" is ${bytes} bytes long, more than the ${MAX_NAME_BYTES} a file name may have; choose a shorter one.`);
    }
    refuseOwnInput(opts.out, [file], { cwd: io.cwd, flag: '-o', command: 'import' });
    if (existsSync(opts.out)) throw new UsageError(`${opts.out} already exists; choose another -o, or remove it first.`);
  }
  const { transcript, notes } = readText(readInputFile(file, 'a debate in the roundtable text format', MAX_TEXT_BYTES), file);
  // What was read by a rule for published pages, or could not be checked: one line each, before the output.
  for (const note of notes) io.stderr.write(`roundtable: ${sanitizeLine(note)}\n`);
  if (opts.out === undefined) {
    io.stdout.write(transcriptJson(transcript));
    return ExitCode.ok;
  }
  try {
    writeTranscriptFile(prepareOutputPath(opts.out, { allowExisting: false, flag: '-o' }), transcript);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = WRITE_PROBLEMS[code];
    const sentence = `${opts.out} cannot be written (${why ? `${code}: ${why}` : code}); nothing was imported.`;
    // A full disk is no fault of the input; everything else is about the path given.
    if (code === 'ENOSPC' || code === 'EDQUOT' || !why) {
      io.stderr.write(`roundtable: ${sanitizeText(sentence)}\n`);
      return ExitCode.failed;
    }
    throw new UsageError(`${sentence.replace(/; nothing was imported\.$/, '')}; choose another -o.`);
  }
  io.stderr.write(`${sanitizeLine(`Imported ${file} (${transcript.panel.length} debaters) into ${opts.out}.`)}\n`);
  return ExitCode.ok;
}
