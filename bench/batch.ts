// Batch benchmarks (numbers, never asserted in tests):
//   0. the user's path, the figure of issue #27: `roundtable batch SPEC --mock --concurrency 64
//      --no-judge --headless` run as a child from the built bin/roundtable.js, BENCH_BATCH_DEBATES
//      (1000) debates (the spec's first questions × --repeats), 6 seats × 2 rounds, pace 0: debates
//      per second of wall time and per CPU-second of the child (its own process.cpuUsage at exit,
//      garbage collection's threads included), peak RSS. BENCH_BATCH_BASELINE=/other/bin/roundtable.js
//      runs that build too, interleaved with this one, BENCH_BATCH_PAIRS (3) times each, judged on medians (e.g. the
//      build before, `git worktree add /tmp/batch-before 4d801a3 && npm ci && npm run build`);
//   1. the same debates in this process through runLocal (the source under tsx, no CLI): debates
//      per second and peak RSS;
//   2. the same through Redis with two worker processes (when redis-server is installed);
//   3. the stand-in's critical path per debate (the slowest turn of each round, summed) against
//      wall time per debate at --concurrency 1, 8 and 64, with a 2 ms pace between chunks;
//   4. the manifest's scale: the first BENCH_BATCH_SCALE_RUNS (300) runs of a batch of 100 repeats
//      (3,200 runs) and of 10,000 repeats (320,000 runs, the largest allowed; batch.json about
//      60 MB) at --concurrency 8, in runs per second (about the same: a run's change is one line
//      appended to batch.log.jsonl), and the one-off costs: the first batch.json and the last
//      (written when the batch stops).
// Run: npm run bench (or node --import tsx bench/batch.ts; BENCH_BATCH_ONLY=cli|inprocess|critical|redis|scale for one;
// the CLI part at 1,000 debates takes about 30 s of CPU, the build before about 45 s)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './harness.js';
import { MAX_CONCURRENCY, providerLimits } from '../src/agents/limiter.js';
import { ManifestStore, newManifest, writeManifest, type Manifest } from '../src/batch/manifest.js';
import { BatchProgress } from '../src/batch/progress.js';
import { checkRedis, runThroughQueue } from '../src/batch/queue.js';
import type { BatchSettings } from '../src/batch/run-one.js';
import { runLocal } from '../src/batch/runner.js';
import { parseSpec } from '../src/batch/spec.js';
import { TranscriptSchema } from '../src/core/schema.js';

const N = Number(process.env.BENCH_BATCH_DEBATES ?? 1000);
const SPEC = readFileSync(new URL('../datasets/basics.jsonl', import.meta.url), 'utf8');
const questions = parseSpec(SPEC, 'datasets/basics.jsonl');
const quiet = new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false);

