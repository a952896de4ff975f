// Runs the real engine (prompts, parser, result, judge) with a mock script standing in for every
// model: a fake ModelClient hands the script the request as the stand-in would see it on the wire.
import type { ModelClient } from '../../src/agents/client.js';
import { DEFAULT_RETRY } from '../../src/agents/retry.js';
import { assignIds, runDebate } from '../../src/engine/debate.js';
import { DebateEvents } from '../../src/core/events.js';
import { PromptBook } from '../../src/prompting/prompts.js';
import { mockScript } from '../../src/mock/script.js';
import type { WireCall, WireScript } from '../../src/mock/types.js';
import type { Transcript } from '../../src/core/schema.js';

export interface Exchange {
  call: WireCall;
  reply: string;
}

export function scriptClient(script: WireScript, model: string, exchanges: Exchange[]): ModelClient {
  return {
    provider: 'openai',
    model,
    async complete(request) {
      const call: WireCall = {
        provider: 'openai',
        url: 'https://api.openai.com/v1/chat/completions',
        model,
        body: { model, stream: true, messages: [{ role: 'system', content: request.system }, ...request.messages] },
        headers: new Headers(),
        seat: request.tag?.seat ?? null,
        role: request.tag?.role ?? null,
        round: request.tag?.round ?? null,
        attempt: 1,
      };
      const answer = await script(call);
      if (answer.kind !== undefined && answer.kind !== 'reply') throw new Error(`the script answered with a ${answer.kind} fault`);
      exchanges.push({ call, reply: answer.text });
      return { text: answer.text, toolArguments: answer.toolArguments ?? null, usage: { inputTokens: 1, outputTokens: 1 } };
    },
  };
}

export interface MockDebate {
  transcript: Transcript;
  exchanges: Exchange[];
}

/** A generated (or, with `script`, file-scripted) mock debate of any motion, options and panel. */
export async function mockDebate(opts: {
  seed: number;
  motion?: string;
  options?: string[];
  names?: string[];
  rounds?: number;
  script?: Transcript | null;
  judge?: boolean;
  /** Seats assigned an option to argue in round 1 (panel `stance`), by name. */
  stances?: Record<string, string>;
}): Promise<MockDebate> {
  const names = opts.names ?? ['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast', 'Mistral Large'];
  const script = mockScript(opts.script ?? null, { paceMs: 0, seed: opts.seed, panel: names });
  const exchanges: Exchange[] = [];
  const transcript = await runDebate(
    {
      motion: opts.motion ?? 'Should cities ban cars?',
      options: opts.options ?? ['Yes', 'No', 'Partly'],
      mode: 'debate',
      rounds: opts.rounds ?? 3,
      panel: assignIds(names.map((name) => ({ name, model: `openai:${name.toLowerCase().replace(/\W+/g, '-')}`, ...(opts.stances?.[name] ? { stance: opts.stances[name] } : {}) }))),
      judge: opts.judge === false ? null : { name: 'Judge', model: 'openai:judge' },
      source: 'mock',
      maxTokens: 1500,
      judgeMaxTokens: 2000,
      briefing: [],
    },
    {
      createClient: (seat) => scriptClient(script, seat.model, exchanges),
      prompts: new PromptBook(),
      retry: { ...DEFAULT_RETRY, retries: 0 },
      signal: new AbortController().signal,
      events: new DebateEvents(),
    },
  );
  return { transcript, exchanges };
}
