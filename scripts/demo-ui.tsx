// Try the live view for real: a scripted debate (no network) fed to startLiveView on this
// terminal. `npx tsx scripts/demo-ui.tsx [debaters=6] [speed=1] [--save FILE]`, e.g. in tmux at 60
// and 160 columns; --save writes the debate's transcript, to try `roundtable replay` on.
import { writeFileSync } from 'node:fs';
import { DebateEvents, type DebateEvent } from '../src/core/events.js';
import { computeResult } from '../src/core/result.js';
import type { Transcript, Turn } from '../src/core/schema.js';
import { startLiveView } from '../src/ui/live.js';

const NAMES: [string, string][] = [
  ['Grok 4.1 Fast', 'xai:grok-4.1-fast'],
  ['GPT-5.4', 'openai:gpt-5.4'],
  ['Gemini 3.1 Pro', 'google:gemini-3.1-pro'],
  ['Mistral Large', 'mistral:mistral-large'],
  ['Claude Opus 4.6', 'anthropic:claude-opus-4-6'],
  ['Kimi K2.5', 'moonshot:kimi-k2.5'],
  ['DeepSeek V4', 'deepseek:deepseek-v4'],
  ['Llama 5 70B', 'ollama:llama5:70b'],
  ['Qwen 4 Max', 'openrouter:qwen/qwen-4-max'],
  ['Local vLLM', 'compat:my-model'],
  ['Grok 4.1 Heavy', 'xai:grok-4.1-heavy'],
  ['GPT-5.4 mini', 'openai:gpt-5.4-mini'],
];
const SENTENCES = [
  'Training a frontier model still takes tens of thousands of accelerators and the people who can keep such a run stable.',
  'Open weights narrow the gap for fine-tuning, but not for pretraining from scratch at the frontier.',
  'Proprietary feedback loops from millions of users compound into data nobody else can buy.',
  'Distillation and efficiency gains erode the advantage of incumbents faster than the capital barrier grows.',
  'A moat that shrinks every year is still a moat today, and the question is about today.',
  'Hostile text test: \u001b[2J\u001b[31mthis should not clear the screen or turn red\u001b]0;pwned\u0007 and stays readable.',
];

const args = process.argv.slice(2);
const saveAt = args.indexOf('--save');
const savePath = saveAt >= 0 ? args.splice(saveAt, 2)[1] : undefined;
const count = Math.max(2, Math.min(12, Number(args[0] ?? 6)));
const speed = Math.max(0.1, Number(args[1] ?? 1));
const rounds = 2;
const panel = NAMES.slice(0, count).map(([name, model]) => ({ id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, model }));
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms / speed));

const transcript: Transcript = {
  format: 'roundtable-transcript',
  version: 1,
  id: 'demo',
  motion: 'Is there a moat to training an LLM model?',
  options: ['Yes', 'No'],
  mode: 'debate',
  status: 'interrupted',
  source: 'mock',
  startedAt: new Date().toISOString(),
  finishedAt: null,
  panel,
  judge: { name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
  rounds: [],
  result: null,
  judgement: null,
  plannedRounds: rounds,
};
const snap = () => structuredClone(transcript);

function argumentFor(i: number, round: number): string {
  const picks = [0, 1, 2, 3, 4].map((k) => SENTENCES[(i + k + round) % 5]!);
  if (i === 2 && round === 1) picks.push(SENTENCES[5]!);
  return picks.join(' ');
}

async function main() {
  const events = new DebateEvents((e) => process.stderr.write(`listener failed: ${String(e)}\n`));
  const view = startLiveView({ stdout: process.stdout, stdin: process.stdin, events, transcriptPath: 'transcripts/demo.json', onInterrupt: () => process.exit(130) });
  const emit = (e: DebateEvent) => events.emit(e);
  emit({ type: 'debate_started', transcript: snap() });
  const votes = new Map<string, string>();
  for (let round = 1; round <= rounds; round++) {
    await wait(400);
    transcript.rounds.push({ number: round, turns: [] });
    emit({ type: 'round_started', round, debaters: panel.map((p) => p.id) });
    await Promise.all(
      panel.map(async (member, i) => {
        emit({ type: 'turn_started', round, debater: member.id });
        await wait(300 + i * 150);
        const before = votes.get(member.id) ?? null;
        const vote = (i % 6 === 5 && round === 1) || (i % 6 === 3 && round === 2) ? 'No' : 'Yes';
        if (i === 1 && round === 1) {
          for (const piece of ['{"vote": "Yes", "argument": "This partial reply ', 'will be dropped']) {
            emit({ type: 'token', round, debater: member.id, text: piece });
            await wait(200);
          }
          emit({ type: 'retry', round, debater: member.id, note: { attempt: 1, reason: 'HTTP 429 rate limited', delayMs: 1000 } });
          await wait(800);
        }
        const failed = i === 4 && round === 1;
        if (!failed) {
          const json = JSON.stringify({ vote, argument: argumentFor(i, round) });
          for (const piece of json.match(/.{1,7}/gs) ?? []) {
            emit({ type: 'token', round, debater: member.id, text: piece });
            await wait(12 + (i % 3) * 6);
          }
        } else {
          await wait(2500);
        }
        const retries = i === 1 && round === 1 ? [{ attempt: 1, reason: 'HTTP 429 rate limited', delayMs: 1000 }] : undefined;
        const turn: Turn = {
          debater: member.id,
          vote: failed ? null : vote,
          argument: failed ? '' : argumentFor(i, round),
          previousVote: before,
          changed: !failed && before !== null && before !== vote,
          latencyMs: 2000 + i * 321,
          usage: null,
          error: failed ? 'the reply had no valid vote after a second ask: "Maybe" is not one of the options' : null,
          ...(retries ? { retries } : {}),
        };
        if (!failed) votes.set(member.id, vote);
        transcript.rounds.at(-1)!.turns.push(turn);
        emit({ type: 'turn_finished', round, turn, transcript: snap() });
      }),
    );
    transcript.result = computeResult(transcript.options, transcript.rounds.at(-1), panel.length);
    emit({ type: 'round_finished', round, transcript: snap() });
  }
  emit({ type: 'judging', judge: 'Claude Opus 4.6' });
  await wait(1500);
  transcript.judgement = {
    summary:
      'Most of the panel held that a moat exists at the frontier: capital, compute, tacit know-how and proprietary feedback data. The dissent argued that open weights and distillation erode it quickly; the majority answered that erosion is not absence.',
    strongestArguments: { Yes: 'Pretraining at the frontier still needs capital and know-how few have.', No: 'Open weights and distillation shrink the gap every year.' },
    turningPoints: ['Round 2: the distinction between fine-tuning and pretraining from scratch.', 'Mistral Large switched to No on the pace of distillation.'],
  };
  emit({ type: 'judged', judgement: transcript.judgement, error: null, transcript: snap() });
  transcript.status = 'complete';
  transcript.finishedAt = new Date().toISOString();
  emit({ type: 'debate_finished', transcript: snap() });
  await view.done();
  if (savePath) writeFileSync(savePath, `${JSON.stringify(transcript, null, 2)}\n`);
  process.stdout.write('(demo finished; the shell prompt would be here)\n');
}

void main();
