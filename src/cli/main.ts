// The command line: parses arguments with commander and hands each command to its module.
// Bad usage is one sentence on stderr and exit code 2; a stack trace is a bug.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, UsageError } from '../util/errors.js';
import { sanitizeText } from '../util/sanitize.js';
import { COMMAND, processIo, type Io } from './io.js';
import { applyNumberDefaults, NUMBER_FLAGS, numberOption, parseNumberFlag, rangeHelp, type NumberRange } from './number-flags.js';
// Each command's code is loaded when it runs (start-up: --version and --help load none of it).
const debateCommand: typeof import('./commands/debate.js').debateCommand = async (...a) => (await import('./commands/debate.js')).debateCommand(...a);
const replayCommand: typeof import('./commands/replay.js').replayCommand = async (...a) => (await import('./commands/replay.js')).replayCommand(...a);
const importCommand: typeof import('./commands/import.js').importCommand = async (...a) => (await import('./commands/import.js')).importCommand(...a);
const exportCommand: typeof import('./commands/export.js').exportCommand = async (...a) => (await import('./commands/export.js')).exportCommand(...a);
const compareCommand: typeof import('./commands/compare.js').compareCommand = async (...a) => (await import('./commands/compare.js')).compareCommand(...a);
const reportCommand: typeof import('./commands/report.js').reportCommand = async (...a) => (await import('./commands/report.js')).reportCommand(...a);
const doctorCommand: typeof import('./commands/doctor.js').doctorCommand = async (...a) => (await import('./commands/doctor.js')).doctorCommand(...a);
const batchCommand: typeof import('./commands/batch.js').batchCommand = async (...a) => (await import('./commands/batch.js')).batchCommand(...a);
const statsCommand: typeof import('./commands/stats.js').statsCommand = async (...a) => (await import('./commands/stats.js')).statsCommand(...a);
const mcpCommand: typeof import('./commands/mcp.js').mcpCommand = async (...a) => (await import('./commands/mcp.js')).mcpCommand(...a);

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Flags that make no sense together, per command: each pair refused with exit 2 and one sentence,
 * before anything runs. `needs`: a flag that only applies with one of the others.
 */
const CONFLICTS: Record<string, Array<{ flags: [string, string]; message: string }>> = {
  debate: [{ flags: ['--judge', '--no-judge'], message: 'Give --judge or --no-judge, not both.' }],
  doctor: [{ flags: ['--judge', '--no-judge'], message: 'Give --judge or --no-judge, not both.' }],
  replay: [{ flags: ['--speed', '--headless'], message: '--speed sets the pace of the player and --headless prints the text instead, so give one of them.' }],
};
const NEEDS: Record<string, Array<{ flag: string; oneOf: string[]; message: string }>> = {
  debate: [{ flag: '--mock-pace', oneOf: ['--mock', '--mock-from', '--demo', '--resume'], message: '--mock-pace sets the pace of mock replies, so it needs --mock.' }],
};

/** Remembers which flags the user typed on a command (commander merges --judge and --no-judge into one value). */
function trackFlags(command: Command): void {
  const typed = new Set<string>();
  for (const option of command.options) {
    command.on(`option:${option.name()}`, () => typed.add(option.long ?? option.name()));
  }
  command.hook('preAction', () => {
    for (const { flags, message } of CONFLICTS[command.name()] ?? []) {
      if (flags.every((f) => typed.has(f))) throw new UsageError(message);
    }
    for (const { flag, oneOf, message } of NEEDS[command.name()] ?? []) {
      if (typed.has(flag) && !oneOf.some((f) => typed.has(f))) throw new UsageError(message);
    }
  });
}

/** A number flag of batch or worker only, checked against its own range (the table's rows are debate's). */
function rangedOption(flags: string, description: string, range: NumberRange): Option {
  const flag = flags.split(' ')[0]!;
  // The command fills in the default (shown in --help here), so commander does not print it twice.
  return new Option(flags, `${description} ${rangeHelp(range)}`).argParser((value: string) => parseNumberFlag(flag, range, value));
}

