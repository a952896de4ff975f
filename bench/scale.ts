// Panel-size benchmark (numbers, never asserted): the CLI as its own process, headless, against a
// loopback stand-in where every call takes 400 ms: its first chunk 200 ms after the request
// arrives, the rest of the answer streamed evenly until 400 ms (BENCH_BURST=1: the whole answer at
// 400 ms, so that all the reading of the streams falls after the calls' time). Reports, per panel size:
// wall time minus start-up (spawn to the first request) against the critical path (rounds ×
// 400 ms, --concurrency as large as the panel), the peak RSS of the CLI process, and each round
// gap: from the last byte of a round's last answer to the arrival of the next round's first request,
// and the CPU time the process used.
// Run: node --import tsx bench/scale.ts (npm run bench's second part): issue 27's figures, each case three
// times (BENCH_REPEATS), roundtable and the bare loop interleaved, medians against the targets: full at 64
// and 256 seats (wall ≤ 1.10 × the bare loop's; at 64, round gaps within 10 ms of its), 1,000 seats
// random:8 --digest (≤ 1.25 × the critical path, peak RSS < 400 MB), and request bytes per seat at 250,
// 500 and 1,000 seats (linear growth); written to bench/scale-results.json.
// node --import tsx bench/scale.ts SEATS[,SEATS…]: one run each of those sizes (3 rounds), as set below.
// - BENCH_FLAGS="--topology random:8 --digest --digest-model openai:gpt-5.4": who reads whom; a digest
//   is one more call between rounds, on the critical path. Request bytes are reported per round.
// - It runs the built CLI (bin/roundtable.js: npm run build first); BENCH_SOURCE=1 runs src/ through tsx.
// - BENCH_BARE=1 runs bench/bare.mjs instead: the same calls with the SDK and nothing else, the floor
//   (with BENCH_FLAGS' --topology random:K and --digest, the same sparse reading and digest calls).
// - The stand-in is bench/lean-server.ts, not the strict stand-ins of src/mock/: those check every
//   request as the real service would, which at 64 seats and more made the benchmark measure them.
// - BENCH_GAP=1 preloads bench/gap-probe.mjs too: the CPU the client used in each round gap (from the end of
//   the last reply body of a round to the next round's first request), which moves less with the load.
// - BENCH_NODE_ARGS adds Node flags to the measured process ("--cpu-prof --cpu-prof-dir=/tmp/prof");
//   BENCH_VERBOSE=1 prints what it wrote to stderr; BENCH_FLAGS adds debate flags ("--anonymize --shuffle").
import { execSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './harness.js';
import { startLeanServer } from './lean-server.js';

const CALL_MS = 400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCE = Boolean(process.env.BENCH_SOURCE);
const BARE_ENV = Boolean(process.env.BENCH_BARE);
const BURST = Boolean(process.env.BENCH_BURST);
/** More flags for the debate ("--anonymize --shuffle"). */
const FLAGS_ENV = process.env.BENCH_FLAGS?.split(' ').filter(Boolean) ?? [];
/** BENCH_ENTRY=OTHER/bin/roundtable.js: another build (the one before a change), run by this same benchmark. */
const ENTRY = process.env.BENCH_ENTRY ? process.env.BENCH_ENTRY : SOURCE ? new URL('../test/support/cli-entry.ts', import.meta.url).pathname : new URL('../bin/roundtable.js', import.meta.url).pathname;
const PROBE = new URL('./rss-probe.mjs', import.meta.url).pathname;
/** BENCH_GAP=1: also preload gap-probe.mjs, the client-side CPU of each round gap (a debate without judge or digest). */
const GAP_PROBE = process.env.BENCH_GAP ? new URL('./gap-probe.mjs', import.meta.url).pathname : null;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A vote and argument; in a council's ranking round (--protocol council), a ranking of every response shown. */
const reply = (n: number, body: string) => {
  if (body.includes("the council's review")) {
    const shown = [...new Set([...body.matchAll(/BEGIN MATERIAL [^:]*: (Response [A-Z]+),/g)].map((m) => m[1]!))];
    return JSON.stringify({ ranking: n % 2 ? shown : [...shown].reverse(), reason: `Ranked by argument number ${n}.` });
  }
  return JSON.stringify({ vote: n % 3 ? 'Yes' : 'No', argument: `Seat argument number ${n}: ${'reasons '.repeat(40)}` });
};

interface ScaleFigures {
  seats: number;
  bare: boolean;
  flags: string[];
  code: number | null;
  calls: number;
  wall: number;
  startup: number;
  /** wall − start-up ÷ the critical path. */
  ratio: number;
  critical: number;
  rss: number;
  cpu: number;
  cpuFirst: number;
  gaps: number[];
  bytesPerRound: number[];
}

async function run(seats: number, opts: { bare?: boolean; flags?: string[] } = {}): Promise<ScaleFigures> {
  const BARE = opts.bare ?? BARE_ENV;
  const FLAGS = opts.flags ?? FLAGS_ENV;
  const server = await startLeanServer({ delayMs: CALL_MS, firstChunkMs: BURST ? CALL_MS : CALL_MS / 2, reply });
  const models = Array.from({ length: seats }, () => 'openai:gpt-5.4').join(',');
  const dir = mkdtempSync(join(tmpdir(), 'rt-scale-'));
  const out = join(dir, 't.json');
  // The child's stderr goes to a file, not a pipe: a pipe is written synchronously, and this process
  // (busy serving every call) drains it late, which stalled the child on its progress lines (1.3 s
  // of a 1,000-seat run in a profile).
  const errPath = join(dir, 'stderr.txt');
  const errFd = openSync(errPath, 'w');
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', pathToFileURL(PROBE).href, ...(GAP_PROBE ? ['--import', pathToFileURL(GAP_PROBE).href] : [])];
  // The bare loop takes the same topology and digest as the flags give roundtable (random:K and --digest).
  const reads = Number(/^random:(\d+)$/.exec(FLAGS[FLAGS.indexOf('--topology') + 1] ?? '')?.[1] ?? 0) || undefined;
  const bare = JSON.stringify({
    seats: Array.from({ length: seats }, () => ({ provider: 'openai', model: 'gpt-5.4' })),
    judge: null,
    rounds: ROUNDS,
    motion: 'Bench?',
    reads: FLAGS.includes('--topology') ? reads : undefined,
    digest: FLAGS.includes('--digest') ? { provider: 'openai', model: 'gpt-5.4' } : undefined,
  });
  if (BARE && FLAGS.some((f) => f.startsWith('--') && !['--topology', '--digest', '--digest-model'].includes(f))) throw new Error(`the bare loop has no ${FLAGS.join(' ')}`);
  if (BARE && FLAGS.includes('--topology') && !reads) throw new Error('the bare loop takes --topology random:K only');
  const args = BARE
    ? [...nodeArgs, new URL('./bare.mjs', import.meta.url).pathname]
    : [...nodeArgs, ...(SOURCE ? ['--import', TSX] : []), ENTRY, 'debate', 'Bench?', '--models', models, '--no-judge', '--rounds', String(ROUNDS), '--headless', '--concurrency', String(Math.min(1000, seats)), '--retries', '0', '--out', out, ...FLAGS];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', CI: 'true', ...(BARE ? { BENCH_BARE: bare } : {}), OPENAI_API_KEY: 'sk-bench-0000000000', OPENAI_BASE_URL: server.baseURL },
    stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', errFd],
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = performance.now() - started;
  closeSync(errFd);
  const stderr = readFileSync(errPath, 'utf8');
  await server.close();
  const seen = server.exchanges;
  const startup = (Math.min(...seen.map((e) => e.arrivedMs)) || started) - started;
  // A digest (--digest, or groups:K with --digest) is one more call between rounds.
  const digests = FLAGS.includes('--digest') ? ROUNDS - 1 : 0;
  const critical = (ROUNDS + digests) * CALL_MS;
  const bytesPerRound = Array.from({ length: ROUNDS }, (_, i) => seen.filter((e) => e.round === i + 1).reduce((n, e) => n + e.requestBytes, 0));
  const gaps: number[] = [];
  for (let r = 2; r <= ROUNDS; r++) {
    const last = Math.max(...seen.filter((e) => e.round === r - 1).map((e) => e.answeredMs));
    const first = Math.min(...seen.filter((e) => e.round === r).map((e) => e.arrivedMs));
    gaps.push(first - last);
  }
  if (process.env.BENCH_VERBOSE) process.stderr.write(stderr);
  const rss = Number(/BENCH-MAXRSS-KB (\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
  const cpu = Number(/BENCH-CPU-US (\d+)/.exec(stderr)?.[1] ?? 0) / 1000;
  const cpuFirst = Number(/BENCH-CPU-FIRST-US (\d+)/.exec(stderr)?.[1] ?? 0) / 1000;
  const gapCpu = (/BENCH-GAP-CPU-US ([\d,]*)/.exec(stderr)?.[1] ?? '').split(',').filter(Boolean).map((us) => Number(us) / 1000);
  const figures: ScaleFigures = { seats, bare: BARE, flags: FLAGS, code, calls: seen.length, wall, startup, ratio: (wall - startup) / critical, critical, rss, cpu, cpuFirst, gaps, bytesPerRound };
  console.log(
    `${BARE ? 'bare loop, ' : ''}${BURST ? 'burst, ' : ''}${FLAGS.length ? `${FLAGS.join(' ')}, ` : ''}${seats} seats × ${ROUNDS} rounds: exit ${code}, ${seen.length} calls; wall ${wall.toFixed(0)} ms, start-up ${startup.toFixed(0)} ms, ` +
      `wall − start-up ${(wall - startup).toFixed(0)} ms = ${figures.ratio.toFixed(3)} × the critical path (${critical} ms); ` +
      `peak RSS ${rss.toFixed(0)} MB; CPU ${cpu.toFixed(0)} ms (${cpuFirst.toFixed(0)} ms by the first request); round gap ${gaps.map((g) => `${g.toFixed(1)} ms`).join(', ')}${digests ? ' (a digest call in each)' : ''}; ` +
      (GAP_PROBE ? `client CPU in each gap ${gapCpu.map((g) => `${g.toFixed(1)} ms`).join(', ')}; ` : '') +
      `request bytes per round ${bytesPerRound.map((b) => `${(b / 1e6).toFixed(2)} MB`).join(', ')}`,
  );
  return figures;
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (x: number) => `${x.toFixed(0)} MB`;

/**
 * The issue-27 figures in one run: each case REPEATS times (3), roundtable and the bare loop
 * interleaved, judged on medians against the targets; request bytes per round at 250, 500 and 1,000
 * seats of random:8 show how prompts grow with the panel. Written to bench/scale-results.json.
 */
async function suite(): Promise<void> {
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const sparse = ['--topology', 'random:8', '--digest', '--digest-model', 'openai:gpt-5.4'];
  const cases: Array<{ name: string; seats: number; flags: string[] }> = [
    { name: 'full, 64 seats', seats: 64, flags: [] },
    { name: 'full, 256 seats', seats: 256, flags: [] },
    { name: 'random:8 --digest, 1,000 seats', seats: 1000, flags: sparse },
  ];
  const out: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const c of cases) {
    const mine: ScaleFigures[] = [];
    const bare: ScaleFigures[] = [];
    for (let i = 0; i < repeats; i++) {
      mine.push(await run(c.seats, { bare: false, flags: c.flags }));
      bare.push(await run(c.seats, { bare: true, flags: c.flags }));
    }
    const m = (list: ScaleFigures[], pick: (f: ScaleFigures) => number) => median(list.map(pick));
    const gapsOf = (list: ScaleFigures[]) => list[0]!.gaps.map((_, g) => m(list, (f) => f.gaps[g]!));
    const summary = {
      roundtable: { wall: m(mine, (f) => f.wall), ratio: m(mine, (f) => f.ratio), rss: m(mine, (f) => f.rss), cpu: m(mine, (f) => f.cpu), cpuFirst: m(mine, (f) => f.cpuFirst), gaps: gapsOf(mine), bytesPerRound: mine[0]!.bytesPerRound },
      bare: { wall: m(bare, (f) => f.wall), ratio: m(bare, (f) => f.ratio), rss: m(bare, (f) => f.rss), cpu: m(bare, (f) => f.cpu), cpuFirst: m(bare, (f) => f.cpuFirst), gaps: gapsOf(bare), bytesPerRound: bare[0]!.bytesPerRound },
      failed: [...mine, ...bare].filter((f) => f.code !== 0).length,
    };
    out[c.name] = { ...summary, runs: { roundtable: mine, bare } };
    const r = summary.roundtable;
    const b = summary.bare;
    lines.push(`${c.name} × ${ROUNDS} rounds (medians of ${repeats}${summary.failed ? `; ${summary.failed} runs FAILED` : ''}):`);
    lines.push(`  wall ${ms(r.wall)} vs bare loop ${ms(b.wall)} = ${(r.wall / b.wall).toFixed(3)} ×; wall − start-up ÷ critical path ${r.ratio.toFixed(3)} × (bare loop ${b.ratio.toFixed(3)} ×)`);
    lines.push(`  round gaps ${r.gaps.map(ms).join(', ')} vs bare loop ${b.gaps.map(ms).join(', ')} (${r.gaps.map((g, i) => `${g - b.gaps[i]! >= 0 ? '+' : ''}${(g - b.gaps[i]!).toFixed(0)}`).join(', ')} ms)`);
    lines.push(`  CPU ${ms(r.cpu)} vs ${ms(b.cpu)} (${(r.cpu / b.cpu).toFixed(2)} ×); peak RSS ${mb(r.rss)} vs ${mb(b.rss)}; request bytes per round ${r.bytesPerRound.map((x) => `${(x / 1e6).toFixed(2)} MB`).join(', ')}`);
    if (c.seats === 1000) {
      lines.push(`  target: wall − start-up ≤ 1.25 × the critical path: ${r.ratio <= 1.25 ? 'met' : `not met (the bare loop itself: ${b.ratio.toFixed(2)} ×)`}; peak RSS < 400 MB: ${r.rss < 400 ? 'met' : 'not met'}`);
    } else {
      lines.push(`  target: wall ≤ 1.10 × the bare loop's: ${r.wall / b.wall <= 1.1 ? 'met' : 'not met'}${c.seats === 64 ? `; each round gap within 10 ms of the bare loop's: ${r.gaps.every((g, i) => g - b.gaps[i]! <= 10) ? 'met' : 'not met'}` : ''}`);
    }
  }
  // Prompts grow linearly with a sparse panel: request bytes of a later round per seat, at three sizes.
  const growth: Array<{ seats: number; bytesPerRound: number[] }> = [];
  for (const seats of [250, 500]) growth.push({ seats, bytesPerRound: (await run(seats, { bare: false, flags: sparse })).bytesPerRound });
  const big = out['random:8 --digest, 1,000 seats'] as { roundtable: { bytesPerRound: number[] } };
  growth.push({ seats: 1000, bytesPerRound: big.roundtable.bytesPerRound });
  out.growth = growth;
  lines.push(`random:8 --digest, request bytes of round ${ROUNDS} per seat: ${growth.map((g) => `${g.seats} seats ${(g.bytesPerRound.at(-1)! / g.seats / 1000).toFixed(2)} KB`).join(', ')} (linear when these stay level)`);
  const loads = loadavg();
  out.machine = { cpus: cpus().length, loadavg: loads, node: process.version, commit: commitOf() };
  writeFileSync(new URL('./scale-results.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\n${lines.join('\n')}\nload average ${loads.map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores; written to bench/scale-results.json`);
}

function commitOf(): string | null {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

if (process.argv[2]) {
  for (const n of process.argv[2].split(',').map(Number)) await run(n);
} else {
  await suite();
}
