// npm run bench [-- --quick] [--baseline OTHER/bin/roundtable.js] [--only startup,first,debates,mock]
// Runs the real CLI (the built dist/, as `npx roundtable` runs it) as a user would, against a
// loopback stand-in for the OpenAI and Anthropic APIs, beside a bare script making the same calls
// with the same SDKs (the limit), in the same run. Prints tables; writes bench/results.json.
// --baseline runs another build (e.g. a checkout of an older commit, built) beside this one, so a
// change is measured before and after in one run on the same (shared, noisy) machine.
// To add figures: write a suite `(ctx: BenchContext) => Promise<Section>` (see ./harness.ts for the
// stand-in, measure(), cliLaunch(), bareLaunch()) and list it in SUITES below.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { bareLaunch, cliLaunch, fmt, measure, median, PROBE, ROOT, shellQuote, spawnWallMs, startStandIn, table, type RunFigures, type StandIn } from './harness.js';
import { spawn } from 'node:child_process';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const only = value('--only')?.split(',');
const builds: Array<{ label: string; bin: string }> = [{ label: 'this', bin: join(ROOT, 'bin', 'roundtable.js') }];
const baseline = value('--baseline');
if (baseline) builds.unshift({ label: 'baseline', bin: resolve(baseline) });
for (const b of builds) if (!existsSync(b.bin)) throw new Error(`no CLI at ${b.bin} (run npm install or npm run build first)`);
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');

export interface BenchContext {
  quick: boolean;
  builds: typeof builds;
  standIn: StandIn;
  dir: string;
}
export interface Section {
  name: string;
  /** Printed as a table. */
  header: string[];
  rows: Array<Array<string | number>>;
  /** Written to results.json. */
  data: unknown;
  /** Target checks: a line each. */
  targets?: string[];
}

// ---------------------------------------------------------------- start-up
async function startup(ctx: BenchContext): Promise<Section> {
  const n = ctx.quick ? 10 : 25;
  const variants: Array<{ label: string; argv: string[] }> = [{ label: 'node -e 0', argv: [process.execPath, '-e', '0'] }];
  for (const b of ctx.builds) {
    variants.push({ label: `${b.label}: --version`, argv: [process.execPath, b.bin, '--version'] });
    variants.push({ label: `${b.label}: --help`, argv: [process.execPath, b.bin, '--help'] });
  }
  const samples = new Map<string, number[]>(variants.map((v) => [v.label, []]));
  for (let i = 0; i < n; i++) for (const v of variants) samples.get(v.label)!.push(spawnWallMs(v.argv));
  const base = median(samples.get('node -e 0')!);
  const rows = variants.map((v) => {
    const s = samples.get(v.label)!;
    return [v.label, median(s), Math.min(...s), (median(s) / base).toFixed(2)];
  });
  const targets = ctx.builds.flatMap((b) =>
    ['--version', '--help'].map((f) => {
      const ratio = median(samples.get(`${b.label}: ${f}`)!) / base;
      return `${b.label} ${f}: ${ratio.toFixed(2)}× node -e 0 (target ≤ 1.5) ${ratio <= 1.5 ? 'met' : 'MISSED'}`;
    }),
  );
  return { name: `Start-up (wall ms, ${n} runs each, interleaved)`, header: ['command', 'median', 'min', '× node -e 0'], rows, data: Object.fromEntries(samples), targets };
}

