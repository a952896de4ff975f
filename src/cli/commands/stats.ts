// roundtable stats DIR|FILES… [--json|--csv] [--ties random|first]: measures a set of transcripts (src/stats).
import { formatStats, statsCsv } from '../../stats/format.js';
import { computeStats } from '../../stats/stats.js';
import { humanSeatLines, humanSeats } from '../../stats/human.js';
import { mergeInputs, StatsInputError } from '../../stats/inputs.js';
import { TIE_RULES, type Ties } from '../../stats/runs.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { readTranscripts } from '../transcript-files.js';
import { jsonText, sanitizeLine, sanitizeText } from '../../util/sanitize.js';
import { relative } from 'node:path';
import type { Io } from '../io.js';

/** --ties as given to `stats` and `report`: random (the default) or first. */
export function tiesFlag(value: string | undefined): Ties {
  const ties = (value ?? 'random') as Ties;
  if (!TIE_RULES.includes(ties)) throw new UsageError(`--ties is "${sanitizeLine(String(value)).slice(0, 40)}"; give random (a k-way tie scores 1/k) or first (the earliest seat's vote wins).`);
  return ties;
}

export async function statsCommand(io: Io, paths: string[], opts: { json?: boolean; csv?: boolean; ties?: string }): Promise<number> {
  if (opts.json && opts.csv) throw new UsageError('Choose one output: --json or --csv, not both.');
  const ties = tiesFlag(opts.ties);
  const files = readTranscripts(paths, io).map(({ file, transcript }) => ({ file: relative(io.cwd, file) || file, transcript }));
  let merged;
  try {
    merged = mergeInputs(files);
  } catch (err) {
    if (err instanceof StatsInputError) throw new UsageError(err.message);
    throw err;
  }
  const report = computeStats(merged.inputs.map((i) => i.transcript), { ties });
  for (const w of [...merged.warnings, ...report.warnings]) io.stderr.write(`roundtable: ${w}\n`);
  // The people on the panel (--human), apart: in --json as `humans`, in the text after the rest.
  const humans = humanSeats(merged.inputs.map((i) => i.transcript));
  const text = () => {
    const lines = humanSeatLines(humans);
    return lines.length ? `${formatStats(report).replace(/\n$/, '')}\n${sanitizeText(lines.join('\n'))}\n` : formatStats(report);
  };
  io.stdout.write(opts.json ? `${jsonText({ ...report, warnings: [...merged.warnings, ...report.warnings], ...(humans.length ? { humans } : {}) })}\n` : opts.csv ? statsCsv(report) : text());
  return ExitCode.ok;
}
