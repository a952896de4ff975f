// Protocols and fair seating through the CLI, against the real SDKs at the providers' URLs:
// the council protocol end to end, --anonymize checked on every request the stand-ins receive,
// personas and stances from a panel file, and the panel limits.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import type { WireCall } from '../src/mock/types.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { judgement, lastUserText, systemText, useWire, vote } from './support/wire.js';
import { closedJudgement } from '../src/core/result.js';

const wire = useWire();
const FAST = ['--retry-base-ms', '1', '--headless', '--json'];
const FOUR = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning,google:gemini-3.1-pro-preview';
const CODE: Record<string, string> = { openai: 'ALPHA', anthropic: 'BRAVO', xai: 'CHARLIE', google: 'DELTA' };
const PREFERENCE = ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA'];

const parse = (stdout: string): Transcript => TranscriptSchema.parse(JSON.parse(stdout));
const isChair = (call: WireCall) => /the chair of a council/.test(systemText(call));
const isJudge = (call: WireCall) => /the judge of the AI Roundtable/.test(systemText(call)) || isChair(call);
const isRanking = (call: WireCall) => /the council's review/.test(lastUserText(call));
/** Everything a model reads in a call: the system prompt and every message. */
const promptText = (call: WireCall) => `${systemText(call)}\n${JSON.stringify(call.body.messages)}`;

describe('--protocol council', () => {
  it('answers blind, ranks the others anonymised and shuffled, aggregates by Borda count, and the judge chairs', async () => {
    wire.script((call) => {
      if (isJudge(call)) return judgement();
      if (!isRanking(call)) return vote(call.provider === 'xai' ? 'No' : 'Yes', `Argument ${CODE[call.provider]} by ${call.provider} (${call.model}).`);
      // Rank the responses shown by a fixed preference, reading each label's argument.
      const prompt = lastUserText(call);
      const shown = [...prompt.matchAll(/BEGIN MATERIAL [^:]+: (Response [A-Z]), voted \w+[^\n]*\n[^A-Z]*Argument (\w+)/g)].map((m) => ({ label: m[1]!, code: m[2]! }));
      const ranking = [...shown].sort((a, b) => PREFERENCE.indexOf(a.code) - PREFERENCE.indexOf(b.code)).map((s) => s.label);
      return { text: JSON.stringify({ ranking, reason: `Ranked by preference: ${ranking.join(' > ')}.` }) };
    });
    const run = await runCli(['debate', 'Moat?', '--models', FOUR, '--protocol', 'council', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.protocol).toBe('council');
    expect(t.rounds).toHaveLength(2);
    const ids = t.panel.map((p) => p.id);
    const [gpt, claude, grok, gemini] = ids as [string, string, string, string];
    // Round 2: each ranks the three others, best first, as debater ids.
    expect(t.rounds[1]!.turns.map((x) => x.ranking)).toEqual([
      [claude, grok, gemini],
      [gpt, grok, gemini],
      [gpt, claude, gemini],
      [gpt, claude, grok],
    ]);
    expect(t.rounds[1]!.turns[0]).toMatchObject({ vote: 'Yes', previousVote: 'Yes', changed: false, argument: expect.stringMatching(/^Ranked by preference/) });
    expect(t.result).toMatchObject({
      label: 'Supermajority',
      winner: 'Yes',
      ranking: [
        { debater: gpt, points: 6, firsts: 3 },
        { debater: claude, points: 4, firsts: 1 },
        { debater: grok, points: 2, firsts: 0 },
        { debater: gemini, points: 0, firsts: 0 },
      ],
    });
    // Ranking prompts: the others' answers only, as "Response A…", no names, in orders that differ between readers.
    const rankings = wire.calls.filter(isRanking);
    expect(rankings).toHaveLength(4);
    const orders = new Set<string>();
    for (const call of rankings) {
      const prompt = lastUserText(call);
      expect(prompt).not.toContain(`Argument ${CODE[call.provider]}`);
      expect(prompt.match(/Response [A-C], voted/g)).toHaveLength(3);
      expect(prompt).not.toMatch(/gpt-5\.4|claude|grok|gemini|openai|anthropic|xai|google/i);
      orders.add([...prompt.matchAll(/Argument (\w+)/g)].map((m) => m[1]).join(','));
    }
    // The chair reads the answers and the aggregate ranking.
    const chair = wire.calls.find(isChair)!;
    expect(lastUserText(chair)).toMatch(/1\. gpt-5\.4 — 6 points, 3 first places\n2\. claude-opus-4-6 — 4 points, 1 first place/);
    expect(lastUserText(chair)).toMatch(/Argument DELTA/);
    expect(t.judgement?.summary).toBe('The panel argued it out.');
  });

  it('refuses rounds and modes it does not run, with one sentence and exit 2', async () => {
    for (const extra of [['--rounds', '3'], ['--mode', 'poll']]) {
      const run = await runCli(['debate', 'Moat?', '--models', FOUR, '--protocol', 'council', ...extra], { env: FAKE_KEYS });
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/--protocol council runs/);
    }
    const bad = await runCli(['debate', 'Moat?', '--models', FOUR, '--protocol', 'senate'], { env: FAKE_KEYS });
    expect(bad.code).toBe(2);
  });
});

