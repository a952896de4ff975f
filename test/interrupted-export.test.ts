// An interrupted run's export keeps every answer (issue 24, item 2): a debate stopped while a round
// was in flight shows each debater's latest answer, says which round an earlier one is from, counts
// those answers in its result, and imports back with every vote in its round.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedResult, computeResult } from '../src/core/result.js';
import { TranscriptSchema, type Transcript, type Turn } from '../src/core/schema.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { transcriptJson } from '../src/transcript/store.js';
import { exportText } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { generateTranscript } from './fixtures/text/generate.js';
import { runCli, tempDir } from './support/cli.js';

/**
 * A finished debate cut as an interrupt leaves it: `finished` whole rounds, then the next round
 * holding only the turns of `answered` debaters (the engine opens the round before any answer lands).
 */
function interrupted(t: Transcript, finished: number, answered: number): Transcript {
  const rounds = t.rounds.slice(0, finished).map((r) => ({ ...r, turns: [...r.turns] }));
  const next = t.rounds[finished]!;
  // The turns that landed, in an order that is not the panel's.
  rounds.push({ number: finished + 1, turns: [...next.turns].reverse().slice(0, answered) });
  return TranscriptSchema.parse({
    ...t,
    status: 'interrupted',
    finishedAt: null,
    rounds,
    result: computeResult(t.options, rounds[finished - 1], t.panel.length),
    judgement: null,
  });
}

/** Each debater's latest turn and its round, by name. */
function latest(t: Transcript): Map<string, { turn: Turn; round: number }> {
  const names = new Map(t.panel.map((p) => [p.id, p.name]));
  const out = new Map<string, { turn: Turn; round: number }>();
  for (const round of t.rounds) for (const turn of round.turns) out.set(names.get(turn.debater)!, { turn, round: round.number });
  return out;
}

const several = [1, 2, 3, 4, 5].map((seed) => generateTranscript('several rounds', seed));
const cases = several.flatMap((t, i) => [
  [`seed ${i + 1}: round 2 in flight, nobody answered it`, interrupted(t, 1, 0)] as const,
  [`seed ${i + 1}: round 2 in flight, one answered`, interrupted(t, 1, 1)] as const,
  [`seed ${i + 1}: round 3 in flight, all but one answered`, interrupted(t, 2, t.panel.length - 1)] as const,
]);

describe.each(cases)('the text export of a debate stopped mid-round (%s)', (_what, t) => {
  const text = exportText(t);
  const lines = text.split('\n');
  const shown = latest(t);
  const last = t.rounds.at(-1)!.number;

  it("shows every debater's latest answer, marking the round of an earlier one", () => {
    expect(text).not.toContain('(no answer');
    for (const p of t.panel) {
      const { turn, round } = shown.get(p.name)!;
      const at = lines.indexOf(p.name);
      expect(at, p.name).toBeGreaterThan(0);
      const vote = lines[at + 1]!;
      expect(vote.startsWith(`Vote: ${turn.vote ?? 'none'}`), vote).toBe(true);
      if (round < last) expect(vote).toMatch(new RegExp(`\\(round ${round}\\)$`));
      else expect(vote).not.toMatch(/\(round \d+\)/);
    }
  });

  it('counts those answers in its result, and says how many answered the round in flight', () => {
    const votes = [...shown.values()].map((s) => s.turn.vote).filter((v) => v !== null);
    expect(votes.length).toBeGreaterThan(0);
    const result = lines.find((l) => l.startsWith('Result: '))!;
    expect(result).not.toContain('No result');
    expect(result).toMatch(new RegExp(`/${votes.length} votes`));
    for (const option of t.options) expect(lines).toContain(`- ${option} (${votes.filter((v) => v === option).length} votes)`);
    const answered = t.rounds.at(-1)!.turns.length;
    expect(lines.find((l) => l.startsWith('Status: '))).toBe(`Status: interrupted — ${answered} of ${t.panel.length} debaters answered round ${last} before the debate stopped`);
  });

  it('imports back with every vote in its round, and exports to the same text again', () => {
    const back = importText(text, 'interrupted.txt');
    expect(back.status).toBe('interrupted');
    const again = latest(back);
    for (const p of t.panel) {
      const { turn, round } = shown.get(p.name)!;
      const b = again.get(p.name)!;
      expect(b.turn).toMatchObject({ vote: turn.vote, argument: turn.argument, previousVote: turn.previousVote, changed: turn.changed });
      expect(b.round).toBe(round);
    }
    expect(back.rounds.at(-1)!.number).toBe(last);
    expect(exportText(back)).toBe(text);
  });

  it('Markdown counts the same latest votes', () => {
    const md = exportMarkdown(t);
    const votes = [...shown.values()].map((s) => s.turn.vote);
    for (const option of t.options) expect(md).toContain(`| ${option} | ${votes.filter((v) => v === option).length} |`);
    expect(md).toMatch(/\*\*Result:\*\* .* \(interrupted: each debater's latest vote\)/);
  });
});

describe('roundtable export of a run stopped after round 1 while round 2 was in flight', () => {
  it('keeps round 1 through export and import (CLI)', async () => {
    const t = interrupted(generateTranscript('several rounds', 3), 1, 0);
    const dir = tempDir();
    const file = join(dir, 'stopped.json');
    writeFileSync(file, transcriptJson(t));
    const exported = await runCli(['export', file]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toMatch(/No result|\(no answer/);
    expect(exported.stdout.match(/^Vote: .* \(round 1\)$/gm)).toHaveLength(t.panel.length);
    writeFileSync(join(dir, 'stopped.txt'), exported.stdout);
    const imported = await runCli(['import', join(dir, 'stopped.txt')]);
    expect(imported.stderr).toBe('');
    const back = TranscriptSchema.parse(JSON.parse(imported.stdout));
    expect(back.rounds.map((r) => r.turns.length)).toEqual([t.panel.length, 0]);
    expect(back.rounds[0]!.turns.map((x) => x.vote).sort()).toEqual(t.rounds[0]!.turns.map((x) => x.vote).sort());
    expect(back.result).toMatchObject({ validVotes: closedResult(t.result)!.validVotes, winner: closedResult(t.result)!.winner });
  });

  it('still marks a debater no round reached', () => {
    const t = generateTranscript('several rounds', 2);
    const cut = TranscriptSchema.parse({ ...t, status: 'interrupted', rounds: [{ number: 1, turns: t.rounds[0]!.turns.slice(0, 2) }], result: null, judgement: null });
    const text = exportText(cut);
    expect(text.match(/^\(no answer: the debate stopped before this turn\)$/gm)).toHaveLength(t.panel.length - 2);
    expect(text).not.toMatch(/\(round \d+\)/);
    expect(exportText(importText(text, 'x.txt'))).toBe(text);
  });
});
