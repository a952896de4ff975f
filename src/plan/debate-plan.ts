// Turns `roundtable debate` flags into a debate plan, checking everything before any call is
// made: the motion, options, panel, judge, keys, output path, resume and mock script.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingKeys, resolveEndpoint, type SeatConfig } from '../agents/factory.js';
import type { BudgetLimits } from '../cost/budget.js';
import type { PriceBook } from '../cost/prices.js';
import { assignIds, type DebateConfig } from '../engine/debate.js';
import { parseVia, type Via } from '../gateway/via.js';
import { HUMAN_MODEL, PRESETS, resolvePanel, type Panel, type PanelSeat } from './panel.js';
import { MAX_PANEL, type Settings, type Transcript } from '../core/schema.js';
import { judgeReplyTokens } from '../core/reply-cap.js';
import { freePath, loadTranscript, prepareOutputPath, readInputFile, reserveOutputPath } from '../transcript/store.js';
import { optionByLabel } from '../core/options.js';
import { freshSeed } from '../core/random.js';
import { COUNCIL_ROUNDS } from '../protocols/council.js';
import type { ProtocolName } from '../protocols/protocol.js';
import { parseTopology, topologyName, type Topology } from '../protocols/topology.js';
import { DEFAULT_MOCK_SEED } from '../mock/generator.js';
import { UsageError } from '../util/errors.js';
import { slugify } from '../util/slug.js';
import { checkPricedForBudget, loadPrices, priceBookFor, routePanel } from './cost-plan.js';
import { COMMAND } from '../util/command.js';
import { refuseOwnInput } from '../util/own-inputs.js';

/** What planning needs of the outside world: the environment (keys) and the folder it runs in. */
export interface PlanIo {
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface DebateFlags {
  motionArg?: string;
  motion?: string;
  options: string;
  /** An open question: no options; each seat answers in a sentence. */
  open?: boolean;
  panel?: string;
  models?: string;
  judge?: string | false;
  rounds?: number;
  mode: 'debate' | 'poll';
  out?: string;
  headless?: boolean;
  json?: boolean;
  mock?: string | true;
  /** Script mock replies from this transcript or text file. */
  mockFrom?: string;
  /** Seeds generated mock replies. */
  seed?: number;
  mockPace?: number;
  resume?: string;
  brief?: string;
  maxTokens: number;
  /** The judge's reply limit (default: the larger of maxTokens and 2000). */
  judgeMaxTokens?: number;
  retries: number;
  retryBaseMs: number;
  firstTokenTimeout: number;
  idleTimeout: number;
  callTimeout: number;
  /** npm start: the seed motion, live when every key is set, mock (and saying so) when not. */
  demo?: boolean;
  protocol?: ProtocolName;
  anonymize?: boolean;
  shuffle?: boolean;
  concurrency?: number;
  maxContext?: number;
  /** Cost: a prices file, budgets, a plan without calls, a gateway for every seat. */
  prices?: string;
  maxCost?: number;
  maxRunTokens?: number;
  dryRun?: boolean;
  via?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  /** A seat for the person at the terminal, under this name (--human NAME). */
  human?: string;
  /** Seconds a person's turn may take (none by default). */
  humanTimeout?: number;
  /** Tell the models which panelist is a person. */
  humanVisible?: boolean;
  /** Who reads whom: full, ring, random:K or groups:K. */
  topology?: string;
  /** A digest of each round for every seat, by the judge's model or --digest-model. */
  digest?: boolean;
  digestModel?: string;
  /** The flags given on the command line (not defaulted), by their option names. */
  given?: string[];
}

/** The seating and limits every run takes from its flags (a resumed run too). */
function seatingFlags(flags: DebateFlags): Pick<DebateConfig, 'anonymize' | 'shuffle' | 'concurrency' | 'maxContext'> {
  return {
    anonymize: Boolean(flags.anonymize),
    shuffle: Boolean(flags.shuffle),
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.maxContext !== undefined ? { maxContext: flags.maxContext } : {}),
  };
}

/** Each seat's stance, checked against the options and written as the option's own label. */
function withStances<T extends SeatConfig>(seats: T[], options: readonly string[]): T[] {
  return seats.map((seat) => {
    if (seat.stance === undefined) return seat;
    const option = optionByLabel(options, seat.stance.trim());
    if (!option) throw new UsageError(`${seat.name} has the stance "${seat.stance}", which is not one of the options (${options.join(', ')}).`);
    return { ...seat, stance: option };
  });
}

