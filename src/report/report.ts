// `roundtable report`: transcripts in, one self-contained HTML page out. One transcript gives that
// debate's page; several (or a batch folder) give the batch figures first, then every debate's
// section, linked from a table of contents.
import { batchSection } from './batch-section.js';
import { debateSection } from './debate-section.js';
import { page } from './page.js';
import { clean } from './text.js';
import type { ReportTranscript } from './types.js';
import type { Ties } from '../stats/stats.js';

export interface ReportInput {
  transcript: ReportTranscript;
  /** The file it came from, as given (shown in the table of contents). */
  file: string;
}

export const debateAnchor = (i: number) => `debate-${i + 1}`;

export async function buildReport(inputs: ReportInput[], title?: string, options: { ties?: Ties } = {}): Promise<string> {
  if (inputs.length === 1) {
    const t = inputs[0]!.transcript;
    return page(clean(t.motion), await debateSection(t, debateAnchor(0), 'h1'), 'debate report');
  }
  let body = await batchSection(inputs, title, options.ties);
  let first = true;
  for (const [i, input] of inputs.entries()) {
    body += await debateSection(input.transcript, debateAnchor(i), 'h2', first);
    first = false;
  }
  return page(title ?? `${inputs.length} debates`, body, `report of ${inputs.length} debates`);
}
