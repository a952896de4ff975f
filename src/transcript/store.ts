// Reading and writing transcript files. Writes go to a temporary file that is then renamed over
// the target, so a reader (or a crash) never sees half a transcript. Nothing holding a secret is
// written: every string, object keys included, passes through the redactor (jsonText).
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { maxDebateReplyChars, REPLY_CHAR_CAP } from '../core/reply-cap.js';
import type { DebateListener } from '../core/events.js';
import { answered, closedResult, computeOpenResult, groupsByWording, isOpenTranscript, openResult, resultOf } from '../core/result.js';
import { UsageError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';
import { cannotRead } from '../util/fs-errors.js';
import { jsonText } from '../util/sanitize.js';
import { formatZodIssues, transcriptField } from '../util/zod-issues.js';
import { MAX_PANEL, MAX_ROUNDS, sizeIssues, TranscriptSchema, type Transcript } from '../core/schema.js';

/** JSON text of one character at worst: jsonText escapes control and format characters as \uXXXX. */
const JSON_BYTES_PER_CHAR = 6;
/** Everything of a turn beyond its argument, at worst: ids, votes, usage, its error and retry notes. */
const TURN_OVERHEAD_BYTES = 16 * 1024;
/** Everything of a transcript beyond its rounds and judgement: motion, options, panel, settings. */
const TRANSCRIPT_OVERHEAD_BYTES = 1024 * 1024;

/**
 * The largest transcript read back: the largest roundtable can write. Every reply is cut at its
 * cap (src/agents/reply-cap.ts), so the debaters' replies of a debate keep at most
 * maxDebateReplyChars() characters and the judge's REPLY_CHAR_CAP, each written as at most six bytes.
 */
export const MAX_TRANSCRIPT_BYTES =
  JSON_BYTES_PER_CHAR * (maxDebateReplyChars() + REPLY_CHAR_CAP) +
  MAX_PANEL * MAX_ROUNDS * TURN_OVERHEAD_BYTES +
  TRANSCRIPT_OVERHEAD_BYTES;

export function transcriptJson(transcript: Transcript): string {
  return `${jsonText(transcript)}\n`;
}

/**
 * A temporary name in the target's folder: short and of fixed length whatever the target's name
 * (a 250-character name plus a prefix and suffix would pass the filesystem's 255-byte limit).
 */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.rt-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes text to path through a temporary file beside it, then the rename: a reader sees the old
 * file or the new one, never half of one. The temporary file is removed when the write fails.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = temporaryPath(path);
  try {
    writeFileSync(tmp, text, { mode: 0o644, flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw namingTarget(err, tmp, path);
  }
}

/** A failed write's error names the file the user asked for, not the temporary one beside it (its code is kept). */
function namingTarget(err: unknown, tmp: string, path: string): unknown {
  if (err instanceof Error && err.message.includes(tmp)) err.message = err.message.split(tmp).join(path);
  const e = err as { path?: unknown };
  if (e && e.path === tmp) e.path = path;
  return err;
}

/** writeFileAtomic without blocking. */
export async function writeFileAtomicAsync(path: string, text: string): Promise<void> {
  const tmp = temporaryPath(path);
  try {
    await writeFile(tmp, text, { mode: 0o644, flag: 'wx' });
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {
      // nothing to clean
    });
    throw namingTarget(err, tmp, path);
  }
}

export function writeTranscriptFile(path: string, transcript: Transcript): void {
  writeFileAtomic(path, transcriptJson(transcript));
}

/** writeTranscriptFile without blocking. */
export async function writeTranscriptFileAsync(path: string, transcript: Transcript): Promise<void> {
  await writeFileAtomicAsync(path, transcriptJson(transcript));
}

/**
 * Saves snapshots of one file in the background, one write at a time: a snapshot given while a
 * write is in flight waits, and a newer one replaces it (the latest wins, none interleave).
 */
export interface LatestWriter {
  /** Queues the snapshot and returns at once; the write starts after the caller's turn of the event loop. */
  save(transcript: Transcript): void;
  /** Resolves once no write is in flight or waiting. */
  settled(): Promise<void>;
  /** The snapshot the latest write put on disk; null when that write failed (or none was made). */
  written(): Transcript | null;
}

/** A LatestWriter for path; report is told how each write went (null: it was written). */
export function latestWriter(path: string, report: (err: Error | null) => void): LatestWriter {
  let waiting: Transcript | null = null;
  let running: Promise<void> | null = null;
  let written: Transcript | null = null;
  const drain = async () => {
    // The event that asked for the write returns first; snapshots given meanwhile are coalesced.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (waiting) {
      const next = waiting;
      waiting = null;
      try {
        await writeTranscriptFileAsync(path, next);
        written = next;
        report(null);
      } catch (err) {
        written = null;
        report(err as Error);
      }
    }
    running = null;
  };
  return {
    save(transcript) {
      waiting = transcript;
      running ??= drain();
    },
    async settled() {
      while (running) await running;
    },
    written: () => written,
  };
}