/** What a resume takes from the transcript: these flags would be ignored, so they are refused. */
const FIXED_BY_TRANSCRIPT: [keyof DebateFlags, string][] = [
  ['motion', '--motion'],
  ['options', '--options'],
  ['open', '--open'],
  ['panel', '--panel'],
  ['models', '--models'],
  ['rounds', '--rounds'],
  ['mode', '--mode'],
  ['out', '--out'],
  ['topology', '--topology'],
  ['digest', '--digest'],
  ['digestModel', '--digest-model'],
  ['human', '--human'],
];

function refuseIgnoredFlags(flags: DebateFlags): void {
  const given = new Set<string>(flags.given ?? []);
  // --options and --mode always hold a value (their defaults): only the command line says if they were given.
  const ignored = FIXED_BY_TRANSCRIPT.filter(([key]) => given.has(key) || (key !== 'options' && key !== 'mode' && flags[key] !== undefined)).map(([, flag]) => flag);
  if (flags.motionArg !== undefined) ignored.unshift('a motion');
  if (ignored.length) {
    throw new UsageError(`--resume continues the debate its transcript describes, so it cannot take ${ignored.join(', ')}; run it without ${ignored.length > 1 ? 'them' : 'it'}.`);
  }
}

/** --topology, --digest and --digest-model, checked against the protocol and the judge. */
export function readingPlan(
  flags: Pick<DebateFlags, 'topology' | 'digest' | 'digestModel'>,
  protocol: ProtocolName,
  judge: PanelSeat | null,
  panel: readonly PanelSeat[],
): { topology: Topology; digest: PanelSeat | null } {
  let topology: Topology = { kind: 'full' };
  if (flags.topology !== undefined) {
    const parsed = parseTopology(flags.topology);
    if ('error' in parsed) throw new UsageError(`${parsed.error}.`);
    topology = parsed;
  }
  if (flags.digestModel !== undefined && !flags.digest) throw new UsageError('--digest-model names the model that writes the round digests, so it needs --digest.');
  if (protocol === 'council' && (topology.kind !== 'full' || flags.digest || panel.some((p) => p.reads))) {
    throw new UsageError('--protocol council reads every answer in its review, so it takes no --topology, --digest or reading lists.');
  }
  let digest: PanelSeat | null = null;
  if (flags.digest) {
    if (flags.digestModel) {
      const model = flags.digestModel.trim();
      const seat = [...panel, ...(judge ? [judge] : [])].find((d) => d.model === model);
      digest = seat ? { name: seat.name, model: seat.model } : { name: model.split(':').slice(1).join(':') || model, model };
    } else if (judge) {
      digest = { ...judge };
    } else {
      throw new UsageError('--digest needs a model to write the digests: give --digest-model ID, or a judge.');
    }
    // The digest model's seat has no reading list of its own.
    delete digest.reads;
  }
  return { topology, digest };
}

/** Reading lists by name (panel files) as ids, once the seats have theirs. */
export function readsById<T extends { name: string; id: string; reads?: string[] | undefined }>(seats: T[]): T[] {
  const ids = new Map(seats.map((s) => [s.name.toLowerCase(), s.id]));
  return seats.map((s) => (s.reads ? { ...s, reads: s.reads.map((n) => ids.get(n.toLowerCase()) ?? n) } : s));
}

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));

/** The seed debate's transcript, shipped in seeds/. */
export function seedTranscriptPath(): string {
  const dir = SEEDS_DIR;
  const file = readdirSync(dir).find((f) => /^000_.*\.json$/.test(f));
  if (!file) throw new UsageError(`The seed transcript is missing from ${dir}; reinstall roundtable.`);
  return join(dir, file);
}

/** A mock script: a transcript, or a debate in the roundtable text format (.txt). */
async function loadScriptFile(path: string): Promise<Transcript> {
  if (!path.endsWith('.txt')) return loadTranscript(path);
  const { importText } = await import('../transcript/text-import.js');
  return importText(readInputFile(path, 'a debate in the roundtable text format'), path);
}

export function parseOptions(list: string): string[] {
  const options = list.split(',').map((o) => o.trim()).filter(Boolean);
  if (options.length < 2) throw new UsageError(`--options needs at least two options, comma-separated (got "${list}").`);
  if (options.length > 26) throw new UsageError(`--options takes at most 26 options (A to Z); got ${options.length}.`);
  const seen = new Set<string>();
  for (const option of options) {
    const key = option.toLowerCase();
    if (seen.has(key)) throw new UsageError(`--options lists "${option}" twice; each option must be different.`);
    seen.add(key);
  }
  return options;
}

