// The OpenAI-compatible providers as strict as the real ones (PROVIDERS.md): which request fields
// each accepts, how each shapes its errors, where each puts usage and reasoning in a stream.
import type { ProviderId } from '../../agents/providers.js';
import { approxTokens, hole, jsonTemplate, textPieces, type SseItem } from '../sse.js';
import type { WireFault, WireQuirk, WireReply } from '../types.js';

const COMMON = ['model', 'messages', 'stream', 'temperature', 'top_p', 'stop', 'tools', 'tool_choice', 'response_format', 'n', 'seed'];

/** Request fields each provider accepts; null means it ignores what it does not know. */
const ALLOWED: Partial<Record<ProviderId, string[] | null>> = {
  openai: [...COMMON, 'stream_options', 'max_completion_tokens', 'max_tokens', 'presence_penalty', 'frequency_penalty', 'reasoning_effort', 'user', 'metadata', 'parallel_tool_calls', 'logprobs', 'top_logprobs', 'store', 'service_tier'],
  xai: [...COMMON, 'stream_options', 'max_tokens', 'max_completion_tokens', 'presence_penalty', 'frequency_penalty', 'reasoning_effort', 'user', 'parallel_tool_calls', 'logprobs', 'top_logprobs'],
  google: [...COMMON, 'stream_options', 'max_tokens', 'max_completion_tokens', 'presence_penalty', 'frequency_penalty', 'reasoning_effort'],
  mistral: [...COMMON.filter((f) => f !== 'seed'), 'max_tokens', 'random_seed', 'presence_penalty', 'frequency_penalty', 'safe_prompt', 'prediction', 'parallel_tool_calls'],
  moonshot: [...COMMON, 'max_tokens', 'presence_penalty', 'frequency_penalty', 'stream_options'],
  deepseek: [...COMMON, 'stream_options', 'max_tokens', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs'],
  openrouter: null,
  ollama: null,
  compat: null,
};

export interface DialectError {
  status: number;
  body: unknown;
}

/** The error body in the provider's own shape. */
export function errorBody(provider: ProviderId, status: number, message: string, type = 'invalid_request_error', code?: string, retryDelay?: string): unknown {
  if (retryDelay) {
    // Google's shape, the hint only in the body: google.rpc.RetryInfo.
    const error = { code: status, message, status: code ?? 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] };
    return provider === 'google' ? [{ error }] : { error };
  }
  switch (provider) {
    case 'xai':
      return { code: code ?? type, error: message };
    case 'google':
      return [{ error: { code: status, message, status: code ?? (status === 429 ? 'RESOURCE_EXHAUSTED' : status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT') } }];
    case 'mistral':
      return { object: 'error', message, type, param: null, code: code ?? null };
    default:
      return { error: { message, type, param: null, code: code ?? null } };
  }
}

const fail = (provider: ProviderId, status: number, message: string, type?: string, code?: string): DialectError => ({
  status,
  body: errorBody(provider, status, message, type, code),
});

/** Checks a request as the real provider would, or returns the error it would answer. */
export function validateChatRequest(provider: ProviderId, body: Record<string, unknown>, headers: Headers): DialectError | null {
  const auth = headers.get('authorization');
  if (provider !== 'ollama' && provider !== 'compat' && !/^Bearer \S+/.test(auth ?? '')) {
    return fail(provider, 401, 'Missing or invalid API key.', 'authentication_error', 'invalid_api_key');
  }
  const allowed = ALLOWED[provider];
  if (allowed) {
    const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
    if (unknown.length) {
      if (provider === 'mistral') {
        return {
          status: 422,
          body: {
            object: 'error',
            message: { detail: unknown.map((k) => ({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted', input: body[k] })) },
            type: 'invalid_request_message_error',
            param: null,
            code: null,
          },
        };
      }
      return fail(provider, 400, `Unrecognized request argument supplied: ${unknown.join(', ')}`, 'invalid_request_error', 'unknown_parameter');
    }
  }
  const model = body.model;
  if (typeof model !== 'string' || !model) return fail(provider, 400, 'you must provide a model parameter');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return fail(provider, 400, "'messages' must be a non-empty array");
  for (const m of body.messages as Array<Record<string, unknown>>) {
    if (!['system', 'user', 'assistant', 'tool', 'developer'].includes(String(m.role))) return fail(provider, 400, `invalid role ${String(m.role)}`);
    if (typeof m.content !== 'string' && !Array.isArray(m.content)) return fail(provider, 400, "each message needs 'content'");
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return fail(provider, 400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_request_error', 'invalid_value');
  }
  const temperature = body.temperature;
  switch (provider) {
    case 'openai':
      if (/^(gpt-5|o\d)/.test(model)) {
        if (body.max_tokens !== undefined) {
          return fail(provider, 400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'invalid_request_error', 'unsupported_parameter');
        }
        if (temperature !== undefined && temperature !== 1) {
          return fail(provider, 400, "Unsupported value: 'temperature' does not support this value with this model. Only the default (1) value is supported.", 'invalid_request_error', 'unsupported_value');
        }
      }
      break;
    case 'xai':
      if (model.includes('.')) return { status: 404, body: { code: 'Some requested entity was not found', error: `The model ${model} does not exist or your team does not have access to it.` } };
      if (/reasoning/.test(model) && !/non-reasoning/.test(model)) {
        for (const field of ['presence_penalty', 'frequency_penalty', 'stop']) {
          if (body[field] !== undefined) return fail(provider, 400, `Argument not supported on this model: ${field}`, 'invalid_argument');
        }
      }
      if (model.startsWith('grok-4-1-fast') && body.reasoning_effort !== undefined) {
        return fail(provider, 400, 'Argument not supported on this model: reasoning_effort', 'invalid_argument');
      }
      break;
    case 'google':
      if (body.tools !== undefined && body.response_format !== undefined) {
        return fail(provider, 400, 'Function calling with a response mime type: \'application/json\' is unsupported');
      }
      break;
    case 'moonshot':
      if (/^kimi-k2/.test(model) && temperature !== undefined && temperature !== 1) {
        return fail(provider, 400, 'invalid temperature: only 1 is allowed for this model', 'invalid_request_error');
      }
      if ((body.response_format as { type?: string } | undefined)?.type === 'json_schema') {
        return fail(provider, 400, 'response_format json_schema is not supported', 'invalid_request_error');
      }
      break;
    case 'deepseek':
      if (body.response_format !== undefined && (body.response_format as { type?: string }).type !== 'json_object' && (body.response_format as { type?: string }).type !== 'text') {
        return fail(provider, 400, 'This response_format type is unavailable now', 'invalid_request_error');
      }
      break;
    default:
      break;
  }
  return null;
}

/** Providers whose usage itemises reasoning tokens (completion_tokens_details.reasoning_tokens). */
const ITEMISES_REASONING = new Set<ProviderId>(['openai', 'xai', 'deepseek', 'openrouter']);

/** Where a provider streams its reasoning, if the model reasons. */
function reasoningField(provider: ProviderId): 'reasoning_content' | 'reasoning' {
  return provider === 'ollama' || provider === 'openrouter' ? 'reasoning' : 'reasoning_content';
}

/** The quirks a reply is served with: those the script asks for, and those the real provider shows by default. */
export function chatQuirks(provider: ProviderId, model: string, reply: { quirks?: WireQuirk[] }): Set<WireQuirk> {
  const quirks = new Set(reply.quirks ?? []);
  if (provider === 'mistral' && /magistral/.test(model)) quirks.add('content-array');
  if (provider === 'compat' && /(^|[-/])r1\b|deepseek-r1/i.test(model)) quirks.add('think-block');
  return quirks;
}

/**
 * What a model that always reasons shows of it when the script gives no reasoning of its own (mock
 * mode's replies never do): magistral's thinking parts, R1's leading think block, deepseek-reasoner's
 * reasoning_content. So `--mock` meets those shapes too; none of it may reach the argument.
 */
export const STAND_IN_REASONING = 'The stand-in weighs the motion privately before it answers.';

export function defaultReasoning(provider: ProviderId, model: string): string | undefined {
  if (provider === 'mistral' && /magistral/.test(model)) return STAND_IN_REASONING;
  if (provider === 'compat' && /(^|[-/])r1\b|deepseek-r1/i.test(model)) return STAND_IN_REASONING;
  if (provider === 'deepseek' && /reasoner/.test(model)) return STAND_IN_REASONING;
  return undefined;
}

/** The SSE items of a streamed chat completion in the provider's dialect, and where a fault would cut in. */
export function chatStreamItems(provider: ProviderId, model: string, body: Record<string, unknown>, reply: WireReply | (WireFault & { text?: string })): SseItem[] {
  const id = `chatcmpl-${Math.random().toString(36).slice(2, 10)}`;
  const created = Math.floor(Date.now() / 1000);
  const quirks = chatQuirks(provider, model, 'quirks' in reply ? reply : {});
  const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) => ({
    data: { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, ...extra }] },
  });
  const items: SseItem[] = [];
  const promptTokens = approxTokens(JSON.stringify(body.messages ?? ''));
  if (provider === 'openrouter') items.push({ comment: 'OPENROUTER PROCESSING' });
  items.push(chunk({ role: 'assistant', content: '' }));
  const text = 'text' in reply && typeof reply.text === 'string' ? reply.text : '';
  const answers = reply.kind === undefined || reply.kind === 'reply' || reply.kind === 'length';
  const reasoning = ('reasoning' in reply ? reply.reasoning : undefined) ?? (answers ? defaultReasoning(provider, model) : undefined);
  const refusal = reply.kind === 'refusal' ? reply.explanation : undefined;
  if (reasoning && quirks.has('content-array')) {
    for (const piece of textPieces(reasoning)) items.push(chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: piece }] }] }));
  } else if (reasoning && quirks.has('think-block')) {
    for (const piece of textPieces(`<think>\n${reasoning}\n</think>\n\n`)) items.push(chunk({ content: piece }));
  } else if (reasoning) {
    for (const piece of textPieces(reasoning)) items.push(chunk({ [reasoningField(provider)]: piece }));
  }
  const toolArguments = 'toolArguments' in reply ? reply.toolArguments : undefined;
  if (refusal) {
    for (const piece of textPieces(refusal)) items.push(chunk({ refusal: piece }));
  } else if (toolArguments) {
    items.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'cast_vote', arguments: '' } }] }));
    for (const piece of textPieces(toolArguments)) items.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
  } else {
    let said = '';
    const google = provider === 'google';
    // Gemini repeats usage, cumulative so far, on every chunk (thinking counted only in the total).
    const piece = (content: unknown, total: unknown) => ({ ...chunk({ content }).data, ...(google ? { usage: { prompt_tokens: promptTokens, total_tokens: total } } : {}) });
    // The chunks differ only in their piece (and Gemini's total): serialised once, filled per piece.
    const template = quirks.has('content-array') ? null : jsonTemplate(piece(hole(0), hole(1)), google ? 2 : 1);
    textPieces(text).forEach((text, i) => {
      said += text;
      const total = promptTokens + approxTokens((reasoning ?? '') + said);
      if (template) items.push({ data: template(JSON.stringify(text), String(total)) });
      else items.push({ data: piece(quirks.has('content-array') ? [{ type: 'text', text }] : text, total) });
      if (provider === 'deepseek' && i === 2) items.push({ comment: 'keep-alive' });
    });
  }
  const reasoningTokens = reasoning ? approxTokens(reasoning) : 0;
  const completionTokens = approxTokens(text + (toolArguments ?? '') + (reasoning ?? '') + (refusal ?? ''));
  // xAI leaves reasoning out of completion_tokens (and counts it in total_tokens); the others include it.
  const usage =
    provider === 'xai' && reasoningTokens
      ? (() => {
          const answered = approxTokens(text + (toolArguments ?? '') + (refusal ?? ''));
          return { prompt_tokens: promptTokens, completion_tokens: answered, total_tokens: promptTokens + answered + reasoningTokens, completion_tokens_details: { reasoning_tokens: reasoningTokens } };
        })()
      : { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens, ...(reasoningTokens && ITEMISES_REASONING.has(provider) ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}) };
  const finish = reply.kind === 'length' ? 'length' : toolArguments ? 'tool_calls' : 'stop';
  switch (provider) {
    case 'moonshot':
      // Kimi puts streamed usage inside the choice.
      items.push(chunk({}, finish, { usage }));
      break;
    case 'mistral':
      items.push({ data: { ...chunk({}, finish).data, usage } });
      break;
    case 'google':
      // Gemini's usage may lack completion_tokens.
      items.push({ data: { ...chunk({}, finish).data, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens } } });
      break;
    case 'openrouter':
      items.push(chunk({}, finish));
      items.push({ data: { id, object: 'chat.completion.chunk', created, model, choices: [], usage: { ...usage, cost: 0.0001 } } });
      break;
    default: {
      items.push(chunk({}, finish));
      const include = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
      if (include) items.push({ data: { id, object: 'chat.completion.chunk', created, model, choices: [], usage } });
    }
  }
  items.push({ raw: 'data: [DONE]\n\n' });
  return shapeStream(items, quirks, (item) => 'data' in item && (item.data as { choices?: Array<{ finish_reason?: unknown }> }).choices?.[0]?.finish_reason != null);
}

