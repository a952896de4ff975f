// The event contract: replaying a run's transcript emits the sequence of events the live run did
// (the streamed text aside, which a replay paces in its own chunks). Every debater of a round starts
// at once, live and replayed, so the turns land in the order of their recorded latencies.
import { describe, expect, it } from 'vitest';
import type { ModelClient } from '../src/agents/client.js';
import { DEFAULT_RETRY } from '../src/agents/retry.js';
import { DebateEvents, type DebateEvent } from '../src/core/events.js';
import { runDebate } from '../src/engine/debate.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { replayEvents } from '../src/ui/replay-events.js';

/** An event without its payload: what kind, which round, which debater. */
const shape = (e: DebateEvent): string =>
  [e.type, 'round' in e ? e.round : '', 'debater' in e ? e.debater : 'turn' in e ? e.turn.debater : ''].join(' ');

async function liveRun(protocol: 'roundtable' | 'council') {
  const events = new DebateEvents();
  const seen: DebateEvent[] = [];
  events.on((e) => seen.push(e));
  const client = (name: string): ModelClient => ({
    provider: 'openai',
    model: 'openai:gpt-test',
    async complete(request, hooks) {
      // The seats answer in an order of their own (s3 first, s1 last), each after its own latency.
      await new Promise((resolve) => setTimeout(resolve, { s1: 60, s2: 35, s3: 10 }[name] ?? 0));
      const prompt = request.messages.at(-1)!.content;
      const text = /judge|chair/i.test(request.system)
        ? JSON.stringify({ summary: 'A summary.', strongestArguments: { Yes: 'y' }, turningPoints: ['none'] })
        : /council's review/.test(prompt)
          ? JSON.stringify({ ranking: [...prompt.matchAll(/Response ([A-Z]+), voted/g)].map((m) => `Response ${m[1]}`), reason: 'Ranked.' })
          : JSON.stringify({ vote: name === 's3' ? 'No' : 'Yes', argument: `${name} argues.` });
      hooks.onToken?.(text);
      return { text, toolArguments: null, usage: { inputTokens: 1, outputTokens: 1 } };
    },
  });
  const transcript = await runDebate(
    {
      motion: 'Is the test green?', options: ['Yes', 'No'], mode: 'debate', rounds: 2, source: 'live', maxTokens: 500, judgeMaxTokens: 2000, briefing: [],
      panel: ['s1', 's2', 's3'].map((id) => ({ id, name: id, model: 'openai:gpt-test' })),
      judge: { name: 'Judge', model: 'openai:gpt-test' },
      protocol,
    },
    { createClient: (seat) => client(seat.name), prompts: new PromptBook(), retry: { ...DEFAULT_RETRY, retries: 0 }, signal: new AbortController().signal, events },
  );
  return { transcript, seen };
}

describe('replaying a transcript', () => {
  it.each(['roundtable', 'council'] as const)('emits the events of the live %s run, in order', async (protocol) => {
    const { transcript, seen } = await liveRun(protocol);
    expect(transcript.status).toBe('complete');
    const live = seen.filter((e) => e.type !== 'token').map(shape);
    const replayed = replayEvents(transcript).map((t) => t.event).filter((e) => e.type !== 'token').map(shape);
    expect(replayed).toEqual(live);
    // What the finished turns carry is the transcript's, in both.
    const turns = (list: DebateEvent[]) => list.flatMap((e) => (e.type === 'turn_finished' ? [e.turn] : []));
    expect(turns(replayEvents(transcript).map((t) => t.event))).toEqual(turns(seen));
  });
});
