// Open questions end to end through the CLI (`debate --open`): an Open Debate and an Open Poll in
// mock mode, the same through the msw stand-ins of every provider family, a council, --no-judge,
// replies in every form, answers and syntheses asked again, resume, and the refusals.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerKey, answered, groupsByWording, isOpenResult, openJudgement, openResult } from '../src/core/result.js';
import { TranscriptSchema, type OpenResult, type Transcript } from '../src/core/schema.js';
import { mockScript } from '../src/mock/script.js';
import type { WireCall, WireEndpoint } from '../src/mock/types.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { lastUserText, systemText, useWire } from './support/wire.js';

const wire = useWire();
const QUESTION = 'What is the best way for a team of five to learn a new programming language?';
const FAST = ['--retry-base-ms', '1', '--headless'];
const MOCK = ['--mock', '--mock-pace', '0', ...FAST];
const COMPAT: WireEndpoint = { provider: 'compat', baseURL: 'http://gateway.test/v1' };

/** A panel of every provider family: the OpenAI SDK (chat completions) for all but Anthropic's. */
function everyFamilyPanel(dir: string): string {
  const path = join(dir, 'families.json');
  writeFileSync(
    path,
    JSON.stringify({
      debaters: [
        { name: 'GPT', model: 'openai:gpt-5.4' },
        { name: 'Claude', model: 'anthropic:claude-opus-4-6' },
        { name: 'Grok', model: 'xai:grok-4-1-fast-reasoning' },
        { name: 'Gemini', model: 'google:gemini-3.1-pro-preview' },
        { name: 'Mistral', model: 'mistral:mistral-large-latest' },
        { name: 'Kimi', model: 'moonshot:kimi-k2.5' },
        { name: 'DeepSeek', model: 'deepseek:deepseek-chat' },
        { name: 'Router', model: 'openrouter:meta-llama/llama-4' },
        { name: 'Local', model: 'ollama:qwen3:8b' },
        { name: 'Gateway', model: 'compat:qwen3-32b', baseURL: COMPAT.baseURL },
      ],
      judge: { name: 'Judge', model: 'anthropic:claude-opus-4-6' },
    }),
  );
  return path;
}

const parse = (stdout: string): Transcript => TranscriptSchema.parse(JSON.parse(stdout));
const isJudge = (call: WireCall) => /the judge of the AI Roundtable|the chair of a council/.test(systemText(call));
/** How many times this call's seat has been asked (its user messages: the question, then each re-ask). */
const asks = (call: WireCall) => (call.body.messages as { role: string }[]).filter((m) => m.role === 'user').length;

/** Everything an open transcript must hold together: answers, changed marks, and every count of its result. */
function checkOpenRun(t: Transcript, rounds: number): OpenResult {
  expect(t.open).toBe(true);
  expect(t.options).toEqual([]);
  expect(t.status).toBe('complete');
  expect(t.rounds).toHaveLength(rounds);
  for (const round of t.rounds) for (const turn of round.turns) {
    expect(turn.vote).toBeNull();
    expect(typeof turn.answer).toBe('string');
  }
  // A seat marked changed moved to another answer; one not marked kept its own, word for word.
  for (let k = 1; k < t.rounds.length; k++) {
    for (const turn of t.rounds[k]!.turns) {
      const before = t.rounds[k - 1]!.turns.find((x) => x.debater === turn.debater)!.answer!;
      if (turn.changed) expect(answerKey(turn.answer!)).not.toBe(answerKey(before));
      else expect(turn.answer).toBe(before);
    }
  }
  const result = openResult(t.result)!;
  expect(result).not.toBeNull();
  const j = openJudgement(t.judgement)!;
  expect(j).not.toBeNull();
  // The synthesis groups the final answers as they were given: every count in it is right.
  const last = t.rounds.at(-1)!;
  const expected = groupsByWording(last.turns).map((g) => [...g.members].sort()).sort();
  expect(j.groups.map((g) => [...g.members].sort()).sort()).toEqual(expected);
  const largest = Math.max(...expected.map((g) => g.length));
  expect(result.agreed).toBe(largest);
  expect(result.panelSize).toBe(t.panel.length);
  expect(result.answer).toBe(j.answer);
  expect(result.label).toBe(largest === t.panel.length ? 'All agreed' : largest >= 2 && expected.filter((g) => g.length === largest).length === 1 ? 'Agreement' : 'No agreement');
  return result;
}

