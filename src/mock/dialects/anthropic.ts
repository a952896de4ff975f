// Anthropic's Messages API as strict as the real one: required fields, model-specific sampling
// rules, and streams whose frames carry their `event:` lines.
import { approxTokens, hole, jsonTemplate, textPieces, type SseItem } from '../sse.js';
import type { WireFault, WireReply } from '../types.js';
import { shapeStream } from './openai-compatible.js';
import type { DialectError } from './openai-compatible.js';

const ALLOWED = ['model', 'max_tokens', 'messages', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'metadata', 'tools', 'tool_choice', 'thinking', 'service_tier'];

export function anthropicError(status: number, type: string, message: string, details?: Record<string, unknown>): unknown {
  return { type: 'error', error: { type, message, ...(details ? { details } : {}) } };
}

const fail = (status: number, message: string, type = 'invalid_request_error'): DialectError => ({ status, body: anthropicError(status, type, message) });

export function validateMessagesRequest(body: Record<string, unknown>, headers: Headers): DialectError | null {
  // Older SDKs send x-api-key; the current one sends the key as a bearer token.
  if (!headers.get('x-api-key') && !/^Bearer \S+/.test(headers.get('authorization') ?? '')) {
    return fail(401, 'x-api-key header is required', 'authentication_error');
  }
  if (!headers.get('anthropic-version')) return fail(400, 'anthropic-version: header is required');
  const unknown = Object.keys(body).filter((k) => !ALLOWED.includes(k));
  if (unknown.length) return fail(400, `${unknown[0]}: Extra inputs are not permitted`);
  const model = body.model;
  if (typeof model !== 'string' || !model) return fail(400, 'model: Field required');
  if (typeof body.max_tokens !== 'number' || body.max_tokens < 1) return fail(400, 'max_tokens: Field required');
  const messages = body.messages as Array<{ role?: string; content?: unknown }> | undefined;
  if (!Array.isArray(messages) || messages.length === 0) return fail(400, 'messages: at least one message is required');
  if (messages[0]?.role !== 'user') return fail(400, 'messages: first message must use the "user" role');
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'user' && m.role !== 'assistant') return fail(400, `messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (i > 0 && messages[i - 1]!.role === m.role) return fail(400, 'messages: roles must alternate between "user" and "assistant"');
    if (typeof m.content === 'string' ? m.content.trim() === '' : !Array.isArray(m.content)) {
      return fail(400, `messages.${i}: all messages must have non-empty content`);
    }
  }
  if (body.temperature !== undefined && /^claude-opus-4-(7|8|9)|^claude-(opus|sonnet)-5/.test(model)) {
    return fail(400, '`temperature` is deprecated for this model.');
  }
  if (body.temperature !== undefined && body.top_p !== undefined && /^claude-(opus-4-1|sonnet-4-5|opus-4-5|sonnet-4-6)/.test(model)) {
    return fail(400, '`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }
  return null;
}

export function messagesStreamItems(model: string, body: Record<string, unknown>, reply: WireReply | (WireFault & { text?: string })): SseItem[] {
  const ev = (event: string, data: Record<string, unknown>): SseItem => ({ event, data: { type: event, ...data } });
  const inputTokens = approxTokens(JSON.stringify(body.messages ?? '') + String(body.system ?? ''));
  const text = 'text' in reply && typeof reply.text === 'string' ? reply.text : '';
  const reasoning = 'reasoning' in reply ? reply.reasoning : undefined;
  const toolArguments = 'toolArguments' in reply ? reply.toolArguments : undefined;
  const quirks = new Set('quirks' in reply ? (reply.quirks ?? []) : []);
  if (reply.kind === 'refusal') {
    // No content block at all: the stop reason and its explanation say it.
    return shapeStream(
      [
        ev('message_start', { message: { id: 'msg_mock', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } } }),
        { event: 'ping', data: { type: 'ping' } },
        ev('message_delta', { delta: { stop_reason: 'refusal', stop_sequence: null, stop_details: { type: 'refusal', category: 'mock', explanation: reply.explanation } }, usage: { output_tokens: 5 } }),
        ev('message_stop', {}),
      ],
      quirks,
      (item) => 'event' in item && item.event === 'message_stop',
      { event: 'ping', data: { type: 'ping' } },
    );
  }
  const items: SseItem[] = [
    ev('message_start', {
      message: { id: 'msg_mock', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: inputTokens, output_tokens: 1 } },
    }),
  ];
  let index = 0;
  if (reasoning) {
    items.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    for (const piece of textPieces(reasoning)) items.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } }));
    items.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'sig' } }));
    items.push(ev('content_block_stop', { index }));
    index++;
  }
  items.push({ event: 'ping', data: { type: 'ping' } });
  if (toolArguments) {
    items.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: 'toolu_1', name: 'cast_vote', input: {} } }));
    for (const piece of textPieces(toolArguments)) items.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
  } else {
    items.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    // The deltas differ only in their piece: serialised once, filled per piece.
    const delta = (text: string) => ev('content_block_delta', { index, delta: { type: 'text_delta', text } });
    const template = jsonTemplate((delta(hole(0)) as { data: unknown }).data, 1);
    for (const piece of textPieces(text)) items.push(template ? { event: 'content_block_delta', data: template(JSON.stringify(piece)) } : delta(piece));
  }
  items.push(ev('content_block_stop', { index }));
  const stop = reply.kind === 'length' ? 'max_tokens' : toolArguments ? 'tool_use' : 'end_turn';
  items.push(ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: approxTokens(text + (toolArguments ?? '') + (reasoning ?? '')) } }));
  items.push(ev('message_stop', {}));
  // Anthropic's keep-alive is a ping event.
  return shapeStream(items, quirks, (item) => 'event' in item && item.event === 'message_stop', { event: 'ping', data: { type: 'ping' } });
}

/** A whole Messages body, for the non-streamed quirk. */
export function messageBody(model: string, body: Record<string, unknown>, reply: WireReply): Record<string, unknown> {
  return {
    id: 'msg_whole',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: reply.text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: approxTokens(JSON.stringify(body.messages ?? '') + String(body.system ?? '')), output_tokens: approxTokens(reply.text) },
  };
}

export function messagesStreamError(type: string, message: string): SseItem {
  return { event: 'error', data: { type: 'error', error: { type, message } } };
}