function setup(debates: number, pace: number): { dir: string; manifest: Manifest } {
  const repeats = Math.ceil(debates / questions.length);
  const settings: BatchSettings = { repeats, seed: 1, mock: true, panel: 'seed', judge: false, rounds: 2, maxTokens: 1500, retries: 0, retryBaseMs: 0, mockPace: pace };
  const manifest = newManifest('datasets/basics.jsonl', questions, settings, new Date());
  manifest.runs = manifest.runs.slice(0, debates);
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-bench-batch-'));
  writeManifest(dir, manifest);
  return { dir, manifest };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function inProcess(): Promise<void> {
  const { dir, manifest } = setup(N, 0);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await runLocal(manifest, { dir, concurrency: 64, env: {}, signal: new AbortController().signal, progress: quiet });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const done = manifest.runs.filter((r) => r.status === 'complete').length;
  // CPU time too: on a shared machine the wall time is mostly waiting for a core.
  console.log(
    `batch in one process: ${done}/${N} mock debates (6 seats × 2 rounds, no judge, pace 0) at --concurrency 64 in ${seconds.toFixed(1)} s: ${(done / seconds).toFixed(1)} debates/s, ` +
      `CPU ${cpuSeconds.toFixed(1)} s (${(done / cpuSeconds).toFixed(1)} debates per CPU-second), peak RSS ${mib(process.resourceUsage().maxRSS)}`,
  );
}

/** How many of the spec's questions, and how many repeats each, make `debates` runs (or the nearest above). */
function specShape(debates: number): { questions: number; repeats: number } {
  for (let q = Math.min(questions.length, debates); q >= 1; q--) if (debates % q === 0 && debates / q <= 10_000) return { questions: q, repeats: debates / q };
  const q = Math.min(questions.length, debates);
  return { questions: q, repeats: Math.ceil(debates / q) };
}

/** One `roundtable batch … --mock` as a user runs it, from the given bin/roundtable.js. */
async function cliBatch(entry: string, label: string): Promise<{ perSecond: number; perCpuSecond: number } | null> {
  const shape = specShape(N);
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-bench-cli-'));
  const spec = join(dir, 'spec.jsonl');
  writeFileSync(spec, SPEC.split('\n').filter((l) => l.trim()).slice(0, shape.questions).join('\n') + '\n');
  const out = join(dir, 'out');
  // The child reports its own CPU time and peak RSS as it exits.
  const report = 'data:text/javascript,process.on("exit",()=>{const c=process.cpuUsage();process.stderr.write("bench-usage "+(c.user+c.system)+" "+process.resourceUsage().maxRSS+"\\n")})';
  const args = ['--import', report, entry, 'batch', spec, '--mock', '--repeats', String(shape.repeats), '--concurrency', '64', '--no-judge', '--headless', '--out', out];
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = /bench-usage (\d+) (\d+)/.exec(stderr);
  const done = Number(/(\d+) of \d+ runs complete/.exec(stdout + stderr)?.[1] ?? NaN);
  if (code !== 0 || !usage || !Number.isFinite(done)) {
    console.log(`batch through the CLI (${label}): failed (exit ${code}): ${stderr.slice(-400)}`);
    return null;
  }
  const cpuSeconds = Number(usage[1]) / 1e6;
  console.log(
    `batch through the CLI, ${label}: ${done}/${shape.questions * shape.repeats} mock debates (${shape.questions} questions × ${shape.repeats}, 6 seats × 2 rounds, no judge, pace 0) at --concurrency 64 in ${seconds.toFixed(1)} s: ` +
      `${(done / seconds).toFixed(1)} debates/s, CPU ${cpuSeconds.toFixed(1)} s (${(done / cpuSeconds).toFixed(1)} debates per CPU-second), peak RSS ${mib(Number(usage[2]))}`,
  );
  return { perSecond: done / seconds, perCpuSecond: done / cpuSeconds };
}

/** This build (and BENCH_BATCH_BASELINE's, interleaved) BENCH_BATCH_PAIRS times (3), judged on medians. */
async function throughCli(): Promise<void> {
  const own = new URL('../bin/roundtable.js', import.meta.url).pathname;
  const baseline = process.env.BENCH_BATCH_BASELINE;
  const pairs = Number(process.env.BENCH_BATCH_PAIRS ?? 3);
  const mine: Array<{ perSecond: number; perCpuSecond: number }> = [];
  const before: Array<{ perSecond: number; perCpuSecond: number }> = [];
  for (let i = 0; i < pairs; i++) {
    const b = baseline ? await cliBatch(baseline, `baseline ${baseline}`) : null;
    if (b) before.push(b);
    const m = await cliBatch(own, 'this build (npm run build first)');
    if (m) mine.push(m);
  }
  if (!mine.length) return;
  const med = (list: typeof mine, pick: (x: (typeof mine)[number]) => number) => median(list.map(pick));
  const line = `batch through the CLI, medians of ${mine.length}: ${med(mine, (x) => x.perSecond).toFixed(1)} debates/s, ${med(mine, (x) => x.perCpuSecond).toFixed(1)} per CPU-second`;
  if (!before.length) return console.log(line);
  const ratio = med(mine, (x) => x.perSecond) / med(before, (x) => x.perSecond);
  const cpuRatio = med(mine, (x) => x.perCpuSecond) / med(before, (x) => x.perCpuSecond);
  console.log(
    `${line}; the baseline ${med(before, (x) => x.perSecond).toFixed(1)} and ${med(before, (x) => x.perCpuSecond).toFixed(1)}: ${ratio.toFixed(2)} × and ${cpuRatio.toFixed(2)} × ` +
      `(target 2 ×: ${ratio >= 2 && cpuRatio >= 2 ? 'met' : 'not met'})`,
  );
}

function criticalPathMs(file: string): number {
  const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return t.rounds.reduce((sum, round) => sum + Math.max(0, ...round.turns.map((turn) => turn.latencyMs ?? 0)), 0);
}

async function criticalPath(): Promise<void> {
  const debates = Math.min(N, 64);
  for (const concurrency of [1, 8, 64]) {
    const { dir, manifest } = setup(debates, 2);
    const started = performance.now();
    // A turn's latency counts its wait for a provider slot; with the batch's shared per-provider
    // limit binding at 64 debates, that wait is the limit's, not the stand-in's: lift it here.
    await runLocal(manifest, { dir, concurrency, env: {}, signal: new AbortController().signal, progress: quiet, limits: providerLimits(MAX_CONCURRENCY) });
    const wall = performance.now() - started;
    const paths = manifest.runs.map((r) => criticalPathMs(join(dir, r.file)));
    const critical = paths.reduce((a, b) => a + b, 0) / paths.length;
    console.log(
      `critical path vs wall, ${debates} debates at --concurrency ${String(concurrency).padStart(2)} (pace 2 ms): critical path ${critical.toFixed(0)} ms/debate, wall ${(wall / debates).toFixed(0)} ms/debate, ` +
        `wall × concurrency / critical path = ${((wall * concurrency) / debates / critical).toFixed(2)}`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function throughRedis(): Promise<void> {
  const redisServer = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!redisServer) {
    console.log('batch through Redis: skipped, redis-server is not installed (apt-get install redis-server)');
    return;
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const redis = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(redis);
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await checkRedis(url);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const entry = new URL('../test/support/cli-entry.ts', import.meta.url).pathname;
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const rss: number[] = [];
    for (const id of ['bench-a', 'bench-b']) {
      // Each worker reports its peak RSS as it exits.
      const child = spawn(process.execPath, ['--import', tsx, '--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss "+process.resourceUsage().maxRSS+"\\n"))', entry, 'worker', '--queue', url, '--id', id, '--concurrency', '32'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH ?? '', CI: 'true' },
      });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', () => {
        const m = /peak-rss (\d+)/.exec(err);
        if (m) rss.push(Number(m[1]));
      });
      children.push(child);
    }
    const { dir, manifest } = setup(N, 0);
    const started = performance.now();
    await runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet, env: {}, pollMs: 1000 });
    const seconds = (performance.now() - started) / 1000;
    const done = manifest.runs.filter((r) => r.status === 'complete').length;
    const workers = children.slice(1);
    await Promise.all(workers.map((c) => new Promise((r) => (c.on('close', r), c.kill('SIGTERM')))));
    console.log(
      `batch through Redis, two workers (--concurrency 32 each): ${done}/${N} mock debates in ${seconds.toFixed(1)} s: ${(done / seconds).toFixed(1)} debates/s, ` +
        `peak RSS per worker ${rss.map(mib).join(' and ') || 'unknown'}, queueing process ${mib(process.resourceUsage().maxRSS)}`,
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
  }
}

