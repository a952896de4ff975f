// The benchmark's parts, for any suite to use: a loopback stand-in for the OpenAI and Anthropic
// APIs that logs when each request arrived and was answered, the real CLI run as a user runs it
// (headless, or with the live screen in a pseudo-terminal through util-linux `script`), the bare
// SDK script beside it, and the figures computed from the stand-in's own log.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeProviderServer, type Exchange, type FakeProviderServer } from '../src/mock/http-server.js';
import type { WireAnswer, WireCall } from '../src/mock/types.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PROBE = join(ROOT, 'bench', 'probe.mjs');
export const BARE = join(ROOT, 'bench', 'bare.mjs');
export const JUDGE_MODEL = 'bench-judge';

/** The stand-in's latency per model: before the first chunk, and between word-sized chunks. */
export const LATENCY: Record<string, { firstChunkDelayMs: number; chunkDelayMs: number }> = {
  'bench-gpt': { firstChunkDelayMs: 200, chunkDelayMs: 1 },
  'bench-claude': { firstChunkDelayMs: 300, chunkDelayMs: 1 },
  [JUDGE_MODEL]: { firstChunkDelayMs: 300, chunkDelayMs: 1 },
};

const ARGUMENT = Array.from({ length: 60 }, (_, i) => ['compute', 'is', 'scarce', 'and', 'data', 'moats', 'erode', 'fast,', 'so', 'the', 'lead', 'is', 'brief.'][i % 13]).join(' ');

export function benchAnswer(call: WireCall): WireAnswer {
  const latency = LATENCY[call.model] ?? { firstChunkDelayMs: 200, chunkDelayMs: 1 };
  if (call.model === JUDGE_MODEL) {
    const text = JSON.stringify({ summary: 'The panel argued it out.', strongestArguments: { Yes: 'Scarce compute.', No: 'Moats erode.' }, turningPoints: ['A vote changed.'] });
    return { text, ...latency };
  }
  return { text: JSON.stringify({ vote: call.body.messages && JSON.stringify(call.body).length % 2 ? 'Yes' : 'No', argument: ARGUMENT }), ...latency };
}

export interface StandIn {
  server: FakeProviderServer;
  log: Exchange[];
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  const log: Exchange[] = [];
  const server = await startFakeProviderServer(benchAnswer, 0, { onExchange: (e) => log.push(e) });
  return { server, log, close: () => server.close() };
}

/** A panel of n seats, half OpenAI and half Anthropic (the first is OpenAI), judged by JUDGE_MODEL on OpenAI. */
export function panel(n: number, judge = true) {
  const debaters = Array.from({ length: n }, (_, i) => ({ name: `Seat ${i + 1}`, model: i % 2 ? 'anthropic:bench-claude' : 'openai:bench-gpt' }));
  return { debaters, judge: judge ? { name: 'Judge', model: `openai:${JUDGE_MODEL}` } : null };
}

export interface RunFigures {
  label: string;
  what: 'roundtable' | 'bare';
  screen: 'headless' | 'live';
  panel: number;
  rounds: number;
  judge: boolean;
  code: number | null;
  calls: number;
  wallMs: number;
  firstRequestMs: number | null;
  criticalPathMs: number;
  overheadMs: number;
  overheadPerCallMs: number;
  cpuMs: number | null;
  /** CPU time by the first call of fetch (the first request's start). */
  firstFetchCpuMs: number | null;
  peakRssMb: number | null;
  midRssMb: number | null;
  /** Mean request body per debater call, per round (judge excluded). */
  promptBytesPerRound: number[];
}

export interface ProbeReport {
  userMs: number;
  systemMs: number;
  maxRssKb: number;
  firstFetchCpuMs?: number | null;
  exitAt: number;
  samples: Array<[number, number]>;
}

const now = () => performance.timeOrigin + performance.now();

/** Requests grouped by the rounds' barriers: a request that arrives after every earlier one was answered opens a group. */
export function barrierGroups(log: readonly Exchange[]): Exchange[][] {
  const sorted = [...log].sort((a, b) => a.arrivedMs - b.arrivedMs);
  const groups: Exchange[][] = [];
  let open = -Infinity;
  for (const e of sorted) {
    if (!groups.length || e.arrivedMs >= open) {
      groups.push([e]);
      open = e.answeredMs;
    } else {
      groups.at(-1)!.push(e);
      open = Math.max(open, e.answeredMs);
    }
  }
  return groups;
}

/**
 * The requests by round: sorted by arrival, each run of `panel` requests is a round (no round's
 * call can start before every call of the round before was answered), and what follows is the
 * judge's. Exact when every call was answered once (the stand-in never fails one), where the
 * barriers above split a round whose sends a busy machine spread out.
 */
export function roundGroups(log: readonly Exchange[], panel: number, rounds: number): Exchange[][] {
  const sorted = [...log].sort((a, b) => a.arrivedMs - b.arrivedMs);
  const groups: Exchange[][] = [];
  for (let r = 0; r < rounds && r * panel < sorted.length; r++) groups.push(sorted.slice(r * panel, (r + 1) * panel));
  if (sorted.length > rounds * panel) groups.push(sorted.slice(rounds * panel));
  return groups;
}

/** The critical path: per round, its longest request; summed. What no client can go below. */
export function criticalPath(groups: readonly Exchange[][]): number {
  return groups.reduce((sum, g) => sum + Math.max(...g.map((e) => e.answeredMs - e.arrivedMs)), 0);
}

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface Launch {
  label: string;
  what: 'roundtable' | 'bare';
  screen: 'headless' | 'live';
  argv: string[];
  env: Record<string, string | undefined>;
  panel: number;
  rounds: number;
  judge: boolean;
  cwd?: string;
}

