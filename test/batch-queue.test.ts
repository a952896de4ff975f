// batch --queue with a real redis-server (no mock of Redis) on a free loopback port and two
// `roundtable worker` processes; one is killed (SIGKILL) in the middle of a run. Skipped, saying
// why, on a machine without redis-server (.ci/run installs it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { newManifest, readManifest, writeManifest } from '../src/batch/manifest.js';
import { BatchProgress } from '../src/batch/progress.js';
import { QUEUE_NAME, batchId, rateKey, runThroughQueue, runWorker, sharedRate, spentKey } from '../src/batch/queue.js';
import type { BatchSettings } from '../src/batch/run-one.js';
import { parseSpec } from '../src/batch/spec.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';

const REDIS = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
const SKIP = REDIS ? null : 'redis-server is not installed (apt-get install redis-server; .ci/run does this)';
if (SKIP) console.warn(`batch --queue tests skipped: ${SKIP}`);

const ENTRY = new URL('./support/cli-entry.ts', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(command: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exited };
}

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(SKIP !== null)('batch --queue with two workers on a real redis-server', () => {
  let redis: Proc;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = start(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
    await until('redis-server', () => /Ready to accept connections/i.test(redis.output()), 20_000);
  }, 30_000);

  afterAll(async () => {
    redis?.child.kill('SIGTERM');
    await redis?.exited;
  });

  const worker = (id: string) => start(process.execPath, ['--import', TSX, ENTRY, 'worker', '--queue', url, '--id', id, '--lock-ms', '1500']);

  it('two workers take the runs; one killed mid-run loses nothing, and every run is recorded once', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.jsonl');
    writeFileSync(
      spec,
      ['What is 2 + 2?|3,4,5|4', 'What is 3 × 3?|6,9,12|9', 'Which is a prime?|4,6,7|7']
        .map((line, i) => {
          const [motion, options, answer] = line.split('|');
          return JSON.stringify({ id: `q${i + 1}`, motion, options: options!.split(','), answer });
        })
        .join('\n'),
    );
    const a = worker('worker-a');
    const b = worker('worker-b');
    await until('both workers', () => a.output().includes('waiting for runs') && b.output().includes('waiting for runs'));

    // A slow pace keeps each run going for a while, so the kill lands mid-run.
    const batch = runCli(
      ['batch', spec, '--mock', '--mock-pace', '15', '--repeats', '2', '--out', 'runs', '--queue', url, '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,mistral:mistral-large-latest', '--no-judge'],
      { cwd: dir },
    );
    await until('worker-a to start a run', () => /worker-a: (\S+) started/.test(a.output()));
    const victim = /worker-a: (\S+) started/.exec(a.output())![1]!;
    a.child.kill('SIGKILL');
    const killed = await a.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(a.output()).not.toContain(`worker-a: ${victim} complete`);

    const out = await batch;
    expect(out.code, out.stderr + b.output()).toBe(0);
    expect(out.stdout).toContain('6 of 6 runs complete, 0 failed');

    const manifest = readManifest(join(dir, 'runs'));
    expect(manifest.runs).toHaveLength(6);
    expect(new Set(manifest.runs.map((r) => r.id)).size).toBe(6);
    for (const r of manifest.runs) {
      expect(r.status).toBe('complete');
      const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, 'runs', r.file), 'utf8')));
      expect(t.status).toBe('complete');
      expect(t.batch).toEqual({ question: r.question, repeat: r.repeat });
      expect(t.rounds).toHaveLength(2);
    }
    // The killed worker's run went back to the queue and was finished by the other worker.
    expect(manifest.runs.find((r) => r.id === victim)!.by).toBe('worker-b');
    expect(b.output()).toContain(`worker-b: ${victim} started`);

    // The queue holds each run's result once.
    const queue = new Queue(QUEUE_NAME, { connection: { url, maxRetriesPerRequest: null } });
    const completed = await queue.getCompleted(0, 100);
    const ids = completed.map((j) => j.id).filter((id) => manifest.runs.some((r) => id?.endsWith(`.${r.id}`)));
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    await queue.close();

    // SIGTERM: the worker stops (nothing in flight to hand back) and exits cleanly.
    b.child.kill('SIGTERM');
    const stopped = await b.exited;
    expect(stopped.code).toBe(0);
    expect(b.output()).toContain('worker-b: stopped');

    // stats reads the folder the queue filled.
    const stats = await runCli(['stats', join(dir, 'runs')]);
    expect(stats.stdout).toContain('3 questions × 2 repeats: 6 runs given, 6 measured, 6 complete.');
    expect(stats.stdout).toContain('Debates (roundtable protocol): 6 complete runs with a known answer');
  }, 180_000);

  it('a worker stopped with SIGTERM mid-run hands the run back, and the next worker continues it', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.jsonl');
    writeFileSync(spec, JSON.stringify({ id: 'one', motion: 'What is 10 − 3?', options: ['6', '7', '8'], answer: '7' }));
    const a = worker('worker-c');
    await until('worker-c', () => a.output().includes('waiting for runs'));
    const batch = runCli(['batch', spec, '--mock', '--mock-pace', '30', '--rounds', '3', '--out', 'runs', '--queue', url, '--models', 'openai:gpt-5.4,xai:grok-4-1-fast-reasoning', '--no-judge'], {
      cwd: dir,
    });
    // Stop it once its first round is saved in the shared folder.
    const file = join(dir, 'runs', 'one-r1.json');
    await until('a saved round', () => existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).rounds.length >= 2);
    a.child.kill('SIGTERM');
    const stopped = await a.exited;
    expect(stopped.code).toBe(0);
    expect(a.output()).toContain('worker-c: one-r1 handed back');
    const saved = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(saved.status).toBe('interrupted');

    const b = worker('worker-d');
    const out = await batch;
    expect(out.code, out.stderr + b.output()).toBe(0);
    expect(b.output()).toContain('worker-d: one-r1 started (continuing its saved rounds)');
    const final = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(final.status).toBe('complete');
    expect(final.rounds).toHaveLength(3);
    // The rounds saved before the hand-back are kept, not asked again.
    expect(final.rounds[0]).toEqual(saved.rounds[0]);
    b.child.kill('SIGTERM');
    await b.exited;
  }, 180_000);

  // In-process batch and worker (the seams of src/batch/queue.ts) on the same real redis-server.
  const quiet = () => new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false);
  const SPEC3 = [
    { id: 'a', motion: 'What is 2 + 2?', options: ['3', '4', '5'], answer: '4' },
    { id: 'b', motion: 'What is 3 × 3?', options: ['6', '9', '12'], answer: '9' },
    { id: 'c', motion: 'Which is a prime?', options: ['4', '6', '7'], answer: '7' },
  ].map((q) => JSON.stringify(q)).join('\n');
  const settingsOf = (extra: Partial<BatchSettings> = {}): BatchSettings => ({
    repeats: 2, seed: 1, mock: true, models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,mistral:mistral-large-latest', judge: false,
    rounds: 2, maxTokens: 300, retries: 0, retryBaseMs: 0, mockPace: 0, ...extra,
  });
  function inProcessWorker(id: string, extra: { shared?: boolean; concurrency?: number } = {}) {
    const controller = new AbortController();
    const lines: string[] = [];
    const done = runWorker({ url, concurrency: extra.concurrency ?? 2, env: {}, id, lockMs: 20_000, log: (l) => lines.push(l), signal: controller.signal, ...(extra.shared !== undefined ? { shared: extra.shared } : {}) });
    return { lines, stop: async () => (controller.abort(), await done) };
  }
  const batchIn = (settings: BatchSettings) => {
    const dir = tempDir();
    const manifest = newManifest('spec.jsonl', parseSpec(SPEC3, 'spec.jsonl'), settings, new Date());
    writeManifest(dir, manifest);
    return { dir, manifest };
  };

  it('a worker that cannot see the folder returns each transcript through Redis, and batch writes it', async () => {
    const w = inProcessWorker('remote', { shared: false });
    await until('the worker', () => w.lines.some((l) => l.includes('waiting for runs')));
    const { dir, manifest } = batchIn(settingsOf());
    await runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    await w.stop();
    expect(manifest.runs.map((r) => [r.status, r.by])).toEqual(Array(6).fill(['complete', 'remote']));
    const batch = batchId(manifest, dir);
    for (const r of manifest.runs) {
      const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, r.file), 'utf8')));
      expect(t).toMatchObject({ status: 'complete', batch: { question: r.question, repeat: r.repeat } });
      // The worker kept its own copy elsewhere, not in the batch's folder.
      expect(existsSync(join(tmpdir(), 'roundtable-worker', `${batch}-${r.file}`))).toBe(true);
    }
  }, 120_000);

  it('--max-cost holds across the queue: workers get what is left, and no run is handed out once it is spent', async () => {
    // First find what one run costs, then allow a little over two.
    const probe = batchIn(settingsOf({ repeats: 1 }));
    const w = inProcessWorker('budget', { concurrency: 1 });
    await until('the worker', () => w.lines.some((l) => l.includes('waiting for runs')));
    await runThroughQueue(probe.manifest, { dir: probe.dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    const costs = probe.manifest.runs.map((r) => r.costUsd!);
    expect(costs.every((c) => c > 0)).toBe(true);
    const budget = Math.max(...costs) * 2.2;

    const { dir, manifest } = batchIn(settingsOf({ maxCost: budget }));
    await runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    await w.stop();
    expect(manifest.stopReason).toBe('budget');
    const complete = manifest.runs.filter((r) => r.status === 'complete');
    const spentUsd = complete.reduce((a, r) => a + (r.costUsd ?? 0), 0);
    // One worker, one run at a time: runs start while money is left, the last one is cut short
    // before a round that could pass it, and the rest are never handed out.
    expect(spentUsd).toBeLessThanOrEqual(budget);
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(manifest.runs.filter((r) => r.status === 'pending').length).toBeGreaterThanOrEqual(1);
    const redis = new Redis(url);
    expect(Number(await redis.get(spentKey(batchId(manifest, dir))))).toBeCloseTo(spentUsd, 9);
    redis.disconnect();
  }, 120_000);

  it('a resume through the queue runs a failed run again instead of recording its old result', async () => {
    const w = inProcessWorker('again');
    await until('the worker', () => w.lines.some((l) => l.includes('waiting for runs')));
    const { dir, manifest } = batchIn(settingsOf({ repeats: 1 }));
    await runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    expect(manifest.runs.every((r) => r.status === 'complete')).toBe(true);
    // As if run b-r1 had failed: the resume must run it again, not take the old job's result.
    const b = manifest.runs.find((r) => r.id === 'b-r1')!;
    b.status = 'failed';
    b.error = 'the debate failed';
    writeManifest(dir, manifest);
    // …and its transcript says so (a finished transcript on disk is trusted by a resume, never rerun).
    const failed = JSON.parse(readFileSync(join(dir, b.file), 'utf8'));
    writeFileSync(join(dir, b.file), JSON.stringify({ ...failed, status: 'failed', error: 'the debate failed' }));
    const resumed = readManifest(dir);
    await runThroughQueue(resumed, { dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    await w.stop();
    expect(resumed.runs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
    expect(w.lines.filter((l) => l === 'again: b-r1 started')).toHaveLength(2);
    expect(w.lines.filter((l) => l === 'again: a-r1 started')).toHaveLength(1);
  }, 120_000);

  it('--rate: calls per period per provider are counted in Redis across workers', async () => {
    const a = new Redis(url);
    const b = new Redis(url);
    await a.del(rateKey('openai'));
    const rates = { openai: { max: 3, duration: 1500 } };
    const takeA = sharedRate(a, rates);
    const takeB = sharedRate(b, rates);
    const got: string[] = [];
    const calls = [takeA, takeB, takeA, takeB].map((take, i) => take('openai').then(() => got.push(`call ${i}`)));
    await until('three calls', () => got.length >= 3);
    // The fourth waits for the window: two "workers", one count.
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(3);
    await Promise.all(calls);
    expect(got).toHaveLength(4);
    // A provider without a rate goes at once.
    await takeA('anthropic');
    a.disconnect();
    b.disconnect();
  }, 30_000);
});