/** Applies the stream-wide quirks: keep-alive comments between items, or no end (finish chunk and marker dropped). */
export function shapeStream(items: SseItem[], quirks: Set<WireQuirk>, isEnd: (item: SseItem) => boolean, keepAlive: SseItem = { comment: 'keep-alive' }): SseItem[] {
  let out = items;
  if (quirks.has('no-end-marker')) out = out.filter((item) => !isEnd(item) && !('raw' in item && /\[DONE\]/.test(item.raw)));
  if (quirks.has('keep-alive')) out = out.flatMap((item) => [keepAlive, item]);
  return out;
}

/** A whole chat.completion body, for a server that ignores `stream: true`. */
export function chatCompletionBody(model: string, body: Record<string, unknown>, reply: WireReply): Record<string, unknown> {
  const promptTokens = approxTokens(JSON.stringify(body.messages ?? ''));
  const completionTokens = approxTokens(reply.text + (reply.reasoning ?? ''));
  return {
    id: 'chatcmpl-whole',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.text, ...(reply.reasoning ? { reasoning: reply.reasoning } : {}) }, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** An error inside a 200 stream, as each provider sends it. */
export function chatStreamError(provider: ProviderId, type: string, message: string): SseItem {
  if (provider === 'openrouter') {
    return { data: { id: 'gen-err', object: 'chat.completion.chunk', error: { code: type, message }, choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }] } };
  }
  return { data: { error: { type, message, code: type } } };
}
