import { closedJudgement } from '../src/core/result.js';
// Generated mock text reads as an argument about the motion, for the side it votes, across many
// motions, options and seeds (property-style): it uses the motion's and the options' words; a seat
// is "persuaded" by a reason, never by another seat's opening; every quote (a panelist's, the
// judge's) is a whole sentence that makes sense alone, never cut at a nested quote mark, and stays
// whole in export, Markdown and the report.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { keySentence, quoteSafe, sentencesOf, standsAlone } from '../src/mock/generator.js';
import { exportText } from '../src/transcript/text-format.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { buildReport } from '../src/report/report.js';
import { mockDebate } from './support/mock-debate.js';

const SEED = TranscriptSchema.parse(JSON.parse(readFileSync(new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url), 'utf8')));

const MOTIONS: Array<[string, string[]]> = [
  ['Should cities ban cars?', ['Yes', 'No']],
  ['Which energy source should Europe prioritise?', ['Nuclear', 'Solar', 'Wind']],
  ['Is there a moat to training an LLM model?', ['Yes', 'No']],
  ['Best first language for a new programmer?', ['Python', 'TypeScript', 'Go', 'Rust']],
  ['Should "smart" contracts replace lawyers?', ['Yes', 'No', 'Partly']],
  ['What is 17 × 23?', ['381', '391', '401', '371']],
  ['Will remote work outlast the decade?', ['Yes', 'No']],
  ['Should schools teach Latin to every pupil?', ['Yes', 'No', 'Only as an elective']],
];
const SEEDS = [1, 2, 3, 5, 8, 13];
const STOP = new Set('what which who why how when where should would could will can does do did is are was were the a an to of for on in and or not no yes best first every new with be there that this'.split(' '));
const nameOf = (t: Transcript, id: string) => t.panel.find((p) => p.id === id)!.name;
/** Quoted passages of a text: "…" with no double quote inside. */
const quoted = (text: string) => [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
const FRAME = /\b(?:I vote|my vote|I keep|I change|I come down|my answer|persuaded me)\b/i;

async function* debates(): AsyncGenerator<{ motion: string; options: string[]; seed: number; t: Transcript }> {
  for (const [motion, options] of MOTIONS) {
    for (const seed of SEEDS) {
      const { transcript } = await mockDebate({ seed, motion, options, rounds: 3 });
      yield { motion, options, seed, t: transcript };
    }
  }
}

describe('generated arguments', () => {
  it('state the vote they argue, use the motion\'s and the options\' words, and quote only whole sentences', async () => {
    for await (const { motion, options, seed, t } of debates()) {
      const words = (motion.match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase()).filter((w) => !STOP.has(w));
      for (const round of t.rounds) {
        for (const turn of round.turns) {
          const where = `${motion} seed ${seed} round ${round.number} ${nameOf(t, turn.debater)}: ${turn.argument}`;
          const vote = turn.vote!;
          // The first sentence says which side this is.
          const first = sentencesOf(turn.argument)[0]!;
          const said = /I vote (.+?)\.$|My answer to .* is (.+?)\.$|I come down on (.+?) for the motion|I keep my vote for (.+?) on "|I change my vote from .+? to (.+?) on "/.exec(first);
          expect(said, where).not.toBeNull();
          expect(said!.slice(1).find((x) => x !== undefined), where).toBe(vote);
          // Outside the quoted motion and quoted panelists, it speaks of the motion's own subject.
          const own = turn.argument.replace(/"[^"]*"/g, ' ');
          if (words.length) expect(words.some((w) => own.toLowerCase().includes(w)), where).toBe(true);
          expect(own).toContain(vote);
          // Balanced quotes; every quote but the motion is a whole sentence that argues.
          expect((turn.argument.match(/"/g) ?? []).length % 2, where).toBe(0);
          for (const q of quoted(turn.argument).filter((x) => x !== quoteSafe(motion))) {
            expect(q, where).toMatch(/[.!?]$/);
            expect(q, where).not.toMatch(FRAME);
            expect(q.length, where).toBeGreaterThanOrEqual(30);
          }
        }
      }
    }
  });

  it('are persuaded by a reason of the persuader\'s, never by its opening or closing lines', async () => {
    let persuaded = 0;
    for await (const { motion, seed, t } of debates()) {
      for (const round of t.rounds.slice(1)) {
        const before = t.rounds[round.number - 2]!;
        for (const turn of round.turns) {
          const m = /(.+?)'s argument for (.+?) persuaded me: "([^"]+)"/.exec(turn.argument);
          if (!m) continue;
          persuaded++;
          const persuader = before.turns.find((b) => turn.argument.includes(`${nameOf(t, b.debater)}'s argument for`))!;
          expect(persuader.vote).toBe(m[2]);
          expect(sentencesOf(persuader.argument), `${motion} seed ${seed}`).toContain(m[3]);
          expect(standsAlone(m[3]!), m[3]).toBe(true);
          // It argues for the option the seat was persuaded to.
          expect(m[3]).toContain(m[2]);
        }
      }
    }
    expect(persuaded).toBeGreaterThan(5);
  });
});

describe('the generated judge', () => {
  it('quotes whole sentences that make sense alone, and they stay whole in export, Markdown and the report', async () => {
    let checked = 0;
    for await (const { motion, seed, t } of debates()) {
      const j = closedJudgement(t.judgement)!;
      const where = `${motion} seed ${seed}`;
      for (const [option, text] of Object.entries(j.strongestArguments)) {
        const m = /^(.+) \(round (\d+)\): "([^"]+)"$/.exec(text);
        expect(m, `${where}: ${text}`).not.toBeNull();
        const turn = t.rounds[Number(m![2]) - 1]!.turns.find((x) => nameOf(t, x.debater) === m![1])!;
        expect(turn.vote).toBe(option);
        expect(sentencesOf(turn.argument), `${where}: ${text}`).toContain(m![3]);
        expect(standsAlone(m![3]!), `${where}: ${text}`).toBe(true);
        expect(m![3]).toContain(option);
        expect(m![3]).not.toMatch(/…$/);
      }
      for (const point of j.turningPoints) {
        expect((point.match(/"/g) ?? []).length % 2, point).toBe(0);
        const q = /: "([^"]+)"$/.exec(point);
        if (q) {
          expect(q[1], point).toMatch(/[.!?]$/);
          expect(q[1], point).not.toMatch(FRAME);
          expect(q[1]).not.toMatch(/ on $|…$/);
        }
      }
      // What the judge wrote reaches every saved form whole.
      const text = exportText(t);
      const md = exportMarkdown(t);
      for (const [option, arg] of Object.entries(j.strongestArguments)) {
        expect(text).toContain(`- ${option}: ${arg}`);
        expect(md).toContain(arg.replace(/</g, '\\<'));
      }
      for (const point of j.turningPoints) {
        expect(text).toContain(`- ${point}`);
        expect(md).toContain(point.replace(/</g, '\\<'));
      }
      if (checked++ % 12 === 0) {
        const html = await buildReport([{ transcript: t, path: 't.json' }] as never);
        const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
        for (const arg of Object.values(j.strongestArguments)) {
          const inner = /"([^"]+)"$/.exec(arg)![1]!;
          expect(html.includes(inner) || html.includes(esc(inner)) || html.includes(inner.replace(/'/g, '&#39;')), inner).toBe(true);
        }
      }
    }
  });

  it('never cuts a quote at a quote mark inside it, in a run scripted from a file whose text nests quotes', async () => {
    // The seed's real arguments, with a quoted phrase nested in each: the judge and the debaters
    // that quote them must keep whole sentences, the inner quote made single.
    const nested = structuredClone(SEED);
    for (const turn of nested.rounds.at(-1)!.turns) turn.argument = `I keep my vote for ${turn.vote} on "${SEED.motion}". The phrase "data flywheel" matters here: it describes how ${turn.vote === 'Yes' ? 'incumbents compound their lead' : 'open weights erode any lead'} over time. ${turn.argument}`;
    for (const seed of SEEDS) {
      const { transcript: t } = await mockDebate({ seed, script: nested, motion: SEED.motion, options: SEED.options, names: SEED.panel.map((p) => p.name), rounds: 3 });
      // The judge's quotes, and the generated rounds' (the last round replays the file as it is).
      const texts = [...Object.values(closedJudgement(t.judgement)!.strongestArguments), ...t.judgement!.turningPoints, ...t.rounds.slice(0, -1).flatMap((r) => r.turns.map((x) => x.argument))];
      for (const text of texts) {
        for (const q of quoted(text).filter((x) => x !== SEED.motion)) {
          expect(q, text).not.toMatch(/ on $/);
          expect(q.trim(), text).toMatch(/[.!?’)]$/);
        }
      }
    }
  });
});

describe('keySentence', () => {
  it('picks a whole sentence that stands alone, never a frame, never cut', () => {
    const cases: Array<[string, string]> = [
      ['I keep my vote for Nuclear on "Which energy?". Nuclear gives Europe steady power through winter when wind and sun fall short. So my vote is Nuclear.', 'Nuclear gives Europe steady power through winter when wind and sun fall short.'],
      ['My answer is Yes. That is why it matters. Cities that removed cars from their centres saw shops and air both recover within a few years.', 'Cities that removed cars from their centres saw shops and air both recover within a few years.'],
      [`Short one here. ${'A very long sentence about cars and cities '.repeat(10).trim()}.`, `${'A very long sentence about cars and cities '.repeat(10).trim()}.`],
      ['He said "no" twice. The "data flywheel" is what keeps incumbents ahead of every new entrant.', 'The ‘data flywheel’ is what keeps incumbents ahead of every new entrant.'],
    ];
    for (const [text, expected] of cases) expect(keySentence(text, 140)).toBe(expected);
  });
});
