// roundtable export FILE [--format text|markdown]: a transcript as text or Markdown on stdout.
import { exportMarkdown } from '../../transcript/markdown.js';
import { loadTranscript } from '../../transcript/store.js';
import { exportText } from '../../transcript/text-format.js';
import { ExitCode } from '../../util/errors.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export async function exportCommand(io: Io, file: string, opts: { format: 'text' | 'markdown' }): Promise<number> {
  const transcript = loadTranscript(file);
  io.stdout.write(sanitizeText(opts.format === 'markdown' ? exportMarkdown(transcript) : exportText(transcript)));
  return ExitCode.ok;
}
