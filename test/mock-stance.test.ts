// Mock mode keeps a seat's assigned stance (panel `stance`): the stand-in reads it from the real
// round-1 prompt, as a real model would, and votes it in round 1 whatever the seed.
import { describe, expect, it } from 'vitest';
import { debaterPrompts } from '../src/protocols/debater.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { readDebaterPrompt } from '../src/mock/prompt-reader.js';
import { mockDebate } from './support/mock-debate.js';

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('a stance in mock mode', () => {
  it('is read from the round-1 prompt, whatever the option looks like, and only there', () => {
    const book = new PromptBook();
    const panel = [
      { id: 'a', name: 'A', model: null },
      { id: 'b', name: 'B', model: null },
    ];
    for (const options of [['Yes', 'No'], ['No', 'Not yet', 'Yes, with "limits"'], ['381', '391', '401']]) {
      for (const stance of options) {
        const { prompt } = debaterPrompts(book, { motion: 'Should we?', options, round: 1, rounds: 2, member: panel[0]!, stance, panel, previous: undefined, previousVote: null, briefing: [] });
        expect(readDebaterPrompt(prompt)?.stance).toBe(stance);
      }
      const { prompt } = debaterPrompts(book, { motion: 'Should we?', options, round: 1, rounds: 2, member: panel[0]!, panel, previous: undefined, previousVote: null, briefing: [] });
      expect(readDebaterPrompt(prompt)?.stance ?? null).toBeNull();
    }
  });

  it('is the seat\'s round-1 vote for every seed, with two, three and four options', async () => {
    const cases: Array<{ options: string[]; stances: Record<string, string> }> = [
      { options: ['Yes', 'No'], stances: { 'GPT-5.4': 'No', 'Claude Opus 4.6': 'Yes', 'Grok 4.1 Fast': 'No' } },
      { options: ['Yes', 'No', 'Partly'], stances: { 'Mistral Large': 'Partly', 'GPT-5.4': 'No' } },
      { options: ['381', '391', '401', '371'], stances: { 'Claude Opus 4.6': '371', 'Grok 4.1 Fast': '381', 'Mistral Large': '401', 'GPT-5.4': '391' } },
    ];
    for (const { options, stances } of cases) {
      for (const seed of seeds(30)) {
        const { transcript } = await mockDebate({ seed, options, stances, rounds: 2, judge: false });
        const round1 = transcript.rounds.find((r) => r.number === 1)!;
        for (const [name, stance] of Object.entries(stances)) {
          const id = transcript.panel.find((p) => p.name === name)!.id;
          const turn = round1.turns.find((t) => t.debater === id)!;
          expect(turn.vote, `seed ${seed}, ${name} assigned ${stance}`).toBe(stance);
          // It argues the side it votes for.
          expect(turn.argument).toContain(stance);
        }
      }
    }
  });
});
