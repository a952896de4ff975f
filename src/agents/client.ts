// The one narrow interface every provider adapter meets, and the decorators wrap.
import type { Usage } from '../core/schema.js';
import type { Clipped } from '../core/reply-cap.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
  /**
   * The content as the parts it was built from (content is their concatenation): a later round's
   * prompt, whose quoted blocks every reader shares. The adapters encode each part once and send
   * the bytes without encoding the whole text again (body.ts).
   */
  parts?: readonly string[];
}

export interface ChatRequest {
  system: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** Who asks and when; sent as x-roundtable-* headers only to the mock stand-in. */
  tag?: RequestTag;
  /** The most characters of the answer kept (absent: REPLY_CHAR_CAP); the stream is left there. */
  maxChars?: number;
}

export interface RequestTag {
  seat: string;
  role: 'debater' | 'judge' | 'digest';
  round: number;
}

/** The x-roundtable-* headers that let the mock stand-in tell the seats apart. */
export function tagHeaders(tag: RequestTag | undefined): Record<string, string> {
  if (!tag) return {};
  return { 'x-roundtable-seat': encodeURIComponent(tag.seat), 'x-roundtable-role': tag.role, 'x-roundtable-round': String(tag.round) };
}

export interface AttemptHooks {
  signal: AbortSignal;
  /** Each piece of the answer text as it streams in (never reasoning text). */
  onToken?: (text: string) => void;
}

export interface ChatResult {
  /** The answer text, reasoning excluded. */
  text: string;
  /** Arguments of a tool or function call, when the model answered with one. */
  toolArguments: string | null;
  usage: Usage | null;
  /**
   * How the reply ended (absent: complete). 'length': cut at the token limit; 'unterminated': the
   * stream ended without its end marker (also cut); 'refusal': the model declined, see `refusal`.
   */
  stop?: 'complete' | 'length' | 'unterminated' | 'refusal';
  /** The model's own explanation when it refused. */
  refusal?: string;
  /** The answer was longer than maxChars: `text` holds its first keptChars characters. */
  clipped?: Clipped;
  /** Earlier attempts of this call that failed mid-answer without a usage report, at their worst case (completeWithRetry). */
  unreportedUsage?: Usage;
}

export interface ModelClient {
  readonly provider: string;
  readonly model: string;
  /** One attempt: streams one reply, or throws a ProviderError. */
  complete(request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult>;
}

export interface CallTimeouts {
  /**
   * The longest wait for the first byte of the reply body. Measured at the fetch layer: any byte
   * counts (reasoning, keep-alive comments such as `: OPENROUTER PROCESSING`).
   */
  firstTokenMs: number;
  /** The longest silence, in bytes received, once the reply has started (keep-alive comments count). */
  idleMs: number;
  /** The longest a single attempt may take in all. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: CallTimeouts = { firstTokenMs: 60_000, idleMs: 30_000, totalMs: 300_000 };
