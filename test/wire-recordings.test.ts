// Every recorded provider response (test/fixtures/wire) served through msw at the provider's real
// URL to the real SDK and adapter, with only the answer text substituted (split over the same
// number of deltas). One row per recording: the outcome roundtable must reach.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/mock/recordings.js';
import { useRecordings } from './support/recordings.js';
import { EXPECTED } from './support/wire-expected.js';

const recordings = useRecordings();

const REASONING = /Okay|<think>|\bthink\b|user (is )?ask|Let me/;

describe('every recorded provider response, replayed with the answer substituted', () => {
  const names = Object.keys(loadCatalog());

  it('has an expected outcome for every recording, and a recording for every expectation', () => {
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(names).toHaveLength(47);
  });

  for (const name of names) {
    const expected = EXPECTED[name]!;
    it(`${name}: ${expected.error ? `fails with ${String(expected.error).slice(0, 50)}` : 'reads the vote, the exact argument and the usage'}`, async () => {
      const r = await recordings.replay(name, { json: name.startsWith('anthropic') || name === 'ollama-nonstream-json' });
      expect(r.attempts).toBe(expected.attempts);
      expect(r.outcome.usage).toEqual(expected.usage);
      expect(r.outcome.latencyMs).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(r.outcome.latencyMs)).toBe(true);
      if (expected.vote) {
        expect(r.outcome.error).toBeNull();
        expect(r.outcome.value).toEqual({ vote: 'Yes', argument: r.argument });
        // Reasoning never reaches the argument nor the live preview.
        expect(r.outcome.value!.argument).not.toMatch(REASONING);
        expect(r.preview).not.toMatch(REASONING);
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
