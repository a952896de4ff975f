// Every recorded provider response (test/fixtures/wire) served through msw at the provider's real
// URL to the real SDK and adapter, with only the answer text substituted (split over the same
// number of deltas). One row per recording: the outcome roundtable must reach.
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadRecording, substituteAnswer } from '../src/mock/recordings.js';
import { answerFor, useRecordings } from './support/recordings.js';
import { EXPECTED } from './support/wire-expected.js';

const recordings = useRecordings();

const REASONING = /Okay|<think>|\bthink\b|user (is )?ask|Let me/;

describe('every recorded provider response, replayed with the answer substituted', () => {
  const names = Object.keys(loadCatalog());

  it('has an expected outcome for every recording, and a recording for every expectation', () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(names).toHaveLength(47);
  });

  it('substitutes only the answer, split over as many deltas as the recording had', () => {
    const empty: string[] = [];
    for (const name of names) {
      const recording = loadRecording(name);
      if (recording.status !== 200) continue;
      const before = substituteAnswer(recording.body, '');
      if (before.deltas === 0) {
        empty.push(name);
        continue;
      }
      const answer = answerFor(before.deltas, false).text;
      const after = substituteAnswer(substituteAnswer(recording.body, answer).body, '');
      expect(after.deltas, name).toBe(before.deltas);
      // What the deltas carry now: the recorded think block (if any), then the answer, whole.
      const think = before.original.slice(0, before.original.length - before.original.trimStart().length) + (/^\s*<think>/.test(before.original) ? before.original.trimStart().slice(0, before.original.trimStart().indexOf('</think>') + 8) : '');
      expect(after.original.replace(/\s+/g, ' ').trim(), name).toBe(`${think} ${answer}`.replace(/\s+/g, ' ').trim());
      // Every other byte is as recorded: blanking the answer in both gives the same body.
      expect(substituteAnswer(substituteAnswer(recording.body, answer).body, '').body, name).toBe(before.body);
    }
    // Only the refusal and the stream that errs during its reasoning carry no answer text at all.
    expect(empty.sort()).toEqual(['anthropic-refusal', 'openrouter-stream-error']);
  });

  for (const name of names) {
    const expected = EXPECTED[name]!;
    it(`${name}: ${expected.error ? `fails with ${String(expected.error).slice(0, 50)}` : 'reads the vote, the exact argument and the usage'}`, async () => {
      const r = await recordings.replay(name, { json: name.startsWith('anthropic') || name === 'ollama-nonstream-json' });
      expect(r.attempts).toBe(expected.attempts);
      expect(r.outcome.usage).toEqual(expected.usage);
      // Latency is the whole ask as the caller saw it: inside the wall time measured around it,
      // and covering every wait between attempts.
      expect(r.outcome.latencyMs).toBeGreaterThan(0);
      expect(r.outcome.latencyMs).toBeLessThanOrEqual(r.elapsedMs);
      expect(r.outcome.latencyMs).toBeGreaterThanOrEqual(r.retries.reduce((sum, note) => sum + note.delayMs, 0));
      if (expected.vote) {
        expect(r.outcome.error).toBeNull();
        expect(r.outcome.value).toEqual({ vote: 'Yes', argument: r.argument });
        // Reasoning never reaches the argument nor the live preview.
        expect(r.outcome.value!.argument).not.toMatch(REASONING);
        expect(r.preview).not.toMatch(REASONING);
        // The live preview showed the answer and nothing else (no reasoning, think block or parts).
        expect(r.preview).toBe(r.text);
        expect(r.retries).toEqual([]);
      } else {
        expect(r.outcome.value).toBeNull();
        expect(r.outcome.error).toMatch(expected.error!);
        if (expected.retried !== undefined) expect(r.retries.length > 0).toBe(expected.retried);
        if (expected.kept) expect(r.outcome.partialText).toBe(`Vote: Yes\n${r.argument}`);
      }
    });
  }
});