/** Runs one process (in a pseudo-terminal for the live screen) against the stand-in and computes its figures. */
export async function measure(standIn: StandIn, launch: Launch): Promise<RunFigures> {
  standIn.log.length = 0;
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-'));
  const probeFile = join(dir, 'probe.json');
  const env: Record<string, string | undefined> = { ...process.env, ...standIn.server.env, ...launch.env, BENCH_PROBE_FILE: probeFile };
  delete env.CI;
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  const node = [process.execPath, '--import', PROBE, ...launch.argv];
  const [cmd, args] =
    launch.screen === 'live'
      ? ['script', ['-qfec', `stty cols 120 rows 40 2>/dev/null; exec ${node.map(shellQuote).join(' ')}`, '/dev/null']]
      : [node[0]!, node.slice(1)];
  const started = now();
  const startedPerf = performance.now();
  const code = await new Promise<number | null>((done) => {
    const child = spawn(cmd as string, args as string[], { cwd: launch.cwd ?? dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    child.on('close', (c) => {
      if (c !== 0) process.stderr.write(`bench: ${launch.label} exited ${c}: ${err.trim().split('\n').slice(-3).join(' | ')}\n`);
      done(c);
    });
  });
  const wallMs = now() - started;
  let probe: ProbeReport | null = null;
  try {
    probe = JSON.parse(readFileSync(probeFile, 'utf8')) as ProbeReport;
  } catch {
    probe = null;
  }
  rmSync(dir, { recursive: true, force: true });
  const log = standIn.log.filter((e) => e.status === 200);
  const groups = log.length === launch.panel * launch.rounds + (launch.judge ? 1 : 0) ? roundGroups(log, launch.panel, launch.rounds) : barrierGroups(log);
  const cp = criticalPath(groups);
  const rounds = groups.slice(0, launch.rounds);
  const mid = probe ? started + (probe.exitAt - started) / 2 : 0;
  const rssUpTo = (t: number) => (probe ? Math.max(0, ...probe.samples.filter(([at]) => at <= t).map(([, rss]) => rss)) / 2 ** 20 : null);
  return {
    label: launch.label,
    what: launch.what,
    screen: launch.screen,
    panel: launch.panel,
    rounds: launch.rounds,
    judge: launch.judge,
    code,
    calls: log.length,
    wallMs,
    firstRequestMs: log.length ? Math.min(...log.map((e) => e.arrivedMs)) - startedPerf : null,
    criticalPathMs: cp,
    overheadMs: wallMs - cp,
    overheadPerCallMs: log.length ? (wallMs - cp) / log.length : 0,
    cpuMs: probe ? probe.userMs + probe.systemMs : null,
    firstFetchCpuMs: probe?.firstFetchCpuMs ?? null,
    peakRssMb: probe ? probe.maxRssKb / 1024 : null,
    midRssMb: probe && probe.samples.length ? rssUpTo(mid) : null,
    promptBytesPerRound: rounds.map((g) => Math.round(g.reduce((s, e) => s + e.requestBytes, 0) / g.length)),
  };
}

/** Writes a panel file for n seats and returns its path. */
export function panelFile(dir: string, n: number, judge = true): string {
  const path = join(dir, `panel-${n}${judge ? '' : '-nojudge'}.json`);
  writeFileSync(path, JSON.stringify(panel(n, judge)));
  return path;
}

/**
 * roundtable against the stand-in, with --concurrency as large as the panel: every call of a round
 * goes out at once, as the bare script sends them (the default, 16 per provider, would queue a
 * 64-seat round and time that queue instead of the program).
 */
export function cliLaunch(bin: string, label: string, dir: string, n: number, rounds: number, screen: 'headless' | 'live', judge = true): Launch {
  return {
    label,
    what: 'roundtable',
    screen,
    argv: [bin, 'debate', 'Is there a moat to training an LLM model?', '--panel', panelFile(dir, n, judge), '--rounds', String(rounds), '--concurrency', String(Math.min(1000, n)), '--out', join(dir, `t-${label}-${n}-${rounds}-${screen}-${Math.random().toString(36).slice(2)}.json`), ...(screen === 'headless' ? ['--headless'] : [])],
    env: { OPENAI_API_KEY: 'sk-bench-0000000000', ANTHROPIC_API_KEY: 'sk-ant-bench-000000000' },
    panel: n,
    rounds,
    judge,
  };
}

/** The bare SDK script, making the same calls. */
export function bareLaunch(n: number, rounds: number, judge = true): Launch {
  const p = panel(n, judge);
  const seat = (model: string) => ({ provider: model.split(':')[0], model: model.split(':')[1] });
  const plan = { seats: p.debaters.map((d) => seat(d.model)), judge: p.judge ? seat(p.judge.model) : null, rounds, motion: 'Is there a moat to training an LLM model?' };
  return { label: 'bare', what: 'bare', screen: 'headless', argv: [BARE], env: { BENCH_BARE: JSON.stringify(plan) }, panel: n, rounds, judge };
}

/** Wall times of a short command, spawned n times (the caller interleaves variants). */
export function spawnWallMs(argv: string[], env: Record<string, string | undefined> = {}): number {
  const started = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore', env: { ...process.env, ...env } as NodeJS.ProcessEnv });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return performance.now() - started;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

/** A plain text table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number>) => r.map((c, i) => String(c ?? '').padEnd(widths[i]!)).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