async function manifestScale(): Promise<void> {
  const first = Number(process.env.BENCH_BATCH_SCALE_RUNS ?? 300);
  for (const repeats of [100, 10_000]) {
    const made = performance.now();
    const settings: BatchSettings = { repeats, seed: 1, mock: true, panel: 'seed', judge: false, rounds: 2, maxTokens: 1500, retries: 0, retryBaseMs: 0, mockPace: 0 };
    const manifest = newManifest('datasets/basics.jsonl', questions, settings, new Date());
    const dir = mkdtempSync(join(tmpdir(), 'roundtable-bench-scale-'));
    const store = new ManifestStore(dir, manifest);
    store.compact();
    const setupMs = performance.now() - made;
    const size = statSync(join(dir, 'batch.json')).size;
    const controller = new AbortController();
    let finished = 0;
    let firstDone = 0;
    const counting = new BatchProgress(
      () => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }),
      (line) => {
        if (line.startsWith('[') && ++finished === first) {
          firstDone = performance.now();
          controller.abort(new Error('interrupted'));
        }
      },
      false,
    );
    const started = performance.now();
    await runLocal(manifest, { dir, concurrency: 8, env: {}, signal: controller.signal, progress: counting, store });
    const stopMs = performance.now() - firstDone;
    const seconds = (firstDone - started) / 1000;
    console.log(
      `manifest scale, --repeats ${String(repeats).padStart(6)} (${manifest.runs.length} runs, batch.json ${(size / 1048576).toFixed(1)} MiB): first ${first} runs at ${(first / seconds).toFixed(1)} runs/s; ` +
        `setting up (runs listed, first batch.json) ${(setupMs / 1000).toFixed(2)} s, stopping (runs in flight, last batch.json) ${(stopMs / 1000).toFixed(2)} s`,
    );
  }
}

// BENCH_BATCH_ONLY=cli|inprocess|critical|redis|scale: that part alone.
const only = process.env.BENCH_BATCH_ONLY;
if (!only || only === 'cli') await throughCli();
if (!only || only === 'process' || only === 'inprocess') await inProcess();
if (!only || only === 'critical') await criticalPath();
if (!only || only === 'redis') await throughRedis();
if (!only || only === 'scale') await manifestScale();
