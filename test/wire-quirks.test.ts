// The stand-ins (src/mock/dialects) serve the shapes the recorded wire showed, as quirks and
// faults a script can select; the CLI reads each right (issue #10).
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import type { WireAnswer } from '../src/mock/types.js';
import { FAKE_KEYS, runCli } from './support/cli.js';
import { useWire, vote } from './support/wire.js';

const wire = useWire();
const run = async (models: string, extra: string[] = []) =>
  TranscriptSchema.parse(
    JSON.parse((await runCli(['debate', 'Quirks?', '--models', models, '--no-judge', '--rounds', '1', '--json', '--headless', '--retry-base-ms', '1', ...extra], { env: FAKE_KEYS })).stdout),
  );
const turnOf = (t: Transcript, id: string) => t.rounds[0]!.turns.find((x) => x.debater === id)!;
const reply = (v: string, argument: string) => ({ text: JSON.stringify({ vote: v, argument }) });
const PAIR = 'openai:gpt-5.4,anthropic:claude-opus-4-6';

describe('quirks of the real wire, served by the stand-ins', () => {
  it('content arrays (Mistral magistral, on by default): text parts are the argument, thinking parts are not', async () => {
    wire.script(() => ({ ...vote('Yes', 'Parts make the whole.'), reasoning: 'secret musing' }));
    const t = await run('mistral:magistral-medium-latest,openai:gpt-5.4');
    const raw = wire.callsTo('mistral');
    expect(raw).toHaveLength(1);
    expect(turnOf(t, 'magistral-medium-latest')).toMatchObject({ vote: 'Yes', argument: 'Parts make the whole.', error: null });
  });

  it('keep-alive comments and pings between every chunk', async () => {
    wire.script((): WireAnswer => ({ ...reply('No', 'Still here.'), quirks: ['keep-alive'] }));
    const t = await run(PAIR);
    for (const turn of t.rounds[0]!.turns) expect(turn).toMatchObject({ vote: 'No', argument: 'Still here.', error: null });
  });

  it('a leading <think> block in content never reaches the argument', async () => {
    wire.script((): WireAnswer => ({ text: 'Vote: Yes\nPlain words.', reasoning: 'I ponder.', quirks: ['think-block'] }));
    const t = await run('openai:gpt-5.4,deepseek:deepseek-chat');
    for (const turn of t.rounds[0]!.turns) expect(turn).toMatchObject({ vote: 'Yes', argument: 'Plain words.', error: null });
  });

  it('a length stop is asked again naming the limit, then read', async () => {
    wire.script((call): WireAnswer => (call.provider === 'openai' && call.attempt === 1 ? { kind: 'length', text: 'Vote: Yes\nI was saying that' } : vote('Yes', 'In full.')));
    const t = await run(PAIR, ['--max-tokens', '500']);
    expect(turnOf(t, 'gpt-5-4')).toMatchObject({ vote: 'Yes', argument: 'In full.', error: null });
    expect(turnOf(t, 'gpt-5-4').retries![0]!.reason).toMatch(/cut at the 500-token limit/);
  });

  it('a stream without its end marker, twice: what was said is kept, with the reason, and no vote', async () => {
    wire.script((call): WireAnswer => (call.provider === 'anthropic' ? { text: 'Vote: No\nHalf a thought', quirks: ['no-end-marker'] } : vote('No')));
    const turn = turnOf(await run(PAIR), 'claude-opus-4-6');
    expect(turn).toMatchObject({ vote: null, argument: 'Vote: No\nHalf a thought', error: expect.stringMatching(/cut off/) });
    expect(wire.callsTo('anthropic')).toHaveLength(2);
  });

  it('a retry hint only in the body is honoured', async () => {
    wire.script((call): WireAnswer => (call.provider === 'openai' && call.attempt === 1 ? { kind: 'http', status: 429, message: 'quota', retryDelay: '0.05s' } : vote('Yes')));
    const turn = turnOf(await run(PAIR), 'gpt-5-4');
    expect(turn.retries).toEqual([expect.objectContaining({ delayMs: 50 })]);
    expect(turn.vote).toBe('Yes');
  });

  it('a refusal is recorded with its explanation and not asked again (Anthropic and OpenAI shapes)', async () => {
    wire.script((): WireAnswer => ({ kind: 'refusal', explanation: 'I will not weigh in on this.' }));
    const t = await run(PAIR);
    for (const turn of t.rounds[0]!.turns) expect(turn).toMatchObject({ vote: null, error: 'the model refused: I will not weigh in on this.' });
    expect(wire.calls).toHaveLength(2);
  });

  it('a whole JSON body where a stream was asked for is the complete reply', async () => {
    wire.script((): WireAnswer => ({ ...reply('Yes', 'All at once.'), quirks: ['non-streamed'] }));
    const t = await run('ollama:llama3.2:3b,anthropic:claude-opus-4-6');
    for (const turn of t.rounds[0]!.turns) expect(turn).toMatchObject({ vote: 'Yes', argument: 'All at once.', error: null });
  });
});
