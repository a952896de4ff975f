// The stand-ins serve the recorded wire's shapes on their own, so `--mock` meets them too (issue
// #10): reasoning models show their reasoning as the real ones do, xAI and Gemini report usage in
// their own conventions. (No test-side msw server here: mock mode runs its own.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { chatStreamItems, STAND_IN_REASONING } from '../src/mock/dialects/openai-compatible.js';
import type { SseItem } from '../src/mock/sse.js';
import { usageFromOpenAI, type OpenAIUsage } from '../src/agents/usage.js';
import { runCli, tempDir } from './support/cli.js';

const BODY = { model: 'm', messages: [{ role: 'user', content: 'Vote.' }], stream: true, stream_options: { include_usage: true } };
const ANSWER = 'Vote: Yes\nThe stand-in answers.';

type Chunk = { choices?: Array<{ delta?: Record<string, unknown> }>; usage?: OpenAIUsage };
// An item's data is an object, or its JSON text as it goes on the wire.
const chunks = (items: SseItem[]) => items.flatMap((item) => ('data' in item ? [(typeof item.data === 'string' ? JSON.parse(item.data) : item.data) as Chunk] : []));
const deltas = (items: SseItem[]) => chunks(items).map((c) => c.choices?.[0]?.delta ?? {});

describe('stand-ins of reasoning models, with no reasoning scripted', () => {
  it("magistral streams its reasoning as thinking parts, the answer as text parts", () => {
    const parts = deltas(chatStreamItems('mistral', 'magistral-medium-latest', BODY, { text: ANSWER })).flatMap((d) => (Array.isArray(d.content) ? d.content : []));
    expect(parts.some((p) => (p as { type: string }).type === 'thinking')).toBe(true);
    expect(parts.filter((p) => (p as { type: string }).type === 'text').map((p) => (p as { text: string }).text).join('')).toBe(ANSWER);
  });

  it('R1 behind an OpenAI-compatible server starts its content with a think block', () => {
    const content = deltas(chatStreamItems('compat', 'deepseek-r1', BODY, { text: ANSWER })).map((d) => (typeof d.content === 'string' ? d.content : '')).join('');
    expect(content).toMatch(/^<think>\n.+\n<\/think>\n\nVote: Yes/s);
  });

  it('deepseek-reasoner streams reasoning_content, and itemises it in usage', () => {
    const items = chatStreamItems('deepseek', 'deepseek-reasoner', BODY, { text: ANSWER });
    expect(deltas(items).map((d) => d.reasoning_content ?? '').join('')).toBe(STAND_IN_REASONING);
    const usage = chunks(items).find((c) => c.usage)!.usage!;
    expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('an ordinary model shows no reasoning', () => {
    const items = chatStreamItems('mistral', 'mistral-large-latest', BODY, { text: ANSWER });
    expect(JSON.stringify(items)).not.toContain(STAND_IN_REASONING);
  });
});

describe('stand-ins report usage in each provider’s convention', () => {
  it('xAI leaves reasoning out of completion_tokens and counts it in total_tokens; the rule recovers it', () => {
    const items = chatStreamItems('xai', 'grok-4-1-fast-reasoning', BODY, { text: ANSWER, reasoning: 'a long private weighing of both sides' });
    const raw = chunks(items).find((c) => c.usage)!.usage!;
    const reasoning = raw.completion_tokens_details!.reasoning_tokens!;
    expect(raw.total_tokens).toBe(raw.prompt_tokens! + raw.completion_tokens! + reasoning);
    expect(usageFromOpenAI(raw)).toMatchObject({ outputTokens: raw.completion_tokens! + reasoning, reasoningTokens: reasoning });
  });

  it('Gemini repeats cumulative usage on every content chunk, the last one the whole', () => {
    const items = chatStreamItems('google', 'gemini-3.1-pro-preview', BODY, { text: ANSWER });
    const reports = chunks(items).filter((c) => c.usage).map((c) => c.usage!.total_tokens!);
    expect(reports.length).toBeGreaterThan(2);
    expect([...reports].sort((a, b) => a - b)).toEqual(reports);
  });
});

describe('roundtable debate --mock with reasoning models', () => {
  it('reads every seat’s vote and keeps the stand-ins’ reasoning out of every argument', async () => {
    const cwd = tempDir();
    const panel = join(cwd, 'panel.json');
    writeFileSync(
      panel,
      JSON.stringify({
        debaters: [
          { name: 'Magistral', model: 'mistral:magistral-medium-latest' },
          { name: 'Reasoner', model: 'deepseek:deepseek-reasoner' },
          { name: 'R1', model: 'compat:deepseek-r1', baseURL: 'http://localhost:8000/v1' },
        ],
        judge: null,
      }),
    );
    const run = await runCli(['debate', '--mock', 'Is reasoning private?', '--panel', panel, '--rounds', '2', '--mock-pace', '0', '--json', '--headless'], { env: {}, cwd });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    for (const round of t.rounds) {
      for (const turn of round.turns) {
        expect(turn.error).toBeNull();
        expect(['Yes', 'No']).toContain(turn.vote);
        expect(turn.argument).not.toMatch(/stand-in weighs|<think>|\[object Object\]/);
      }
    }
    const reasoner = t.panel.find((p) => p.name === 'Reasoner')!.id;
    expect(t.rounds[0]!.turns.find((x) => x.debater === reasoner)!.usage?.reasoningTokens).toBeGreaterThan(0);
  });
});