/** export --format: text or markdown; HTML is the report command's, and the message says so. */
function exportFormat(value: string): 'text' | 'markdown' {
  const format = value.trim().toLowerCase();
  if (format === 'text' || format === 'markdown') return format;
  if (format === 'md') return 'markdown';
  const page = /^html?$/.test(format) ? `; for an HTML page run ${COMMAND} report FILE -o page.html` : '';
  throw new UsageError(`export --format takes text or markdown, not "${value}"${page}.`);
}

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('roundtable')
    .description('Language models from different providers debate a motion, vote, and change their minds; a judge writes it up.')
    .version(pkg.version, '-v, --version')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line: commander's suggestion ("Did you mean …?") joins the sentence.
      outputError: (s, write) => write(`${sanitizeText(s.replace(/^error: /, 'roundtable: ').trim().replace(/\s*\n\s*/g, ' '))}\n`),
    })
    .exitOverride()
    .hook('preAction', applyNumberDefaults);

  program
    .command('debate')
    .description('run a debate and save its transcript')
    .argument('[motion]', 'the motion to debate (or --motion)')
    .option('--motion <text>', 'the motion to debate')
    .option('--options <list>', 'the options, comma-separated', 'Yes,No')
    .option('--open', 'an open question with no options: each model answers in a sentence (an Open Debate; with --mode poll an Open Poll)')
    .option('--panel <file|preset>', 'a panel file, or a preset: seed', undefined)
    .option('--models <ids>', 'a panel without a file: provider:model,provider:model,…')
    .option('--judge <id>', 'the judge, provider:model')
    .option('--no-judge', 'skip the judgement')
    .addOption(numberOption('--rounds <n>', 'total rounds, the blind opening round included', '--rounds'))
    .addOption(new Option('--mode <mode>', 'debate, or poll (one round)').choices(['debate', 'poll']).default('debate'))
    .option('--out <file>', 'where to save the transcript (default transcripts/<date>-<slug>.json)')
    .option('--headless', 'plain line output (automatic without a TTY or with CI set)')
    .option('--json', 'print the final transcript on stdout')
    .option('--mock [motion]', 'mock mode, no network, no keys: replies generated for any motion (the seed debate rerun when none is given); an existing .json/.txt value is an old script file')
    .option('--mock-from <file>', 'mock mode with replies scripted from a transcript or roundtable text file (debaters matched by name)')
    .addOption(numberOption('--seed <n>', 'the seed of every random choice: mock replies, seating, shuffles (recorded in the transcript)', '--seed'))
    .addOption(numberOption('--mock-pace <ms>', 'mock mode: milliseconds between streamed chunks (0 for none)', '--mock-pace'))
    .option('--resume <file>', 'continue an interrupted transcript from its first unfinished round')
    .option('--brief <files>', 'background reading for every debater, comma-separated files, or "seed" for seeds/001-004')
    .addOption(new Option('--protocol <name>', 'roundtable (rounds of votes), or council (answers, then anonymous peer ranking; the judge chairs)').choices(['roundtable', 'council']).default('roundtable'))
    .option('--anonymize', 'debaters and the judge see each other as "Panelist A…", never a model, provider or company name')
    .option('--shuffle', 'each debater reads the quoted arguments in its own order')
    .addOption(numberOption('--concurrency <n>', 'calls in flight per provider', '--concurrency'))
    .addOption(numberOption('--max-context <tokens>', 'the most one prompt may hold; quoted arguments are shortened, with a marker, to fit', '--max-context'))
    .addOption(numberOption('--max-tokens <n>', 'the longest reply a debater may give, in tokens', '--max-tokens'))
    .addOption(numberOption('--judge-max-tokens <n>', 'the longest write-up the judge may give, in tokens (what a budget reserves for it)', '--judge-max-tokens'))
    .addOption(numberOption('--retries <n>', 'attempts after the first for a failed call', '--retries'))
    .addOption(numberOption('--retry-base-ms <ms>', 'the first backoff delay; it doubles each retry, with jitter', '--retry-base-ms'))
    .addOption(numberOption('--first-token-timeout <s>', 'seconds to wait for the first byte of a reply (any byte counts, keep-alive comments too)', '--first-token-timeout'))
    .addOption(numberOption('--idle-timeout <s>', 'seconds a stream may go without sending a single byte', '--idle-timeout'))
    .addOption(numberOption('--call-timeout <s>', 'seconds one attempt may take in all', '--call-timeout'))
    .option('--prices <file>', 'a JSON file of prices that override or add to the catalogue (USD per million tokens)')
    .addOption(numberOption('--max-cost <usd>', 'stop before a round that could take the run past this many US dollars', '--max-cost'))
    .addOption(numberOption('--max-run-tokens <n>', 'stop before a round that could take the run past this many tokens (input + output)', '--max-run-tokens'))
    .option('--dry-run', 'print the planned calls with a cost range, and call nothing')
    .addOption(new Option('--via <gateway>', 'send every seat through one gateway: openrouter (OPENROUTER_API_KEY) or compat'))
    .option('--base-url <url>', 'with --via compat: the gateway\'s OpenAI-compatible base URL')
    .option('--api-key-env <var>', 'with --via compat: the NAME of the variable holding the gateway key')
    .option('--human <name>', 'take a seat yourself, under this name: you vote and argue in the live view as the models do')
    .addOption(numberOption('--human-timeout <s>', 'with --human: seconds your turn may take; past it your seat has no vote that round', '--human-timeout'))
    .option('--human-visible', 'with --human: tell the models which panelist is a person (by default you sit as a panelist like the others)')
    .option('--topology <spec>', 'who reads whom in later rounds: full (everyone, the default), ring (two neighbours), random:K (K others drawn per round), groups:K (groups of K, digests between groups)')
    .option('--digest', 'after each round the judge\'s model (or --digest-model) writes a short neutral digest that every seat reads next')
    .option('--digest-model <id>', 'with --digest: the model that writes the digests, provider:model')
    .option('--demo', 'what npm start runs: the seed debate, live when every key is set (through OpenRouter when only OPENROUTER_API_KEY is), in mock mode otherwise')
    .action(async (motion: string | undefined, opts, cmd: Command) =>
      setExit(await debateCommand(io, { ...opts, motionArg: motion, given: Object.keys(opts).filter((k) => cmd.getOptionValueSource(k) === 'cli') })));

  program
    .command('replay')
    .description('play a saved transcript back in the terminal')
    .argument('<file>', 'a transcript JSON file')
    .addOption(numberOption('--speed <n>', 'playback speed: 1 is the recorded pace, 2 twice as fast, 0 instant', '--speed'))
    .option('--headless', 'print the transcript in the roundtable text format instead')
    .action(async (file: string, opts) => setExit(await replayCommand(io, file, opts)));

  program
    .command('import')
    .description('read a debate in the roundtable text format into a transcript (JSON on stdout without -o)')
    .argument('<text-file>', 'a debate in the roundtable text format')
    .option('-o, --out <file>', 'write the transcript here instead of stdout')
    .action(async (file: string, opts) => setExit(await importCommand(io, file, opts)));

  program
    .command('export')
    .description('write a transcript in the roundtable text format or Markdown on stdout')
    .argument('<file>', 'a transcript JSON file')
    .addOption(new Option('--format <format>', 'text or markdown (an HTML page is `roundtable report FILE -o page.html`)').default('text').argParser(exportFormat))
    .action(async (file: string, opts) => setExit(await exportCommand(io, file, opts)));

  program
    .command('compare')
    .description('compare two transcripts: outcome, each debater\'s final vote, argument similarity (cosine over word unigram+bigram counts)')
    .argument('<a>', 'a transcript JSON file')
    .argument('<b>', 'another transcript JSON file')
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string, b: string, opts) => setExit(await compareCommand(io, a, b, opts)));

  program
    .command('batch')
    .description('run many debates from a JSONL spec (motion, options, optional answer and overrides a line): one transcript each in --out plus batch.json')
    .argument('[spec]', 'a JSONL file, one question a line (not with --resume)')
    .addOption(rangedOption('--repeats <n>', 'runs of each question', { min: 1, max: 10_000, integer: true, default: 1 }))
    .addOption(rangedOption('--concurrency <n>', 'debates at once in this process', { min: 1, max: 1000, integer: true, default: 4 }))
    .option('--out <dir>', 'the folder for the transcripts and batch.json (default runs/<date>-<spec name>)')
    .addOption(rangedOption('--seed <n>', 'the batch seed; each question and repeat gets a seed derived from it', { ...NUMBER_FLAGS['--seed'], defaultNote: '1' }))
    .addOption(rangedOption('--max-cost <usd>', 'stop starting runs once the batch has cost this much, in USD', { min: 0, max: 1_000_000, integer: false }))
    .option('--prices <file>', 'a JSON file of prices that override or add to the catalogue (USD per million tokens), for every run')
    .option('--mock', 'mock mode: generated replies, no network, no keys (with an answer, seeded per-debater skill)')
    .addOption(rangedOption('--mock-pace <ms>', 'mock mode: milliseconds between streamed chunks', { ...NUMBER_FLAGS['--mock-pace'], default: 0 }))
    .option('--panel <file|preset>', 'the panel of every question without its own (default preset seed)')
    .option('--models <ids>', 'a panel without a file: provider:model,provider:model,…')
    .option('--judge <id>', 'the judge, provider:model')
    .option('--no-judge', 'skip the judgement')
    .addOption(rangedOption('--rounds <n>', 'total rounds of a question without its own', { ...NUMBER_FLAGS['--rounds'], default: 2, defaultNote: '2' }))
    .option('--topology <spec>', 'who reads whom for every question without its own: full, ring, random:K or groups:K')
    .option('--digest', 'a neutral digest of each round, by the judge\'s model (or --digest-model), that every seat reads next')
    .option('--digest-model <id>', 'with --digest: the model that writes the digests')
    .addOption(numberOption('--max-tokens <n>', 'the longest reply a debater may give, in tokens', '--max-tokens'))
    .addOption(numberOption('--judge-max-tokens <n>', 'the longest write-up a judge may give, in tokens (what a budget reserves for it)', '--judge-max-tokens'))
    .addOption(numberOption('--retries <n>', 'attempts after the first for a failed call', '--retries'))
    .addOption(numberOption('--retry-base-ms <ms>', 'the first backoff delay; it doubles each retry, with jitter', '--retry-base-ms'))
    .option('--headless', 'plain progress lines instead of the live bar')
    .option('--resume <dir>', 'continue a batch: skip finished runs, rerun the rest')
    .option('--queue <url>', 'put the runs on a BullMQ queue at redis://HOST:PORT and wait for workers')
    .action(async (spec: string | undefined, opts, cmd: Command) =>
      setExit(await batchCommand(io, spec, { ...opts, given: Object.keys(opts).filter((k) => cmd.getOptionValueSource(k) === 'cli') })));

  program
    .command('worker')
    .description('take batch runs from a BullMQ queue on Redis until stopped (SIGINT/SIGTERM stop it at once and hand the runs in flight back to the queue, where another worker continues each from its last saved round)')
    .requiredOption('--queue <url>', 'the Redis URL, redis://HOST:PORT')
    .addOption(rangedOption('--concurrency <n>', 'runs at once in this worker', { min: 1, max: 1000, integer: true, default: 1 }))
    .option('--limit <n/seconds>', 'at most n runs started per that many seconds, across every worker of the queue (BullMQ limiter; n 1 to 1000000, seconds 0.001 to 86400)')
    .option('--rate <provider=n/seconds,...>', 'at most n calls to a provider per that many seconds, counted in Redis across every worker given it (e.g. openai=500/60,anthropic=50/60; ranges as --limit)')
    .option('--id <name>', 'this worker\'s name in batch.json (default host:pid)')
    .addOption(rangedOption('--lock-ms <ms>', 'how long a run stays locked to a silent worker before it goes back to the queue', { min: 100, max: 3_600_000, integer: true }).hideHelp())
    .action(async (opts) => {
      const { workerCommand } = await import('./commands/worker.js');
      setExit(await workerCommand(io, opts));
    });

  program
    .command('stats')
    .description('measure a set of transcripts: outcomes and vote stability over repeats; with answers, accuracy per round against the vote baseline, flip rates, conformity (95 % intervals: Wilson, cluster bootstrap); councils apart; cost')
    .argument('<paths...>', 'transcript files, or folders of them (a batch --out folder)')
    .option('--json', 'print the measures as JSON')
    .option('--csv', 'print the measures as CSV, one measure a row')
    .option('--ties <rule>', 'a majority tie that includes the answer: random (scores 1/k, the default) or first (the earliest seat\'s vote wins)', 'random')
    .action(async (paths: string[], opts) => setExit(await statsCommand(io, paths, opts)));

  program
    .command('mcp')
    .description('serve debate, poll, transcript, compare and list_transcripts as Model Context Protocol tools (stdio; --http for Streamable HTTP on 127.0.0.1)')
    .option('--mock', 'every call in mock mode: no keys, no network, replies generated and marked as mock')
    .addOption(new Option('--http <port>', 'serve Streamable HTTP at http://127.0.0.1:PORT/mcp instead of stdio (0: any free port, said on stderr)').argParser((v: string) => parseNumberFlag('--http', { min: 0, max: 65535, integer: true }, v)))
    .addOption(new Option('--max-cost-per-call <usd>', `the most any one call may spend, whatever its max_cost ${rangeHelp(NUMBER_FLAGS['--max-cost'])}`).argParser((v: string) => parseNumberFlag('--max-cost-per-call', NUMBER_FLAGS['--max-cost'], v)))
    .option('--token-env <var>', 'with --http: the NAME of the variable holding the bearer token clients must send (default ROUNDTABLE_MCP_TOKEN, when it is set)')
    .addOption(new Option('--mock-pace <ms>', 'mock mode: milliseconds between streamed chunks').argParser((v: string) => parseNumberFlag('--mock-pace', NUMBER_FLAGS['--mock-pace'], v)).hideHelp())
    .action(async (opts) => setExit(await mcpCommand(io, opts, pkg.version)));

  program
    .command('doctor')
    .description('check every seat before a live run: key set, base URL, one tiny live call, price known')
    .option('--panel <file|preset>', 'a panel file, or a preset: seed')
    .option('--models <ids>', 'a panel without a file: provider:model,provider:model,…')
    .option('--judge <id>', 'the judge, provider:model')
    .option('--no-judge', 'no judge to check')
    .addOption(new Option('--via <gateway>', 'check every seat through one gateway: openrouter or compat'))
    .option('--base-url <url>', 'with --via compat: the gateway\'s OpenAI-compatible base URL')
    .option('--api-key-env <var>', 'with --via compat: the NAME of the variable holding the gateway key')
    .option('--prices <file>', 'a JSON file of prices that override or add to the catalogue')
    .addOption(numberOption('--timeout <s>', 'seconds each live call may take', '--timeout'))
    .option('--json', 'print the checks as JSON')
    .action(async (opts) => setExit(await doctorCommand(io, opts)));

  program
    .command('report')
    .description('write one self-contained HTML page of a debate, or of several (files or a batch folder), with its pictures')
    .argument('<paths...>', 'transcript JSON files, or folders of them')
    .option('-o, --out <file>', 'write the page here instead of stdout')
    .option('--title <text>', 'the title of a report of several debates')
    .option('--ties <rule>', 'a majority tie that includes the answer, as in stats: random (scores 1/k, the default) or first (the earliest seat\'s vote wins)', 'random')
    .action(async (paths: string[], opts) => setExit(await reportCommand(io, paths, opts)));

  // Conflicts are judged on the flags as typed, so the defaults filled in by applyNumberDefaults do not count.
  for (const command of program.commands) trackFlags(command);
  return program;
}

/** Runs the CLI with argv (without node and the script) and resolves with the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number = ExitCode.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`roundtable: ${sanitizeText(err.message)}\n`);
      return ExitCode.usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`roundtable: unexpected failure: ${sanitizeText(message)}\n`);
    if (io.env.ROUNDTABLE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${sanitizeText(err.stack)}\n`);
    return ExitCode.failed;
  }
}