describe('--anonymize', () => {
  const names = ['GPT-5.4', 'Claude Opus 4.6', 'Grok 4.1 Fast'];
  const forbidden = [...names, 'gpt-5-4', 'claude-opus-4-6', 'grok-4-1-fast', 'gpt-5.4', 'grok-4-1-fast-reasoning', 'openai', 'anthropic', 'xai', 'claude', 'grok', 'gpt'];

  it('never puts a name, model id or provider of the panel in any prompt, and maps the letters back in the transcript', async () => {
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    writeFileSync(panel, JSON.stringify({
      debaters: [
        { name: 'GPT-5.4', model: 'openai:gpt-5.4' },
        { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
        { name: 'Grok 4.1 Fast', model: 'xai:grok-4-1-fast-reasoning' },
      ],
      judge: { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
    }));
    wire.script((call) => {
      if (isJudge(call)) return judgement();
      const me = call.provider === 'openai' ? 'GPT-5.4 (gpt-5.4, by OpenAI)' : call.provider === 'anthropic' ? 'Claude Opus 4.6 from Anthropic' : 'Grok 4.1 Fast of xAI';
      return vote('Yes', `I am ${me}. I disagree with Claude Opus 4.6 and with GPT-5.4 and grok-4-1-fast-reasoning.`);
    });
    const run = await runCli(['debate', 'Moat?', '--panel', panel, '--anonymize', '--rounds', '3', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    expect(wire.calls).toHaveLength(10);
    for (const call of wire.calls) {
      const text = promptText(call).toLowerCase();
      for (const word of forbidden) expect(text, `${word} in a ${call.provider} prompt`).not.toContain(word.toLowerCase());
    }
    // Later rounds quote the others as panelists; the system prompt names the reader by its letter.
    const t = parse(run.stdout);
    for (const round of t.rounds) {
      expect(Object.keys(round.letters ?? {}).sort()).toEqual(t.panel.map((p) => p.id).sort());
      expect(new Set(Object.values(round.letters!)).size).toBe(3);
    }
    const later = wire.calls.filter((c) => !isJudge(c) && /This is round 2/.test(lastUserText(c)));
    for (const call of later) {
      const id = t.panel[['openai', 'anthropic', 'xai'].indexOf(call.provider)]!.id;
      const letter = t.rounds[1]!.letters![id]!;
      expect(systemText(call)).toContain(`You are Panelist ${letter},`);
      expect(lastUserText(call)).toContain(`Panelist ${letter} (you), voted Yes`);
      expect(lastUserText(call)).toMatch(/I am Panelist [A-C]/);
    }
    // What was said stays as it was said: only the prompts are scrubbed.
    expect(t.rounds[0]!.turns[0]!.argument).toMatch(/^I am GPT-5\.4/);
  });
});

describe('panels', () => {
  it('gives personas and stances from a panel file, and refuses a stance that is not an option', async () => {
    const dir = tempDir();
    const panel = join(dir, 'panel.json');
    const debaters = [
      { name: 'Skeptic', model: 'openai:gpt-5.4', persona: "A devil's advocate who looks for the weakest point.", stance: 'no' },
      { name: 'Builder', model: 'anthropic:claude-opus-4-6' },
    ];
    writeFileSync(panel, JSON.stringify({ debaters, judge: null }));
    wire.script(() => vote('Yes'));
    const run = await runCli(['debate', 'Moat?', '--panel', panel, ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const skeptic = wire.callsTo('openai');
    expect(systemText(skeptic[0]!)).toMatch(/Your role on this panel: A devil's advocate/);
    expect(lastUserText(skeptic[0]!)).toMatch(/assigned to argue for "No"/);
    expect(lastUserText(skeptic[1]!)).not.toMatch(/assigned to argue/);
    expect(parse(run.stdout).panel[0]).toMatchObject({ stance: 'No', persona: expect.stringMatching(/devil's advocate/) });

    writeFileSync(panel, JSON.stringify({ debaters: [{ ...debaters[0], stance: 'Maybe' }, debaters[1]] }));
    const bad = await runCli(['debate', 'Moat?', '--panel', panel, ...FAST], { env: FAKE_KEYS });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^roundtable: Skeptic has the stance "Maybe", which is not one of the options \(Yes, No\)\.\n$/);
  });

  it('seats more than twelve, and refuses more than 1000 with one sentence and exit 2', async () => {
    wire.script(() => vote('Yes', 'Brief.'));
    const forty = Array.from({ length: 40 }, () => 'openai:gpt-5.4').join(',');
    const run = await runCli(['debate', 'Moat?', '--models', forty, '--no-judge', '--rounds', '2', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.panel).toHaveLength(40);
    expect(t.rounds.map((r) => r.turns.length)).toEqual([40, 40]);
    expect(t.result).toMatchObject({ label: 'Unanimous', validVotes: 40 });

    const many = Array.from({ length: 1001 }, () => 'openai:gpt-5.4').join(',');
    const refused = await runCli(['debate', 'Moat?', '--models', many, ...FAST], { env: FAKE_KEYS });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('roundtable: The panel has 1001 debaters; roundtable seats at most 1000.\n');
    const flag = await runCli(['debate', 'Moat?', '--models', FOUR, '--concurrency', '1001'], { env: FAKE_KEYS });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--concurrency takes a whole number from 1 to 1000, not "1001"/);
  });
});

describe('--anonymize in mock mode, read afterwards', () => {
  it('Markdown names the panelists a turn or the judge speaks of, by the letters of their round', async () => {
    const dir = tempDir();
    const file = join(dir, 'anon.json');
    const run = await runCli(['debate', 'Should cities ban cars?', '--options', 'Yes,No', '--mock', '--anonymize', '--seed', '1', '--rounds', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const md = (await runCli(['export', file, '--format', 'markdown'])).stdout;
    const nameOf = (round: (typeof t.rounds)[number], letter: string) => t.panel.find((p) => round.letters![p.id] === letter)!.name;
    const last = t.rounds.at(-1)!;
    const judged = [t.judgement!.summary, ...t.judgement!.turningPoints, ...Object.values(closedJudgement(t.judgement)!.strongestArguments)].join(' ');
    const mentioned = [...judged.matchAll(/Panelist ([A-Z]+)/g)].map((m) => m[1]!);
    expect(mentioned.length).toBeGreaterThan(0);
    for (const letter of mentioned) expect(md).toContain(`Panelist ${letter} (${nameOf(last, letter)})`);
    const turn = t.rounds[1]!.turns.find((x) => /Panelist [A-Z]+/.test(x.argument))!;
    const letter = /Panelist ([A-Z]+)/.exec(turn.argument)![1]!;
    expect(md).toContain(`Panelist ${letter} (${nameOf(t.rounds[1]!, letter)})`);
  });
});

describe('--protocol council in mock mode', () => {
  it('the stand-ins answer the ranking round too, the same for the same seed', async () => {
    const args = ['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--protocol', 'council', '--mock', '--seed', '3', '--mock-pace', '0', '--json', '--headless'];
    const first = await runCli(args, { env: {} });
    expect(first.code, first.stderr).toBe(0);
    const t = parse(first.stdout);
    expect(t.protocol).toBe('council');
    expect(t.rounds[1]!.turns.every((turn) => turn.ranking?.length === t.panel.length - 1)).toBe(true);
    // Each member's view is recorded: the answers it was shown, in order (Response A first), never its own.
    for (const turn of t.rounds[1]!.turns) {
      expect(turn.shown).toHaveLength(t.panel.length - 1);
      expect(turn.shown).not.toContain(turn.debater);
      expect([...turn.ranking!].sort()).toEqual([...turn.shown!].sort());
    }
    expect(t.result?.ranking).toHaveLength(t.panel.length);
    // The mock chair writes about the review it was given, not about vote changes in "a single round".
    const top = t.panel.find((p) => p.id === t.result!.ranking![0]!.debater)!.name;
    expect(t.judgement!.summary).toContain(`ranked ${top}'s answer`);
    expect(t.judgement!.turningPoints[0]).toMatch(new RegExp(`^The review put ${top.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'s answer first`));
    expect(JSON.stringify(t.judgement)).not.toMatch(/single round|vote changes/);
    const again = parse((await runCli(args, { env: {} })).stdout);
    expect(again.rounds[1]!.turns.map((turn) => turn.ranking)).toEqual(t.rounds[1]!.turns.map((turn) => turn.ranking));
  });

  it('shows the ballots and the aggregate ranking headless, in Markdown and in compare', async () => {
    const dir = tempDir();
    const file = join(dir, 'council.json');
    const args = ['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--protocol', 'council', '--mock', '--seed', '3', '--mock-pace', '0', '--headless', '--out', file];
    const run = await runCli(args, { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const name = (id: string) => t.panel.find((p) => p.id === id)!.name;
    const top = t.result!.ranking![0]!;
    const ballot = (turn: (typeof t.rounds)[number]['turns'][number]) => turn.ranking!.map(name).join(' > ');
    // Headless: each seat's ballot by name, then the aggregate.
    for (const turn of t.rounds[1]!.turns) expect(run.stderr).toContain(`ranked ${ballot(turn)}`);
    expect(run.stderr).toContain(`→ Ranking (Borda): 1. ${name(top.debater)} ${top.points} pts, ${top.firsts} first`);

    const md = await runCli(['export', file, '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('Council · 6 debaters');
    expect(md.stdout).toContain('## Round 2 (ranking)');
    expect(md.stdout).toContain(`**Ranked:** ${ballot(t.rounds[1]!.turns[0]!).replace(/>/g, '\\>')}`);
    expect(md.stdout).toContain(`## Council ranking`);
    // A reason's "Response A" is named: the letters were that member's own.
    const first = t.rounds[1]!.turns.find((turn) => /Response A\b/.test(turn.argument))!;
    expect(md.stdout).toContain(`Response A (${name(first.shown![0]!)})`);
    expect(md.stdout).toContain(`1. ${name(top.debater)} — ${top.points} point${top.points === 1 ? '' : 's'}, ${top.firsts} first place`);

    // The text format shows each ballot and the Borda count, and reads them back: export, import,
    // export gives the same text, and the imported transcript holds the same ballots and ranking.
    const text = await runCli(['export', file]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^AI Roundtable Council · 6 models$/m);
    for (const turn of t.rounds[1]!.turns) expect(text.stdout).toContain(`\nRanked: ${ballot(turn)}\n`);
    expect(text.stdout).toContain(`\nCouncil Ranking\n1. ${name(top.debater)} — ${top.points} point`);
    const txt = join(dir, 'council.txt');
    writeFileSync(txt, text.stdout);
    const imported = await runCli(['import', txt, '-o', join(dir, 'back.json')]);
    expect(imported.code, imported.stderr).toBe(0);
    const back = TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')));
    expect(back.protocol).toBe('council');
    expect(back.result?.ranking).toEqual(t.result?.ranking);
    expect(back.rounds.at(-1)!.turns.map((turn) => turn.ranking)).toEqual(t.rounds[1]!.turns.map((turn) => turn.ranking));
    expect((await runCli(['export', join(dir, 'back.json')])).stdout).toBe(text.stdout);
    expect((await runCli(['export', join(dir, 'back.json'), '--format', 'markdown'])).stdout).toContain('## Round 1 (ranking)');

    // A ballot or a ranking line that does not add up is refused with its line, exit 2.
    const lines = text.stdout.split('\n');
    const rankedAt = lines.findIndex((l) => l.startsWith('Ranked: '));
    const reader = lines[rankedAt - 2]!;
    const mutations: [string, (l: string[]) => void, RegExp][] = [
      ['a name off the panel', (l) => (l[rankedAt] = `Ranked: Nobody > ${l[rankedAt]!.slice(8)}`), /line \d+: the ballot names "Nobody", who is not on the panel/],
      ['a seat ranking itself', (l) => (l[rankedAt] = `Ranked: ${reader} > ${l[rankedAt]!.slice(8)}`), new RegExp(`ranks itself`)],
      ['a changed Borda line', (l) => (l[l.indexOf('Council Ranking') + 1] = '1. Somebody — 99 points, 6 first places'), /the council ranking says "1\. Somebody — 99 points, 6 first places", but the ballots give "1\./],
    ];
    for (const [what, mutate, message] of mutations) {
      const copy = [...lines];
      mutate(copy);
      writeFileSync(txt, copy.join('\n'));
      const bad = await runCli(['import', txt, '-o', join(dir, 'bad.json')]);
      expect(bad.code, what).toBe(2);
      expect(bad.stderr, what).toMatch(message);
    }

    const compared = await runCli(['compare', file, file]);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toContain('Protocol: council');
    expect(compared.stdout).toContain(`Ranking A: 1. ${name(top.debater)} (${top.points} pt`);
    expect(compared.stdout).toContain('Same top-ranked: yes');
  });
});
