// roundtable report FILE|DIR… [-o FILE]: one self-contained HTML page of one debate or several
// (a folder gives its transcripts: every *.json but batch.json). HTML on stdout without -o.
import { readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { buildReport } from '../../report/report.js';
import { asReport } from '../../report/types.js';
import { PROVIDERS } from '../../agents/providers.js';
import { loadTranscript } from '../../transcript/store.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { registerSecret } from '../../util/redact.js';
import type { Io } from '../io.js';

/** The transcript files named: a folder gives its *.json files (batch.json and hidden files aside), sorted. */
export function reportFiles(paths: string[], cwd: string): string[] {
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

export async function reportCommand(io: Io, paths: string[], opts: { out?: string; title?: string }): Promise<number> {
  // Keys in the environment are masked wherever a transcript echoes them.
  for (const p of Object.values(PROVIDERS)) if (p.keyEnv) registerSecret(io.env[p.keyEnv]);
  const files = reportFiles(paths, io.cwd);
  const inputs = files.map((file) => ({ transcript: asReport(loadTranscript(file)), file: relative(io.cwd, file) || basename(file) }));
  const html = await buildReport(inputs, opts.title);
  if (!opts.out) {
    io.stdout.write(html);
    return ExitCode.ok;
  }
  const out = resolve(io.cwd, opts.out);
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, html, 'utf8');
    renameSync(tmp, out);
  } catch (err) {
    throw new UsageError(`${opts.out} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  io.stderr.write(`Report written to ${out}\n`);
  return ExitCode.ok;
}
