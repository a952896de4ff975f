// The transcripts a command is given: files, or folders of them (stats, report).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Transcript } from '../core/schema.js';
import { loadTranscript } from '../transcript/store.js';
import { UsageError } from '../util/errors.js';
import { cannotRead, fsProblem } from '../util/fs-errors.js';
import { sanitizeLine } from '../util/sanitize.js';
import type { Io } from './io.js';

/** The transcript files named: a folder gives its *.json files (batch.json and hidden files aside). */
export function transcriptFiles(paths: string[], cwd: string): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new UsageError(`${cannotRead(given, err)}; give transcript files or a folder of them.`);
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(path);
    } catch (err) {
      // A folder can be stat'ed and still not be listed (no read permission).
      throw new UsageError(`The folder ${given} cannot be listed (${fsProblem(err)}); give transcript files or a folder of them.`);
    }
    const inside = names
      .filter((f) => f.endsWith('.json') && !f.startsWith('.') && f !== 'batch.json')
      .sort()
      .map((f) => join(path, f));
    if (!inside.length) throw new UsageError(`${given} holds no transcript (.json) files.`);
    files.push(...inside);
  }
  return files;
}

/**
 * The transcripts named, read: of several, one that cannot be read (an empty file a crash left, a
 * stray .json) is skipped with one line on stderr naming it and why; a single one that cannot be
 * read, or none readable of several, is refused.
 */
export function readTranscripts(paths: string[], io: Pick<Io, 'cwd' | 'stderr'>): Array<{ file: string; transcript: Transcript }> {
  const files = transcriptFiles(paths, io.cwd);
  if (files.length === 1) return [{ file: files[0]!, transcript: loadTranscript(files[0]!) }];
  const read: Array<{ file: string; transcript: Transcript }> = [];
  for (const file of files) {
    try {
      read.push({ file, transcript: loadTranscript(file) });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.stderr.write(`roundtable: skipped: ${sanitizeLine(err.message)}\n`);
    }
  }
  if (!read.length) throw new UsageError(`${paths.join(', ')} holds no readable transcript (${files.length} files skipped, each named above).`);
  return read;
}
