// Validation benchmark (numbers, never asserted): how long reading a transcript takes, by size.
// Validation is one pass with Sets and checks sizes first, so time grows with the file, and an
// oversized one (a round of 100,000 turns, a panel of 100,000 seats) is refused before its items are
// read; when each turn was checked against every other, the 100,000-turn file took minutes of CPU.
// Run: node --import tsx bench/validate.ts
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MAX_PANEL } from '../src/core/schema.js';
import { parseTranscript } from '../src/transcript/store.js';

const seed = JSON.parse(readFileSync(new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const turn = (debater: string) => ({ debater, vote: 'Yes', argument: 'An argument of a few words.', previousVote: null, changed: false, latencyMs: 800, usage: { inputTokens: 100, outputTokens: 50 }, error: null });

function transcript(seats: number, rounds: number, turnsPerRound = seats): string {
  const panel = Array.from({ length: seats }, (_, i) => ({ id: `d${i}`, name: `D ${i}`, model: 'openai:gpt-5.4' }));
  const all = Array.from({ length: rounds }, (_, r) => ({ number: r + 1, turns: Array.from({ length: turnsPerRound }, (_, i) => turn(`d${i % seats}`)) }));
  return JSON.stringify({ ...seed, panel, rounds: all, result: null, judgement: null });
}

const cases: Array<[string, string]> = [
  ['seed-sized: 6 seats × 2 rounds', transcript(6, 2)],
  [`largest valid: ${MAX_PANEL} seats × 10 rounds`, transcript(MAX_PANEL, 10)],
  ['refused: 2 seats, a round of 100,000 turns', transcript(2, 1, 100_000)],
  ['refused: 100,000 seats', transcript(100_000, 0)],
];
for (const [name, text] of cases) {
  const started = performance.now();
  let outcome = 'read';
  try {
    parseTranscript(text, 'bench.json');
  } catch {
    outcome = 'refused';
  }
  console.log(`${name.padEnd(46)} ${(text.length / 1048576).toFixed(1).padStart(6)} MiB  ${outcome.padEnd(8)} ${(performance.now() - started).toFixed(0).padStart(6)} ms`);
}
