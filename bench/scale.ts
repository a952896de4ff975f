// Panel-size benchmark (numbers, never asserted): the CLI as its own process, headless, against a
// loopback stand-in where every call takes 400 ms: its first chunk 200 ms after the request
// arrives, the rest of the answer streamed evenly until 400 ms (BENCH_BURST=1: the whole answer at
// 400 ms, so that all the reading of the streams falls after the calls' time). Reports, per panel size:
// wall time minus start-up (spawn to the first request) against the critical path (rounds ×
// 400 ms, --concurrency as large as the panel), the peak RSS of the CLI process, and each round
// gap: from the last byte of a round's last answer to the arrival of the next round's first request,
// and the CPU time the process used.
// Run: node --import tsx bench/scale.ts [seats,seats,…] (default 6,64,256; 3 rounds).
// - BENCH_FLAGS="--topology random:8 --digest --digest-model openai:gpt-5.4": who reads whom; a digest
//   is one more call between rounds, on the critical path. Request bytes are reported per round.
// - It runs the built CLI (bin/roundtable.js: npm run build first); BENCH_SOURCE=1 runs src/ through tsx.
// - BENCH_BARE=1 runs bench/bare.mjs instead: the same calls with the SDK and nothing else, the floor
//   (with BENCH_FLAGS' --topology random:K and --digest, the same sparse reading and digest calls).
// - The stand-in is bench/lean-server.ts, not the strict stand-ins of src/mock/: those check every
//   request as the real service would, which at 64 seats and more made the benchmark measure them.
// - BENCH_NODE_ARGS adds Node flags to the measured process ("--cpu-prof --cpu-prof-dir=/tmp/prof");
//   BENCH_VERBOSE=1 prints what it wrote to stderr; BENCH_FLAGS adds debate flags ("--anonymize --shuffle").
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLeanServer } from './lean-server.js';

const CALL_MS = 400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCE = Boolean(process.env.BENCH_SOURCE);
const BARE = Boolean(process.env.BENCH_BARE);
const BURST = Boolean(process.env.BENCH_BURST);
/** More flags for the debate ("--anonymize --shuffle"). */
const FLAGS = process.env.BENCH_FLAGS?.split(' ').filter(Boolean) ?? [];
/** BENCH_ENTRY=OTHER/bin/roundtable.js: another build (the one before a change), run by this same benchmark. */
const ENTRY = process.env.BENCH_ENTRY ? process.env.BENCH_ENTRY : SOURCE ? new URL('../test/support/cli-entry.ts', import.meta.url).pathname : new URL('../bin/roundtable.js', import.meta.url).pathname;
const PROBE = new URL('./rss-probe.mjs', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A vote and argument; in a council's ranking round (--protocol council), a ranking of every response shown. */
const reply = (n: number, body: string) => {
  if (body.includes("the council's review")) {
    const shown = [...new Set([...body.matchAll(/BEGIN MATERIAL [^:]*: (Response [A-Z]+),/g)].map((m) => m[1]!))];
    return JSON.stringify({ ranking: n % 2 ? shown : [...shown].reverse(), reason: `Ranked by argument number ${n}.` });
  }
  return JSON.stringify({ vote: n % 3 ? 'Yes' : 'No', argument: `Seat argument number ${n}: ${'reasons '.repeat(40)}` });
};

async function run(seats: number): Promise<void> {
  const server = await startLeanServer({ delayMs: CALL_MS, firstChunkMs: BURST ? CALL_MS : CALL_MS / 2, reply });
  const models = Array.from({ length: seats }, () => 'openai:gpt-5.4').join(',');
  const dir = mkdtempSync(join(tmpdir(), 'rt-scale-'));
  const out = join(dir, 't.json');
  // The child's stderr goes to a file, not a pipe: a pipe is written synchronously, and this process
  // (busy serving every call) drains it late, which stalled the child on its progress lines (1.3 s
  // of a 1,000-seat run in a profile).
  const errPath = join(dir, 'stderr.txt');
  const errFd = openSync(errPath, 'w');
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', pathToFileURL(PROBE).href];
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
  console.log(
    `${BARE ? 'bare loop, ' : ''}${BURST ? 'burst, ' : ''}${FLAGS.length ? `${FLAGS.join(' ')}, ` : ''}${seats} seats × ${ROUNDS} rounds: exit ${code}, ${seen.length} calls; wall ${wall.toFixed(0)} ms, start-up ${startup.toFixed(0)} ms, ` +
      `wall − start-up ${(wall - startup).toFixed(0)} ms = ${((wall - startup) / critical).toFixed(3)} × the critical path (${critical} ms); ` +
      `peak RSS ${rss.toFixed(0)} MB; CPU ${cpu.toFixed(0)} ms (${cpuFirst.toFixed(0)} ms by the first request); round gap ${gaps.map((g) => `${g.toFixed(1)} ms`).join(', ')}${digests ? ' (a digest call in each)' : ''}; ` +
      `request bytes per round ${bytesPerRound.map((b) => `${(b / 1e6).toFixed(2)} MB`).join(', ')}`,
  );
}

const sizes = (process.argv[2] ?? '6,64,256').split(',').map(Number);
for (const n of sizes) await run(n);
