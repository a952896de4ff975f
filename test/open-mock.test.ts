// The mock stand-ins' generated answers for open questions, read from the prompts a seat and the
// judge are really given: seeded, distinct positions blind, moves toward larger positions said so,
// every reply form read by the real parser at the first try, and a synthesis whose counts are right.
import { describe, expect, it } from 'vitest';
import { parseAnswerReply } from '../src/agents/open-reply.js';
import { parseSynthesisReply } from '../src/agents/synthesis-reply.js';
import { answerKey } from '../src/core/result.js';
import type { PanelMember, Round, Transcript, Turn } from '../src/core/schema.js';
import { openJudgePrompts } from '../src/judge/open-judge.js';
import { generateOpenTurn, generateSynthesis, renderSynthesis } from '../src/mock/open-generator.js';
import { readOpenDebaterPrompt, readOpenJudgePrompt } from '../src/mock/prompt-reader.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { openDebaterPrompts } from '../src/protocols/open.js';

const book = new PromptBook();
const QUESTION = 'What is the best way to keep a shared kitchen clean?';
const panelOf = (n: number): PanelMember[] => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `Seat ${i}`, model: null }));

/** A whole open run, each seat answering the prompt it is really given, as the stand-ins do. */
function simulate(seed: number, size: number, rounds: number): Round[] {
  const panel = panelOf(size);
  const ctx = { seed, panel: panel.map((p) => p.name) };
  const out: Round[] = [];
  for (let number = 1; number <= rounds; number++) {
    const previous = out.at(-1);
    const turns: Turn[] = panel.map((member) => {
      const { prompt } = openDebaterPrompts(book, { motion: QUESTION, round: number, rounds, member, panel, previous, briefing: [] });
      const read = readOpenDebaterPrompt(prompt)!;
      expect(read.round).toBe(number);
      const reply = generateOpenTurn(ctx, member.name, read);
      // Every form the stand-in writes is read back by the real parser, the same, at the first try.
      const parsed = parseAnswerReply(reply.text, null);
      expect(parsed).toMatchObject({ ok: true, answer: reply.answer, argument: reply.argument });
      if (parsed.ok) expect(parsed.changed ?? false).toBe(reply.changed);
      return { debater: member.id, vote: null, answer: reply.answer, argument: reply.argument, previousVote: null, changed: reply.changed, latencyMs: null, usage: null, error: null };
    });
    out.push({ number, turns });
  }
  return out;
}

describe('generated open answers', () => {
  it('are the same for the same seed, and differ between seeds', () => {
    expect(simulate(5, 6, 3)).toEqual(simulate(5, 6, 3));
    const answers = new Set([1, 2, 3, 4, 5, 6].map((seed) => simulate(seed, 6, 1)[0]!.turns.map((t) => t.answer).join('|')));
    expect(answers.size).toBeGreaterThan(1);
  });

  it('take distinct positions in the blind round, on any panel size, and never quote another seat there', () => {
    for (const size of [2, 3, 5, 9, 40]) {
      for (const seed of [1, 7, 42]) {
        const [first] = simulate(seed, size, 1);
        expect(new Set(first!.turns.map((t) => answerKey(t.answer!))).size).toBeGreaterThanOrEqual(2);
        for (const t of first!.turns) {
          expect(t.changed).toBe(false);
          expect(t.argument).not.toMatch(/Seat \d/);
        }
      }
    }
  });

  it('move toward positions others hold, say so and name who moved them; a kept position is kept word for word', () => {
    let moves = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const rounds = simulate(seed, 7, 4);
      for (let k = 1; k < rounds.length; k++) {
        for (const t of rounds[k]!.turns) {
          const before = rounds[k - 1]!.turns.find((x) => x.debater === t.debater)!;
          if (!t.changed) {
            expect(t.answer).toBe(before.answer);
            continue;
          }
          moves++;
          // It moved to an answer a named seat gave the round before.
          const persuader = /(Seat \d+)'s answer persuaded me/.exec(t.argument)![1]!;
          const theirs = rounds[k - 1]!.turns.find((x) => x.debater === `s${persuader.slice(5)}`)!;
          expect(t.answer).toBe(theirs.answer);
          expect(t.answer).not.toBe(before.answer);
        }
      }
      // Positions do not multiply: the last round holds no more than the first.
      const distinct = (r: Round) => new Set(r.turns.map((t) => answerKey(t.answer!))).size;
      expect(distinct(rounds.at(-1)!)).toBeLessThanOrEqual(distinct(rounds[0]!));
    }
    expect(moves).toBeGreaterThan(0);
  });
});

describe('the generated synthesis', () => {
  it('groups the final answers it is shown, every seat once, and passes the real check', () => {
    for (const seed of [1, 2, 3, 9]) {
      const rounds = simulate(seed, 6, 3);
      const panel = panelOf(6);
      const t = { motion: QUESTION, panel, rounds, options: [], result: null } as unknown as Transcript;
      const view = { label: (id: string) => panel.find((p) => p.id === id)!.name, scrub: (s: string) => s, budget: Infinity, anonymous: false };
      const { prompt } = openJudgePrompts(book, 'Judge', t, view);
      const read = readOpenJudgePrompt(prompt)!;
      expect(read.rounds.map((r) => r.number)).toEqual([1, 2, 3]);
      const s = generateSynthesis(read);
      const last = rounds.at(-1)!.turns;
      const sizes = s.groups.map((g) => g.members.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(6);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      for (const g of s.groups) for (const name of g.members) expect(answerKey(last.find((x) => view.label(x.debater) === name)!.answer!)).toBe(answerKey(g.answer));
      expect(s.answer).toBe(s.groups[0]!.answer);
      expect(s.counterpoint).toBe(s.groups[1]?.answer ?? null);
      const moved = rounds.flatMap((r) => r.turns.filter((x) => x.changed)).length;
      expect(s.turningPoints.filter((p) => /changed mind/.test(p))).toHaveLength(moved);
      // The other positions are quoted as given (an answer is often an imperative: "Run a trial…"), never run into the sentence.
      for (const g of s.groups.slice(1)) expect(s.summary).toContain(`answered "${g.answer.replace(/\.$/, '')}"`);
      expect(s.summary).not.toMatch(/ that [A-Z]/);
      const seats = panel.map((p) => ({ id: p.id, label: p.name }));
      expect(parseSynthesisReply(renderSynthesis(seed, s), null, seats, seats).ok).toBe(true);
    }
  });
});