/** Reads the text of a file given on the command line, as UTF-8, or says in one sentence why it cannot. */
export function readInputFile(path: string, what: string, maxBytes = MAX_TRANSCRIPT_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path} is a folder, not ${what}.`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${cannotRead(path, err)}; give the path of ${what}.`);
  }
  if (size === 0) throw new UsageError(`${path} is empty; it should hold ${what}.`);
  if (size > maxBytes) throw new UsageError(`${path} is ${Math.round(size / 1048576)} MiB, larger than the ${Math.round(maxBytes / 1048576)} MiB allowed for ${what}.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    // stat can succeed where reading fails (no read permission, a folder of special files).
    throw new UsageError(`${cannotRead(path, err)}; give the path of ${what}.`);
  }
  if (bytes.includes(0)) throw new UsageError(`${path} holds binary data, not ${what}.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${path} is not UTF-8 text, so it cannot be ${what}.`);
  }
}

/** Nesting far beyond any transcript roundtable writes (settings are a few levels deep). */
const MAX_DEPTH = 64;

/**
 * The top-level field under which a value nests more than `limit` objects or arrays deep, or null.
 * Iterative, so no depth of input can overflow the stack here (the readers after it recurse).
 */
function tooDeep(data: unknown, limit: number): string | null {
  if (!data || typeof data !== 'object') return null;
  const stack: Array<[value: unknown, depth: number, field: string]> = Object.entries(data).map(([k, v]) => [v, 1, k]);
  while (stack.length) {
    const [value, depth, field] = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth > limit) return field;
    for (const inner of Object.values(value)) if (inner && typeof inner === 'object') stack.push([inner, depth + 1, field]);
  }
  return null;
}

/** A page of the roundtable text format given where a transcript belongs (by its name or its first line). */
function looksLikeTextPage(text: string, path: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return /^AI Roundtable\b/.test(first) || (/\.txt$/i.test(path) && !/^[[{]/.test(first));
}

/** A word for a POSIX shell in a suggested command: as is when plain, in single quotes otherwise. */
const shellWord = (word: string): string => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** Parses and validates a transcript, or throws a UsageError naming the file and every bad field (up to a handful). */
export function parseTranscript(text: string, path: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if (looksLikeTextPage(text, path)) {
      const out = `${path.replace(/\.(txt|json|md)$/i, '')}${/\.json$/i.test(path) ? '.transcript' : ''}.json`;
      throw new UsageError(`${path} is a debate in the roundtable text format, not a transcript; import it first: npx roundtable import ${shellWord(path)} -o ${shellWord(out)}`);
    }
    throw new UsageError(`${path} is not valid JSON (${describeJsonError(err, text)}); expected a roundtable transcript.`);
  }
  const obj = data as Record<string, unknown> | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== 'roundtable-transcript') {
    throw new UsageError(`${path} is not a roundtable transcript (its "format" is not "roundtable-transcript").`);
  }
  if (obj.version !== 1) {
    throw new UsageError(`${path} is a transcript of version ${JSON.stringify(obj.version)}, and this roundtable reads version 1.`);
  }
  // Sizes before items: an oversized transcript is refused before a single turn is read.
  const sizes = sizeIssues(data);
  if (sizes.length) {
    throw new UsageError(`${path} is not a valid transcript: ${formatZodIssues(sizes.map((s) => ({ code: 'custom', ...s })), transcriptField)}.`);
  }
  const deep = tooDeep(data, MAX_DEPTH);
  if (deep) throw new UsageError(`${path} nests objects more than ${MAX_DEPTH} levels deep in the field "${deep}"; roundtable writes no such transcript.`);
  const parsed = TranscriptSchema.safeParse(data);
  if (!parsed.success) {
    throw new UsageError(`${path} is not a valid transcript: ${formatZodIssues(parsed.error.issues, transcriptField)}.`);
  }
  return withCheckedResult(parsed.data);
}

/**
 * The result as the votes give it: counted again from the last finished round (every debater
 * answered), so a stored result that contradicts the votes is never shown. An imported page's own
 * label stays when the file holds the recount beside it (`computed`) and that recount is still
 * what the votes give.
 */
export function withCheckedResult(t: Transcript): Transcript {
  const finished = t.rounds.filter((r) => r.turns.length >= t.panel.length);
  // An open question: its synthesis is kept while its groups hold exactly the seats that answered
  // (resultOf); otherwise the answers given in the same words are counted.
  if (isOpenTranscript(t)) return { ...t, result: finished.length ? resultOf(t, finished) : null };
  const result = finished.length ? resultOf(t, finished) : null;
  const stored = closedResult(t.result);
  if (result && stored?.computed !== undefined && stored.computed === result.label && stored.label !== result.label) {
    return { ...t, result: { ...result, label: stored.label, computed: result.label } };
  }
  return { ...t, result };
}

export function loadTranscript(path: string): Transcript {
  return parseTranscript(readInputFile(path, 'a roundtable transcript'), path);
}

/** Checks, before anything runs, that a transcript can be written at path. */
export function prepareOutputPath(path: string, options: { allowExisting: boolean; flag?: string }): string {
  const full = resolve(path);
  const dir = dirname(full);
  const flag = options.flag ?? '--out';
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`The folder ${dir} cannot be written to; choose another ${flag}.`);
  }
  if (!options.allowExisting && existsSync(full)) {
    throw new UsageError(`${path} already exists; choose another ${flag}, or remove it first.`);
  }
  return full;
}

/**
 * Creates path exclusively (O_EXCL), so that no other run can take it: true when this call
 * created it, false when it already existed.
 */
function reserve(path: string): boolean {
  try {
    closeSync(openSync(path, 'wx', 0o644));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new UsageError(`${path} cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'}); choose another --out.`);
  }
}

