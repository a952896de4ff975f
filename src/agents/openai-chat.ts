// The adapter for the whole OpenAI-compatible family (OpenAI, xAI, Gemini, Mistral, Moonshot,
// DeepSeek, OpenRouter, Ollama, Groq, any compatible server): chat completions, streamed. The
// differences between members are data (providers.ts) or tolerated here (README "Providers").
import OpenAI from 'openai';
import { tagHeaders, type AttemptHooks, type ChatRequest, type ChatResult, type ModelClient } from './client.js';
import { ProviderError, toProviderError } from './errors.js';
import { sdkOptions, sharedSdkClient, type EndpointConfig } from './endpoint.js';
import { appendCapped, CappedText, REPLY_CHAR_CAP } from '../core/reply-cap.js';
import { ThinkFilter } from './think.js';
import { usageFromOpenAI, type OpenAIUsage } from './usage.js';
import { startWatchdog } from './watchdog.js';
import { observedBy, wireFetch, type WireObserver } from './wire-fetch.js';
import { PartedBody } from './body.js';

/** Mistral streams content as an array of parts: text parts are the answer, thinking parts reasoning. */
type ContentPart = { type?: string; text?: unknown; thinking?: unknown };

interface StreamDelta {
  content?: string | ContentPart[] | null;
  refusal?: string | null;
  tool_calls?: Array<{ index?: number; function?: { name?: string; arguments?: string } }>;
}

/** The answer text of a delta's content, whichever shape it takes. */
export function answerText(content: StreamDelta['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part && part.type === 'text' && typeof part.text === 'string' ? part.text : '')).join('');
}

export function createOpenAIChatClient(config: EndpointConfig): ModelClient {
  // One SDK client per endpoint, shared by its seats; each attempt names the observer of its own response's bytes.
  const client = sharedSdkClient('openai-chat', config, () =>
    new OpenAI(sdkOptions(config, wireFetch({ baseURL: config.baseURL, api: 'openai-chat', ...(config.fetch ? { fetch: config.fetch } : {}) }))),
  );
  return {
    provider: config.profile.id,
    model: config.model,
    async complete(request: ChatRequest, hooks: AttemptHooks): Promise<ChatResult> {
      const watchdog = startWatchdog(config.timeouts, hooks.signal);
      let sawDone = false;
      let errorUsage: OpenAIUsage | null = null;
      // A streamed chunk arrived: the provider was answering (billed, whether it says so or not).
      let answered = false;
      const observer: WireObserver = { onBytes: () => watchdog.activity(), onDone: () => (sawDone = true), onErrorUsage: (u) => (errorUsage = u as OpenAIUsage) };
      const parted = new PartedBody();
      const body: Record<string, unknown> = {
        model: config.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages.map((m) => ({ role: m.role, content: parted.content(m) }))],
        stream: true,
        [config.profile.maxTokensField]: request.maxTokens,
      };
      if (config.profile.streamUsageOption) body.stream_options = { include_usage: true };
      if (config.temperature !== undefined) body.temperature = config.temperature;

      const cap = request.maxChars ?? REPLY_CHAR_CAP;
      const answer = new CappedText(cap);
      let refusal = '';
      let finish: string | null = null;
      const think = new ThinkFilter();
      const tools = new Map<number, string>();
      let usage: ChatResult['usage'] = null;
      const emit = (piece: string) => {
        const kept = answer.push(piece);
        if (kept) hooks.onToken?.(kept);
      };
      try {
        const bytes = parted.bytes(body);
        const stream = await watchdog.guard(client.chat.completions.create(
          body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          {
            signal: watchdog.signal,
            headers: { ...(config.tagRequests ? tagHeaders(request.tag) : {}), ...(bytes ? { 'content-type': 'application/json' } : {}) },
            fetchOptions: observedBy(observer),
            // The same JSON, written from the prompt's parts (the SDK sends a byte body as it is).
            ...(bytes ? { body: bytes } : {}),
          },
        ));
        // Activity is every byte received (the wire observer); an abort fails the read in progress (wire-fetch).
        for await (const chunk of stream) {
          answered = true;
          const choice = chunk.choices?.[0] as
            | { delta?: StreamDelta; finish_reason?: string | null; usage?: OpenAIUsage }
            | undefined;
          const delta = choice?.delta;
          emit(think.push(answerText(delta?.content)));
          if (typeof delta?.refusal === 'string') refusal = appendCapped(refusal, delta.refusal, cap);
          for (const call of delta?.tool_calls ?? []) {
            const index = call.index ?? 0;
            tools.set(index, appendCapped(tools.get(index) ?? '', call.function?.arguments ?? '', cap));
          }
          // Usage: the chunk's own (most), choices[0].usage (Moonshot), x_groq.usage (Groq). Cumulative: the last wins.
          const groq = (chunk as { x_groq?: { usage?: OpenAIUsage } }).x_groq?.usage;
          const u = (chunk.usage ?? choice?.usage ?? groq) as OpenAIUsage | null | undefined;
          if (u) usage = usageFromOpenAI(u);
          if (choice?.finish_reason) finish = choice.finish_reason;
          if (choice?.finish_reason === 'error') {
            throw new ProviderError('stream', 'the provider ended the stream with finish_reason "error"');
          }
          // Cut at the cap: the rest would be dropped, so it is not read (leaving the loop closes the stream).
          if (answer.full() && answer.clipped()) break;
        }
        // The SDKs end a stream quietly when its request is aborted: a deadline or a cancel
        // must not pass for a complete (truncated) reply.
        if (watchdog.signal.aborted) throw watchdog.failure() ?? new ProviderError('aborted', 'the call was cancelled');
      } catch (err) {
        const failure = watchdog.failure() ?? toProviderError(err, hooks.signal);
        // Tokens already reported are billed even though the attempt failed (OpenRouter reports
        // them beside the error event itself, which the SDK throws on).
        const reported = errorUsage ? usageFromOpenAI(errorUsage) : usage;
        if (reported) failure.usage = reported;
        failure.answered = answered;
        throw failure;
      } finally {
        watchdog.dispose();
      }
      emit(think.flush());
      const text = answer.text();
      const clipped = answer.clipped();
      // A reply cut at the cap is complete as far as roundtable reads it: the stream was left on purpose.
      const stop: ChatResult['stop'] =
        refusal.trim() && !text.trim() ? 'refusal'
        : clipped ? 'complete'
        : finish === 'length' ? 'length'
        : finish || sawDone ? 'complete'
        : 'unterminated';
      return {
        text,
        ...(clipped ? { clipped } : {}),
        toolArguments: tools.size ? [...tools.values()][0] ?? null : null,
        usage,
        stop,
        ...(stop === 'refusal' ? { refusal: refusal.trim() } : {}),
      };
    },
  };
}