// ---------------------------------------------------------------- debates against the stand-in
async function debates(ctx: BenchContext): Promise<Section> {
  const grid = ctx.quick
    ? [
        { n: 2, rounds: [1, 2] },
        { n: 6, rounds: [1, 2] },
        { n: 12, rounds: [2] },
        { n: 64, rounds: [2] },
        { n: 256, rounds: [1] },
      ]
    : [2, 6, 12, 64, 256].map((n) => ({ n, rounds: [1, 2, 4] }));
  const live = (n: number, rounds: number) => (ctx.quick ? (n === 6 || n === 12) && rounds === 2 : true);
  const runs: RunFigures[] = [];
  for (const { n, rounds } of grid.flatMap((g) => g.rounds.map((rounds) => ({ n: g.n, rounds })))) {
    runs.push(await measure(ctx.standIn, bareLaunch(n, rounds)));
    for (const b of ctx.builds) {
      runs.push(await measure(ctx.standIn, cliLaunch(b.bin, b.label, ctx.dir, n, rounds, 'headless')));
      if (live(n, rounds)) runs.push(await measure(ctx.standIn, cliLaunch(b.bin, b.label, ctx.dir, n, rounds, 'live')));
    }
  }
  const bareOf = (r: RunFigures) => runs.find((x) => x.what === 'bare' && x.panel === r.panel && x.rounds === r.rounds)!;
  const rows = runs.map((r) => {
    const bare = bareOf(r);
    return [
      r.what === 'bare' ? 'bare SDK script' : `${r.label} ${r.screen}`,
      `${r.panel}×${r.rounds}`,
      r.calls,
      r.wallMs,
      r.criticalPathMs,
      r.overheadMs,
      fmt(r.overheadPerCallMs, 1),
      r.what === 'bare' ? '' : fmt(r.overheadPerCallMs - bare.overheadPerCallMs, 1),
      r.firstRequestMs ?? '–',
      r.cpuMs ?? '–',
      fmt(r.peakRssMb),
      fmt(r.midRssMb),
      r.promptBytesPerRound.map((b) => (b / 1024).toFixed(1)).join('/'),
      r.code ?? 'signal',
    ];
  });
  const targets: string[] = [];
  for (const r of runs.filter((x) => x.what === 'roundtable' && x.screen === 'headless')) {
    const bare = bareOf(r);
    if (r.panel === 64 && r.code === 0) {
      const extra = r.overheadPerCallMs - bare.overheadPerCallMs;
      targets.push(`${r.label} overhead per call 64×${r.rounds}: bare + ${extra.toFixed(2)} ms (target ≤ +0.5) ${extra <= 0.5 ? 'met' : 'MISSED'}`);
    }
  }
  for (const r of runs.filter((x) => x.what === 'roundtable' && x.screen === 'live')) {
    if (r.peakRssMb !== null && r.midRssMb) {
      const growth = r.peakRssMb / r.midRssMb;
      targets.push(`${r.label} live ${r.panel}×${r.rounds} memory: peak ${fmt(r.peakRssMb)} MB vs ${fmt(r.midRssMb)} MB by mid-run (${growth.toFixed(2)}×, target ≤ 1.10) ${growth <= 1.1 ? 'met' : 'MISSED'}`);
    }
  }
  return {
    name: 'Debates against the loopback stand-in (ms unless said; KB of prompt per debater call, per round)',
    header: ['run', 'panel×rounds', 'calls', 'wall', 'critical path', 'overhead', '/call', '/call − bare', 'first request', 'CPU', 'peak RSS MB', 'RSS MB at mid-run', 'prompt KB/round', 'exit'],
    rows,
    data: { runs },
    targets,
  };
}

// ---------------------------------------------------------------- mock debate: live screen vs headless
interface MockFigures {
  label: string;
  screen: 'headless' | 'live';
  paceMs: number;
  code: number | null;
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
  midRssMb: number | null;
  meanRecordedLatencyMs: number | null;
}

