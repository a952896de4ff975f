// --anonymize letters mean one seat for every reader of a text (issue 24, item 1): a seat keeps its
// letter for the whole run, so a round-2 argument that names "Panelist C" still means the same seat
// when round 3 and the judge read it; Markdown and the text export name the seat the text meant.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedJudgement } from '../src/core/result.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import type { WireCall } from '../src/mock/types.js';
import { promptQuotes } from '../src/prompting/prompts.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { judgement, systemText, useWire, vote } from './support/wire.js';

const wire = useWire();
const FOUR = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning,google:gemini-3.1-pro-preview';
const CODE: Record<string, string> = { openai: 'ALPHA', anthropic: 'BRAVO', xai: 'CHARLIE', google: 'DELTA' };

/** Every text of the user's messages in a call, parts joined (OpenAI and Anthropic shapes alike). */
function userText(call: WireCall): string {
  const messages = (call.body.messages as Array<{ role: string; content: unknown }>) ?? [];
  const text = (content: unknown): string =>
    typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => (p as { text?: string }).text ?? '').join('') : '';
  return messages.filter((m) => m.role === 'user').map((m) => text(m.content)).join('\n');
}

const isJudge = (call: WireCall) => /the judge of the AI Roundtable/.test(systemText(call));
/** "Panelist C" from a quote's label ("Panelist C, voted Yes", "Panelist C (you), voted Yes", "Panelist C, round 2, …"). */
const labelLetter = (label: string) => /^Panelist ([A-Z]+)\b/.exec(label)?.[1];

/**
 * What a prompt says about who is who: each quoted block's label letter with the code its text
 * opens with ("I am BRAVO."), and every claim quoted texts make ("Panelist C is BRAVO.").
 */
function readPrompt(prompt: string) {
  const codeOf = new Map<string, string>();
  const claims: { letter: string; code: string }[] = [];
  for (const q of promptQuotes(prompt)) {
    if (q.kind !== 'material') continue;
    const letter = labelLetter(q.label);
    const own = /^I am (\w+)\./.exec(q.body)?.[1];
    if (letter && own) codeOf.set(letter, own);
    for (const m of q.body.matchAll(/Panelist ([A-Z]+) is (\w+)\./g)) claims.push({ letter: m[1]!, code: m[2]! });
  }
  return { codeOf, claims };
}

describe('--anonymize letters', () => {
  it.each([
    ['--shuffle, seed 1', ['--shuffle', '--seed', '1']],
    ['--shuffle, seed 7', ['--shuffle', '--seed', '7']],
    ['no shuffle, seed 3', ['--seed', '3']],
    ['--shuffle, seed 42, 4 rounds', ['--shuffle', '--seed', '42', '--rounds', '4']],
  ])('mean the same seat to every later reader and to the judge (%s)', async (_what, flags) => {
    wire.script((call) => {
      if (isJudge(call)) return judgement();
      // A seat says who it is, and who each panelist it read is, in the letters it was shown.
      const { codeOf } = readPrompt(userText(call));
      const said = [...codeOf].map(([letter, code]) => ` Panelist ${letter} is ${code}.`).join('');
      return vote('Yes', `I am ${CODE[call.provider]}.${said}`);
    });
    const args = ['debate', 'Moat?', '--models', FOUR, '--anonymize', '--rounds', '3', ...flags, '--retry-base-ms', '1', '--headless', '--json'];
    const run = await runCli(args, { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t: Transcript = TranscriptSchema.parse(JSON.parse(run.stdout));
    let checked = 0;
    for (const call of wire.calls) {
      const { codeOf, claims } = readPrompt(userText(call));
      // The judge reads every round: a letter must stand for one seat across all of them.
      for (const { letter, code } of claims) {
        expect(codeOf.get(letter), `${isJudge(call) ? 'the judge' : call.provider} reads "Panelist ${letter} is ${code}"`).toBe(code);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(wire.calls.some((c) => isJudge(c) && readPrompt(userText(c)).claims.length > 0)).toBe(true);
    // The transcript records the letters of every round: one lettering for the whole run.
    const first = t.rounds[0]!.letters!;
    expect(Object.keys(first).sort()).toEqual(t.panel.map((p) => p.id).sort());
    for (const round of t.rounds) expect(round.letters).toEqual(first);
  });
});

describe('--anonymize in mock mode, read afterwards', () => {
  it.each([
    ['seed 42', ['--shuffle', '--seed', '42', '--rounds', '3']],
    ['seed 5', ['--shuffle', '--seed', '5', '--rounds', '3']],
    ['seed 9, no shuffle', ['--seed', '9', '--rounds', '4']],
  ])('Markdown and the text export name the seat a turn or the judge meant (%s)', async (_what, flags) => {
    const file = join(tempDir(), 'anon.json');
    const args = ['debate', 'Should cities ban cars?', '--mock', '--anonymize', ...flags, '--mock-pace', '0', '--headless', '--out', file];
    const run = await runCli(args, { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const md = (await runCli(['export', file, '--format', 'markdown'])).stdout;
    const text = (await runCli(['export', file])).stdout;
    const names = new Map(t.panel.map((p) => [p.id, p.name]));
    const turnsOf = (name: string, round: number) => t.rounds.find((r) => r.number === round)?.turns.filter((x) => names.get(x.debater) === name) ?? [];

    // A vote change says who persuaded it, quoting that seat's argument of the round before: the
    // seat Markdown names must have made that argument.
    let persuasions = 0;
    for (const round of t.rounds.filter((r) => r.number > 1)) {
      for (const turn of round.turns) {
        const m = /Panelist ([A-Z]+)'s argument for (\w+) persuaded me: "([^"]{20,})/.exec(turn.argument);
        if (!m) continue;
        const [, letter, option, words] = m;
        const id = Object.keys(round.letters!).find((k) => round.letters![k] === letter)!;
        expect(md).toContain(`Panelist ${letter} (${names.get(id)})'s argument for ${option} persuaded me`);
        const before = turnsOf(names.get(id)!, round.number - 1);
        expect(before.some((x) => x.vote === option && x.argument.includes(words!.slice(0, 20))), `${names.get(id)} argued "${words}" in round ${round.number - 1}`).toBe(true);
        persuasions++;
      }
    }
    // The judge's turning points name the persuader too: "after Panelist E (Claude)'s argument for No".
    for (const m of md.matchAll(/Round (\d+): Panelist [A-Z]+ \(([^)]+)\) changed from \w+ to \w+, after Panelist [A-Z]+ \(([^)]+)\)'s argument for (\w+): "([^"]{20,})/g)) {
      const [, round, , persuader, option, words] = m;
      const before = turnsOf(persuader!, Number(round) - 1);
      expect(before.some((x) => x.vote === option && x.argument.includes(words!.slice(0, 20))), `${persuader} argued "${words}"`).toBe(true);
      persuasions++;
    }
    expect(persuasions).toBeGreaterThan(0);
    // The text export names every panelist of the judge's write-up as Markdown does.
    const judged = [t.judgement!.summary, ...Object.values(closedJudgement(t.judgement)!.strongestArguments), ...t.judgement!.turningPoints].join('\n');
    const letters = [...new Set([...judged.matchAll(/Panelist ([A-Z]+)/g)].map((x) => x[1]!))];
    expect(letters.length).toBeGreaterThan(0);
    const last = t.rounds.at(-1)!.letters!;
    for (const letter of letters) {
      const id = Object.keys(last).find((k) => last[k] === letter)!;
      expect(md).toContain(`Panelist ${letter} (${names.get(id)})`);
      expect(text).toContain(`Panelist ${letter} (${names.get(id)})`);
    }
  });
});