/**
 * Reserves --out for this run: the file is created exclusively (empty until the first write), so a
 * second run on the same path is refused instead of writing over the first.
 */
export function reserveOutputPath(path: string): string {
  const full = prepareOutputPath(path, { allowExisting: false });
  if (!reserve(full)) throw new UsageError(`${path} already exists; choose another --out, or remove it first.`);
  return full;
}

/** Removes a reserved output file nothing was written to (a run refused or failed before its first save). */
export function releaseReserved(path: string): void {
  try {
    if (statSync(path).size === 0) unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Reserves a path that no other run holds: path itself, or path with -2, -3 … before the
 * extension. Each candidate is created exclusively, so runs started at the same moment get
 * different files.
 */
export function freePath(path: string): string {
  if (reserve(path)) return path;
  const dot = path.endsWith('.json') ? path.length - 5 : path.length;
  for (let n = 2; ; n++) {
    const candidate = `${path.slice(0, dot)}-${n}${path.slice(dot)}`;
    if (reserve(candidate)) return candidate;
  }
}

/** How the final save went: saved where asked, saved elsewhere (named), or only printed. */
export type SaveOutcome =
  | { saved: true; path: string }
  | { saved: false; path: string | null; message: string };

export interface TranscriptWriter {
  /**
   * Saves the transcript when a round finishes, after the judgement and at the end or on
   * interrupt: in the background (see LatestWriter), so the next round's calls are not held up.
   */
  listener: DebateListener;
  /** Resolves once the saves asked for so far are on disk (or failed and were reported). */
  settled(): Promise<void>;
  /**
   * The last save, made sure of: it waits for the writes still pending (never two at once), and
   * when the final transcript is not on disk after them it is written, and tried again on failure; if it still fails the transcript goes to a fallback
   * file (named in the message), and failing that, the caller is told so it can print the transcript.
   */
  finish(transcript: Transcript): Promise<SaveOutcome>;
}

const FINAL_ATTEMPTS = 3;

/**
 * The transcript writer. A failed write is reported (once per distinct reason) and tried again at
 * the next event; `finish` tries again at the end and never reports a failed save as saved.
 */
export function transcriptWriter(path: string, onError: (message: string) => void, fallbackDir = tmpdir()): TranscriptWriter {
  let lastError: string | null = null;
  const background = latestWriter(path, (err) => {
    if (!err) {
      lastError = null;
      return;
    }
    const message = `Could not save the transcript to ${path}: ${err.message}`;
    if (message !== lastError) onError(message);
    lastError = message;
  });
  const attempt = async (transcript: Transcript): Promise<Error | null> => {
    try {
      await writeTranscriptFileAsync(path, transcript);
      return null;
    } catch (err) {
      return err as Error;
    }
  };
  return {
    listener: (event) => {
      // Written when a round finishes, after the judge, and when the run ends or is interrupted:
      // not per turn, so the writes do not grow with the square of the panel.
      if (!('transcript' in event) || event.type === 'turn_finished') return;
      background.save(event.transcript);
    },
    settled: () => background.settled(),
    async finish(transcript) {
      // Never two writes of the file at once: the pending ones end first. The run's last event
      // carries the final transcript itself, so it is usually on disk already.
      await background.settled();
      if (background.written() === transcript) return { saved: true, path };
      let err: Error | null = null;
      for (let i = 0; i < FINAL_ATTEMPTS; i++) {
        err = await attempt(transcript);
        if (!err) return { saved: true, path };
      }
      const reason = `The transcript could not be saved to ${path} (${(err as NodeJS.ErrnoException).code ?? err!.message})`;
      const fallback = join(fallbackDir, `roundtable-${transcript.id.slice(0, 8)}-${randomBytes(3).toString('hex')}.json`);
      try {
        await writeFile(fallback, transcriptJson(transcript), { mode: 0o644, flag: 'wx' });
        return { saved: false, path: fallback, message: `${reason}; it was saved to ${fallback} instead.` };
      } catch (fallbackErr) {
        const code = (fallbackErr as NodeJS.ErrnoException).code ?? 'error';
        // A fallback cut short by the full disk is no transcript: leave nothing half-written behind.
        if (code !== 'EEXIST') {
          await unlink(fallback).catch(() => {
            // never created
          });
        }
        return { saved: false, path: null, message: `${reason}, nor to ${fallback} (${code}); it is printed on stdout instead.` };
      }
    },
  };
}