describe('an Open Debate in mock mode', () => {
  it('asks a question of its own with no options: distinct positions blind, minds changed and said so, a synthesis whose counts are right', async () => {
    const dir = tempDir();
    const panel = everyFamilyPanel(dir);
    let changes = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const run = await runCli(['debate', '--open', QUESTION, '--panel', panel, '--rounds', '3', '--seed', String(seed), '--json', ...MOCK], { env: {}, cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const t = parse(run.stdout);
      expect(t.source).toBe('mock');
      expect(t.motion).toBe(QUESTION);
      const result = checkOpenRun(t, 3);
      // Round 1 is blind and takes distinct positions.
      expect(new Set(t.rounds[0]!.turns.map((x) => answerKey(x.answer!))).size).toBeGreaterThanOrEqual(2);
      expect(t.rounds[0]!.turns.every((x) => !x.changed)).toBe(true);
      const moved = t.rounds.slice(1).flatMap((r) => r.turns.filter((x) => x.changed));
      changes += moved.length;
      // A seat that moved says so, and names who moved it.
      for (const turn of moved) expect(turn.argument).toMatch(/changed my mind.*'s answer persuaded me/);
      expect(run.stderr).toMatch(/^roundtable · .* · open question \(Open Debate\) · 10 debaters · 3 rounds/);
      expect(run.stderr).toMatch(/Round 1 of 3 \(blind\)/);
      expect(run.stderr).toMatch(/→ 10 of 10 answered · \d+ different answers?/);
      expect(run.stderr).toContain(`Done · ${result.label === 'All agreed' ? 'All 10 models agreed' : result.label === 'Agreement' ? `${result.agreed} of 10 models agreed` : `No agreement (largest position ${result.agreed} of 10)`} — ${result.answer}`);
    }
    expect(changes).toBeGreaterThan(0);
  });

  it('prints the Open Debate page headless, and the same seed gives the same run', async () => {
    const argv = ['debate', '--open', QUESTION, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning,mistral:mistral-large-latest', '--seed', '7', ...MOCK];
    const a = await runCli(argv, { env: {} });
    const b = await runCli(argv, { env: {} });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(new RegExp(`^MOCK RUN · [^\\n]*\\nAI Roundtable Open Debate · 4 models\\n${QUESTION.replace(/[?.]/g, '\\$&')}\\nAnswer: .+ \\((All 4 models agreed|\\d of 4 models agreed|no agreement; largest position \\d of 4)\\)\\n(Counterpoint: .+\\n)?Model Responses\\ngpt-5\\.4( \\(changed mind\\))?\\nAnswer: .+\\n`));
    expect(a.stdout).toMatch(/\nFinal Summary\nOn "What is the best way/);
    expect(a.stdout).toMatch(/\nKey Turning Points\n- /);
    expect(a.stdout).not.toMatch(/^Vote:|^Options$|Strongest Arguments/m);
  });

  it('runs an Open Poll: one blind round, no changed minds', async () => {
    const run = await runCli(['debate', '--open', 'How should a city cut its traffic deaths?', '--mode', 'poll', '--models', 'openai:a,anthropic:b,google:c', '--json', ...MOCK], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.mode).toBe('poll');
    checkOpenRun(t, 1);
    expect(t.rounds[0]!.turns.some((x) => x.changed)).toBe(false);
    const page = await runCli(['debate', '--open', 'How should a city cut its traffic deaths?', '--mode', 'poll', '--models', 'openai:a,anthropic:b,google:c', ...MOCK], { env: {} });
    expect(page.stdout).toMatch(/^MOCK RUN · [^\n]*\nAI Roundtable Open Poll · 3 models\nHow should a city cut its traffic deaths\?\nAnswer: /);
  });

  it('with --no-judge writes no synthesis and says so: the result has no answer and counts only same-worded answers', async () => {
    const run = await runCli(['debate', '--open', QUESTION, '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--no-judge', '--json', ...MOCK], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.judge).toBeNull();
    expect(t.judgement).toBeNull();
    const result = openResult(t.result)!;
    expect(result.answer).toBeNull();
    expect(result.counterpoint).toBeNull();
    const groups = groupsByWording(t.rounds.at(-1)!.turns);
    expect(result.agreed).toBe(Math.max(...groups.map((g) => g.members.length)));
    expect(run.stderr).toMatch(/Done · No synthesis \(no judge\) — /);
    const page = await runCli(['debate', '--open', QUESTION, '--models', 'openai:a,anthropic:b,xai:c,mistral:d', '--no-judge', ...MOCK], { env: {} });
    expect(page.stdout).toMatch(/^MOCK RUN · [^\n]*\nAI Roundtable Open Debate · 4 models\n.*\nAnswer: none \(no synthesis\)\nModel Responses\n/);
    expect(page.stdout).not.toMatch(/Final Summary/);
  });

  it('runs a council on an open question: answers, anonymised peer ranking, the chair groups the answers', async () => {
    const run = await runCli(['debate', '--open', QUESTION, '--protocol', 'council', '--models', 'openai:a,anthropic:b,xai:c,google:d,mistral:e', '--json', ...MOCK], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.protocol).toBe('council');
    expect(t.rounds).toHaveLength(2);
    for (const turn of t.rounds[1]!.turns) {
      expect(turn.ranking).toHaveLength(4);
      expect(turn.ranking).not.toContain(turn.debater);
    }
    const result = openResult(t.result)!;
    expect(result.ranking).toHaveLength(5);
    const j = openJudgement(t.judgement)!;
    // The chair groups the round-1 answers.
    const expected = groupsByWording(t.rounds[0]!.turns).map((g) => [...g.members].sort()).sort();
    expect(j.groups.map((g) => [...g.members].sort()).sort()).toEqual(expected);
    expect(result.agreed).toBe(Math.max(...expected.map((g) => g.length)));
    expect(run.stderr).toMatch(/→ 5 of 5 ranked the answers/);
    expect(run.stderr).toMatch(/→ Ranking \(Borda\): 1\. /);
    const page = await runCli(['debate', '--open', QUESTION, '--protocol', 'council', '--models', 'openai:a,anthropic:b,xai:c,google:d,mistral:e', ...MOCK], { env: {} });
    expect(page.stdout).toMatch(/^MOCK RUN · [^\n]*\nAI Roundtable Open Council · 5 models\n/);
    expect(page.stdout).toMatch(/\nRanked: .+ > .+\n/);
    expect(page.stdout).toMatch(/\nCouncil Ranking\n1\. /);
  });

  it('resumes an interrupted open run to the same end as the run that was not interrupted', async () => {
    const dir = tempDir();
    const models = ['--models', 'openai:a,anthropic:b,xai:c'];
    const full = await runCli(['debate', '--open', QUESTION, ...models, '--rounds', '3', '--seed', '4', '--json', ...MOCK], { env: {}, cwd: dir });
    const whole = parse(full.stdout);
    const cut: Transcript = structuredClone(whole);
    cut.rounds = cut.rounds.slice(0, 2);
    cut.status = 'interrupted';
    cut.judgement = null;
    cut.finishedAt = null;
    cut.result = null;
    const path = join(dir, 'cut.json');
    writeFileSync(path, JSON.stringify(cut));
    const resumed = await runCli(['debate', '--resume', path, '--mock-pace', '0', '--json', ...FAST], { env: {}, cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    const t = parse(resumed.stdout);
    expect(t.open).toBe(true);
    checkOpenRun(t, 3);
    expect(t.rounds.map((r) => r.turns.map((x) => x.answer))).toEqual(whole.rounds.map((r) => r.turns.map((x) => x.answer)));
    expect(t.result).toEqual(whole.result);
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('complete');
  });

  it('plans an open run with --dry-run and calls nothing', async () => {
    const run = await runCli(['debate', '--open', QUESTION, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--dry-run'], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Dry run · open question · 2 debaters × 2 rounds \+ judge · nothing is called/);
    expect(wire.calls).toHaveLength(0);
  });

  it("gives the judge room to name every seat of a large panel in its synthesis (and no more room for a question with options)", async () => {
    const models = Array.from({ length: 100 }, (_, i) => `openai:m${i}`).join(',');
    const judgeLine = (stdout: string) => stdout.split('\n')[stdout.split('\n').indexOf('Judge') + 1]!;
    const open = await runCli(['debate', '--open', QUESTION, '--models', models, '--dry-run'], { env: {} });
    const closed = await runCli(['debate', QUESTION, '--models', models, '--dry-run'], { env: {} });
    const small = await runCli(['debate', '--open', QUESTION, '--models', 'openai:a,openai:b', '--dry-run'], { env: {} });
    expect(judgeLine(open.stdout)).toMatch(/up to 2,600 out/);
    expect(judgeLine(closed.stdout)).toMatch(/up to 2,000 out/);
    expect(judgeLine(small.stdout)).toMatch(/up to 2,000 out/);
  });

  it.each([
    [['debate', '--open', QUESTION, '--options', 'A,B', '--mock'], /--open asks a question with no options, so it cannot take --options/],
    [['debate', '--open', QUESTION, '--options', 'Yes,No', '--mock'], /--open asks a question with no options, so it cannot take --options/],
    [['debate', '--open', QUESTION, '--mock-from', 'seeds/000_30eaba9eac67d68e.txt'], /--mock-from scripts votes .* cannot take --open/],
  ])('refuses %j with one sentence and exit 2', async (argv, message) => {
    const run = await runCli(argv, { env: {}, cwd: process.cwd() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a panel seat with a stance, which an open question cannot take, with one sentence and exit 2', async () => {
    const dir = tempDir();
    const path = join(dir, 'stance.json');
    writeFileSync(path, JSON.stringify({ debaters: [{ name: 'A', model: 'openai:a', stance: 'Yes' }, { name: 'B', model: 'anthropic:b' }] }));
    const run = await runCli(['debate', '--open', QUESTION, '--panel', path, '--mock'], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('roundtable: A has a stance ("Yes"), but an open question has no options to argue for; remove "stance" from the panel file for --open.');
  });

  it('refuses an open run as a --mock-from script, naming the file', async () => {
    const dir = tempDir();
    const first = await runCli(['debate', '--open', QUESTION, '--models', 'openai:a,anthropic:b', '--mode', 'poll', '--json', ...MOCK], { env: {}, cwd: dir });
    const path = join(dir, 'open.json');
    writeFileSync(path, first.stdout);
    const run = await runCli(['debate', '--mock-from', path], { env: {}, cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`roundtable: ${path} is an open question's run (no options), and --mock-from scripts votes; run the question with --mock --open instead.`);
  });

  it('refuses --open on --resume, which takes the question from its transcript', async () => {
    const dir = tempDir();
    const path = join(dir, 't.json');
    writeFileSync(path, '{}');
    const run = await runCli(['debate', '--resume', path, '--open'], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--resume continues the debate its transcript describes, so it cannot take --open/);
  });
});

describe('open questions through the msw stand-ins of every provider family', () => {
  it('runs the mock script at the providers\' real URLs: every family answered, every count right', async () => {
    const dir = tempDir();
    const panel = everyFamilyPanel(dir);
    const names = ['GPT', 'Claude', 'Grok', 'Gemini', 'Mistral', 'Kimi', 'DeepSeek', 'Router', 'Local', 'Gateway'];
    wire.script(mockScript(null, { paceMs: 0, seed: 3, panel: names }), [COMPAT]);
    const live = await runCli(['debate', '--open', QUESTION, '--panel', panel, '--seed', '3', '--json', ...FAST], { env: FAKE_KEYS, cwd: dir });
    expect(live.code, live.stderr).toBe(0);
    const t = parse(live.stdout);
    expect(t.source).toBe('live');
    checkOpenRun(t, 2);
    const providers = new Set(wire.calls.map((c) => c.provider));
    expect([...providers].sort()).toEqual(['anthropic', 'compat', 'deepseek', 'google', 'mistral', 'moonshot', 'ollama', 'openai', 'openrouter', 'xai']);
    // Every seat's calls reached its own provider's stand-in, through the real SDK of its family.
    expect(wire.callsTo('anthropic').some((c) => c.url === 'https://api.anthropic.com/v1/messages')).toBe(true);
    expect(wire.callsTo('compat').every((c) => c.url === `${COMPAT.baseURL}/chat/completions`)).toBe(true);
  });

  it('runs the open council at the real URLs: rankings shown anonymised, the chair reads the answers and the ranking', async () => {
    const names = ['gpt-5.4', 'claude-opus-4-6', 'grok-4', 'gemini-3.1-pro-preview'];
    wire.script(mockScript(null, { paceMs: 0, seed: 5, panel: names }));
    const run = await runCli(['debate', '--open', QUESTION, '--protocol', 'council', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4,google:gemini-3.1-pro-preview', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const rankings = wire.calls.filter((c) => /the council's review/.test(lastUserText(c)));
    expect(rankings).toHaveLength(4);
    for (const call of rankings) {
      const prompt = lastUserText(call);
      expect(prompt.match(/: Response [A-C], round 1 ═════\n┃ Answer: /g)).toHaveLength(3);
      expect(prompt).not.toMatch(/gpt|claude|grok|gemini|openai|anthropic|xai|google/i);
      expect(prompt).not.toMatch(/^Options:/m);
    }
    const chair = wire.calls.find((c) => /the chair of a council/.test(systemText(c)))!;
    expect(lastUserText(chair)).toMatch(/^Question: .*\n\nThe members to group \(their answers\): gpt-5\.4, claude-opus-4-6, grok-4, gemini-3\.1-pro-preview\n/);
    expect(lastUserText(chair)).toMatch(/\n1\. [\w.-]+ — \d+ points?, \d+ first places?\n/);
    const t = parse(run.stdout);
    const expected = groupsByWording(t.rounds[0]!.turns).map((g) => [...g.members].sort()).sort();
    expect(openJudgement(t.judgement)!.groups.map((g) => [...g.members].sort()).sort()).toEqual(expected);
    expect(openResult(t.result)!.ranking).toHaveLength(4);
  });

  it('reads every reply form, asks again for a missing or far-too-long answer with the reason, and quotes round 1 to round 2 as material', async () => {
    const answers: Record<string, string> = { openai: 'Pair up and build one small real project.', anthropic: 'Read the official tour, then port a tool you know.', xai: 'Pair up and build one small real project.', google: 'Take a course together.' };
    wire.script((call) => {
      const round = /This is round (\d+)/.exec(lastUserText(call))?.[1];
      if (isJudge(call)) {
        return { text: JSON.stringify({ answer: 'Build something real together.', groups: [{ answer: 'Build a project', members: ['gpt-5.4', 'grok-4'] }, { answer: 'Port a tool', members: ['claude-opus-4-6'] }, { answer: 'A course', members: ['gemini-3.1-pro-preview'] }], counterpoint: 'A course gives structure.', summary: 'Two of four.', turningPoints: [] }) };
      }
      const a = answers[call.provider]!;
      const argument = `${call.provider} reasons in round ${round}.`;
      const asked = asks(call);
      switch (call.provider) {
        case 'openai':
          return { text: '', toolArguments: JSON.stringify({ answer: a, argument, changed: false }) };
        case 'anthropic':
          return { text: `Answer: ${a}\n\n${argument}` };
        case 'xai':
          return { text: `\`\`\`json\n${JSON.stringify({ answer: a, argument, changed: false })}\n\`\`\`` };
        default:
          // Google: first a reply with no answer (asked again), then a good one.
          if (asked <= 1) return { text: JSON.stringify({ argument }) };
          return { text: JSON.stringify({ answer: a, argument, changed: false }) };
      }
    });
    const models = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4,google:gemini-3.1-pro-preview';
    const dir = tempDir();
    const brief = join(dir, 'notes.txt');
    writeFileSync(brief, 'The team already knows Python well.');
    const run = await runCli(['debate', '--open', QUESTION, '--models', models, '--brief', brief, '--json', ...FAST], { env: FAKE_KEYS, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.rounds.map((r) => r.turns.map((x) => x.answer))).toEqual([Object.values(answers), Object.values(answers)]);
    expect(openResult(t.result)).toMatchObject({ label: 'Agreement', agreed: 2, answer: 'Build something real together.' });
    const gemini = t.rounds[0]!.turns.find((x) => x.debater === 'gemini-3-1-pro-preview')!;
    expect(gemini.reasks).toEqual([{ reason: 'the JSON reply needs an "answer": the position in one sentence' }]);
    expect(run.stderr).toMatch(/↻ gemini-3\.1-pro-preview +asked again: the JSON reply needs an "answer"/);
    const reask = wire.callsTo('google').find((c) => asks(c) > 1)!;
    expect(lastUserText(reask)).toMatch(/^Your reply could not be read: the JSON reply needs an "answer": the position in one sentence\./);
    // Round 1 is blind; round 2 quotes round 1's answers and arguments, fenced, the reader's own marked.
    const r1 = wire.calls.filter((c) => !isJudge(c) && /opening round/.test(lastUserText(c)));
    for (const c of r1) expect(lastUserText(c)).not.toMatch(/reasons in round/);
    for (const c of r1) expect(lastUserText(c)).toMatch(/Background reading, quoted as material:[\s\S]*┃ The team already knows Python well\./);
    const r2 = wire.callsTo('openai').find((c) => /This is round 2/.test(lastUserText(c)))!;
    expect(lastUserText(r2)).toMatch(/BEGIN MATERIAL MATERIAL-[0-9a-f]{12}: gpt-5\.4 \(you\) ═════\n┃ Answer: Pair up and build one small real project\.\n┃\n┃ openai reasons in round 1\./);
    expect(lastUserText(r2)).toMatch(/: claude-opus-4-6 ═════\n┃ Answer: Read the official tour/);
    expect(lastUserText(r2)).not.toMatch(/reasons in round 2/);
    expect(systemText(r2)).toMatch(/"answer": "<your position in one sentence>"/);
  });

  it("reads an answer given as a tool call in Anthropic's messages stream too", async () => {
    wire.script((call) => (isJudge(call) ? { text: 'none' } : { text: '', toolArguments: JSON.stringify({ answer: `Ship small (${call.provider}).`, argument: 'Because.', changed: false }) }));
    const run = await runCli(['debate', '--open', QUESTION, '--models', 'anthropic:claude-opus-4-6,anthropic:claude-sonnet-4-6', '--mode', 'poll', '--no-judge', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    expect(parse(run.stdout).rounds[0]!.turns.map((x) => [x.answer, x.reasks])).toEqual([
      ['Ship small (anthropic).', undefined],
      ['Ship small (anthropic).', undefined],
    ]);
  });

  it('asks again for a far-too-long answer, naming the limit', async () => {
    wire.script((call) => {
      if (isJudge(call)) return { text: 'no synthesis here' };
      const asked = asks(call);
      const answer = call.provider === 'openai' && asked <= 1 ? `Practise ${'daily '.repeat(100)}` : `Practise daily (${call.provider}).`;
      return { text: JSON.stringify({ answer, argument: 'Because.', changed: false }) };
    });
    const run = await runCli(['debate', '--open', QUESTION, '--models', 'openai:a,anthropic:b', '--mode', 'poll', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.rounds[0]!.turns[0]!.reasks![0]!.reason).toMatch(/^the answer is \d+ characters long; give it as one sentence of at most 400 characters/);
    expect(t.rounds[0]!.turns[0]!.answer).toBe('Practise daily (openai).');
  });

  it('hides every name from the seats and the judge under --anonymize, and maps the judge\'s panelist labels back to seats', async () => {
    wire.script((call) => {
      if (isJudge(call)) {
        const seats = /The seats to group \(their final answers\): (.*)/.exec(lastUserText(call))![1]!.split(', ');
        return { text: JSON.stringify({ answer: 'Read and build.', groups: [{ answer: 'Read and build.', members: seats }], counterpoint: null, summary: 'All agreed.', turningPoints: [] }) };
      }
      return { text: JSON.stringify({ answer: 'Read and build.', argument: 'I agree with the others.', changed: false }) };
    });
    const run = await runCli(['debate', '--open', QUESTION, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4', '--anonymize', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    for (const call of wire.calls) expect(`${systemText(call)}\n${JSON.stringify(call.body.messages)}`).not.toMatch(/gpt|claude|grok|openai|anthropic|xai/i);
    const t = parse(run.stdout);
    expect(openResult(t.result)).toMatchObject({ label: 'All agreed', agreed: 3, answer: 'Read and build.' });
    expect(openJudgement(t.judgement)!.groups[0]!.members.sort()).toEqual(t.panel.map((p) => p.id).sort());
  });
});

describe('open questions with personas and budgets', () => {
  it("gives a seat its persona in its open instructions", async () => {
    const dir = tempDir();
    const path = join(dir, 'personas.json');
    writeFileSync(path, JSON.stringify({ debaters: [{ name: 'A', model: 'openai:a', persona: 'You are a database administrator.' }, { name: 'B', model: 'anthropic:b' }] }));
    wire.script((call) => (isJudge(call) ? { text: 'not a synthesis' } : { text: JSON.stringify({ answer: 'Use Postgres.', argument: 'Because.', changed: false }) }));
    const run = await runCli(['debate', '--open', QUESTION, '--panel', path, '--mode', 'poll', '--no-judge', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const a = wire.callsTo('openai')[0]!;
    expect(systemText(a)).toMatch(/answers an open question[\s\S]*Your role on this panel: You are a database administrator\./);
    expect(systemText(wire.callsTo('anthropic')[0]!)).not.toMatch(/Your role/);
    expect(openResult(parse(run.stdout).result)).toMatchObject({ label: 'All agreed', agreed: 2, answer: null });
  });

  it('stops before a round --max-cost could pass, and the page says so', async () => {
    const argv = ['debate', '--open', QUESTION, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--max-cost', '0.02', ...MOCK];
    // Not even round 1 fits: nothing is called, and a run that did nothing is no success (exit 1).
    const run = await runCli([...argv, '--json'], { env: {} });
    expect(run.code, run.stderr).toBe(1);
    const t = parse(run.stdout);
    expect(t.status).toBe('failed');
    expect(t.stopReason).toMatch(/^stopped before round 1: --max-cost \$0\.0200: round 1 could cost about/);
    expect(t.stopReason).toMatch(/give --max-cost [\d.]+ or more/);
    expect(t.rounds).toEqual([]);
    expect(t.result).toBeNull();
  });
});

describe('open questions through a gateway', () => {
  it('--via openrouter sends every seat and the judge to OpenRouter with one key, and the open run completes', async () => {
    const names = ['Grok 4.1 Fast', 'GPT-5.4', 'Gemini 3.1 Pro', 'Mistral Large', 'Claude Opus 4.6', 'Kimi K2.5'];
    wire.script(mockScript(null, { paceMs: 0, seed: 2, panel: names }));
    const key = 'sk-or-v1-test-0000000000000000';
    const run = await runCli(['debate', '--open', QUESTION, '--via', 'openrouter', '--json', ...FAST], { env: { OPENROUTER_API_KEY: key } });
    expect(run.code, run.stderr).toBe(0);
    const calls = wire.calls;
    expect(calls.length).toBe(13);
    for (const call of calls) {
      expect(call.url).toBe('https://openrouter.ai/api/v1/chat/completions');
      expect(call.headers.get('authorization')).toBe(`Bearer ${key}`);
    }
    const t = parse(run.stdout);
    expect(t.settings?.via).toBe('openrouter');
    checkOpenRun(t, 2);
    expect(JSON.stringify(t)).not.toContain(key);
  });
});

describe("the judge's synthesis is checked before it is recorded", () => {
  const seatReplies = (call: WireCall) => ({ text: JSON.stringify({ answer: call.provider === 'xai' ? 'Take a course.' : 'Build a project.', argument: 'Because.', changed: false }) });
  const good = { answer: 'Build a project.', groups: [{ answer: 'Build', members: ['gpt-5.4', 'claude-opus-4-6'] }, { answer: 'Course', members: ['grok-4'] }], counterpoint: 'A course.', summary: 'Two of three.', turningPoints: [] };
  const models = 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4';

  it.each([
    ['leaves a seat out', { ...good, groups: [good.groups[0]] }, /grok-4 is in no group/],
    ['puts a seat in two groups', { ...good, groups: [good.groups[0], { answer: 'Course', members: ['grok-4', 'gpt-5.4'] }] }, /gpt-5\.4 is in groups 1 and 2/],
    ['names someone not on the panel', { ...good, groups: [good.groups[0], { answer: 'Course', members: ['grok-5'] }] }, /"grok-5" in group 2 is not a seat on this panel/],
    ['states a count that is not the largest group', { ...good, agreed: 3 }, /"agreed" is 3, but the largest group has 2 members/],
  ])('a judge that %s is asked again with the reason; its corrected reply is recorded', async (_name, bad, reason) => {
    wire.script((call) => (isJudge(call) ? { text: JSON.stringify(asks(call) > 1 ? good : bad) } : seatReplies(call)));
    const run = await runCli(['debate', '--open', QUESTION, '--models', models, '--mode', 'poll', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const reask = wire.calls.filter(isJudge).at(-1)!;
    expect(lastUserText(reask)).toMatch(new RegExp(`^Your reply could not be used: ${reason.source}`));
    expect(lastUserText(reask)).toMatch(/Every one of these seats belongs to exactly one group, named exactly so: gpt-5\.4, claude-opus-4-6, grok-4\./);
    const t = parse(run.stdout);
    expect(openResult(t.result)).toMatchObject({ label: 'Agreement', agreed: 2, panelSize: 3, answer: 'Build a project.', counterpoint: 'A course.' });
    expect(openResult(t.result)!.groups).toEqual([
      { answer: 'Build', members: ['gpt-5-4', 'claude-opus-4-6'] },
      { answer: 'Course', members: ['grok-4'] },
    ]);
  });

  it('a judge that breaks the rules twice is recorded as a judge error, never passed off as a synthesis', async () => {
    wire.script((call) => (isJudge(call) ? { text: JSON.stringify({ ...good, groups: [good.groups[0]] }) } : seatReplies(call)));
    const run = await runCli(['debate', '--open', QUESTION, '--models', models, '--mode', 'poll', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(t.judgement).toBeNull();
    expect(t.judgeError).toMatch(/no valid reply after asking twice: grok-4 is in no group/);
    const result = openResult(t.result)!;
    expect(isOpenResult(result)).toBe(true);
    expect(result.answer).toBeNull();
    expect(result.agreed).toBe(2);
    expect(run.stderr).toMatch(/✗ no judgement +(\$[\d.]+)?: no valid reply after asking twice: grok-4 is in no group/);
    expect(run.stderr).toMatch(/Done · No synthesis \(the judge gave none\) — 2 of 3 models gave the same answer/);
  });

  it('counts only the seats that answered: a seat with no final answer is neither grouped nor counted as agreeing', async () => {
    wire.script((call) => {
      if (isJudge(call)) {
        return { text: JSON.stringify({ ...good, groups: [{ answer: 'Build', members: ['gpt-5.4', 'claude-opus-4-6'] }] , counterpoint: null }) };
      }
      if (call.provider === 'xai') return { kind: 'http', status: 400, message: 'bad request' };
      return seatReplies(call);
    });
    const run = await runCli(['debate', '--open', QUESTION, '--models', models, '--mode', 'poll', '--json', ...FAST], { env: FAKE_KEYS });
    expect(run.code, run.stderr).toBe(0);
    const t = parse(run.stdout);
    expect(answered(t.rounds[0]!.turns[2]!)).toBe(false);
    expect(openResult(t.result)).toMatchObject({ label: 'Agreement', agreed: 2, panelSize: 3 });
    expect(run.stderr).toMatch(/✗ grok-4 +no answer/);
  });
});

describe('open questions in a batch', () => {
  it('reads open lines of a spec, and refuses options on an open line or none on a closed one', async () => {
    const { parseSpec } = await import('../src/batch/spec.js');
    const [open, closed] = parseSpec(['{"motion": "How should we pick a database?", "open": true, "answer": "Start simple"}', '{"motion": "Wet?", "options": ["Yes", "No"]}'].join('\n'), 'spec.jsonl');
    expect(open).toMatchObject({ open: true, answer: 'Start simple' });
    expect(open!.options).toBeUndefined();
    expect(closed!.options).toEqual(['Yes', 'No']);
    expect(() => parseSpec('{"motion": "M?", "open": true, "options": ["A", "B"]}', 'spec.jsonl')).toThrow('spec.jsonl line 1 is an open question ("open": true), so it takes no "options"; drop one of them.');
    expect(() => parseSpec('{"motion": "M?"}', 'spec.jsonl')).toThrow(/spec\.jsonl line 1 is not a valid question: the field "options" is missing/);
  });

  it('runs open questions beside closed ones, one open transcript each, the free-text answer kept for stats', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.jsonl');
    writeFileSync(spec, ['{"id": "db", "motion": "How should a small team pick a database?", "open": true, "answer": "Start simple"}', '{"id": "wet", "motion": "Is water wet?", "options": ["Yes", "No"]}'].join('\n'));
    const run = await runCli(['batch', spec, '--mock', '--out', join(dir, 'out'), '--models', 'openai:a,anthropic:b,xai:c', '--headless'], { env: {}, cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, 'out', 'db-r1.json'), 'utf8')));
    checkOpenRun(t, 2);
    expect(t.answer).toBe('Start simple');
    const closed = TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, 'out', 'wet-r1.json'), 'utf8')));
    expect(closed.open).toBeUndefined();
    expect(closed.options).toEqual(['Yes', 'No']);
  });
});
