// Generated mock replies for any motion, options and panel, run through the real engine, prompts,
// parser and result rules (test/support/mock-debate.ts): blind openings, named answers, seeded vote
// changes, every reply form, and a judge that writes up what its prompt shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { debaterPrompts } from '../src/protocols/debater.js';
import { parseVoteReply } from '../src/agents/reply.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { closedJudgement, closedResult, computeResult, formatResult } from '../src/core/result.js';
import { judgePrompts } from '../src/judge/judge.js';
import { generateTurn, openingPosition, sentencesOf } from '../src/mock/generator.js';
import { readDebaterPrompt, readJudgePrompt } from '../src/mock/prompt-reader.js';
import { TranscriptSchema, type Transcript, type Turn } from '../src/core/schema.js';
import { mockDebate } from './support/mock-debate.js';

const SEED = TranscriptSchema.parse(JSON.parse(readFileSync(new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url), 'utf8')));
const FOUR = ['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast', 'Mistral Large'];
const FIVE = [...FOUR, 'Kimi K2.5'];
const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const nameOf = (t: Transcript, id: string) => t.panel.find((p) => p.id === id)!.name;
/** The quoted passages of a text, without a closing "…" of a clipped quote. */
const quotes = (text: string) => [...text.matchAll(/"([^"]{12,}?)"/g)].map((m) => m[1]!.replace(/…$/, ''));

function formOf(reply: string): string {
  if (reply.startsWith('```json')) return 'fenced JSON';
  if (reply.startsWith('Having weighed')) return 'JSON in prose';
  if (/^Vote: [A-Z]\n/.test(reply)) return 'Vote: letter';
  if (/^(\*\*)?Vote:/.test(reply)) return 'Vote: line';
  const vote = (JSON.parse(reply) as { vote: string }).vote;
  return vote.length === 1 ? 'JSON vote by letter' : 'bare JSON';
}

describe('what the stand-in reads from the real prompts', () => {
  const book = new PromptBook();
  const options = ['No', 'Not yet', 'Yes, with limits'];
  const panel = [
    { id: 'a', name: 'Ada, the first', model: null },
    { id: 'b', name: 'Bo', model: null },
  ];
  const round1 = {
    number: 1,
    turns: [
      { debater: 'a', vote: 'Not yet', argument: 'Wait.\nThen decide.', previousVote: null, changed: false, latencyMs: 1, usage: null, error: null },
      { debater: 'b', vote: null, argument: '', previousVote: null, changed: false, latencyMs: 1, usage: null, error: 'timed out' },
    ],
  };

  it('a later round: motion, options, round, own previous vote, every quoted turn by name', () => {
    const { prompt } = debaterPrompts(book, {
      motion: 'Should we ship?\nSoon?', options, round: 2, rounds: 3, member: panel[0]!, panel, previous: round1, previousVote: 'Not yet',
      briefing: [{ label: 'background reading (notes.txt)', text: 'Some notes.' }],
    });
    expect(readDebaterPrompt(prompt)).toEqual({
      motion: 'Should we ship?\nSoon?',
      options,
      round: 2,
      rounds: 3,
      previousVote: 'Not yet',
      previous: [
        { name: 'Ada, the first', vote: 'Not yet', argument: 'Wait.\nThen decide.', changedFrom: null, self: true },
        { name: 'Bo', vote: null, argument: '', changedFrom: null, self: false },
      ],
    });
  });

  it('the judge prompt: the result line and every turn, vote changes included', () => {
    const t: Transcript = {
      ...structuredClone(SEED),
      options,
      panel,
      rounds: [
        round1,
        { number: 2, turns: [{ ...round1.turns[0]!, vote: 'No', previousVote: 'Not yet', changed: true, argument: 'Now no.' }] },
      ],
      result: null,
      judgement: null,
    };
    t.result = computeResult(options, t.rounds[1], 2);
    const read = readJudgePrompt(judgePrompts(book, 'Judge', t).prompt)!;
    expect(read.result).toBe(formatResult(t.result));
    expect(read.rounds).toEqual([
      { number: 1, turns: [
        { name: 'Ada, the first', vote: 'Not yet', argument: 'Wait.\nThen decide.', changedFrom: null, self: false },
        { name: 'Bo', vote: null, argument: '', changedFrom: null, self: false },
      ] },
      { number: 2, turns: [{ name: 'Ada, the first', vote: 'No', argument: 'Now no.', changedFrom: 'Not yet', self: false }] },
    ]);
  });
});

