import { loadTranscript } from '../../transcript/store.js';
import { exportText } from '../../transcript/text-format.js';
import type { Io } from '../io.js';

export async function exportCommand(io: Io, file: string, opts: { format: 'text' | 'markdown' }): Promise<number> {
  const transcript = loadTranscript(file);
  if (opts.format === 'markdown') {
    io.stderr.write('roundtable: Markdown export is not built yet.\n');
    return 1;
  }
  io.stdout.write(exportText(transcript));
  return 0;
}
