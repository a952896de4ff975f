// roundtable report on open questions: where the panel landed (synthesis, agreement, counterpoint,
// positions with their seats), how the positions formed (a flow picture and each seat's answer per
// round, changed minds marked) in place of the vote flow, and a batch with open runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../src/core/schema.js';
import { answerFlowLayout } from '../src/report/answer-flow.js';
import { buildReport } from '../src/report/report.js';
import { debateModel } from '../src/report/debate-model.js';
import { debateSection } from '../src/report/debate-section.js';
import { openModel } from '../src/report/open-model.js';
import { asReport } from '../src/report/types.js';
import { DYNAMO, OpenScript, openDebate, openTranscript, POSTGRES, SQLITE } from './ui/open-script.js';
import { panelOf, SEED_PANEL } from './ui/script.js';

const SEED = join(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');
const FOUR = SEED_PANEL.slice(0, 4);
const [GROK, GPT, GEMINI, MISTRAL] = FOUR.map((p) => p.id) as [string, string, string, string];

const section = (t: Transcript) => debateSection(asReport(t), 'debate-1', 'h1');
/** The values of one attribute on every element carrying it, in order. */
const attrs = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]!);

describe('an open question’s report section', () => {
  it('leads with where the panel landed: the synthesis, how many agreed, the counterpoint, each position with its seats', async () => {
    const { transcript, synthesis } = openDebate(FOUR);
    const html = await section(transcript);
    expect(html).toContain('<section class="debate open"');
    expect(html).toContain(`<p class="result">3 of 4 models agreed — ${synthesis.answer}</p>`);
    expect(html).toContain(`<b>Answer:</b> ${synthesis.answer} <span class="note">(3 of 4 models agreed)</span>`);
    expect(html).toContain(`<b>Counterpoint:</b> ${synthesis.counterpoint}`);
    expect(html).toContain('<span class="badge">Open Debate</span>');
    expect(attrs(html, 'data-members')).toEqual([`${GROK} ${GEMINI} ${MISTRAL}`, GPT]);
    expect(html).toMatch(/3 seats<\/span> <b>Use one PostgreSQL database for everything until it hurts<\/b><br><span class="note">Grok 4.1 Fast, Gemini 3.1 Pro, Mistral Large<\/span>/);
    expect(html).toContain(synthesis.summary);
    expect(html).toContain(synthesis.turningPoints[0]);
    // No votes, so none of the vote pictures.
    expect(html).not.toMatch(/Vote flow|Tally per round|Strongest arguments|data-picture="vote-flow"|no vote/);
  });

  it('shows each seat’s answer per round, marking the changed minds, and the answer flow says the same', async () => {
    const { transcript } = openDebate(FOUR);
    const html = await section(transcript);
    const cells = [...html.matchAll(/<td data-seat="([^"]+)" data-round="(\d)" data-answer="([^"]+)"( data-changed="true")?/g)].map((m) => `${m[2]}|${m[1]}|${m[3]}${m[4] ? '|changed' : ''}`);
    expect(cells.sort()).toEqual(
      [
        `1|${GROK}|${POSTGRES}`,
        `1|${GPT}|${SQLITE}`,
        `1|${GEMINI}|${DYNAMO}`,
        `1|${MISTRAL}|${POSTGRES}`,
        `2|${GROK}|${POSTGRES}`,
        `2|${GPT}|${SQLITE}`,
        `2|${GEMINI}|${POSTGRES}|changed`,
        `2|${MISTRAL}|${POSTGRES}`,
      ].sort(),
    );
    expect(html).toContain('data-picture="answer-flow"');
    expect(html).toContain(`aria-label="Round 2: Gemini 3.1 Pro answered “${POSTGRES}” (changed mind)"`);
    expect(html).toContain('aria-label="Gemini 3.1 Pro, round 1 to 2: changed mind"');
    expect(html).toContain('aria-label="GPT-5.4, round 1 to 2: kept its position"');
    // Every turn is collapsible, its answer in its summary line.
    expect(html.match(/<details>/g)).toHaveLength(8);
    expect(html).toContain(`<span class="mark">↻ changed mind</span><span class="answer">${POSTGRES}</span>`);
  });

  it('lays the flow out: a mark per seat per round, the last round in the judge’s positions, earlier rounds by wording, each seat in its final colour', () => {
    const { transcript } = openDebate(FOUR);
    const t = asReport(transcript);
    const m = openModel(t, debateModel(t).seats);
    const layout = answerFlowLayout(m);
    expect(layout.slots).toHaveLength(8);
    expect(layout.bands).toHaveLength(4);
    expect(layout.blocks.filter((b) => b.round === 2).map((b) => b.text)).toEqual([`${POSTGRES} · 3`, `${SQLITE} · 1`]);
    expect(layout.blocks.filter((b) => b.round === 1).map((b) => b.text).sort()).toEqual([`${DYNAMO} · 1`, `${POSTGRES} · 2`, `${SQLITE} · 1`].sort());
    const colour = (round: number, seat: string) => layout.slots.find((s) => s.round === round && s.seat === seat)!.color;
    expect(colour(1, GEMINI)).toBe(colour(2, GROK)); // Gemini ends in PostgreSQL's position
    expect(colour(1, GEMINI)).not.toBe(colour(1, GPT));
    expect(layout.bands.filter((b) => b.changed)).toHaveLength(1);
  });

  it('without a judge: no synthesis, says so, and groups only answers given in the same words', async () => {
    const s = new OpenScript(openTranscript({ panel: FOUR, judge: false, rounds: 1, mode: 'poll' }));
    [...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: `${POSTGRES.toUpperCase()}.`, [MISTRAL]: null })];
    s.finished();
    const html = await section(s.t);
    expect(html).toContain('<span class="badge">Open Poll</span>');
    expect(html).toContain('No synthesis: the run had no judge.');
    expect(html).not.toContain('Counterpoint');
    expect(attrs(html, 'data-members')).toEqual([`${GROK} ${GEMINI}`, GPT]);
    expect(html).toContain('In no position (no answer in the last round): Mistral Large.');
    expect(html).toContain('<p class="result">No synthesis (no judge) — 2 of 4 models gave the same answer</p>');
  });

  it('escapes every answer, synthesis and counterpoint: no tag, escape sequence or bidi control reaches the page', async () => {
    const hostile = '</td><script>alert(1)</script> \u001b[2J \u202eevil "quoted"';
    const s = new OpenScript(openTranscript({ panel: FOUR }));
    [...s.round(1, { [GROK]: hostile, [GPT]: SQLITE, [GEMINI]: hostile, [MISTRAL]: SQLITE })];
    s.judging();
    s.judged({ answer: hostile, groups: [{ answer: hostile, members: [GROK, GEMINI] }, { answer: SQLITE, members: [GPT, MISTRAL] }], counterpoint: hostile, summary: hostile, turningPoints: [hostile] });
    s.finished();
    const html = await buildReport([{ transcript: asReport(s.t), file: 'open.json' }]);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u202e');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a council on an open question: its ballots are a ranking, not missing answers', async () => {
    const s = new OpenScript(openTranscript({ panel: FOUR, rounds: 2 }));
    [...s.round(1, { [GROK]: POSTGRES, [GPT]: SQLITE, [GEMINI]: DYNAMO, [MISTRAL]: POSTGRES })];
    s.roundStarted(2);
    const t = structuredClone(s.t);
    t.protocol = 'council';
    t.rounds[1]!.turns = FOUR.map((p) => ({ debater: p.id, vote: null, answer: t.rounds[0]!.turns.find((x) => x.debater === p.id)!.answer, argument: 'Response A is best.', previousVote: null, changed: false, latencyMs: 900, usage: null, error: null, ranking: FOUR.filter((q) => q.id !== p.id).map((q) => q.id) }));
    const html = await section(t);
    expect(html).toContain('Council ranking');
    expect(html).toContain('<span class="badge">Open Council</span>');
    expect(html.match(/ranked the others/g)!.length).toBeGreaterThanOrEqual(4);
    // The flow draws the round of answers only.
    const m = openModel(asReport(t), debateModel(asReport(t)).seats);
    expect(answerFlowLayout(m).columns.map((c) => c.round)).toEqual([1]);
  });
});

