// DIR/batch.json: the batch's questions, settings and every run with its status, rewritten
// (temporary file, then rename) at every change, so a crash or Ctrl-C leaves it resumable.
import { PricesFileSchema } from '../cost/prices.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readInputFile, writeFileAtomic } from '../transcript/store.js';
import { UsageError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';
import { jsonText } from '../util/sanitize.js';
import { formatZodIssues } from '../util/zod-issues.js';
import { deriveSeed, runFileName, type BatchSettings, type RunJob } from './run-one.js';
import { QuestionSchema, type Question } from './spec.js';

export const MANIFEST_FILE = 'batch.json';

export const RunStatusSchema = z.enum(['pending', 'running', 'complete', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatusSchema>;

const RunEntrySchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  repeat: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  file: z.string().min(1),
  status: RunStatusSchema,
  label: z.string().nullable().optional(),
  winner: z.string().nullable().optional(),
  costUsd: z.number().nullable().optional(),
  error: z.string().nullable().optional(),
  startedAt: z.string().nullable().optional(),
  finishedAt: z.string().nullable().optional(),
  /** Which process ran it (a worker's id with --queue). */
  by: z.string().optional(),
});
export type RunEntry = z.infer<typeof RunEntrySchema>;

const SettingsSchema = z.object({
  repeats: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  mock: z.boolean(),
  panel: z.string().optional(),
  models: z.string().optional(),
  judge: z.union([z.string(), z.literal(false)]).optional(),
  rounds: z.number().int().positive(),
  maxTokens: z.number().int().positive(),
  judgeMaxTokens: z.number().int().positive().optional(),
  retries: z.number().nonnegative(),
  retryBaseMs: z.number().nonnegative(),
  mockPace: z.number().nonnegative(),
  maxCost: z.number().nonnegative().optional(),
  /** --prices: the file's rates as read when the batch began (kept here, so resumes and workers price alike). */
  prices: PricesFileSchema.optional(),
});

export const ManifestSchema = z.object({
  format: z.literal('roundtable-batch'),
  version: z.literal(1),
  spec: z.string(),
  createdAt: z.string(),
  settings: SettingsSchema,
  questions: z.array(QuestionSchema.extend({ id: z.string().min(1) })),
  runs: z.array(RunEntrySchema),
  /** Why the batch last stopped before every run was done: "budget" (--max-cost) or "interrupted". */
  stopReason: z.enum(['budget', 'interrupted']).nullable().optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function newManifest(spec: string, questions: Question[], settings: BatchSettings, now: Date): Manifest {
  const runs: RunEntry[] = [];
  // Repeat-major order: every question's first repeat before any second, so a stopped batch is balanced.
  for (let repeat = 1; repeat <= settings.repeats; repeat++) {
    for (const q of questions) {
      runs.push({ id: `${q.id}-r${repeat}`, question: q.id, repeat, seed: deriveSeed(settings.seed, q.id, repeat), file: runFileName(q.id, repeat), status: 'pending' });
    }
  }
  return { format: 'roundtable-batch', version: 1, spec, createdAt: now.toISOString(), settings, questions, runs, stopReason: null };
}

export function jobOf(manifest: Manifest, entry: RunEntry): RunJob {
  const question = manifest.questions.find((q) => q.id === entry.question);
  if (!question) throw new UsageError(`batch.json names the question "${entry.question}" for run ${entry.id}, but lists no such question.`);
  return { id: entry.id, question: question as Question, repeat: entry.repeat, seed: entry.seed };
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), `${jsonText(manifest)}\n`);
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new UsageError(`${dir} has no ${MANIFEST_FILE}; give the --out folder of a batch to resume.`);
  const text = readInputFile(path, 'a batch manifest');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON (${describeJsonError(err, text)}).`);
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${path} is not a valid batch manifest: ${formatZodIssues(parsed.error.issues, (p) => (p ? `the field "${p}"` : 'the manifest'))}.`);
  return parsed.data;
}
