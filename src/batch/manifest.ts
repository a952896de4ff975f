// DIR/batch.json: the batch's questions, settings and every run with its status. A change of one
// run is one line appended to DIR/batch.log.jsonl (its cost does not grow with the batch);
// batch.json is rewritten whole (temporary file, then rename) when the batch starts and ends and
// whenever the log has grown as large as it, and the log then emptied. A reader applies the log
// over batch.json, so a crash or Ctrl-C leaves the folder resumable.
import { PricesFileSchema } from '../cost/prices.js';
import { appendFileSync, existsSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
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

export const RunEntrySchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  repeat: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  file: z.string().min(1),
  status: RunStatusSchema,
  label: z.string().nullable().optional(),
  winner: z.string().nullable().optional(),
  /** The cost of the run's transcript (its last attempt, with the rounds it continued from). */
  costUsd: z.number().nullable().optional(),
  /** What every attempt of the run has cost in all: only ever added to, across retries and resumes. */
  spentUsd: z.number().nonnegative().optional(),
  /** Where the transcript was kept when it could not be saved in the folder (a resume moves it in). */
  savedTo: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  startedAt: z.string().nullable().optional(),
  finishedAt: z.string().nullable().optional(),
  /** Which process ran it (a worker's id with --queue). */
  by: z.string().optional(),
});
export type RunEntry = z.infer<typeof RunEntrySchema>;

