// roundtable stats DIR|FILES… [--json|--csv]: measures a set of transcripts (src/stats).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatStats, statsCsv } from '../../stats/format.js';
import { computeStats } from '../../stats/stats.js';
import type { Transcript } from '../../core/schema.js';
import { loadTranscript } from '../../transcript/store.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { jsonText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

/** The transcript files named: a folder gives its *.json files (batch.json and hidden files aside). */
export function transcriptFiles(paths: string[], cwd: string): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      throw new UsageError(`${given} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); give transcript files or a folder of them.`);
    }
    if (!isDir) {
      files.push(path);
      continue;
    }
    const inside = readdirSync(path)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.') && f !== 'batch.json')
      .sort()
      .map((f) => join(path, f));
    if (!inside.length) throw new UsageError(`${given} holds no transcript (.json) files.`);
    files.push(...inside);
  }
  return files;
}

export async function statsCommand(io: Io, paths: string[], opts: { json?: boolean; csv?: boolean }): Promise<number> {
  if (opts.json && opts.csv) throw new UsageError('Choose one output: --json or --csv, not both.');
  const transcripts: Transcript[] = transcriptFiles(paths, io.cwd).map((f) => loadTranscript(f));
  const report = computeStats(transcripts);
  io.stdout.write(opts.json ? `${jsonText(report)}\n` : opts.csv ? statsCsv(report) : formatStats(report));
  return ExitCode.ok;
}
