// The transcripts `stats` (and the batch report) are given, checked before they are merged: the
// same run given twice is counted once, and said so; two different versions of one run, or two
// different questions sharing one id (two batch folders merged), are refused: merging them would
// give figures that describe neither.
import type { Transcript } from '../core/schema.js';
import { sanitizeLine } from '../util/sanitize.js';
import { questionKey } from './runs.js';

export class StatsInputError extends Error {}

export interface Input<T> {
  file: string;
  transcript: T;
}

type Checked = Pick<Transcript, 'id' | 'motion' | 'options'> & { answer?: string; batch?: { question: string; repeat: number } };

const quoted = (s: string) => `"${sanitizeLine(s).slice(0, 60)}"`;

/** The inputs to measure (duplicates dropped) and one sentence per duplicate dropped; throws StatsInputError on a conflict. */
export function mergeInputs<T extends Checked>(inputs: readonly Input<T>[]): { inputs: Input<T>[]; warnings: string[] } {
  const warnings: string[] = [];
  const byId = new Map<string, { input: Input<T>; text: string }>();
  const kept: Input<T>[] = [];
  for (const input of inputs) {
    const text = JSON.stringify(input.transcript);
    const seen = byId.get(input.transcript.id);
    if (seen) {
      if (seen.text !== text) {
        throw new StatsInputError(`${sanitizeLine(seen.input.file)} and ${sanitizeLine(input.file)} hold two different versions of run ${quoted(input.transcript.id)}; give only one of them.`);
      }
      warnings.push(seen.input.file === input.file ? `${sanitizeLine(input.file)} was given twice; counted once.` : `${sanitizeLine(input.file)} is the same run as ${sanitizeLine(seen.input.file)} (id ${quoted(input.transcript.id)}); counted once.`);
      continue;
    }
    byId.set(input.transcript.id, { input, text });
    kept.push(input);
  }
  // A question id names one question: the same motion, options and answer in every run of it.
  const questions = new Map<string, Input<T>>();
  const what = (t: Checked) => JSON.stringify([t.motion, t.options, t.answer ?? null]);
  for (const input of kept) {
    const key = questionKey(input.transcript);
    const first = questions.get(key);
    if (!first) {
      questions.set(key, input);
      continue;
    }
    if (what(first.transcript) !== what(input.transcript)) {
      const a = first.transcript;
      const b = input.transcript;
      const differs = a.motion !== b.motion ? `${quoted(a.motion)} and ${quoted(b.motion)}` : JSON.stringify(a.options) !== JSON.stringify(b.options) ? 'different options' : `answers ${quoted(a.answer ?? 'none')} and ${quoted(b.answer ?? 'none')}`;
      throw new StatsInputError(
        `${sanitizeLine(first.file)} and ${sanitizeLine(input.file)} are different questions under one id ${quoted(a.batch?.question ?? a.motion)} (${differs}); measure them apart or give the questions different ids.`,
      );
    }
  }
  return { inputs: kept, warnings };
}
