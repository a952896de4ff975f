// Every export of every status imports back: a table over generated transcripts of each kind
// (complete, interrupted mid-round / before any answer / between rounds, failed, polls, several
// rounds, abstentions, three or more options). The export says the status, its counts agree with
// the votes it shows, and importing it gives the same votes and arguments (and the same text again).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transcriptJson } from '../src/transcript/store.js';
import type { Transcript } from '../src/core/schema.js';
import { exportMarkdown } from '../src/transcript/markdown.js';
import { exportText } from '../src/transcript/text-format.js';
import { importText } from '../src/transcript/text-import.js';
import { KINDS, generateTranscript } from './fixtures/text/generate.js';
import { runCli, tempDir } from './support/cli.js';

const SEEDS = [1, 2, 3, 4, 5, 6];

/**
 * Each debater's latest answer, by name: the last round's, or the latest round's it answered (the
 * text shows that, marked with its round, for a debater an interrupted round had not reached); a
 * debater no round reached is absent.
 */
function answers(t: Transcript): Record<string, Pick<Transcript['rounds'][number]['turns'][number], 'vote' | 'argument' | 'error' | 'previousVote' | 'changed'>> {
  const names = new Map(t.panel.map((p) => [p.id, p.name]));
  return Object.fromEntries(
    t.rounds.flatMap((round) => round.turns).map((turn) => [
      names.get(turn.debater),
      { vote: turn.vote, argument: turn.argument, error: turn.error, previousVote: turn.previousVote, changed: turn.changed },
    ]),
  );
}

const cases = KINDS.flatMap((kind) => SEEDS.map((seed) => [kind, seed] as const));

describe.each(cases)('a generated transcript: %s (seed %i)', (kind, seed) => {
  const t = generateTranscript(kind, seed);
  const text = exportText(t);
  const lines = text.split('\n');

  it('says its status', () => {
    if (t.status === 'complete') expect(text).not.toMatch(/^Status:/m);
    // A mock run's text opens with the mock marker, one line above the header.
    else expect(lines[t.source === 'mock' ? 4 : 3]).toMatch(new RegExp(`^Status: ${t.status}\\b`));
  });

  it('counts exactly the votes it shows', () => {
    const shown = Object.values(answers(t));
    for (const option of t.options) {
      const n = shown.filter((a) => a.vote === option).length;
      expect(lines).toContain(`- ${option} (${n} votes)`);
    }
    const valid = shown.filter((a) => a.vote !== null).length;
    const result = lines.find((l) => l.startsWith('Result: '))!;
    if (valid === 0) expect(result).toBe('Result: No result — no valid votes');
    else expect(result).toMatch(new RegExp(`/${valid} votes`));
    expect(lines.filter((l) => /^Vote: /.test(l))).toHaveLength(t.panel.length);
  });

  it('imports back to the same status, panel, votes and arguments, and exports to the same text', () => {
    const back = importText(text, 'roundtrip.txt');
    expect(back.status).toBe(t.status);
    expect(back.error ?? null).toBe(t.error ?? null);
    expect(back.mode).toBe(t.mode);
    expect(back.options).toEqual(t.options);
    expect(back.panel.map((p) => p.name)).toEqual(t.panel.map((p) => p.name));
    expect(answers(back)).toEqual(answers(t));
    expect(back.judgement).toEqual(t.judgement);
    expect(exportText(back)).toBe(text);
  });
});

