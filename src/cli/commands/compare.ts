// roundtable compare A B [--json]: two transcripts side by side (see src/compare/compare.ts).
import { compareTranscripts, formatComparison } from '../../compare/compare.js';
import { loadTranscript } from '../../transcript/store.js';
import { ExitCode } from '../../util/errors.js';
import { jsonText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export async function compareCommand(io: Io, a: string, b: string, opts: { json?: boolean }): Promise<number> {
  const comparison = compareTranscripts(loadTranscript(a), loadTranscript(b), { a, b });
  io.stdout.write(opts.json ? `${jsonText(comparison)}\n` : formatComparison(comparison, { a, b }));
  return ExitCode.ok;
}
