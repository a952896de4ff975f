// roundtable report FILE|DIR… [-o FILE] [--ties random|first]: one self-contained HTML page of one debate or several
// (a folder gives its transcripts: every *.json but batch.json). HTML on stdout without -o.
import { basename, relative, resolve } from 'node:path';
import { refuseOwnInput } from '../../util/own-inputs.js';
import { readTranscripts } from '../transcript-files.js';
import { tiesFlag } from './stats.js';
import { buildReport } from '../../report/report.js';
import { asReport } from '../../report/types.js';
import { registerKeys } from '../../agents/factory.js';
import { writeFileAtomic } from '../../transcript/store.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { mergeInputs, StatsInputError } from '../../stats/inputs.js';
import type { Transcript } from '../../core/schema.js';
import { sanitizeLine } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export async function reportCommand(io: Io, paths: string[], opts: { out?: string; title?: string; ties?: string }): Promise<number> {
  const ties = tiesFlag(opts.ties);
  // Keys in the environment are masked wherever a transcript echoes them.
  registerKeys(io.env);
  if (opts.out !== undefined) refuseOwnInput(opts.out, paths, { cwd: io.cwd, flag: '-o', command: 'report' });
  const loaded = readTranscripts(paths, io).map(({ file, transcript }) => ({ transcript, file: relative(io.cwd, file) || basename(file) }));
  // Several transcripts are a batch: the same checks as `stats` (a run given twice counted once, a conflict refused).
  let merged: ReturnType<typeof mergeInputs<Transcript>> = { inputs: loaded, warnings: [] };
  try {
    if (loaded.length > 1) merged = mergeInputs(loaded);
  } catch (err) {
    if (err instanceof StatsInputError) throw new UsageError(err.message);
    throw err;
  }
  for (const w of merged.warnings) io.stderr.write(`roundtable: ${w}\n`);
  const inputs = merged.inputs.map((i) => ({ transcript: asReport(i.transcript), file: i.file }));
  const html = await buildReport(inputs, opts.title, { ties });
  if (!opts.out) {
    io.stdout.write(html);
    return ExitCode.ok;
  }
  const out = resolve(io.cwd, opts.out);
  try {
    // A short temporary name beside it, so any legal name saves.
    writeFileAtomic(out, html);
  } catch (err) {
    throw new UsageError(`${opts.out} cannot be written (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  io.stderr.write(`${sanitizeLine(`Report written to ${out}`)}\n`);
  return ExitCode.ok;
}