function briefing(spec: string | undefined): { label: string; text: string; name: string; size: number; sha256: string }[] {
  if (!spec) return [];
  const files = spec === 'seed'
    ? readdirSync(SEEDS_DIR).filter((f) => /^00[1-9]_.*\.txt$/.test(f)).sort().map((f) => join(SEEDS_DIR, f))
    : spec.split(',').map((f) => f.trim()).filter(Boolean);
  return files.map((file) => {
    const text = readInputFile(file, 'background reading', 512 * 1024);
    const name = file.split('/').pop() ?? file;
    const bytes = readFileSync(file);
    return { label: `background reading (${name})`, text, name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

/**
 * The judge's reply limit: --judge-max-tokens, else the larger of --max-tokens and 2000 (for an
 * open question more with a larger panel: its synthesis names every seat).
 */
export const judgeMaxTokens = (flags: { maxTokens: number; judgeMaxTokens?: number | undefined }, open = false, panelSize = 0): number =>
  flags.judgeMaxTokens ?? judgeReplyTokens(flags.maxTokens, open, panelSize);

/** What shaped the run, recorded in the transcript's `settings`. */
function runSettings(flags: DebateFlags, rounds: number, brief: ReturnType<typeof briefing>, seed: number | null, panelSize: number): Settings {
  return {
    ...(seed !== null ? { seed } : {}),
    rounds,
    mode: flags.mode,
    ...(flags.open ? { open: true } : {}),
    maxTokens: flags.maxTokens,
    judgeMaxTokens: judgeMaxTokens(flags, Boolean(flags.open), panelSize),
    retries: flags.retries,
    retryBaseMs: flags.retryBaseMs,
    timeouts: { firstTokenMs: flags.firstTokenTimeout * 1000, idleMs: flags.idleTimeout * 1000, callMs: flags.callTimeout * 1000 },
    briefing: brief.map(({ name, size, sha256 }) => ({ name, size, sha256 })),
  };
}

export interface Plan {
  config: DebateConfig;
  resume: Transcript | undefined;
  outPath: string;
  /** Mock mode: replies scripted from this transcript (null: generated), seeded by `seed`. */
  mock: { script: Transcript | null; seed: number } | null;
  notice: string | null;
  /** Prices for this run's seats (gateway ids priced as the models they stand for). */
  prices: PriceBook;
  limits: BudgetLimits;
  via: Via | null;
}

/**
 * `--mock` takes an optional value: a .json/.txt path or any existing path is an old script file
 * (checked as one), any other value is the motion (`debate --mock "Should cities ban cars?"`).
 */
function mockValue(flags: DebateFlags): { mock: boolean; file: string | undefined; motion: string | undefined } {
  const value = flags.mock;
  if (typeof value !== 'string') return { mock: value === true || flags.mockFrom !== undefined, file: flags.mockFrom, motion: undefined };
  const isFile = /\.(json|txt)$/i.test(value.trim()) || existsSync(value);
  if (isFile && flags.mockFrom) throw new UsageError(`Give the script file once: --mock ${value} or --mock-from ${flags.mockFrom}, not both.`);
  if (isFile) return { mock: true, file: value, motion: undefined };
  if (flags.motionArg !== undefined || flags.motion !== undefined) {
    throw new UsageError(`--mock takes no value when the motion is given (got "${value}"); to script replies from a file use --mock-from FILE.`);
  }
  return { mock: true, file: flags.mockFrom, motion: value };
}

/** The judge under its seat's display name: the debater (or panel judge) with that model, else the model's name. */
export function withJudge(panel: Panel, flags: Pick<DebateFlags, 'judge'>): PanelSeat | null {
  if (flags.judge === false) return null;
  if (typeof flags.judge === 'string') {
    const model = flags.judge;
    const seat = [...panel.debaters, ...(panel.judge ? [panel.judge] : [])].find((d) => d.model === model);
    return seat ? { ...seat } : { name: model.split(':').slice(1).join(':') || model, model };
  }
  if (panel.judge !== undefined) return panel.judge;
  const first = panel.debaters[0];
  return first ? { ...first } : null;
}

/** --human NAME: the person at the terminal takes a seat at the end of the panel. */
function withPerson(panel: Panel, flags: Pick<DebateFlags, 'human' | 'humanTimeout' | 'humanVisible' | 'protocol'>): Panel {
  const name = flags.human?.trim();
  if (flags.human !== undefined) {
    if (!name) throw new UsageError('--human needs the name you will sit under, for example --human "Ana".');
    if (name.length > 80) throw new UsageError(`--human takes a name of at most 80 characters; "${name.slice(0, 20)}…" is ${name.length}.`);
    if (panel.debaters.some((d) => d.human)) throw new UsageError('The panel already seats a person; give --human or a panel entry with "human": true, not both.');
    if (panel.debaters.some((d) => d.name.toLowerCase() === name.toLowerCase())) throw new UsageError(`--human "${name}" is the name of a debater already on the panel; choose another.`);
  }
  const seated = name ? { ...panel, debaters: [...panel.debaters, { name, model: HUMAN_MODEL, human: true }] } : panel;
  const person = seated.debaters.find((d) => d.human);
  if (!person && (flags.humanTimeout !== undefined || flags.humanVisible)) {
    throw new UsageError(`${flags.humanTimeout !== undefined ? '--human-timeout' : '--human-visible'} is about the person's seat, so it needs --human NAME.`);
  }
  return seated;
}

/** "A", "A and B", "A, B and C". */
const listing = (items: readonly string[]): string =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** npm start without every key: which keys were found, which are missing, and what runs instead. */
function demoNotice(seats: SeatConfig[], missing: string[], env: PlanIo['env']): string {
  const needed = [...new Set(seats.map((seat) => resolveEndpoint(seat, env).keyEnv).filter((k): k is string => Boolean(k)))];
  const found = needed.filter((k) => !missing.includes(k));
  const what = 'so this is the seed debate in mock mode, nothing goes over the network: round 1 is generated (the seed page holds only the final round), the last round is scripted from seeds/.';
  const head = found.length
    ? `Found ${listing(found)}; missing ${listing(missing)} for the seed panel, ${what}`
    : `No API keys found (${missing.join(', ')}), ${what}`;
  // A live run with the seats whose keys are set, when there are two of them.
  const ready = [...new Set(seats.filter((seat) => !missing.includes(resolveEndpoint(seat, env).keyEnv ?? '')).map((seat) => seat.model))];
  const models = ready.length >= 2 ? ready.join(',') : 'openai:gpt-5.4,anthropic:claude-opus-4-6';
  return `${head}\nTo run it live, set the keys and run \`npm start\` again, or \`${COMMAND} debate "your motion" --models ${models}\`.`;
}

export async function planDebate(io: PlanIo, flags: DebateFlags): Promise<Plan> {
  let notice: string | null = null;
  const asked = mockValue(flags);
  let mock = asked.mock;
  const motionArg = flags.motionArg ?? asked.motion;
  const seedPanel = PRESETS.seed!;
  let via = parseVia(flags);
  const overrides = loadPrices(flags.prices);
  const limits: BudgetLimits = { maxCostUsd: flags.maxCost, maxTokens: flags.maxRunTokens };
  if (flags.demo && !mock && !flags.resume && !via) {
    const missing = missingKeys([...seedPanel.debaters, seedPanel.judge!], io.env);
    if (missing.length && io.env.OPENROUTER_API_KEY) {
      via = { kind: 'openrouter' };
      notice =
        `Not every provider's key is set (${missing.join(', ')}), but OPENROUTER_API_KEY is: this is the seed debate run live through OpenRouter, every seat with that one key.`;
    } else if (missing.length) {
      mock = true;
      notice = demoNotice([...seedPanel.debaters, seedPanel.judge!], missing, io.env);
    }
  }
  if (flags.resume) refuseIgnoredFlags(flags);
  const resume = flags.resume ? loadTranscript(flags.resume) : undefined;
  const brief = briefing(flags.brief);
  // A mock run resumes as a mock run, with the seed it was started with.
  if (resume?.source === 'mock' && !mock) mock = true;
  const fileScript = asked.file ? await loadScriptFile(asked.file) : null;
  // One seed for every random choice of the run: mock replies, seating, shuffles. A live run given
  // none draws one (and records it, so it can be run again the same way).
  const seed = flags.seed ?? resume?.settings?.seed ?? (mock ? DEFAULT_MOCK_SEED : freshSeed());
  // With no file, the seed debate's own run is scripted from the seed; any other is generated.
  const mockFor = (motion: string, options: readonly string[], names: readonly string[]): Plan['mock'] =>
    mock ? { script: fileScript ?? seedScriptFor(motion, options, names), seed } : null;

  if (flags.resume && resume) {
    if (resume.status === 'complete') throw new UsageError(`${flags.resume} is already complete; there is nothing to resume.`);
    if (resume.panel.some((p) => p.model === null && !p.human)) throw new UsageError(`${flags.resume} has debaters with no model id, so it cannot be resumed.`);
    // The seats keep the route they ran through: a compat gateway's URL and key variable are not in
    // the transcript, so they are given again; any other --via would be silently ignored.
    const route = resume.settings?.via ?? null;
    if (via && via.kind !== route) {
      throw new UsageError(`${flags.resume} ran ${route ? `through --via ${route}` : 'without --via'}, so it cannot be resumed with --via ${via.kind}.`);
    }
    if (route === 'compat' && !via) {
      throw new UsageError(`${flags.resume} ran through --via compat; resume it with the same --via compat --base-url URL (and --api-key-env VAR).`);
    }
    const gateway = via?.kind === 'compat' ? { baseURL: via.baseURL, ...(via.apiKeyEnv ? { apiKeyEnv: via.apiKeyEnv } : {}) } : {};
    const routed = (model: string) => (model.startsWith('compat:') ? gateway : {});
    const rounds = resume.plannedRounds ?? Math.max(resume.rounds.length, resume.mode === 'poll' ? 1 : 2);
    const config: DebateConfig = {
      ...seatingFlags(flags),
      // A resumed run is seated as it began.
      anonymize: Boolean(flags.anonymize || resume.settings?.anonymize),
      shuffle: Boolean(flags.shuffle || resume.settings?.shuffle),
      protocol: resume.protocol ?? 'roundtable',
      motion: resume.motion,
      options: resume.options,
      ...(resume.open ? { open: true } : {}),
      mode: resume.mode,
      rounds,
      panel: resume.panel.map((p) => ({
        id: p.id,
        name: p.name,
        ...(p.human ? { model: HUMAN_MODEL, human: true } : { model: p.model!, ...routed(p.model!) }),
        ...(p.persona ? { persona: p.persona } : {}),
        ...(p.stance ? { stance: p.stance } : {}),
        ...(p.reads ? { reads: [...p.reads] } : {}),
      })),
      judge: flags.judge === false ? null : resume.judge?.model ? { name: resume.judge.name, model: resume.judge.model, ...routed(resume.judge.model) } : null,
      source: resume.source === 'mock' || mock ? 'mock' : 'live',
      maxTokens: flags.maxTokens,
      judgeMaxTokens: judgeMaxTokens(flags, resume.open === true, resume.panel.length),
      briefing: brief,
      seed,
      settings: { ...resume.settings, seed },
      ...(resume.settings?.humanTimeout !== undefined ? { humanTimeoutMs: resume.settings.humanTimeout * 1000 } : {}),
      ...(resume.settings?.humanVisible ? { humanVisible: true } : {}),
      // A resumed run reads as it began: its topology, its digest model, and the seed's draws.
      ...resumedReading(resume),
    };
    checkKeys({ panel: config.panel, judge: config.judge, digest: config.digest ?? null }, io, Boolean(mock));
    const prices = priceBookFor(overrides, {});
    checkPricedForBudget(limits, [...config.panel.filter((d) => !d.human), ...(config.judge ? [config.judge] : [])], prices);
    return { config, resume, outPath: prepareOutputPath(flags.resume, { allowExisting: true }), mock: mockFor(resume.motion, resume.options, resume.panel.map((p) => p.name)), notice, prices, limits, via: null };
  }

  const motion = (motionArg ?? flags.motion ?? (fileScript?.motion ?? (mock || flags.demo ? seedMotion() : ''))).trim();
  if (flags.motionArg && flags.motion && flags.motionArg !== flags.motion) throw new UsageError('Give the motion once: as the argument or with --motion, not both.');
  if (!motion) throw new UsageError(`No motion given: run \`${COMMAND} debate "Your motion?"\` (or --motion, or --mock to rerun the seed debate).`);
  if (motion.length > 2000) throw new UsageError(`The motion is ${motion.length} characters long; keep it under 2000.`);
  const open = Boolean(flags.open);
  if (open && flags.given?.includes('options')) {
    throw new UsageError('--open asks a question with no options, so it cannot take --options; give one or the other.');
  }
  if (fileScript?.open) {
    throw new UsageError(`${asked.file} is an open question's run (no options), and --mock-from scripts votes; run the question with --mock --open instead.`);
  }
  if (open && fileScript) {
    throw new UsageError('--mock-from scripts votes from a file of a debate with options, so it cannot take --open; use --mock alone to generate answers.');
  }
  const options = open ? [] : parseOptions(flags.options === 'Yes,No' && fileScript ? fileScript.options.join(',') : flags.options);

  let panel: Panel;
  if (!flags.panel && !flags.models && fileScript) {
    // Another script file: its own panel, so that every debater is matched by name.
    panel = {
      debaters: fileScript.panel.map((p) => ({ name: p.name, model: p.model ?? `compat:${p.id}`, ...(p.model ? {} : { baseURL: 'http://mock.roundtable.invalid/v1' }) })),
      judge: fileScript.judge?.model ? { name: fileScript.judge.name, model: fileScript.judge.model } : seedPanel.judge,
    };
  } else {
    panel = resolvePanel(flags.panel, flags.models);
  }
  panel = withPerson(panel, flags);
  if (panel.debaters.length < 2) throw new UsageError('A debate needs at least two debaters.');
  const stanced = open ? panel.debaters.find((d) => d.stance !== undefined) : undefined;
  if (stanced) {
    throw new UsageError(`${stanced.name} has a stance ("${stanced.stance}"), but an open question has no options to argue for; remove "stance" from the panel file for --open.`);
  }
  if (panel.debaters.length > MAX_PANEL) throw new UsageError(`The panel has ${panel.debaters.length} debaters; roundtable seats at most ${MAX_PANEL}.`);

  if (flags.mode === 'poll' && flags.rounds !== undefined && flags.rounds !== 1) {
    throw new UsageError(`--mode poll is a single round, so it cannot take --rounds ${flags.rounds}.`);
  }
  const protocol = flags.protocol ?? 'roundtable';
  if (protocol === 'council') {
    if (flags.mode === 'poll') throw new UsageError('--protocol council runs its own two rounds (answers, then rankings), so it cannot take --mode poll.');
    if (flags.rounds !== undefined && flags.rounds !== COUNCIL_ROUNDS) {
      throw new UsageError(`--protocol council runs exactly ${COUNCIL_ROUNDS} rounds (answers, then rankings), so it cannot take --rounds ${flags.rounds}.`);
    }
  }
  const rounds = protocol === 'council' ? COUNCIL_ROUNDS : flags.mode === 'poll' ? 1 : (flags.rounds ?? 2);
  if (rounds > 10) throw new UsageError(`--rounds ${rounds} is more than the 10 rounds roundtable runs.`);

  const mockPlan = mockFor(motion, options, panel.debaters.map((d) => d.name));
  const reading = readingPlan(flags, protocol, withJudge(panel, flags), panel.debaters);
  const routed = routePanel(panel.debaters, withJudge({ ...panel, debaters: panel.debaters.filter((d) => !d.human) }, flags), via);
  const judge = routed.judge;
  const digestSeat = reading.digest ? (routePanel([reading.digest], null, via).debaters[0] ?? null) : null;
  checkKeys({ panel: routed.debaters, judge, digest: digestSeat }, io, Boolean(mock) || Boolean(flags.dryRun));
  const prices = priceBookFor(overrides, routed.aliases);
  checkPricedForBudget(limits, [...routed.debaters.filter((d) => !d.human), ...(judge ? [judge] : []), ...(digestSeat ? [digestSeat] : [])], prices);
  // Every check of the panel comes before the output file is reserved: a refused run leaves no file.
  const seated = readsById(assignIds(withStances(routed.debaters, options)));

  if (flags.out && !flags.dryRun) {
    const briefFiles = flags.brief && flags.brief !== 'seed' ? flags.brief.split(',').map((f) => f.trim()) : [];
    refuseOwnInput(flags.out, [asked.file, ...briefFiles, flags.prices, flags.panel], { cwd: io.cwd, flag: '--out', command: 'debate' });
  }
  const outPath = flags.dryRun
    ? ''
    : flags.out
    ? reserveOutputPath(flags.out)
    : freePath(prepareOutputPath(join(io.cwd, 'transcripts', `${new Date().toISOString().slice(0, 10)}-${slugify(motion, 48)}.json`), { allowExisting: true }));

  const config: DebateConfig = {
    ...seatingFlags(flags),
    protocol,
    motion,
    options,
    ...(open ? { open: true } : {}),
    mode: flags.mode,
    rounds,
    panel: seated,
    judge,
    topology: reading.topology,
    digest: digestSeat,
    source: mock ? 'mock' : 'live',
    maxTokens: flags.maxTokens,
    judgeMaxTokens: judgeMaxTokens(flags, open, routed.debaters.length),
    briefing: brief,
    seed,
    settings: {
      ...runSettings(flags, rounds, brief, seed, routed.debaters.length),
      protocol,
      anonymize: Boolean(flags.anonymize),
      shuffle: Boolean(flags.shuffle),
      ...(reading.topology.kind !== 'full' ? { topology: topologyName(reading.topology) } : {}),
      ...(digestSeat ? { digest: true, digestModel: digestSeat.model } : {}),
      ...(flags.humanVisible ? { humanVisible: true } : {}),
      ...(flags.humanTimeout !== undefined ? { humanTimeout: flags.humanTimeout } : {}),
      // Mock mode: the screen and the saved text say whether the replies were generated or scripted.
      ...(mockPlan ? { mockReplies: mockPlan.script ? ('scripted' as const) : ('generated' as const) } : {}),
    },
    ...(flags.humanTimeout !== undefined ? { humanTimeoutMs: flags.humanTimeout * 1000 } : {}),
    ...(flags.humanVisible ? { humanVisible: true } : {}),
    ...(via ? { via: via.kind } : {}),
  };
  return { config, resume: undefined, outPath, mock: mockPlan, notice, prices, limits, via };
}

/** Every endpoint resolves, and (live) every key variable the panel needs is set. */
function checkKeys(config: { panel: SeatConfig[]; judge: SeatConfig | null; digest?: SeatConfig | null }, io: PlanIo, mock: boolean): void {
  // A person's seat calls no provider.
  const seats = [...config.panel, ...(config.judge ? [config.judge] : []), ...(config.digest ? [config.digest] : [])].filter((s) => !s.human);
  for (const seat of seats) resolveEndpoint(seat, io.env);
  if (mock) return;
  const missing = missingKeys(seats, io.env);
  if (missing.length) {
    throw new UsageError(`Missing API key${missing.length > 1 ? 's' : ''}: set ${missing.join(', ')} (or run with --mock: no keys, replies by an offline stand-in).`);
  }
}

/** What a resumed run reads: the transcript's topology and digest model. */
function resumedReading(resume: Transcript): Pick<DebateConfig, 'topology' | 'digest'> {
  const named = resume.settings?.topology;
  const parsed = named ? parseTopology(named) : { kind: 'full' as const };
  if ('error' in parsed) throw new UsageError(`The transcript's settings.topology is "${named}", which roundtable cannot read.`);
  const model = resume.settings?.digest ? (resume.settings.digestModel ?? resume.judge?.model ?? null) : null;
  const digest = model ? { name: model === resume.judge?.model ? resume.judge.name : model.split(':').slice(1).join(':') || model, model } : null;
  return { topology: parsed, digest };
}

/** The seed debate, read (and checked) once however often a plan asks for it. */
let seedTranscript: Transcript | null = null;
function seed(): Transcript {
  return (seedTranscript ??= loadTranscript(seedTranscriptPath()));
}

function seedMotion(): string {
  return seed().motion;
}

/**
 * The seed debate as the script of its own run: its motion, its options and its panel (by name,
 * in any order; options in the seed's order), which are the defaults. Any other run is generated, so that no reply
 * answers a panelist who is not there or votes for an option that is not offered.
 */
export function seedScriptFor(motion: string, options: readonly string[], names: readonly string[]): Transcript | null {
  const seedRun = seed();
  if (motion !== seedRun.motion) return null;
  // Options in order (the seed's arguments name them by letter); names in any order.
  const key = (xs: readonly string[], sorted: boolean) => {
    const keys = xs.map((x) => x.trim().toLowerCase());
    return (sorted ? keys.sort() : keys).join('\u0000');
  };
  const sameOptions = key(options, false) === key(seedRun.options, false);
  const samePanel = key(names, true) === key(seedRun.panel.map((p) => p.name), true);
  return sameOptions && samePanel ? seedRun : null;
}

