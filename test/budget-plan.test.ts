// budgetPlan: what a budget needs to know before a run. The prompt sizes (every seat's opening
// prompt and the judge's, built in full to be counted) are worked out when first read — by the
// budget check before round 1, or --dry-run — so a run without a budget never builds them. Once
// read, they are what building each prompt gives.
import { describe, expect, it } from 'vitest';
import { approxTokens } from '../src/cost/budget.js';
import type { DebateConfig } from '../src/engine/debate.js';
import { judgePrompts } from '../src/judge/judge.js';
import { budgetPlan } from '../src/plan/cost-plan.js';
import type { Transcript } from '../src/core/schema.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { debaterPrompts } from '../src/protocols/debater.js';

/** A PromptBook that counts the templates it is asked for. */
class CountingBook extends PromptBook {
  asked = 0;
  override template(name: Parameters<PromptBook['template']>[0]): string {
    this.asked++;
    return super.template(name);
  }
}

const seats = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i + 1}`, name: `Seat ${i + 1}`, model: i % 2 ? 'openai:gpt-5.4' : 'anthropic:claude-opus-4-6' }));

const configs: Array<[string, DebateConfig]> = [
  ['2 seats, a judge', { motion: 'Tea before milk?', options: ['Yes', 'No'], mode: 'debate', rounds: 3, panel: seats(2), judge: { name: 'J', model: 'openai:gpt-5.4' }, source: 'live', maxTokens: 200, judgeMaxTokens: 500, briefing: [] }],
  ['7 seats, no judge', { motion: 'Is a hot dog a sandwich?', options: ['Yes', 'No', 'Only on Sundays'], mode: 'debate', rounds: 2, panel: seats(7), judge: null, source: 'live', maxTokens: 900, judgeMaxTokens: 500, briefing: [] }],
  ['40 seats, a judge', { motion: 'Tabs or spaces?', options: ['Tabs', 'Spaces'], mode: 'debate', rounds: 4, panel: seats(40), judge: { name: 'Judge', model: 'anthropic:claude-opus-4-6' }, source: 'live', maxTokens: 300, judgeMaxTokens: 800, briefing: [] }],
];

describe('budgetPlan', () => {
  for (const [label, config] of configs) {
    it(`${label}: builds no prompt until its sizes are read, then gives each prompt's size`, () => {
      const book = new CountingBook();
      const plan = budgetPlan(config, book);
      expect(book.asked).toBe(0);
      expect(plan.seats.map((s) => s.id)).toEqual(config.panel.map((p) => p.id));

      const opening = plan.openingInputTokens;
      expect(book.asked).toBeGreaterThan(0);
      const fresh = new PromptBook();
      const panel = config.panel.map((p) => ({ id: p.id, name: p.name, model: p.model }));
      for (const member of panel) {
        const { system, prompt } = debaterPrompts(fresh, { motion: config.motion, options: config.options, round: 1, rounds: config.rounds, member, panel, previous: undefined, previousVote: null, briefing: config.briefing });
        expect(opening[member.id]).toBe(approxTokens(system + prompt));
      }
      // Read once: the same record again, nothing built twice.
      const asked = book.asked;
      expect(plan.openingInputTokens).toBe(opening);
      expect(book.asked).toBe(asked);

      if (config.judge) {
        const { system, prompt } = judgePrompts(fresh, config.judge.name, { motion: config.motion, options: config.options, panel, rounds: [], result: null } as unknown as Transcript);
        expect(plan.judgeBaseInputTokens).toBe(approxTokens(system + prompt));
      } else {
        expect(plan.judgeBaseInputTokens).toBe(0);
      }
    });
  }
});
