// Recorded provider responses (test/fixtures/wire, copied from the shared wire folder) served
// again with only the answer text substituted: the answer is split over the same number of text
// deltas the recording had, every other byte (reasoning, comments, usage, framing, line endings)
// is kept. Used by the wire suite (msw) and by scripts/wire-replay.ts (a loopback server).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CatalogEntry {
  file: string;
  kind: 'raw-sse' | 'chunks-openai' | 'chunks-anthropic' | 'http-error' | 'json';
  status: number;
  headers: Record<string, string>;
  real: boolean | string;
  done?: boolean;
  notes?: string;
}

export interface Recording {
  name: string;
  entry: CatalogEntry;
  status: number;
  headers: Record<string, string>;
  /** The body as it went over the wire. */
  body: string;
}

export const WIRE_FIXTURES = new URL('../../test/fixtures/wire/', import.meta.url);

export function loadCatalog(dir: URL | string = WIRE_FIXTURES): Record<string, CatalogEntry> {
  return JSON.parse(readFileSync(join(pathOf(dir), 'catalog.json'), 'utf8')) as Record<string, CatalogEntry>;
}

const pathOf = (dir: URL | string) => (typeof dir === 'string' ? dir : dir.pathname);

/** The wire body of a recording: framing added where the fixture keeps payloads one per line. */
export function loadRecording(name: string, dir: URL | string = WIRE_FIXTURES): Recording {
  const entry = loadCatalog(dir)[name];
  if (!entry) throw new Error(`no recording named "${name}"`);
  const text = readFileSync(join(pathOf(dir), entry.file), 'utf8');
  let body = text;
  if (entry.kind === 'chunks-openai') {
    body = text.split('\n').filter((l) => l.trim()).map((l) => `data: ${l}\n\n`).join('') + (entry.done ? 'data: [DONE]\n\n' : '');
  } else if (entry.kind === 'chunks-anthropic') {
    body = text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`)
      .join('');
  }
  const headers = { ...entry.headers };
  if (entry.kind === 'chunks-openai' || entry.kind === 'chunks-anthropic' || (entry.kind === 'raw-sse' && !headers['content-type'])) {
    headers['content-type'] = 'text/event-stream';
  }
  return { name, entry, status: entry.status, headers, body };
}

/** Where an answer's text sits in one payload: a setter per slot, in order. */
interface Slot {
  text: string;
  set(value: string): void;
}

function slotsIn(payload: Record<string, unknown>): Slot[] {
  const slots: Slot[] = [];
  // Anthropic text deltas.
  const delta = payload.delta as Record<string, unknown> | undefined;
  if (payload.type === 'content_block_delta' && delta?.type === 'text_delta' && typeof delta.text === 'string') {
    slots.push({ text: delta.text, set: (v) => (delta.text = v) });
  }
  // OpenAI-compatible deltas (string or Mistral's parts) and whole messages (non-streamed).
  const choices = Array.isArray(payload.choices) ? (payload.choices as Array<Record<string, unknown>>) : [];
  for (const choice of choices.slice(0, 1)) {
    for (const holder of [choice.delta, choice.message] as Array<Record<string, unknown> | undefined>) {
      if (!holder) continue;
      if (typeof holder.content === 'string' && holder.content) {
        slots.push({ text: holder.content, set: (v) => (holder.content = v) });
      } else if (Array.isArray(holder.content)) {
        for (const part of holder.content as Array<Record<string, unknown>>) {
          if (part?.type === 'text' && typeof part.text === 'string' && part.text) slots.push({ text: part.text, set: (v) => (part.text = v) });
        }
      }
    }
  }
  return slots;
}

export interface Substituted {
  body: string;
  /** How many text deltas carried the answer (the answer was split over this many). */
  deltas: number;
  /** The recording's original answer text (think block included). */
  original: string;
}

/**
 * The recording's body with its answer replaced by `answer`, split over the same number of
 * deltas. A leading `<think>…</think>` in the content is reasoning and stays as recorded.
 */
export function substituteAnswer(body: string, answer: string): Substituted {
  const lines = body.split(/(?<=\n)/);
  const parsed: Array<{ index: number; prefix: string; payload: Record<string, unknown>; ending: string; slots: Slot[] }> = [];
  const whole = /^\s*[{[]/.test(body) && !/^data:/m.test(body);
  if (whole) {
    const payload = JSON.parse(body) as Record<string, unknown>;
    parsed.push({ index: -1, prefix: '', payload, ending: '', slots: slotsIn(payload) });
  } else {
    lines.forEach((line, index) => {
      const m = /^(data:\s?)(.*?)(\r?\n)?$/s.exec(line);
      if (!m || !m[2]!.trim().startsWith('{')) return;
      try {
        const payload = JSON.parse(m[2]!) as Record<string, unknown>;
        parsed.push({ index, prefix: m[1]!, payload, ending: m[3] ?? '', slots: slotsIn(payload) });
      } catch {
        // not JSON: left as is
      }
    });
  }
  const slots = parsed.flatMap((p) => p.slots);
  const original = slots.map((s) => s.text).join('');
  // Keep a leading think block: slots (or the part of one) before its end are not the answer.
  const lead = original.length - original.trimStart().length;
  let keep = 0;
  if (original.trimStart().startsWith('<think>')) {
    const end = original.indexOf('</think>');
    keep = end === -1 ? original.length : end + '</think>'.length;
    while (keep < original.length && /\s/.test(original[keep]!)) keep++;
  } else keep = lead > 0 && !original.trim() ? original.length : 0;
  const targets: Array<{ slot: Slot; kept: string }> = [];
  let offset = 0;
  for (const slot of slots) {
    const start = offset;
    offset += slot.text.length;
    if (offset <= keep) continue;
    targets.push({ slot, kept: start < keep ? slot.text.slice(0, keep - start) : '' });
  }
  targets.forEach(({ slot, kept }, i) => {
    const from = Math.floor((i * answer.length) / targets.length);
    const to = Math.floor(((i + 1) * answer.length) / targets.length);
    slot.set(kept + answer.slice(from, to));
  });
  if (whole) return { body: JSON.stringify(parsed[0]!.payload), deltas: targets.length, original };
  for (const p of parsed) if (p.slots.length) lines[p.index] = `${p.prefix}${JSON.stringify(p.payload)}${p.ending}`;
  return { body: lines.join(''), deltas: targets.length, original };
}

/** Who sent a recording: the provider id roundtable uses for it, and the service's real base URL. */
export interface RecordingSource {
  provider: import('../agents/providers.js').ProviderId;
  /** The model id for a panel entry. */
  model: string;
  /** Set for servers reached as `compat` (their real base URL). */
  baseURL?: string;
}

const COMPAT: Record<string, string> = {
  zai: 'https://api.z.ai/api/paas/v4',
  hf: 'https://router.huggingface.co/v1',
  groq: 'https://api.groq.com/openai/v1',
  alibaba: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
  perplexity: 'https://api.perplexity.ai',
};

export function recordingSource(name: string): RecordingSource {
  const prefix = name.split('-')[0]!;
  if (COMPAT[prefix]) return { provider: 'compat', model: `compat:${prefix}-model`, baseURL: COMPAT[prefix] };
  const known = ['openai', 'anthropic', 'xai', 'google', 'mistral', 'moonshot', 'deepseek', 'openrouter', 'ollama'] as const;
  const provider = known.find((p) => p === prefix);
  if (!provider) throw new Error(`no provider known for the recording "${name}"`);
  return { provider, model: `${provider}:${provider === 'openrouter' ? 'vendor/some-model' : 'some-model'}` };
}