describe('generated debaters', () => {
  it('answer in every form the contract accepts, each read by the real parser at the first try', async () => {
    const forms = new Set<string>();
    for (const seed of seeds(12)) {
      const { transcript, exchanges } = await mockDebate({ seed });
      for (const turn of transcript.rounds.flatMap((r) => r.turns)) {
        expect(turn.vote).not.toBeNull();
        expect(turn.retries ?? []).toEqual([]);
      }
      for (const { call, reply } of exchanges) if (call.role === 'debater') forms.add(formOf(reply));
    }
    expect([...forms].sort()).toEqual(['JSON in prose', 'JSON vote by letter', 'Vote: letter', 'Vote: line', 'bare JSON', 'fenced JSON']);
  });

  it('argue blind in round 1: the motion and their own option, never another panelist or an earlier vote', async () => {
    const options = new Set<string>();
    for (const seed of seeds(40)) {
      const { transcript } = await mockDebate({ seed, rounds: 1 });
      const votes = transcript.rounds[0]!.turns.map((t) => t.vote);
      expect(new Set(votes).size, `seed ${seed}: everyone voted the same`).toBeGreaterThan(1);
      for (const turn of transcript.rounds[0]!.turns) {
        options.add(turn.vote!);
        expect(turn.argument).toContain('"Should cities ban cars?"');
        expect(turn.argument).toContain(turn.vote);
        for (const name of FOUR) expect(turn.argument).not.toContain(name);
        expect(turn.argument).not.toMatch(/maintain|keep my|change my|persuad|argued|earlier|previous|round \d|panel/i);
        expect(turn.argument.split(/(?<=[.!?]"?)\s/).length).toBeGreaterThanOrEqual(3);
      }
    }
    expect([...options].sort()).toEqual(['No', 'Partly', 'Yes']);
  });

  it('answer a named panelist in later rounds, quoting that panelist\'s previous-round argument', async () => {
    for (const seed of seeds(15)) {
      const { transcript: t } = await mockDebate({ seed, names: FIVE, options: ['Python', 'TypeScript', 'Go', 'Rust'], motion: 'Best first language?' });
      for (const round of t.rounds.slice(1)) {
        const before = t.rounds[round.number - 2]!;
        for (const turn of round.turns) {
          const me = nameOf(t, turn.debater);
          const answered = before.turns.filter((b) => b.debater !== turn.debater && turn.argument.includes(nameOf(t, b.debater)));
          expect(answered.length, `${me}, round ${round.number}`).toBeGreaterThan(0);
          expect(quotes(turn.argument).some((q) => answered.some((b) => b.argument.includes(q)))).toBe(true);
          expect(turn.argument).toContain('"Best first language?"');
        }
      }
    }
  });

  it('quote whole sentences of another panelist\'s argument, also when panelists are named by model id', async () => {
    const ids = ['gpt-5.4', 'claude-opus-4-6', 'grok-4-1-fast-reasoning', 'mistral-large-latest'];
    for (const seed of seeds(15)) {
      const { transcript: t } = await mockDebate({ seed, names: ids, rounds: 3 });
      for (const round of t.rounds.slice(1)) {
        const before = t.rounds[round.number - 2]!.turns.filter((b) => b.vote);
        for (const turn of round.turns) {
          const quoted = [...turn.argument.matchAll(/(?:that|me:|well \() "([^"]+)"/g)].map((m) => m[1]!.replace(/…$/, ''));
          expect(quoted.length, turn.argument).toBeGreaterThan(0);
          // Each quote starts where a sentence of the quoted argument starts (not after `?" ` inside one).
          const startsSentence = (text: string, q: string) => {
            for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + 1)) {
              if (at === 0 || /(?:[.!]["”)]?|\?)\s$/.test(text.slice(0, at))) return true;
            }
            return false;
          };
          for (const q of quoted) expect(before.some((b) => startsSentence(b.argument, q)), `seed ${seed}: ${q}`).toBe(true);
        }
      }
    }
  });

  it('change votes at a seeded rate: changed-mind badges, flips, and every result label across seeds', async () => {
    const labels = new Set<string>();
    let flips = 0;
    let runsWithChanges = 0;
    let runsWithout = 0;
    for (const [names, options] of [[FOUR, ['Yes', 'No']], [FOUR, ['Yes', 'No', 'Partly']], [FIVE, ['Yes', 'No']], [FIVE, ['Yes', 'No', 'Partly']]] as const) {
      for (const seed of seeds(20)) {
        const { transcript: t } = await mockDebate({ seed, names: [...names], options: [...options], judge: false });
        labels.add(t.result!.label);
        const changed = t.rounds.flatMap((r) => r.turns).filter((x: Turn) => x.changed);
        for (const x of changed) expect(x.vote).not.toBe(x.previousVote);
        if (changed.length) runsWithChanges++;
        else runsWithout++;
        const opening = computeResult(t.options, t.rounds[0], names.length);
        const final = closedResult(t.result);
        if (opening?.winner && final?.winner && opening.winner !== final.winner) flips++;
      }
    }
    expect([...labels].sort()).toEqual(['Majority', 'Plurality', 'Supermajority', 'Tie', 'Unanimous']);
    expect(flips).toBeGreaterThan(0);
    expect(runsWithChanges).toBeGreaterThan(0);
    expect(runsWithout).toBeGreaterThan(0);
  });

  it('are the same for the same seed and differ for another', async () => {
    const a = await mockDebate({ seed: 7 });
    const b = await mockDebate({ seed: 7 });
    const c = await mockDebate({ seed: 8 });
    const args = (d: typeof a) => d.transcript.rounds.map((r) => r.turns.map((t) => [t.vote, t.argument]));
    expect(args(b)).toEqual(args(a));
    expect(b.transcript.judgement).toEqual(a.transcript.judgement);
    expect(args(c)).not.toEqual(args(a));
  });

  it('keep a pinned stance, and never vote outside the options', () => {
    const book = new PromptBook();
    const panel = FOUR.map((name, i) => ({ id: `d${i}`, name, model: null }));
    const { prompt } = debaterPrompts(book, { motion: 'M?', options: ['A1', 'B2'], round: 1, rounds: 2, member: panel[0]!, panel, previous: undefined, previousVote: null, briefing: [] });
    for (const seed of seeds(20)) {
      const read = readDebaterPrompt(prompt)!;
      expect(generateTurn({ seed, panel: FOUR }, 'GPT-5.4', read, { stance: 'B2' }).vote).toBe('B2');
      const free = generateTurn({ seed, panel: FOUR }, 'GPT-5.4', read);
      expect(free.vote).toBe(openingPosition({ seed, panel: FOUR }, 'GPT-5.4', ['A1', 'B2']));
      expect(parseVoteReply(free.text, null, ['A1', 'B2'])).toMatchObject({ ok: true, vote: free.vote });
    }
  });
});

describe('the generated judge', () => {
  it('writes up the actual result, the strongest argument per option voted for (a real quote), and the actual vote changes', async () => {
    let sawNone = false;
    let sawChanges = false;
    for (const seed of seeds(20)) {
      const { transcript: t } = await mockDebate({ seed, rounds: seed % 4 === 0 ? 1 : 3 });
      const j = closedJudgement(t.judgement)!;
      expect(j.summary).toContain('"Should cities ban cars?"');
      expect(j.summary).toContain(formatResult(t.result));
      const turns = t.rounds.flatMap((r) => r.turns);
      const voted = t.options.filter((o) => turns.some((x) => x.vote === o));
      expect(Object.keys(j.strongestArguments).sort()).toEqual([...voted].sort());
      for (const [option, text] of Object.entries(j.strongestArguments)) {
        const quoted = quotes(text);
        expect(quoted.length).toBeGreaterThan(0);
        expect(turns.some((x) => x.vote === option && quoted.every((q) => x.argument.includes(q))), `${option}: ${text}`).toBe(true);
      }
      const changes = t.rounds.flatMap((r) => r.turns.filter((x) => x.changed).map((x) => ({ round: r.number, x })));
      if (changes.length) {
        sawChanges = true;
        expect(j.turningPoints).toHaveLength(changes.length);
        changes.forEach(({ round, x }, i) => {
          const point = j.turningPoints[i]!;
          expect(point).toContain(`Round ${round}: ${nameOf(t, x.debater)} changed from ${x.previousVote} to ${x.vote}`);
          // The quote is the words of whoever it is said to be from.
          const persuader = /, after (.+?)'s argument for (.+?): "(.+)"$/.exec(point);
          const own = /; in (.+?)'s words: "(.+)"$/.exec(point);
          expect(persuader ?? own, point).not.toBeNull();
          if (persuader) {
            const theirs = t.rounds[round - 2]!.turns.find((b) => nameOf(t, b.debater) === persuader[1])!;
            expect(theirs.vote).toBe(persuader[2]);
            expect(theirs.argument, point).toContain(persuader[3]!.replace(/…$/, ''));
            expect(persuader[3], point).not.toBe(t.motion);
          } else {
            expect(own![1]).toBe(nameOf(t, x.debater));
            expect(x.argument, point).toContain(own![2]!.replace(/…$/, ''));
          }
        });
      } else {
        sawNone = true;
        expect(j.turningPoints).toEqual([expect.stringMatching(/^There were no vote changes/)]);
      }
    }
    expect(sawNone && sawChanges).toBe(true);
  });

  it('quotes a sentence of the argument\'s own for each option, not a quote of a quote, with panelists named by model id', async () => {
    const ids = ['gpt-5.4', 'claude-opus-4-6', 'grok-4-1-fast-reasoning', 'mistral-large-latest'];
    for (const seed of seeds(20)) {
      const { transcript: t } = await mockDebate({ seed, names: ids, rounds: 3 });
      for (const [option, text] of Object.entries(closedJudgement(t.judgement)!.strongestArguments)) {
        const m = /^(\S+) \(round (\d)\): "([^"]+)"$/.exec(text);
        expect(m, `seed ${seed}, ${option}: ${text}`).not.toBeNull();
        const turn = t.rounds[Number(m![2]) - 1]!.turns.find((x) => nameOf(t, x.debater) === m![1])!;
        expect(turn.vote).toBe(option);
        expect(turn.argument).toContain(m![3]!.replace(/…$/, ''));
      }
    }
  });
});

describe('sentencesOf', () => {
  it.each([
    ['a sentence starting with a model id', 'I keep my vote for No on "Q?". gpt-5.4 argued for Yes.', ['I keep my vote for No on "Q?".', 'gpt-5.4 argued for Yes.']],
    ['a quoted question inside a sentence', 'My answer to "Is it?" is No. Where it held, no. fine "Q?". gpt-5.4 agrees.', ['My answer to "Is it?" is No.', 'Where it held, no.', 'fine "Q?".', 'gpt-5.4 agrees.']],
    ['an abbreviation', 'Cities differ, e.g. in size. Dr. Who agrees.', ['Cities differ, e.g. in size.', 'Dr. Who agrees.']],
    ['a decimal and a quote that ends inside a sentence', 'It costs 3.5 times more. X said "no.", but well. Done!', ['It costs 3.5 times more.', 'X said "no.", but well.', 'Done!']],
  ])('%s', (_what, text, sentences) => expect(sentencesOf(text)).toEqual(sentences));
});

describe('scripted from a file (--mock-from)', () => {
  const seedNames = SEED.panel.map((p) => p.name);
  const seedTurn = (name: string) => SEED.rounds[0]!.turns.find((x) => nameOf(SEED, x.debater) === name)!;

  it('replays the file\'s last round as the last round; earlier rounds are generated, round 1 blind, on the file\'s positions', async () => {
    const { transcript: t } = await mockDebate({ seed: 3, script: SEED, motion: SEED.motion, names: seedNames, options: ['Yes', 'No'], rounds: 3 });
    for (const turn of t.rounds[0]!.turns) {
      expect(turn.argument).not.toMatch(/maintain|Kimi|argued|persuad/i);
      expect(turn.vote).toBe(seedTurn(nameOf(t, turn.debater)).vote);
    }
    for (const turn of t.rounds[1]!.turns) expect(turn.vote).toBe(seedTurn(nameOf(t, turn.debater)).vote);
    for (const turn of t.rounds[2]!.turns) expect(turn.argument).toBe(seedTurn(nameOf(t, turn.debater)).argument);
    expect(t.judgement).toEqual(SEED.judgement);
  });

  it('generates a debater the file lacks, and writes its own judgement when the run ended otherwise', async () => {
    const { transcript: t } = await mockDebate({ seed: 2, script: SEED, motion: SEED.motion, names: ['Kimi K2.5', 'Newcomer', 'Another'], options: ['Yes', 'No'], rounds: 2 });
    const kimi = t.rounds[1]!.turns.find((x) => nameOf(t, x.debater) === 'Kimi K2.5')!;
    expect(kimi.argument).toBe(seedTurn('Kimi K2.5').argument);
    const newcomer = t.rounds[1]!.turns.find((x) => nameOf(t, x.debater) === 'Newcomer')!;
    expect(newcomer.argument).toContain('"Is there a moat to training an LLM model?"');
    expect(t.judgement).not.toEqual(SEED.judgement);
    expect(t.judgement!.summary).toContain(formatResult(t.result));
  });
});

describe('options named after Object.prototype\'s members', () => {
  it('the generated judgement names the strongest argument of every option that got a vote, __proto__ too', async () => {
    const options = ['__proto__', 'constructor', 'toString'];
    const { transcript: t } = await mockDebate({ seed: 1, motion: 'Proto?', options, names: ['A', 'B', 'C', 'D', 'E', 'F'], rounds: 2 });
    const voted = options.filter((o) => t.rounds.some((r) => r.turns.some((x) => x.vote === o)));
    expect(voted).toContain('__proto__');
    expect(Object.keys(closedJudgement(t.judgement)!.strongestArguments).sort()).toEqual([...voted].sort());
    for (const option of voted) expect(Object.getOwnPropertyDescriptor(closedJudgement(t.judgement)!.strongestArguments, option)?.value).toMatch(/\(round \d\): "/);
  });
});
