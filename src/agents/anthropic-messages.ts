// The adapter for Anthropic's Messages API, streamed (the SDK needs the SSE `event:` lines).
import Anthropic from '@anthropic-ai/sdk';
import { tagHeaders, type AttemptHooks, type ChatRequest, type ChatResult, type ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';
import { sdkOptions, type EndpointConfig } from './endpoint.js';
import { startWatchdog } from './watchdog.js';

export function createAnthropicClient(config: EndpointConfig): ModelClient {
  const client = new Anthropic(sdkOptions(config));
  return {
    provider: config.profile.id,
    model: config.model,
    async complete(request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult> {
      const params: Anthropic.MessageCreateParamsStreaming = {
        model: config.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: request.messages,
        stream: true,
      };
      // Sampling is sent only when the panel entry sets it (newer models reject it; the SDK no longer types it).
      if (config.temperature !== undefined) Object.assign(params, { temperature: config.temperature });

      const watchdog = startWatchdog(config.timeouts, hooks.signal);
      let text = '';
      let toolArguments: string | null = null;
      let inputTokens = 0;
      let outputTokens = 0;
      let sawUsage = false;
      try {
        const stream = await watchdog.guard(
          client.messages.create(params, { signal: watchdog.signal, headers: config.tagRequests ? tagHeaders(request.tag) : {} }),
        );
        for await (const event of watchdog.iterate(stream)) {
          if (event.type === 'message_start') {
            inputTokens = event.message.usage.input_tokens ?? 0;
            outputTokens = event.message.usage.output_tokens ?? 0;
            sawUsage = true;
          } else if (event.type === 'content_block_delta') {
            if (event.delta.type === 'text_delta') {
              text += event.delta.text;
              hooks.onToken?.(event.delta.text);
            } else if (event.delta.type === 'input_json_delta') {
              toolArguments = (toolArguments ?? '') + event.delta.partial_json;
            }
            // thinking_delta and signature_delta are reasoning: never part of the argument.
          } else if (event.type === 'message_delta') {
            outputTokens = event.usage.output_tokens ?? outputTokens;
            if (event.usage.input_tokens != null) inputTokens = event.usage.input_tokens;
            sawUsage = true;
          }
        }
        // The SDKs end a stream quietly when its request is aborted: a deadline or a cancel
        // must not pass for a complete (truncated) reply.
        if (watchdog.signal.aborted) throw watchdog.failure() ?? new ProviderError('aborted', 'the call was cancelled');
      } catch (err) {
        throw watchdog.failure() ?? toProviderError(err, hooks.signal);
      } finally {
        watchdog.dispose();
      }
      return { text, toolArguments, usage: sawUsage ? { inputTokens, outputTokens } : null };
    },
  };
}