describe('a batch with open questions', () => {
  it('builds: the batch figures of the runs, and every open run’s own section with its synthesis', async () => {
    const seed = JSON.parse(readFileSync(SEED, 'utf8')) as Transcript;
    const a = openDebate(FOUR).transcript;
    const s = new OpenScript(openTranscript({ panel: panelOf(3), motion: 'Name one good first programming language.' }));
    [...s.round(1, { [GROK]: 'Python', [GPT]: 'Python', [GEMINI]: 'Python' })];
    s.judging();
    s.judged({ answer: 'Python', groups: [{ answer: 'Python', members: [GROK, GPT, GEMINI] }], counterpoint: null, summary: 'All said Python.', turningPoints: [] });
    s.finished();
    const inputs = [seed, a, s.t].map((t, i) => ({ transcript: asReport(t), file: `t${i}.json` }));
    const html = await buildReport(inputs);
    expect(html).toContain('<section class="batch">');
    expect(html.match(/<section class="debate open"/g)).toHaveLength(2);
    expect(html).toContain('3 of 4 models agreed — Keep everything in one PostgreSQL database');
    expect(html).toContain('All 3 models agreed — Python');
    // The closed run keeps its own section, vote flow and all.
    expect(html.match(/data-picture="vote-flow"/g)).toHaveLength(1);
    for (let i = 1; i <= 3; i++) expect(html).toContain(`href="#debate-${i}"`);
  });
});
