// `roundtable debate`: runs the planned debate with its listeners (the transcript writer, headless
// lines or the Ink view), and maps the outcome to an exit code.
import { resolve } from 'node:path';
import { DebateEvents, type DebateEvent } from '../../core/events.js';
import { PromptBook } from '../../prompting/prompts.js';
import type { Transcript } from '../../core/schema.js';
import { releaseReserved, transcriptJson, transcriptWriter } from '../../transcript/store.js';
import { exportText } from '../../transcript/text-format.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { HumanQueue } from '../../core/human.js';
import { costLine } from '../../cost/format.js';
import { sanitizeLine, sanitizeText } from '../../util/sanitize.js';
import { budgetPlan, dryRunBudgetLine, dryRunLines } from '../../plan/cost-plan.js';
import { runPlan } from '../../plan/run.js';
import { planDebate, type DebateFlags, type Plan } from '../../plan/debate-plan.js';
import { headlessPrinter } from '../headless.js';
import { isHeadless, suggestCommand, type Io } from '../io.js';

export type { DebateFlags };

export async function debateCommand(io: Io, flags: DebateFlags): Promise<number> {
  const headless = isHeadless(io, flags.headless) || Boolean(flags.json);
  // A person at the table needs the live view to answer in: refused before anything is planned.
  if (flags.human !== undefined && (headless || !io.stdin?.isTTY)) {
    throw new UsageError('--human seats you at the terminal, so it needs the live view: run it in an interactive terminal, without --headless, --json, a pipe or CI set.');
  }
  const planned = await planDebate(io, flags);
  try {
    return await runPlanned(io, flags, planned);
  } catch (err) {
    // A run that failed before its first save leaves no empty file behind (it would break stats and report).
    if (!planned.resume && planned.outPath) releaseReserved(planned.outPath);
    throw err;
  }
}

async function runPlanned(io: Io, flags: DebateFlags, planned: Plan): Promise<number> {
  const { config, outPath, mock, notice, prices, limits } = planned;
  const headless = isHeadless(io, flags.headless) || Boolean(flags.json);
  const person = config.panel.some((p) => p.human);
  if (person && (headless || !io.stdin?.isTTY)) {
    throw new UsageError('This panel seats a person ("human": true), who answers in the live view: run it in an interactive terminal, without --headless, --json, a pipe or CI set.');
  }
  const desk = person ? new HumanQueue() : undefined;
  const err = (line: string) => io.stderr.write(`${sanitizeText(line)}\n`);
  if (notice) err(notice);
  const prompts = new PromptBook();
  const plan = budgetPlan(config, prompts);
  if (flags.dryRun) {
    const budget = dryRunBudgetLine(limits, plan, prices);
    io.stdout.write(`${[...dryRunLines(config, plan, prices), ...(budget ? [budget] : [])].map((l) => sanitizeText(l).replace(/\n/g, ' ')).join('\n')}\n`);
    return ExitCode.ok;
  }

  const env = io.env;
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  const onSignal = () => interrupt();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  io.signal?.addEventListener('abort', interrupt, { once: true });

  const events = new DebateEvents((e) => err(`roundtable: a listener failed: ${(e as Error).message}`));
  const writer = transcriptWriter(outPath, err);
  events.on(writer.listener, { tokens: false });
  let view: { done(): Promise<void> } | null = null;
  let viewReady: Promise<void> = Promise.resolve();
  // Resolved once the first request is on its way (or the run settled without one).
  let firstSent = () => {};
  const sent = new Promise<void>((resolve) => (firstSent = resolve));
  if (headless) {
    events.on(headlessPrinter(err, { mock: Boolean(mock) }), { tokens: false });
  } else {
    // Ink and React are loaded after the first requests are sent; the events until then are kept
    // and handed to the view first, so it draws the same screen.
    const early: DebateEvent[] = [];
    const keep = events.on((e) => early.push(e));
    // With a person at the table the view opens at once: the person's turn may be the first ask.
    viewReady = (person ? Promise.resolve() : sent).then(async () => {
      const { startLiveView } = await import('../../ui/live.js');
      keep();
      const replayed = { on: (listener: (e: DebateEvent) => void) => (early.splice(0).forEach(listener), events.on(listener)) };
      view = startLiveView({ stdout: io.stdout, stdin: io.stdin, events: replayed, transcriptPath: outPath, onInterrupt: interrupt, ...(desk ? { desk } : {}) });
    });
  }

  let transcript: Transcript;
  try {
    transcript = await runPlan(
      planned,
      flags,
      { env, events, signal: controller.signal, prompts, budget: plan, onSent: firstSent, saved: writer.settled, ...(desk ? { human: desk } : {}) },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    firstSent();
    await viewReady;
    await (view as { done(): Promise<void> } | null)?.done();
  }

  // The end: the last save is made sure of, and a save that failed is never reported as saved.
  const save = await writer.finish(transcript);
  if (flags.json || (!save.saved && !save.path)) io.stdout.write(transcriptJson(transcript));
  else if (headless && transcript.status === 'complete') io.stdout.write(sanitizeText(exportText(transcript)));
  // The live screen's last frame already carries the cost line; headless output prints it here.
  const cost = headless ? costLine(transcript) : null;
  if (cost) err(sanitizeLine(cost));
  if (!save.saved) err(save.message);
  else if (headless) err(`Transcript saved to ${relativeToCwd(io, outPath)}`);
  if (transcript.status === 'interrupted' && save.path) err(`Resume with: ${suggestCommand('debate', '--resume', relativeToCwd(io, save.path))}`);
  if (!save.saved) return ExitCode.failed;
  if (transcript.status === 'interrupted') return ExitCode.interrupted;
  return transcript.status === 'complete' ? ExitCode.ok : ExitCode.failed;
}

function relativeToCwd(io: Io, path: string): string {
  const cwd = resolve(io.cwd);
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