async function mockRun(bin: string, label: string, screen: 'headless' | 'live', paceMs: number, dir: string): Promise<MockFigures> {
  const out = join(dir, `mock-${label}-${screen}-${Math.random().toString(36).slice(2)}.json`);
  const probeFile = `${out}.probe`;
  const node = [process.execPath, '--import', PROBE, bin, 'debate', '--mock', '--mock-pace', String(paceMs), '--out', out, ...(screen === 'headless' ? ['--headless'] : [])];
  const env: Record<string, string | undefined> = { ...process.env, BENCH_PROBE_FILE: probeFile };
  delete env.CI;
  delete env.NODE_ENV;
  const [cmd, args] = screen === 'live' ? ['script', ['-qfec', `stty cols 120 rows 40 2>/dev/null; exec ${node.map(shellQuote).join(' ')}`, '/dev/null']] : [node[0]!, node.slice(1)];
  const started = performance.timeOrigin + performance.now();
  const code = await new Promise<number | null>((done) => {
    const child = spawn(cmd as string, args as string[], { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('close', done);
  });
  const wallMs = performance.timeOrigin + performance.now() - started;
  const probe = existsSync(probeFile) ? (JSON.parse(readFileSync(probeFile, 'utf8')) as { userMs: number; systemMs: number; maxRssKb: number; exitAt: number; samples: Array<[number, number]> }) : null;
  let meanRecordedLatencyMs: number | null = null;
  try {
    const t = JSON.parse(readFileSync(out, 'utf8')) as { rounds: Array<{ turns: Array<{ latencyMs?: number | null }> }> };
    const l = t.rounds.flatMap((r) => r.turns.map((x) => x.latencyMs)).filter((x): x is number => typeof x === 'number');
    meanRecordedLatencyMs = l.length ? l.reduce((a, b) => a + b, 0) / l.length : null;
  } catch {
    meanRecordedLatencyMs = null;
  }
  const mid = probe ? started + (probe.exitAt - started) / 2 : 0;
  return {
    label,
    screen,
    paceMs,
    code,
    wallMs,
    cpuMs: probe ? probe.userMs + probe.systemMs : null,
    peakRssMb: probe ? probe.maxRssKb / 1024 : null,
    midRssMb: probe ? Math.max(0, ...probe.samples.filter(([at]) => at <= mid).map(([, r]) => r)) / 2 ** 20 : null,
    meanRecordedLatencyMs,
  };
}

async function mock(ctx: BenchContext): Promise<Section> {
  const paceMs = 25;
  const repeats = ctx.quick ? 2 : 3;
  const runs: MockFigures[] = [];
  // Interleaved, the order turned each time, so a busy spell of the machine does not fall on one kind of run.
  for (let i = 0; i < repeats; i++) {
    const order = ctx.builds.flatMap((b) => (['headless', 'live'] as const).map((screen) => ({ b, screen })));
    for (const { b, screen } of i % 2 ? order.reverse() : order) runs.push(await mockRun(b.bin, b.label, screen, paceMs, ctx.dir));
  }
  const med = (label: string, screen: string, pick: (r: MockFigures) => number | null) =>
    median(runs.filter((r) => r.label === label && r.screen === screen).map(pick).filter((x): x is number => x !== null));
  const targets: string[] = [];
  for (const b of ctx.builds) {
    const wall = med(b.label, 'live', (r) => r.wallMs) / med(b.label, 'headless', (r) => r.wallMs);
    targets.push(`${b.label} live mock debate wall: ${wall.toFixed(2)}× headless, medians of ${repeats} (target ≤ 1.05) ${wall <= 1.05 ? 'met' : 'MISSED'}`);
    const cpu = med(b.label, 'live', (r) => r.cpuMs) / med(b.label, 'headless', (r) => r.cpuMs);
    targets.push(`${b.label} live mock debate CPU: ${cpu.toFixed(2)}× headless, medians of ${repeats} (target ≤ 3) ${cpu <= 3 ? 'met' : 'MISSED'}`);
    const latency = [med(b.label, 'headless', (r) => r.meanRecordedLatencyMs), med(b.label, 'live', (r) => r.meanRecordedLatencyMs)];
    targets.push(`${b.label} mean recorded latency headless / live: ${fmt(latency[0])} / ${fmt(latency[1])} ms (${(latency[1]! / latency[0]!).toFixed(2)}×)`);
    const peak = med(b.label, 'live', (r) => r.peakRssMb);
    const mid = med(b.label, 'live', (r) => r.midRssMb);
    const g = peak / mid;
    targets.push(`${b.label} live mock debate memory: peak ${fmt(peak)} MB vs ${fmt(mid)} MB by mid-run, medians (${g.toFixed(2)}×, target ≤ 1.10) ${g <= 1.1 ? 'met' : 'MISSED'}`);
  }
  return {
    name: `Seed mock debate (6 seats, 2 rounds, judge, --mock-pace ${paceMs}): live screen vs headless`,
    header: ['run', 'wall ms', 'CPU ms', 'peak RSS MB', 'RSS MB at mid-run', 'mean recorded latency ms', 'exit'],
    rows: runs.map((r) => [`${r.label} ${r.screen}`, r.wallMs, r.cpuMs ?? '–', fmt(r.peakRssMb), fmt(r.midRssMb), fmt(r.meanRecordedLatencyMs), r.code ?? 'signal']),
    data: runs,
    targets,
  };
}


// ---------------------------------------------------------------- start to first request
async function first(ctx: BenchContext): Promise<Section> {
  const targets: string[] = [];
  // Start to first request, the figure most shaken by a busy machine: 6 seats × 1 round, the bare
  // script and each build interleaved, repeated; the target is judged on the medians.
  const repeats = ctx.quick ? 7 : 15;
  const first = new Map<string, { firstRequestMs: number[]; cpuMs: number[]; firstFetchCpuMs: number[] }>();
  for (const label of ['bare', ...ctx.builds.map((b) => b.label)]) first.set(label, { firstRequestMs: [], cpuMs: [], firstFetchCpuMs: [] });
  for (let i = 0; i < repeats; i++) {
    for (const launch of [bareLaunch(6, 1), ...ctx.builds.map((b) => cliLaunch(b.bin, b.label, ctx.dir, 6, 1, 'headless'))]) {
      const r = await measure(ctx.standIn, launch);
      const f = first.get(launch.label)!;
      if (r.firstRequestMs !== null) f.firstRequestMs.push(r.firstRequestMs);
      if (r.cpuMs !== null) f.cpuMs.push(r.cpuMs);
      if (r.firstFetchCpuMs !== null) f.firstFetchCpuMs.push(r.firstFetchCpuMs);
    }
  }
  const bareFirst = median(first.get('bare')!.firstRequestMs);
  const firstRequest = [...first].map(([label, f]) => ({ label, medianFirstRequestMs: median(f.firstRequestMs), medianCpuMs: median(f.cpuMs), medianFirstFetchCpuMs: median(f.firstFetchCpuMs), ...f }));
  const bareFirstCpu = median(first.get('bare')!.firstFetchCpuMs);
  for (const b of ctx.builds) {
    const cpu = median(first.get(b.label)!.firstFetchCpuMs);
    targets.push(`${b.label} CPU to the first request 6×1 (median of ${repeats}): ${fmt(cpu)} ms vs bare ${fmt(bareFirstCpu)} ms, ${(cpu / bareFirstCpu).toFixed(2)}× (the load-independent view of the target ≤ 1.1)`);
  }
  for (const b of ctx.builds) {
    const ratio = median(first.get(b.label)!.firstRequestMs) / bareFirst;
    targets.push(`${b.label} start to first request 6×1 (median of ${repeats}, interleaved): ${fmt(median(first.get(b.label)!.firstRequestMs))} ms vs bare ${fmt(bareFirst)} ms, ${ratio.toFixed(2)}× (target ≤ 1.1) ${ratio <= 1.1 ? 'met' : 'MISSED'}`);
  }
  targets.push(`CPU of a whole 6×1 run (medians of ${repeats}): ${firstRequest.map((f) => `${f.label} ${fmt(f.medianCpuMs)} ms`).join(', ')}`);
  return {
    name: `Start to first request and CPU, 6 seats × 1 round headless (medians of ${repeats}, interleaved)`,
    header: ['run', 'first request ms (median)', 'min', 'CPU ms to first request (median)', 'min', 'CPU ms in all (median)'],
    rows: firstRequest.map((f) => [f.label, fmt(f.medianFirstRequestMs), fmt(Math.min(...f.firstRequestMs)), fmt(f.medianFirstFetchCpuMs), fmt(Math.min(...f.firstFetchCpuMs)), fmt(f.medianCpuMs)]),
    data: { firstRequest },
    targets,
  };
}

const SUITES: Record<string, (ctx: BenchContext) => Promise<Section>> = { startup, first, debates, mock };

// ---------------------------------------------------------------- main
const dir = mkdtempSync(join(tmpdir(), 'rt-bench-'));
const standIn = await startStandIn();
const ctx: BenchContext = { quick, builds, standIn, dir };
const git = (cmd: string) => {
  try {
    return execSync(`git ${cmd}`, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const startedAt = new Date().toISOString();
const loadBefore = loadavg();
const sections: Section[] = [];
try {
  for (const [name, suite] of Object.entries(SUITES)) {
    if (only && !only.includes(name)) continue;
    const section = await suite(ctx);
    sections.push(section);
    console.log(`\n${section.name}\n${table(section.header, section.rows)}`);
    for (const t of section.targets ?? []) console.log(`  ${t}`);
  }
} finally {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}
const results = {
  startedAt,
  finishedAt: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, totalMemMb: Math.round(totalmem() / 2 ** 20), loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  node: process.version,
  commit: git('rev-parse HEAD'),
  dirty: Boolean(git('status --porcelain')),
  builds,
  sections: sections.map((s) => ({ name: s.name, targets: s.targets ?? [], data: s.data })),
};
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nload average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} → ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; written to bench/results.json`);
