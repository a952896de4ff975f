// batch --queue when things go wrong, on a real redis-server: a model that echoes its key (of a
// shape no pattern knows), a worker of another version returning odd results, Redis killed in the
// middle of a batch (and started again, empty, or not). Skipped, saying why, without redis-server.
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newManifest, readManifest, writeManifest } from '../src/batch/manifest.js';
import { BatchProgress } from '../src/batch/progress.js';
import { QUEUE_NAME, VERSION, runThroughQueue, runWorker, type QueuedRun } from '../src/batch/queue.js';
import { runOne, type BatchSettings } from '../src/batch/run-one.js';
import { parseSpec } from '../src/batch/spec.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { tempDir } from './support/cli.js';
import { NO_REDIS, cli, freePort, startRedis, until, type Proc } from './support/redis.js';

if (NO_REDIS) console.warn(`batch --queue fault tests skipped: ${NO_REDIS}`);

const SPEC = [
  { id: 'a', motion: 'What is 2 + 2?', options: ['4', '5'], answer: '4' },
  { id: 'b', motion: 'What is 3 × 3?', options: ['9', '6'], answer: '9' },
  { id: 'c', motion: 'Which is a prime?', options: ['7', '4'], answer: '7' },
]
  .map((q) => JSON.stringify(q))
  .join('\n');
const MODELS = ['--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,mistral:mistral-large-latest', '--no-judge'];
const quiet = () => new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false);
const settingsOf = (extra: Partial<BatchSettings> = {}): BatchSettings => ({
  repeats: 1, seed: 1, mock: true, models: 'openai:gpt-5.4,anthropic:claude-opus-4-6,mistral:mistral-large-latest', judge: false,
  rounds: 2, maxTokens: 300, retries: 0, retryBaseMs: 0, mockPace: 0, ...extra,
});
const noStack = (text: string) => {
  expect(text).not.toMatch(/\n\s+at \S/);
  expect(text).not.toMatch(/Unhandled error event|unexpected failure|ECONNREFUSED\s*\n/);
};

/** Every value in Redis, as text: strings, hashes, lists, sets, sorted sets and streams (BullMQ's events). */
async function dumpRedis(url: string): Promise<string> {
  const r = new Redis(url);
  const out: string[] = [];
  for (const key of await r.keys('*')) {
    const type = await r.type(key);
    if (type === 'string') out.push(String(await r.get(key)));
    else if (type === 'hash') out.push(JSON.stringify(await r.hgetall(key)));
    else if (type === 'list') out.push(JSON.stringify(await r.lrange(key, 0, -1)));
    else if (type === 'set') out.push(JSON.stringify(await r.smembers(key)));
    else if (type === 'zset') out.push(JSON.stringify(await r.zrange(key, '0', '-1')));
    else if (type === 'stream') out.push(JSON.stringify(await r.xrange(key, '-', '+')));
  }
  r.disconnect();
  return out.join('\n');
}

