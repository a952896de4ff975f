// A replayed page's "(changed mind)": the finished round says the vote changed, though the page
// does not say from what.
import { describe, expect, it } from 'vitest';
import { FinishedRound } from '../../src/ui/FinishedRound.js';
import { computeResult } from '../../src/core/result.js';
import type { Turn } from '../../src/core/schema.js';
import { renderAt, settle } from './terminal.js';

const panel = [
  { id: 'a', name: 'Alpha', model: null, provider: 'imported' },
  { id: 'b', name: 'Bravo', model: null, provider: 'imported' },
];
const turn = (debater: string, vote: string, changed: boolean, previousVote: string | null): Turn => ({
  debater, vote, argument: 'Because.', previousVote, changed, latencyMs: null, usage: null, error: null,
});

describe('a round with a changed mind whose earlier vote is not known', () => {
  it('is marked "changed mind", and a changed vote with its earlier vote as before', async () => {
    const turns = [turn('a', 'Yes', true, null), turn('b', 'No', true, 'Yes')];
    const term = renderAt(
      <FinishedRound number={1} totalRounds={1} turns={turns} result={computeResult(['Yes', 'No'], { number: 1, turns }, 2)} panel={panel as never} options={[{ letter: 'A', label: 'Yes' }, { letter: 'B', label: 'No' }]} width={100} />,
    );
    await settle();
    const frame = term.frame();
    expect(frame).toMatch(/Alpha.*changed mind → Yes/);
    expect(frame).toMatch(/Bravo.*changed Yes → No/);
    term.instance.unmount();
  });
});
