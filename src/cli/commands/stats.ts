// roundtable stats DIR|FILES… [--json|--csv]: measures a set of transcripts (src/stats).
import { formatStats, statsCsv } from '../../stats/format.js';
import { computeStats } from '../../stats/stats.js';
import { humanSeatLines, humanSeats } from '../../stats/human.js';
import type { Transcript } from '../../core/schema.js';
import { loadTranscript } from '../../transcript/store.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { transcriptFiles } from '../transcript-files.js';
import { jsonText, sanitizeText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export async function statsCommand(io: Io, paths: string[], opts: { json?: boolean; csv?: boolean }): Promise<number> {
  if (opts.json && opts.csv) throw new UsageError('Choose one output: --json or --csv, not both.');
  const transcripts: Transcript[] = transcriptFiles(paths, io.cwd).map((f) => loadTranscript(f));
  const report = computeStats(transcripts);
  // The people on the panel (--human), apart: in --json as `humans`, in the text after the rest.
  const humans = humanSeats(transcripts);
  const text = () => {
    const lines = humanSeatLines(humans);
    return lines.length ? `${formatStats(report).replace(/\n$/, '')}\n${sanitizeText(lines.join('\n'))}\n` : formatStats(report);
  };
  io.stdout.write(opts.json ? `${jsonText(humans.length ? { ...report, humans } : report)}\n` : opts.csv ? statsCsv(report) : text());
  return ExitCode.ok;
}