describe.skipIf(NO_REDIS !== null)('batch --queue when things go wrong (a real redis-server)', () => {
  let port: number;
  let url: string;
  let redis: Proc;
  const procs: Proc[] = [];

  beforeAll(async () => {
    port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = await startRedis(port);
  }, 30_000);
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  });
  afterAll(async () => {
    redis?.child.kill('SIGTERM');
    await redis?.exited;
  });

  describe('a key never leaves a process', () => {
    // A key of a shape no pattern knows, in a variable no provider names.
    const KEY = 'Qx7-localgw_4242abcdXYZ';
    let echo: Server;
    let panel: string;
    beforeAll(async () => {
      // A stand-in that echoes the key it is sent (whole, and as a dashboard masks it).
      echo = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          const content = JSON.stringify({ vote: 'A', argument: `My key is ${key}; the dashboard shows ${key.slice(0, 6)}****${key.slice(-4)}.` });
          const usage = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };
          if (JSON.parse(body || '{}').stream) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(`data: ${JSON.stringify({ id: 'e', object: 'chat.completion.chunk', created: 0, model: 'echo', choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: null }] })}\n\n`);
            res.write(`data: ${JSON.stringify({ id: 'e', object: 'chat.completion.chunk', created: 0, model: 'echo', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage })}\n\n`);
            res.end('data: [DONE]\n\n');
          } else {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ id: 'e', object: 'chat.completion', created: 0, model: 'echo', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage }));
          }
        });
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(echo.address() as { port: number }).port}/v1`;
      panel = join(tempDir(), 'panel.json');
      writeFileSync(panel, JSON.stringify({ debaters: ['Echo A', 'Echo B'].map((name) => ({ name, model: 'compat:echo', baseURL: base, apiKeyEnv: 'GATEWAY_CREDENTIAL' })) }));
    });
    afterAll(() => new Promise<void>((resolve) => echo.close(() => resolve())));

    it('a worker returning through Redis: no key in job data, return values, events or its log', async () => {
      const lines: string[] = [];
      const controller = new AbortController();
      const worker = runWorker({ url, concurrency: 2, env: { GATEWAY_CREDENTIAL: KEY }, id: 'echo-worker', shared: false, lockMs: 20_000, log: (l) => lines.push(l), signal: controller.signal });
      await until('the worker', () => lines.some((l) => l.includes('waiting for runs')));
      const dir = tempDir();
      const manifest = newManifest('spec.jsonl', parseSpec(SPEC, 'spec.jsonl'), settingsOf({ mock: false, models: undefined, panel, rounds: 1 }), new Date());
      writeManifest(dir, manifest);
      await runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet(), env: { GATEWAY_CREDENTIAL: KEY }, pollMs: 200 });
      controller.abort();
      await worker;
      expect(manifest.runs.map((r) => r.status), JSON.stringify(manifest.runs.map((r) => r.error))).toEqual(['complete', 'complete', 'complete']);
      const dump = await dumpRedis(url);
      expect(dump).toContain('[redacted]');
      expect(dump).not.toContain(KEY);
      expect(dump).not.toContain('Qx7-lo****');
      expect(lines.join('\n')).not.toContain(KEY);
      for (const r of manifest.runs) {
        const text = readFileSync(join(dir, r.file), 'utf8');
        expect(text).toContain('My key is [redacted]');
        expect(text).not.toContain(KEY);
      }
    }, 60_000);

    it('the queueing process registers the key variables too: a result that still holds a key is written redacted', async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'spec.jsonl'), SPEC);
      // A careless worker (another build, say) that sends back the key in the transcript.
      const careless = new Worker<QueuedRun>(
        QUEUE_NAME,
        async (job) => {
          const t = await runOne(job.data.job, settingsOf({ rounds: 1 }), { env: {}, signal: new AbortController().signal, file: join(tempDir(), 'x.json') });
          t.rounds[0]!.turns[0]!.argument = `My key is ${KEY}.`;
          return { transcript: t, by: 'careless', wroteShared: false, version: VERSION };
        },
        { connection: { url, maxRetriesPerRequest: null }, concurrency: 3 },
      );
      const batch = cli(['batch', 'spec.jsonl', '--panel', panel, '--no-judge', '--rounds', '1', '--out', 'runs', '--queue', url], { GATEWAY_CREDENTIAL: KEY }, dir);
      procs.push(batch);
      const end = await batch.exited;
      await careless.close();
      expect(end.code, batch.output()).toBe(0);
      const files = readdirSync(join(dir, 'runs')).filter((f) => f !== 'batch.json');
      expect(files).toHaveLength(3);
      for (const f of files) {
        const text = readFileSync(join(dir, 'runs', f), 'utf8');
        expect(text).toContain('My key is [redacted].');
        expect(text).not.toContain(KEY);
      }
      expect(batch.output()).not.toContain(KEY);
    }, 60_000);
  });

  it('a worker of another version: an odd result or none fails that run with a sentence naming the worker and its version', async () => {
    const odd = new Worker(
      QUEUE_NAME,
      async (job) => {
        const id = (job.data as QueuedRun).entry.id;
        await job.updateProgress({ by: `old-${id}`, version: '0.0.9' });
        if (id === 'a-r1') return { transcript: { format: 'roundtable-transcript', version: 1, rounds: 'many' }, by: 'old-a', wroteShared: false, version: '0.0.9' };
        if (id === 'b-r1') return null;
        if (id === 'c-r1') return 'done';
        // A well-formed transcript, of another run (a-r2) or of its own (the rest).
        const data = job.data as QueuedRun;
        const t = await runOne({ ...data.job, repeat: id === 'a-r2' ? 7 : data.job.repeat }, data.settings, { env: {}, signal: new AbortController().signal, file: join(tempDir(), 'x.json') });
        return { transcript: t, by: `old-${id}`, wroteShared: false, version: '0.0.9' };
      },
      { connection: { url, maxRetriesPerRequest: null }, concurrency: 3 },
    );
    const dir = tempDir();
    const manifest = newManifest('spec.jsonl', parseSpec(SPEC, 'spec.jsonl'), settingsOf({ repeats: 2 }), new Date());
    writeManifest(dir, manifest);
    const finished = runThroughQueue(manifest, { dir, url, signal: new AbortController().signal, progress: quiet(), env: {}, pollMs: 200 });
    const outcome = await Promise.race([finished.then(() => 'settled', (e: Error) => `threw ${e.name}: ${e.message}`), new Promise((r) => setTimeout(() => r('still waiting'), 20_000))]);
    await odd.close();
    expect(outcome).toBe('settled');
    const read = readManifest(dir);
    expect(read.runs.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'complete', 'complete']);
    const [a, b, c, a2] = read.runs;
    expect(a2!.error).toBe('the worker "old-a-r2" (roundtable 0.0.9) returned a transcript that is not of run a-r2.');
    expect(a!.error).toMatch(new RegExp(`^the worker "old-a" \\(roundtable 0\\.0\\.9; this is ${VERSION.replace(/\./g, '\\.')}\\) returned a transcript this roundtable cannot read: `));
    expect(b!.error).toBe(`the worker "old-b-r1" (roundtable 0.0.9; this is ${VERSION}) returned no result.`);
    expect(c!.error).toMatch(/^the worker "old-c-r1" \(roundtable 0\.0\.9; .*\) returned a result this roundtable cannot read: /);
  }, 60_000);

  describe('Redis killed in the middle of a batch', () => {
    const spec = () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'spec.jsonl'), SPEC);
      return dir;
    };
    const worker = (id: string, wait: string, dir: string) => {
      const w = cli(['worker', '--queue', url, '--id', id, '--concurrency', '2', '--lock-ms', '3000'], { ROUNDTABLE_REDIS_WAIT: wait }, dir);
      procs.push(w);
      return w;
    };
    const kill = async () => {
      redis.child.kill('SIGKILL');
      await redis.exited;
    };

    it('back within the wait (empty): said once, no stack traces, every run finishes once on disk', async () => {
      const dir = spec();
      const w = worker('w-back', '30', dir);
      await until('the worker', () => w.output().includes('waiting for runs'));
      const batch = cli(['batch', 'spec.jsonl', '--mock', '--mock-pace', '10', '--repeats', '2', '--out', 'runs', '--queue', url, ...MODELS], { ROUNDTABLE_REDIS_WAIT: '30' }, dir);
      procs.push(batch);
      await until('a finished run', () => /\[1\/6\]/.test(batch.output()));
      await kill();
      await until('the batch to notice', () => /Redis at 127\.0\.0\.1:\d+ is unreachable/.test(batch.output()), 15_000);
      await new Promise((r) => setTimeout(r, 1000));
      redis = await startRedis(port);
      const end = await batch.exited;
      expect(end.code, batch.output() + w.output()).toBe(0);
      expect(batch.output()).toContain('6 of 6 runs complete, 0 failed');
      expect(batch.output().match(/is unreachable/g)).toHaveLength(1);
      expect(batch.output()).toMatch(/Redis at 127\.0\.0\.1:\d+ is back\./);
      noStack(batch.output());
      noStack(w.output());
      for (const r of readManifest(join(dir, 'runs')).runs) {
        expect(r.status).toBe('complete');
        expect(TranscriptSchema.parse(JSON.parse(readFileSync(join(dir, 'runs', r.file), 'utf8'))).status).toBe('complete');
      }
    }, 120_000);

    it('gone while the runs are being queued: the batch stops all the same, exit 1, resumable', async () => {
      const dir = spec();
      const batch = cli(['batch', 'spec.jsonl', '--mock', '--repeats', '3000', '--out', 'runs', '--queue', url, ...MODELS], { ROUNDTABLE_REDIS_WAIT: '2' }, dir);
      procs.push(batch);
      await until('the batch to start queueing', () => batch.output().includes('Running 9000 of 9000 runs'));
      await kill();
      const end = await Promise.race([batch.exited, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 40_000))]);
      expect(end.code, batch.output()).toBe(1);
      expect(batch.output()).toContain('was unreachable for 2 s, so this stopped. Resume with: npx roundtable batch --resume runs --queue');
      noStack(batch.output());
      expect(readManifest(join(dir, 'runs')).runs).toHaveLength(9000);
      redis = await startRedis(port);
    }, 90_000);

    it('gone longer than the wait: exit 1 with a resume hint; the resume trusts the transcripts finished on disk', async () => {
      const dir = spec();
      const w = worker('w-gone', '3', dir);
      await until('the worker', () => w.output().includes('waiting for runs'));
      const batch = cli(['batch', 'spec.jsonl', '--mock', '--mock-pace', '10', '--repeats', '2', '--out', 'runs', '--queue', url, ...MODELS], { ROUNDTABLE_REDIS_WAIT: '3' }, dir);
      procs.push(batch);
      await until('a finished run', () => /\[1\/6\]/.test(batch.output()));
      await kill();
      const end = await Promise.race([batch.exited, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 40_000))]);
      expect(end.code, batch.output()).toBe(1);
      expect(batch.output()).toMatch(new RegExp(`Redis at 127\\.0\\.0\\.1:${port} was unreachable for 3 s, so this stopped\\. Resume with: npx roundtable batch --resume runs --queue redis://127\\.0\\.0\\.1:${port}\\n`));
      noStack(batch.output());
      const stopped = await w.exited;
      expect(stopped.code).toBe(1);
      expect(w.output()).toMatch(/w-gone: Redis at 127\.0\.0\.1:\d+ was unreachable for 3 s, so this stopped\. Start the worker again once Redis is back/);
      noStack(w.output());

      // Finished on disk before the resume: never run again.
      const finished = readManifest(join(dir, 'runs')).runs.filter((r) => {
        try {
          return JSON.parse(readFileSync(join(dir, 'runs', r.file), 'utf8')).status === 'complete';
        } catch {
          return false;
        }
      });
      expect(finished.length).toBeGreaterThanOrEqual(1);
      redis = await startRedis(port);
      const again = worker('w-again', '30', dir);
      await until('the new worker', () => again.output().includes('waiting for runs'));
      const resumed = cli(['batch', '--resume', 'runs', '--queue', url], {}, dir);
      procs.push(resumed);
      const done = await resumed.exited;
      expect(done.code, resumed.output()).toBe(0);
      expect(resumed.output()).toContain(`Resuming ${6 - finished.length} of 6 runs`);
      for (const r of finished) expect(again.output()).not.toContain(`w-again: ${r.id} started`);
      expect(readManifest(join(dir, 'runs')).runs.every((r) => r.status === 'complete')).toBe(true);
      expect(existsSync(join(dir, 'runs', '.lock'))).toBe(false);
    }, 120_000);
  });
});
