// The transcripts a command is given: files, or folders of them (stats, report).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../util/errors.js';

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
