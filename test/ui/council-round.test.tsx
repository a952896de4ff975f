// A council's ranking round as the live view and the replay print it: each seat's ballot by name
// and the aggregate (Borda) ranking under the round's title.
import { describe, expect, it } from 'vitest';
import { FinishedRound } from '../../src/ui/FinishedRound.js';
import { bordaRanking, computeResult } from '../../src/core/result.js';
import type { Turn } from '../../src/core/schema.js';
import { renderAt, settle } from './terminal.js';

const panel = [
  { id: 'a', name: 'Alpha', model: 'openai:gpt-5.4', provider: 'openai' },
  { id: 'b', name: 'Bravo', model: 'anthropic:claude-opus-4-6', provider: 'anthropic' },
  { id: 'c', name: 'Charlie', model: 'xai:grok-4-1-fast-reasoning', provider: 'xai' },
];
const ballot = (debater: string, ranking: string[]): Turn => ({
  debater, vote: 'Yes', argument: 'Response A was clearest.', previousVote: 'Yes', changed: false, latencyMs: 1, usage: null, error: null, ranking,
});

describe('a council ranking round, printed', () => {
  it('shows each ballot by name and the aggregate ranking', async () => {
    const turns = [ballot('a', ['c', 'b']), ballot('b', ['c', 'a']), ballot('c', ['b', 'a'])];
    const result = { ...computeResult(['Yes', 'No'], { number: 1, turns }, 3)!, ranking: bordaRanking(panel, turns.map((t) => t.ranking!)) };
    const term = renderAt(
      <FinishedRound number={2} totalRounds={2} turns={turns} result={result} panel={panel} options={[{ letter: 'A', label: 'Yes' }, { letter: 'B', label: 'No' }]} width={100} />,
    );
    await settle();
    const frame = term.frame();
    expect(frame).toContain('Ranking (Borda) 1. Charlie 2 pts, 2 first · 2. Bravo 1 pt, 1 first · 3. Alpha 0 pts, 0 first');
    expect(frame).toMatch(/Alpha · openai +ranked Charlie > Bravo/);
    expect(frame).toMatch(/Charlie · xai +ranked Bravo > Alpha/);
    expect(frame).not.toContain('kept');
    term.instance.unmount();
  });
});
