// The adapter for Anthropic's Messages API, streamed (the SDK needs the SSE `event:` lines).
import Anthropic from '@anthropic-ai/sdk';
import { tagHeaders, type AttemptHooks, type ChatRequest, type ChatResult, type ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';
import { sdkOptions, sharedSdkClient, type EndpointConfig } from './endpoint.js';
import { appendCapped, CappedText, REPLY_CHAR_CAP } from '../core/reply-cap.js';
import { usageFromAnthropic, type AnthropicUsage } from './usage.js';
import { startWatchdog } from './watchdog.js';
import { PartedBody } from './body.js';
import { observedBy, wireFetch, type WireObserver } from './wire-fetch.js';

export function createAnthropicClient(config: EndpointConfig): ModelClient {
  // One SDK client per endpoint, shared by its seats; each attempt names the observer of its own response's bytes.
  const client = sharedSdkClient('anthropic-messages', config, () =>
    new Anthropic(sdkOptions(config, wireFetch({ baseURL: config.baseURL, api: 'anthropic-messages', ...(config.fetch ? { fetch: config.fetch } : {}) }))),
  );
  return {
    provider: config.profile.id,
    model: config.model,
    async complete(request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult> {
      const watchdog = startWatchdog(config.timeouts, hooks.signal);
      const observer: WireObserver = { onBytes: () => watchdog.activity() };
      const parted = new PartedBody();
      const params: Anthropic.MessageCreateParamsStreaming = {
        model: config.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: request.messages.map((m) => ({ role: m.role, content: parted.content(m) })),
        stream: true,
      };
      // Sampling is sent only when the panel entry sets it (newer models reject it; the SDK no longer types it).
      if (config.temperature !== undefined) Object.assign(params, { temperature: config.temperature });

      const cap = request.maxChars ?? REPLY_CHAR_CAP;
      const answer = new CappedText(cap);
      let toolArguments: string | null = null;
      // Usage fields as last reported (message_start, then message_delta).
      const usage: AnthropicUsage = {};
      let sawUsage = false;
      // A streamed event arrived: the provider was answering (billed, whether it says so or not).
      let answered = false;
      let stopReason: string | null = null;
      let explanation = '';
      let stopped = false;
      const merge = (u: Record<string, unknown> | null | undefined) => {
        if (!u) return;
        for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const) {
          if (typeof u[key] === 'number') usage[key] = u[key];
        }
        sawUsage = true;
      };
      try {
        const bytes = parted.bytes(params);
        const stream = await watchdog.guard(
          client.messages.create(params, {
            signal: watchdog.signal,
            headers: { ...(config.tagRequests ? tagHeaders(request.tag) : {}), ...(bytes ? { 'content-type': 'application/json' } : {}) },
            fetchOptions: observedBy(observer),
            // The same JSON, written from the prompt's parts (the SDK sends a byte body as it is).
            ...(bytes ? { body: bytes } : {}),
          }),
        );
        // Activity is every byte received (the wire observer); an abort fails the read in progress (wire-fetch).
        for await (const event of stream) {
          answered = true;
          if (event.type === 'message_start') {
            merge(event.message.usage as unknown as Record<string, unknown>);
          } else if (event.type === 'content_block_delta') {
            if (event.delta.type === 'text_delta') {
              const kept = answer.push(event.delta.text);
              if (kept) hooks.onToken?.(kept);
              // Cut at the cap: the rest would be dropped, so it is not read (leaving the loop closes the stream).
              if (answer.full() && answer.clipped()) break;
            } else if (event.delta.type === 'input_json_delta') {
              toolArguments = appendCapped(toolArguments ?? '', event.delta.partial_json, cap);
            }
            // thinking_delta and signature_delta are reasoning: never part of the argument.
          } else if (event.type === 'message_delta') {
            merge(event.usage as unknown as Record<string, unknown>);
            stopReason = event.delta.stop_reason ?? stopReason;
            const details = (event.delta as { stop_details?: { explanation?: unknown } }).stop_details;
            if (typeof details?.explanation === 'string') explanation = details.explanation.slice(0, cap);
          } else if (event.type === 'message_stop') {
            stopped = true;
          }
        }
        // The SDKs end a stream quietly when its request is aborted: a deadline or a cancel
        // must not pass for a complete (truncated) reply.
        if (watchdog.signal.aborted) throw watchdog.failure() ?? new ProviderError('aborted', 'the call was cancelled');
      } catch (err) {
        const failure = watchdog.failure() ?? toProviderError(err, hooks.signal);
        // message_start already counted the input: billed even though the attempt failed.
        if (sawUsage) failure.usage = usageFromAnthropic(usage);
        failure.answered = answered;
        throw failure;
      } finally {
        watchdog.dispose();
      }
      const text = answer.text();
      const clipped = answer.clipped();
      // A reply cut at the cap is complete as far as roundtable reads it: the stream was left on purpose.
      const stop: ChatResult['stop'] =
        stopReason === 'refusal' ? 'refusal' : clipped ? 'complete' : stopReason === 'max_tokens' ? 'length' : stopped ? 'complete' : 'unterminated';
      return {
        text,
        ...(clipped ? { clipped } : {}),
        toolArguments,
        usage: sawUsage ? usageFromAnthropic(usage) : null,
        stop,
        ...(stop === 'refusal' ? { refusal: explanation || text.trim() || 'no explanation given' } : {}),
      };
    },
  };
}
