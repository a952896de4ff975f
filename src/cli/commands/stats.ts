// roundtable stats DIR|FILES… [--json|--csv]: measures a set of transcripts (src/stats).
import { formatStats, statsCsv } from '../../stats/format.js';
import { computeStats } from '../../stats/stats.js';
import type { Transcript } from '../../core/schema.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { readTranscripts } from '../transcript-files.js';
import { jsonText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export async function statsCommand(io: Io, paths: string[], opts: { json?: boolean; csv?: boolean }): Promise<number> {
  if (opts.json && opts.csv) throw new UsageError('Choose one output: --json or --csv, not both.');
  const transcripts: Transcript[] = readTranscripts(paths, io).map((r) => r.transcript);
  const report = computeStats(transcripts);
  io.stdout.write(opts.json ? `${jsonText(report)}\n` : opts.csv ? statsCsv(report) : formatStats(report));
  return ExitCode.ok;
}
