// A batch spec: one JSON object a line (JSONL), a question each: motion, options, an optional
// known answer and optional per-question overrides. Checked whole before anything runs.
import { z } from 'zod';
import { parseModelId } from '../agents/model-id.js';
import { readInputFile } from '../transcript/store.js';
import { UsageError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';
import { slugify } from '../util/slug.js';
import { formatZodIssues } from '../util/zod-issues.js';

export const QuestionSchema = z.strictObject({
  id: z.string().min(1).max(80).optional(),
  motion: z.string().trim().min(1).max(2000),
  /** Two to 26 options; none for an open question. */
  options: z.array(z.string().trim().min(1)).min(2).max(26).optional(),
  /** An open question (no options: each seat answers in a sentence); its `answer` is free text, judged, never matched exactly. */
  open: z.boolean().optional(),
  answer: z.string().min(1).optional(),
  panel: z.string().min(1).optional(),
  protocol: z.enum(['roundtable', 'council']).optional(),
  rounds: z.number().int().min(1).max(10).optional(),
  judge: z.union([z.string().min(1), z.literal(false)]).optional(),
  /** Who reads whom for this question (full, ring, random:K, groups:K). */
  topology: z.string().regex(/^(full|ring|random:\d{1,6}|groups:\d{1,6})$/, 'has a "topology" that is not full, ring, random:K or groups:K').optional(),
});
export type QuestionLine = z.infer<typeof QuestionSchema>;

/** A question with its id settled (unique, file-safe); `options` absent only when open. */
export interface Question extends QuestionLine {
  id: string;
}

/** A question as a message names it: quoted, cut to a readable length. */
export function quoted(motion: string): string {
  const line = motion.replace(/\s+/g, ' ').trim();
  return `"${line.length > 60 ? `${line.slice(0, 59)}…` : line}"`;
}

export function parseSpec(text: string, path: string): Question[] {
  const questions: Question[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('//')) return;
    const where = `${path} line ${index + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      throw new UsageError(`${where} is not valid JSON (${describeJsonError(err, line)}); each line is one question object.`);
    }
    const parsed = QuestionSchema.safeParse(data);
    if (!parsed.success) throw new UsageError(`${where} is not a valid question: ${formatZodIssues(parsed.error.issues, (p) => (p ? `the field "${p}"` : "the line"))}.`);
    const q = parsed.data;
    if (q.open && q.options !== undefined) throw new UsageError(`${where} is an open question ("open": true), so it takes no "options"; drop one of them.`);
    if (!q.open && q.options === undefined) throw new UsageError(`${where} is not a valid question: the field "options" is missing (or give "open": true for a question with no options).`);
    const options = q.options ?? [];
    const seen = new Set<string>();
    for (const o of options) {
      if (seen.has(o.toLowerCase())) throw new UsageError(`${where} lists the option "${o}" twice; each option must be different.`);
      seen.add(o.toLowerCase());
    }
    if (!q.open && q.answer !== undefined && !options.includes(q.answer)) {
      throw new UsageError(`${where} gives the answer "${q.answer}", which is not one of its options (${options.join(', ')}).`);
    }
    if (typeof q.judge === 'string') {
      try {
        parseModelId(q.judge);
      } catch (err) {
        throw new UsageError(`${where} (${quoted(q.motion)}) has a judge that cannot be used: ${(err as Error).message}`);
      }
    }
    const id = slugify(q.id ?? `q${String(questions.length + 1).padStart(3, '0')}-${slugify(q.motion, 32)}`, 80);
    if (ids.has(id)) throw new UsageError(`${where} has the id "${id}", which an earlier line already has; ids name the run files, so each must be different.`);
    ids.add(id);
    questions.push({ ...q, id });
  });
  if (!questions.length) throw new UsageError(`${path} holds no question; each line is one JSON object with "motion" and "options" (or "open": true).`);
  return questions;
}

export function loadSpec(path: string): Question[] {
  return parseSpec(readInputFile(path, 'a batch spec (one JSON question a line)', 64 * 1024 * 1024), path);
}