export const SettingsSchema = z.object({
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

export const LOG_FILE = 'batch.log.jsonl';

/** What a run has cost in all its attempts (a manifest from before `spentUsd`: its transcript's cost). */
export const spentOf = (r: RunEntry): number => (typeof r.spentUsd === 'number' ? r.spentUsd : typeof r.costUsd === 'number' ? r.costUsd : 0);

/** Writes batch.json whole and empties the log (whose changes it now holds). */
export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileAtomic(join(dir, MANIFEST_FILE), manifestText(manifest));
  dropLog(dir);
}

/** The fields of a run that only ever hold what roundtable made of the spec's question ids (no free text). */
const STRUCTURAL = new Set(['id', 'question', 'repeat', 'seed', 'file', 'status']);

/**
 * batch.json's text: the manifest through the redactor, one run a line. A run is redacted one at a
 * time (or its line as last logged is taken), and one that holds only what was made of the question
 * ids is not redacted again when those ids are clean: 320,000 runs are written in about the time
 * JSON.stringify takes, not the redactor's.
 */
export function manifestText(manifest: Manifest, logged: ReadonlyMap<string, string> = new Map()): string {
  const head = jsonText({ ...manifest, runs: [] });
  const clean = manifest.questions.every((q) => jsonText(q.id, 0) === JSON.stringify(q.id));
  const lines = manifest.runs.map((r) => {
    const line = logged.get(r.id);
    if (line !== undefined) return line;
    if (clean && Object.keys(r).every((k) => STRUCTURAL.has(k))) return JSON.stringify(r);
    return jsonText(r, 0);
  });
  const runs = lines.length ? `"runs": [\n    ${lines.join(',\n    ')}\n  ]` : '"runs": []';
  return `${head.replace('\n  "runs": []', () => `\n  ${runs}`)}\n`;
}

/** The log's changes are in batch.json now: the log goes. */
function dropLog(dir: string): void {
  try {
    unlinkSync(join(dir, LOG_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export interface Tally {
  total: number;
  pending: number;
  running: number;
  complete: number;
  failed: number;
  interrupted: number;
  /** What every attempt of every run has cost. */
  spentUsd: number;
  /** The transcripts' costs, of the runs that have one. */
  costUsd: number;
  priced: number;
}

/**
 * A batch's manifest on disk, kept up to date as its runs change: `update` appends the run's new
 * state to the log (and keeps the counts), `compact` rewrites batch.json. Every change to a run
 * goes through `update`.
 */
export class ManifestStore {
  readonly tally: Tally = { total: 0, pending: 0, running: 0, complete: 0, failed: 0, interrupted: 0, spentUsd: 0, costUsd: 0, priced: 0 };
  private readonly seen = new Map<string, { status: RunStatus; spent: number; cost: number | null }>();
  /** Each changed run's JSON as last logged (redacted): batch.json is written from these, not redacted again. */
  private readonly lines = new Map<string, string>();
  private logBytes = 0;
  private compactedBytes = 0;
  /** Why the manifest could not be written (a full disk): the batch starts no more runs. */
  failure: string | null = null;

  constructor(
    readonly dir: string,
    readonly manifest: Manifest,
  ) {
    for (const r of manifest.runs) this.count(r);
  }

  private count(r: RunEntry): void {
    const before = this.seen.get(r.id);
    const t = this.tally;
    if (before) {
      t[before.status]--;
      t.spentUsd -= before.spent;
      if (before.cost !== null) {
        t.costUsd -= before.cost;
        t.priced--;
      }
    } else t.total++;
    const now = { status: r.status, spent: spentOf(r), cost: typeof r.costUsd === 'number' ? r.costUsd : null };
    t[now.status]++;
    t.spentUsd += now.spent;
    if (now.cost !== null) {
      t.costUsd += now.cost;
      t.priced++;
    }
    this.seen.set(r.id, now);
  }

  /** The run changed: its new state goes to the log (one line), batch.json is rewritten only now and then. */
  update(entry: RunEntry): void {
    this.count(entry);
    const json = jsonText(entry, 0);
    this.lines.set(entry.id, json);
    const line = `${json}\n`;
    appendFileSync(join(this.dir, LOG_FILE), line);
    this.logBytes += Buffer.byteLength(line);
    // Rewritten once the log is as large as batch.json (and at least 4 MiB): the cost of a change stays the same however large the batch.
    if (this.logBytes > Math.max(4 * 1024 * 1024, this.compactedBytes)) this.compact();
  }

  /** update(), a failed write kept in `failure` instead of thrown (the runs in flight still finish). */
  record(entry: RunEntry): void {
    try {
      this.update(entry);
    } catch (err) {
      this.fail(err);
    }
  }

  /** The batch has stopped: batch.json gets every change (a failed write kept in `failure`). */
  finish(): void {
    try {
      this.compact();
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const e = err as NodeJS.ErrnoException;
    this.failure ??= `Could not save the state of the batch in ${this.dir} (${e.code ?? e.message})`;
  }

  /** Writes batch.json whole (with every change so far) and empties the log. */
  compact(): void {
    const text = manifestText(this.manifest, this.lines);
    writeFileAtomic(join(this.dir, MANIFEST_FILE), text);
    dropLog(this.dir);
    this.compactedBytes = text.length;
    this.logBytes = 0;
  }

}

/** A run's file must be a plain file name in the batch's folder (a foreign batch.json is input like any other). */
function checkFileName(file: string): boolean {
  return !isAbsolute(file) && !/[\\/\u0000]/.test(file) && file !== '.' && file !== '..' && file.endsWith('.json') && file !== MANIFEST_FILE && !file.startsWith('.');
}

/** Ids, files and question ids: unique, inside the folder, and every run's question listed. */
function checkManifest(manifest: Manifest, path: string): void {
  const questions = new Set<string>();
  for (const q of manifest.questions) {
    if (questions.has(q.id)) throw new UsageError(`${path} lists the question "${q.id}" twice; each question id must be different.`);
    questions.add(q.id);
  }
  const ids = new Set<string>();
  const files = new Set<string>();
  for (const r of manifest.runs) {
    if (ids.has(r.id)) throw new UsageError(`${path} lists the run "${r.id}" twice; each run is listed (and paid for) once.`);
    ids.add(r.id);
    if (!checkFileName(r.file)) throw new UsageError(`${path} gives run "${r.id}" the file "${r.file}", which is not a file name inside the batch's folder.`);
    if (files.has(r.file)) throw new UsageError(`${path} gives the file "${r.file}" to two runs; each run has its own file.`);
    files.add(r.file);
    if (!questions.has(r.question)) throw new UsageError(`${path} names the question "${r.question}" for run ${r.id}, but lists no such question.`);
  }
}

/** Applies the log's lines over the manifest: each is a run's latest state (a torn last line, from a crash mid-write, is left out). */
function applyLog(dir: string, manifest: Manifest): void {
  const path = join(dir, LOG_FILE);
  if (!existsSync(path) || statSync(path).size === 0) return;
  const lines = readFileSync(path, 'utf8').split('\n');
  const byId = new Map(manifest.runs.map((r, i) => [r.id, i]));
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    const last = n >= lines.length - 2 && !lines.slice(n + 1).some((l) => l.trim());
    let entry: RunEntry;
    try {
      entry = RunEntrySchema.parse(JSON.parse(line));
    } catch {
      if (last) return; // cut short by a crash: the state before it stands
      throw new UsageError(`${path} line ${n + 1} is not a run's state; remove the file to resume from ${MANIFEST_FILE} alone.`);
    }
    const at = byId.get(entry.id);
    if (at === undefined) throw new UsageError(`${path} line ${n + 1} names the run "${entry.id}", which ${MANIFEST_FILE} does not list.`);
    const old = manifest.runs[at]!;
    if (entry.file !== old.file || entry.question !== old.question || entry.repeat !== old.repeat || entry.seed !== old.seed) {
      throw new UsageError(`${path} line ${n + 1} changes the file, question or seed of run "${entry.id}"; only its status may change.`);
    }
    manifest.runs[at] = entry;
  });
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new UsageError(`${dir} has no ${MANIFEST_FILE}; give the --out folder of a batch to resume.`);
  const text = readInputFile(path, 'a batch manifest', 1024 * 1024 * 1024);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON (${describeJsonError(err, text)}).`);
  }
  const parsed = ManifestSchema.safeParse(data);
  if (!parsed.success) throw new UsageError(`${path} is not a valid batch manifest: ${formatZodIssues(parsed.error.issues, (p) => (p ? `the field "${p}"` : 'the manifest'))}.`);
  checkManifest(parsed.data, path);
  applyLog(dir, parsed.data);
  return parsed.data;
}