describe('roundtable export and import of an interrupted transcript', () => {
  it('exports a debate stopped in round 2 with 4 of 6 answers, and imports it back with exit 0', async () => {
    // The reported case: a stale round-1 result, a round 2 holding four turns.
    const t = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
      .map((seed) => generateTranscript('interrupted mid-round', seed))
      .find((g) => g.panel.length === 6 && g.rounds.length === 2 && g.rounds[1]!.turns.length === 4);
    expect(t).toBeDefined();
    const dir = tempDir();
    const file = join(dir, 'interrupted.json');
    writeFileSync(file, transcriptJson(t!));
    const exported = await runCli(['export', file]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('\nStatus: interrupted — 4 of 6 debaters answered round 2 before the debate stopped\n');
    // The two the round had not reached show their round-1 answers, marked.
    expect(exported.stdout).not.toContain('(no answer');
    expect(exported.stdout.match(/^Vote: .* \(round 1\)$/gm)).toHaveLength(2);
    const textFile = join(dir, 'interrupted.txt');
    writeFileSync(textFile, exported.stdout);
    const imported = await runCli(['import', textFile]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const back = JSON.parse(imported.stdout) as Transcript;
    expect(back.status).toBe('interrupted');
    expect(answers(back)).toEqual(answers(t!));
  });
});

describe('a judgement with an empty summary', () => {
  it('is written with a mark and read back as empty', () => {
    const t = generateTranscript('complete', 1);
    const empty = { ...t, judgement: { ...t.judgement!, summary: '' } };
    const text = exportText(empty);
    expect(text).toContain('\nFinal Summary\n(no summary)\n');
    expect(importText(text, 'x.txt').judgement!.summary).toBe('');
    expect(importText(exportText({ ...t, judgement: { ...t.judgement!, summary: '(no summary)' } }), 'x.txt').judgement!.summary).toBe('(no summary)');
  });
});

describe('the Markdown export of an interrupted transcript', () => {
  it("says the status and counts each debater's latest vote, not a stale result", () => {
    const t = [1, 2, 3, 4, 5, 6, 7, 8]
      .map((seed) => generateTranscript('interrupted mid-round', seed))
      .find((g) => g.rounds.length === 2 && g.rounds[1]!.turns.some((turn) => turn.vote !== null))!;
    const md = exportMarkdown(t);
    expect(md).toMatch(/\*\*Result:\*\* .* \(interrupted: each debater's latest vote\)/);
    expect(md).toContain('| Option | Votes so far |');
    for (const option of t.options) {
      const n = Object.values(answers(t)).filter((a) => a.vote === option).length;
      expect(md).toContain(`| ${option} | ${n} |`);
    }
  });
});

describe('lines that look like a council\'s', () => {
  it('in a debate\'s arguments stay arguments: escaped on export, read back as they were', () => {
    const t = generateTranscript('complete', 1);
    const last = t.rounds.at(-1)!;
    const turn = last.turns.find((x) => x.vote !== null)!;
    turn.argument = 'Ranked: Alpha > Beta\nCouncil Ranking\n1. Alpha — 3 points, 1 first place';
    const text = exportText(t);
    expect(text).toContain('\n\\Ranked: Alpha > Beta\n\\Council Ranking\n');
    const back = importText(text, 'x.txt');
    expect(back.protocol).toBeUndefined();
    expect(back.rounds[0]!.turns.find((x) => x.debater === turn.debater)!.argument).toBe(turn.argument);
    expect(exportText(back)).toBe(text);
  });
});

describe('a run a budget stopped early', () => {
  const stopped = (rounds: number): Transcript => {
    const t = generateTranscript('several rounds', 2);
    return {
      ...t,
      rounds: t.rounds.slice(0, rounds),
      result: null,
      judgement: null,
      stopReason: `stopped before round ${rounds + 1}: --max-cost $0.0001: round ${rounds + 1} and the judgement after it could cost about $0.1933 with $0.0000 already spent`,
    };
  };

  it.each([0, 1])('says so, and imports back to the same transcript and text (stopped after %i rounds)', (rounds) => {
    const t = stopped(rounds);
    const text = exportText(t);
    expect(text.split('\n')[t.source === 'mock' ? 4 : 3]).toBe(`Status: stopped — ${t.stopReason}`);
    const back = importText(text, 'stopped.txt');
    expect(back.status).toBe('complete');
    expect(back.stopReason).toBe(t.stopReason);
    expect(back.rounds).toHaveLength(rounds ? 1 : 0);
    expect(exportText(back)).toBe(text);
    expect(exportMarkdown(t)).toContain(`**Stopped early:** ${t.stopReason}`);
  });
});
