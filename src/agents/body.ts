// A request body written as bytes from the parts of its prompts. A later round's prompt quotes
// every other seat, and every reader of the round quotes the same blocks: JSON-encoding each
// reader's whole prompt (and holding it as one more large string) made the requests' bytes grow
// with the square of the panel in CPU and in memory. Each part is encoded once and the body is
// put together from the encoded parts; the bytes are those JSON.stringify gives for the whole.
import { randomBytes } from 'node:crypto';
import type { ChatMessage } from './client.js';

/** Stands for a parted message's content in the body while it is stringified (never in a text: a per-process nonce). */
const NONCE = randomBytes(8).toString('hex');
const slotMark = (i: number) => `\u0000roundtable-${NONCE}-${i}\u0000`;

/** Encoded parts, by text: the blocks of a round are read by every seat. Bounded, then started again. */
const encoded = new Map<string, Buffer>();
let encodedBytes = 0;
const MEMO_ENTRIES = 20_000;
const MEMO_BYTES = 64 * 1024 * 1024;

const QUOTE = Buffer.from('"');

/** A part as it stands inside a JSON string, as UTF-8. */
function encodedPart(part: string): Buffer {
  let bytes = encoded.get(part);
  if (bytes) return bytes;
  // Its own memory, not a slice of Node's shared 8 KB pool: a kept slice keeps its whole slab (and
  // every temporary buffer cut from it) alive, which at 1,000 seats held 800 slabs.
  const text = JSON.stringify(part).slice(1, -1);
  bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 'utf8');
  if (encoded.size >= MEMO_ENTRIES || encodedBytes + bytes.length > MEMO_BYTES) {
    encoded.clear();
    encodedBytes = 0;
  }
  encoded.set(part, bytes);
  encodedBytes += bytes.length;
  return bytes;
}

/** Collects the parted messages of one body while it is built. */
export class PartedBody {
  private readonly slots: (readonly string[])[] = [];

  /** The content to put in the body: the text itself, or a mark where the parts will go. */
  content(message: ChatMessage): string {
    if (!message.parts || message.parts.length < 2) return message.content;
    this.slots.push(message.parts);
    return slotMark(this.slots.length - 1);
  }

  /** The body's bytes, the same as JSON.stringify(body) with each parted content whole; undefined when no message was parted. */
  bytes(body: unknown): Uint8Array | undefined {
    if (!this.slots.length) return undefined;
    const json = JSON.stringify(body);
    const chunks: Buffer[] = [];
    let at = 0;
    this.slots.forEach((parts, i) => {
      const mark = JSON.stringify(slotMark(i));
      const k = json.indexOf(mark, at);
      if (k < 0) throw new Error('a parted message is missing from the request body');
      chunks.push(Buffer.from(json.slice(at, k), 'utf8'), QUOTE);
      for (const part of parts) chunks.push(encodedPart(part));
      chunks.push(QUOTE);
      at = k + mark.length;
    });
    chunks.push(Buffer.from(json.slice(at), 'utf8'));
    return Buffer.concat(chunks);
  }
}
