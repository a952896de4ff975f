// What a scripted provider answers with: a reply streamed in that provider's dialect, or a fault.
import type { ProviderId } from '../agents/providers.js';

/**
 * Ways real providers shape an ordinary reply (seen in the recordings of test/fixtures/wire), for a
 * script to ask for; some are also on by default where the real provider does it (see the dialects).
 */
export type WireQuirk =
  /** Mistral's magistral: content (and reasoning) as arrays of typed parts. */
  | 'content-array'
  /** SSE keep-alive comments before and between chunks (Anthropic: ping events). */
  | 'keep-alive'
  /** Reasoning inline as a leading `<think>…</think>` in content (R1 on Groq, Together…). */
  | 'think-block'
  /** One whole JSON body although `stream: true` was asked (a local Ollama does this). */
  | 'non-streamed'
  /** The stream ends without its end marker ([DONE] / message_stop), as a cut connection would. */
  | 'no-end-marker';

export interface WireReply {
  kind?: 'reply';
  quirks?: WireQuirk[];
  text: string;
  /** Reasoning streamed beside the answer in the provider's own field (never part of the answer). */
  reasoning?: string;
  /** Answer as a tool/function call carrying these JSON arguments, instead of text. */
  toolArguments?: string;
  /** Milliseconds before the first chunk and between chunks. */
  firstChunkDelayMs?: number;
  chunkDelayMs?: number;
}

export type WireFault =
  /** An HTTP error with the provider's own error body (or the given one). */
  | {
      kind: 'http';
      status: number;
      message?: string;
      type?: string;
      code?: string;
      body?: unknown;
      headers?: Record<string, string>;
      /** A retry hint in the body only (Gemini's google.rpc.RetryInfo), e.g. "34.4s". */
      retryDelay?: string;
    }
  /** The connection drops before any response. */
  | { kind: 'reset' }
  /** A 200 stream that sends some chunks, then an error event inside the stream. */
  | { kind: 'stream-error'; afterChunks: number; type: string; message: string; text?: string }
  /** A 200 stream whose connection is cut after some chunks. */
  | { kind: 'cut'; afterChunks: number; text?: string }
  /** A reply stopped at the token limit: finish_reason "length" / stop_reason "max_tokens". */
  | { kind: 'length'; text: string; quirks?: WireQuirk[] }
  /** The model declines: Anthropic stop_reason "refusal" with an explanation, OpenAI `refusal` deltas. */
  | { kind: 'refusal'; explanation: string }
  /** A 200 stream that goes silent after some chunks (0: right after the headers) until cancelled. */
  | { kind: 'stall'; afterChunks: number; text?: string };

export type WireAnswer = WireReply | WireFault;

export interface WireCall {
  provider: ProviderId;
  url: string;
  model: string;
  body: Record<string, unknown>;
  headers: Headers;
  /** From the x-roundtable-* headers that mock mode adds: who is asking, in which round. */
  seat: string | null;
  role: 'debater' | 'judge' | 'digest' | null;
  round: number | null;
  /** 1 for the first call to this seat+round+role, 2 for the next (a retry or a re-ask)… */
  attempt: number;
}

export type WireScript = (call: WireCall) => WireAnswer | Promise<WireAnswer>;

export interface WireEndpoint {
  provider: ProviderId;
  baseURL: string;
}
