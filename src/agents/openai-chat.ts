// The adapter for the whole OpenAI-compatible family (OpenAI, xAI, Gemini, Mistral, Moonshot,
// DeepSeek, OpenRouter, Ollama, any compatible server): chat completions, streamed.
import OpenAI from 'openai';
import { tagHeaders, type AttemptHooks, type ChatRequest, type ChatResult, type ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';
import { sdkOptions, type EndpointConfig } from './endpoint.js';
import { startWatchdog } from './watchdog.js';

interface StreamDelta {
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: Array<{ index?: number; function?: { name?: string; arguments?: string } }>;
}

interface StreamUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/** Gemini may leave out completion_tokens: derive it from the total then. */
function usageFrom(u: StreamUsage): ChatResult['usage'] {
  const input = u.prompt_tokens ?? 0;
  const output = u.completion_tokens ?? (u.total_tokens !== undefined ? Math.max(0, u.total_tokens - input) : 0);
  return { inputTokens: input, outputTokens: output };
}

export function createOpenAIChatClient(config: EndpointConfig): ModelClient {
  const client = new OpenAI(sdkOptions(config));
  return {
    provider: config.profile.id,
    model: config.model,
    async complete(request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult> {
      const body: Record<string, unknown> = {
        model: config.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages],
        stream: true,
        [config.profile.maxTokensField]: request.maxTokens,
      };
      if (config.profile.streamUsageOption) body.stream_options = { include_usage: true };
      if (config.temperature !== undefined) body.temperature = config.temperature;

      const watchdog = startWatchdog(config.timeouts, hooks.signal);
      let text = '';
      const tools = new Map<number, string>();
      let usage: ChatResult['usage'] = null;
      try {
        const stream = await watchdog.guard(client.chat.completions.create(
          body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          { signal: watchdog.signal, headers: config.tagRequests ? tagHeaders(request.tag) : {} },
        ));
        for await (const chunk of watchdog.iterate(stream)) {
          const choice = chunk.choices?.[0] as
            | { delta?: StreamDelta; finish_reason?: string | null; usage?: StreamUsage }
            | undefined;
          const delta = choice?.delta;
          if (delta?.content) {
            text += delta.content;
            hooks.onToken?.(delta.content);
          }
          for (const call of delta?.tool_calls ?? []) {
            const index = call.index ?? 0;
            tools.set(index, (tools.get(index) ?? '') + (call.function?.arguments ?? ''));
          }
          // Usage sits in the chunk (OpenAI, OpenRouter, Mistral…) or in choices[0].usage (Moonshot).
          const u = (chunk.usage ?? choice?.usage) as StreamUsage | null | undefined;
          if (u) usage = usageFrom(u);
          if (choice?.finish_reason === 'error') {
            throw new ProviderError('stream', 'the provider ended the stream with finish_reason "error"');
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
      return { text, toolArguments: tools.size ? [...tools.values()][0] ?? null : null, usage };
    },
  };
}
