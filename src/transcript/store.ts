// Reading and writing transcript files. Writes go to a temporary file that is then renamed over
// the target, so a reader (or a crash) never sees half a transcript. Nothing holding a secret is
// written: every string, object keys included, passes through the redactor (jsonText).
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DebateListener } from '../core/events.js';
import { UsageError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';
import { jsonText } from '../util/sanitize.js';
import { formatZodIssues, transcriptField } from '../util/zod-issues.js';
import { TranscriptSchema, type Transcript } from '../core/schema.js';

export const MAX_TRANSCRIPT_BYTES = 50 * 1024 * 1024;

export function transcriptJson(transcript: Transcript): string {
  return `${jsonText(transcript)}\n`;
}

export function writeTranscriptFile(path: string, transcript: Transcript): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, transcriptJson(transcript), { mode: 0o644 });
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean
    }
    throw err;
  }
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
    throw new UsageError(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); give the path of ${what}.`);
  }
  if (size === 0) throw new UsageError(`${path} is empty; it should hold ${what}.`);
  if (size > maxBytes) throw new UsageError(`${path} is ${Math.round(size / 1048576)} MiB, larger than the ${Math.round(maxBytes / 1048576)} MiB allowed for ${what}.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    // stat can succeed where reading fails (no read permission, a folder of special files).
    throw new UsageError(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); give the path of ${what}.`);
  }
  if (bytes.includes(0)) throw new UsageError(`${path} holds binary data, not ${what}.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${path} is not UTF-8 text, so it cannot be ${what}.`);
  }
}

/** Parses and validates a transcript, or throws a UsageError naming the file and every bad field (up to a handful). */
export function parseTranscript(text: string, path: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON (${describeJsonError(err, text)}); expected a roundtable transcript.`);
  }
  const obj = data as Record<string, unknown> | null;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || obj.format !== 'roundtable-transcript') {
    throw new UsageError(`${path} is not a roundtable transcript (its "format" is not "roundtable-transcript").`);
  }
  if (obj.version !== 1) {
    throw new UsageError(`${path} is a transcript of version ${JSON.stringify(obj.version)}, and this roundtable reads version 1.`);
  }
  const parsed = TranscriptSchema.safeParse(data);
  if (!parsed.success) {
    throw new UsageError(`${path} is not a valid transcript: ${formatZodIssues(parsed.error.issues, transcriptField)}.`);
  }
  return parsed.data;
}

export function loadTranscript(path: string): Transcript {
  return parseTranscript(readInputFile(path, 'a roundtable transcript'), path);
}

/** Checks, before anything runs, that a transcript can be written at path. */
export function prepareOutputPath(path: string, options: { allowExisting: boolean }): string {
  const full = resolve(path);
  const dir = dirname(full);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`The folder ${dir} cannot be written to; choose another --out.`);
  }
  if (!options.allowExisting && existsSync(full)) {
    throw new UsageError(`${path} already exists; choose another --out, or remove it first.`);
  }
  return full;
}

/** A path that does not exist yet: path itself, or path with -2, -3 … before the extension. */
export function freePath(path: string): string {
  if (!existsSync(path)) return path;
  const dot = path.endsWith('.json') ? path.length - 5 : path.length;
  for (let n = 2; ; n++) {
    const candidate = `${path.slice(0, dot)}-${n}${path.slice(dot)}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * The transcript writer: a listener that saves the transcript after every turn, round, judgement
 * and at the end. A failed write is reported and tried again at the next event.
 */
export function transcriptWriter(path: string, onError: (message: string) => void): DebateListener {
  let lastError: string | null = null;
  return (event) => {
    if (!('transcript' in event)) return;
    try {
      writeTranscriptFile(path, event.transcript);
      lastError = null;
    } catch (err) {
      const message = `Could not save the transcript to ${path}: ${(err as Error).message}`;
      if (message !== lastError) onError(message);
      lastError = message;
    }
  };
}
