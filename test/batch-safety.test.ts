// batch under attack, in one process or two: a full disk (a real tmpfs), hostile batch.json files,
// two processes on one folder (and one of them killed), retries and resumes against --max-cost,
// a manifest of a large batch, flags a resume cannot apply.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_FILE, ManifestStore, newManifest, readManifest, writeManifest, type Manifest } from '../src/batch/manifest.js';
import { BatchProgress } from '../src/batch/progress.js';
import type { BatchSettings } from '../src/batch/run-one.js';
import { runLocal } from '../src/batch/runner.js';
import { parseSpec } from '../src/batch/spec.js';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { runCliProcess } from './support/cli-process.js';
import { runCli, tempDir } from './support/cli.js';
import { probeMount, smallDisk } from './support/tmpfs.js';

const MODELS = ['--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', '--no-judge'];
const SPEC = [
  { id: 'tea', motion: 'Tea or coffee?', options: ['Tea', 'Coffee'] },
  { id: 'pets', motion: 'Cats or dogs?', options: ['Cats', 'Dogs'] },
]
  .map((q) => JSON.stringify(q))
  .join('\n');
function specFile(dir: string, text = SPEC): string {
  const path = join(dir, 'spec.jsonl');
  writeFileSync(path, `${text}\n`);
  return path;
}
const load = (path: string): Transcript => TranscriptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
const quiet = () => new BatchProgress(() => ({ total: 0, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null }), () => {}, false);
const settingsOf = (extra: Partial<BatchSettings> = {}): BatchSettings => ({ repeats: 1, seed: 1, mock: true, rounds: 2, maxTokens: 100, retries: 0, retryBaseMs: 0, mockPace: 0, ...extra });
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |unexpected failure/);

const noMount = probeMount();
if (noMount) console.warn(`batch-safety.test.ts: the full-disk tests are skipped: ${noMount}`);

describe.skipIf(noMount !== null)('a batch on a full disk (a real tmpfs)', () => {
  const undo: (() => void)[] = [];
  afterAll(() => {
    for (const u of undo) u();
  });

  it('never counts a run complete whose transcript is not on disk: it fails, kept where debate keeps it, the batch exits 1; a resume moves it in without running it again', async () => {
    // 48 KiB with 24 KiB free: batch.json, its log and the lock fit; four transcripts of about 7 KB do not.
    const disk = smallDisk(48, 24);
    const fallbacks: string[] = [];
    undo.push(() => {
      disk.unmount();
      for (const f of fallbacks) rmSync(f, { force: true });
    });
    const spec = specFile(disk.cwd);
    const run = await runCli(['batch', spec, '--mock', '--repeats', '2', '--out', 'tiny/runs', ...MODELS], { cwd: disk.cwd });
    noStack(run.stderr);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).not.toMatch(/^4 of 4 runs complete/);
    const manifest = readManifest(join(disk.tiny, 'runs'));
    let complete = 0;
    for (const r of manifest.runs) {
      if (r.status === 'complete') {
        complete++;
        expect(load(join(disk.tiny, 'runs', r.file)).status).toBe('complete');
        continue;
      }
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/could not be saved to .*ENOSPC/);
      if (r.savedTo) {
        fallbacks.push(r.savedTo);
        expect(load(r.savedTo)).toMatchObject({ status: 'complete', batch: { question: r.question, repeat: r.repeat } });
      }
    }
    expect(complete).toBeLessThan(4);
    expect(manifest.runs.filter((r) => r.savedTo).length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/could not be saved in tiny\/runs and (was|were) kept elsewhere/);

    // Room made: the resume moves the kept transcripts in and runs nothing twice.
    rmSync(join(disk.tiny, 'filler'));
    const kept = Object.fromEntries(manifest.runs.filter((r) => r.savedTo).map((r) => [r.id, load(r.savedTo!).id]));
    const resumed = await runCli(['batch', '--resume', 'tiny/runs'], { cwd: disk.cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = readManifest(join(disk.tiny, 'runs'));
    expect(after.runs.map((r) => r.status)).toEqual(['complete', 'complete', 'complete', 'complete']);
    for (const [id, transcriptId] of Object.entries(kept)) expect(load(join(disk.tiny, 'runs', `${id}.json`)).id).toBe(transcriptId);
    expect(resumed.stderr).toContain(`Resuming ${4 - complete - Object.keys(kept).length} of 4 runs`);
  });

  it('says in one sentence when the first batch.json cannot be written, and exits 1', async () => {
    // One page free: the lock fits, batch.json does not.
    const disk = smallDisk(48, 44);
    undo.push(disk.unmount);
    const run = await runCli(['batch', specFile(disk.cwd), '--mock', '--out', 'tiny/runs', ...MODELS], { cwd: disk.cwd });
    noStack(run.stderr);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^roundtable: tiny\/runs\/batch\.json could not be written \(ENOSPC\), so no run was started; make room or choose another --out\.\n$/);
  });
});

describe('a batch.json is input like any other', () => {
  /** A finished two-run batch whose runs are then set back to pending, and its manifest edited by `edit`. */
  async function hostile(edit: (m: Manifest & { runs: Record<string, unknown>[] }) => void) {
    const dir = tempDir();
    const spec = specFile(dir, JSON.stringify({ id: 'tea', motion: 'Tea or coffee?', options: ['Tea', 'Coffee'] }));
    const first = await runCli(['batch', spec, '--mock', '--repeats', '2', '--out', 'runs', ...MODELS], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const path = join(dir, 'runs', 'batch.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    for (const r of manifest.runs) r.status = 'pending';
    edit(manifest);
    writeFileSync(path, JSON.stringify(manifest));
    return { dir, resume: () => runCli(['batch', '--resume', 'runs'], { cwd: dir }) };
  }

  it.each([
    ['a file outside the folder', '../victim.txt', /gives run "tea-r1" the file "\.\.\/victim\.txt", which is not a file name inside the batch's folder/],
    ['a path into a subfolder', 'sub/tea-r1.json', /the file "sub\/tea-r1\.json", which is not a file name inside/],
    ['the manifest itself', 'batch.json', /the file "batch\.json", which is not a file name inside/],
  ])('refuses %s with one sentence and exit 2, writing nothing there', async (_what, file, message) => {
    const { dir, resume } = await hostile((m) => {
      m.runs[0]!.file = file;
    });
    // ../victim.txt from the batch's folder: an unrelated file beside it.
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const out = await resume();
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readdirSync(join(dir, 'runs')).sort()).toEqual(['batch.json', 'tea-r1.json', 'tea-r2.json']);
  });

  it('refuses an absolute file name', async () => {
    const elsewhere = join(tempDir(), 'elsewhere.json');
    const { resume } = await hostile((m) => {
      m.runs[1]!.file = elsewhere;
    });
    const out = await resume();
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`gives run "tea-r2" the file "${elsewhere}", which is not a file name inside the batch's folder`);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('refuses a run listed twice (it would run, and be paid for, twice) and two runs on one file', async () => {
    const twice = await hostile((m) => {
      m.runs.push({ ...m.runs[0]! });
    });
    const out = await twice.resume();
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/lists the run "tea-r1" twice; each run is listed \(and paid for\) once\./);
    const shared = await hostile((m) => {
      m.runs[1]!.file = m.runs[0]!.file;
    });
    const again = await shared.resume();
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/gives the file "tea-r1\.json" to two runs/);
  });
});

describe('one process owns a batch folder (DIR/.lock)', () => {
  const slow = ['--mock', '--mock-pace', '25', '--repeats', '3', '--concurrency', '1', ...MODELS];
  const until = async (check: () => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('two processes on one folder: the second exits 2 naming the holder; a killed holder does not leave it stuck', async () => {
    const cwd = tempDir();
    const spec = specFile(cwd);
    // Two `batch SPEC --out DIR` started at once: one runs, the other is refused.
    let firstPid = 0;
    const both = await Promise.all([0, 1].map(() => runCliProcess(['batch', spec, ...slow.slice(0, 2), '0', '--out', 'runs', ...MODELS], { cwd })));
    expect(both.map((r) => r.code).sort()).toEqual([0, 2]);
    expect(both.find((r) => r.code === 2)!.stderr).toMatch(/^roundtable: runs (is in use by another roundtable batch \(pid \d+ on \S+, started \S+\)|already holds a batch)/);

    // A batch going on: a resume of the same folder is refused, naming it.
    const other = join(cwd, 'other');
    let stderrA = '';
    const a = runCliProcess(['batch', spec, ...slow, '--out', 'other'], {
      cwd,
      onStderr: (text, child) => {
        stderrA = text;
        firstPid = child.pid ?? 0;
      },
    });
    await until(() => existsSync(join(other, '.lock')) && existsSync(join(other, 'batch.json')) && firstPid > 0);
    const holder = JSON.parse(readFileSync(join(other, '.lock'), 'utf8'));
    expect(holder).toMatchObject({ pid: firstPid, host: expect.any(String), startedAt: expect.any(String) });
    const refused = await runCliProcess(['batch', '--resume', 'other'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`^roundtable: other is in use by another roundtable batch \\(pid ${firstPid} on \\S+, started \\S+\\); wait for it to finish, or stop it\\.\\n$`));

    // Killed (no clean-up at all): its lock stays on disk, and the next process takes it over.
    process.kill(firstPid, 'SIGKILL');
    const killed = await a;
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(other, '.lock'))).toBe(true);
    expect(stderrA).toContain('Running 6 of 6 runs');
    const resumed = await runCliProcess(['batch', '--resume', 'other'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readManifest(other).runs.every((r) => r.status === 'complete')).toBe(true);
    expect(existsSync(join(other, '.lock'))).toBe(false);
  }, 180_000);
});

describe('spend only adds up, across attempts and resumes', () => {
  const questions = parseSpec(JSON.stringify({ id: 'q', motion: 'Tea or coffee?', options: ['Tea', 'Coffee'] }), 'spec.jsonl');
  const failing = (usd: number) => async () => ({ status: 'failed', result: null, error: 'every debater failed', rounds: [], cost: { usd } }) as unknown as Transcript;

  it('five resumes of a failing run against --max-cost 0.003 at $0.001 an attempt: three attempts, $0.003 recorded', async () => {
    const dir = tempDir();
    writeManifest(dir, newManifest('spec.jsonl', questions, settingsOf({ maxCost: 0.003 }), new Date()));
    let attempts = 0;
    for (let resume = 0; resume < 5; resume++) {
      const manifest = readManifest(dir);
      await runLocal(manifest, { dir, concurrency: 1, env: {}, signal: new AbortController().signal, progress: quiet(), run: async () => (attempts++, failing(0.001)()) });
    }
    expect(attempts).toBe(3);
    const manifest = readManifest(dir);
    expect(manifest.runs[0]!.spentUsd).toBeCloseTo(0.003, 12);
    expect(manifest.stopReason).toBe('budget');
  });

  it('a budget stop keeps what the run spent before (never back to $0)', async () => {
    const dir = tempDir();
    writeManifest(dir, newManifest('spec.jsonl', questions, settingsOf({ maxCost: 1 }), new Date()));
    await runLocal(readManifest(dir), { dir, concurrency: 1, env: {}, signal: new AbortController().signal, progress: quiet(), run: failing(0.002) });
    const stopped = async () => ({ status: 'interrupted', result: null, error: null, rounds: [], stopReason: 'stopped before round 1: the budget', cost: { usd: 0 } }) as unknown as Transcript;
    const manifest = readManifest(dir);
    await runLocal(manifest, { dir, concurrency: 1, env: {}, signal: new AbortController().signal, progress: quiet(), run: stopped });
    const after = readManifest(dir);
    expect(after.runs[0]!.status).toBe('pending');
    expect(after.runs[0]!.spentUsd).toBeCloseTo(0.002, 12);
  });
});

describe('the manifest of a large batch', () => {
  const questions = parseSpec(SPEC, 'spec.jsonl');

  it('a status change appends one line to the log; batch.json is rewritten only at the start and the end', async () => {
    const dir = tempDir();
    const manifest = newManifest('spec.jsonl', questions, settingsOf({ repeats: 500 }), new Date());
    writeManifest(dir, manifest);
    const path = join(dir, 'batch.json');
    const before = statSync(path);
    const logSizes: number[] = [];
    let checked = 0;
    await runLocal(manifest, {
      dir,
      concurrency: 2,
      env: {},
      signal: new AbortController().signal,
      progress: quiet(),
      run: async () => {
        if (checked++ < 20) {
          const now = statSync(path);
          expect([now.ino, now.mtimeMs, now.size]).toEqual([before.ino, before.mtimeMs, before.size]);
          logSizes.push(statSync(join(dir, LOG_FILE)).size);
        }
        return { status: 'complete', result: null, error: null, rounds: [], cost: { usd: 0.001 } } as unknown as Transcript;
      },
    });
    expect(checked).toBe(1000);
    // Each change is a line of about the size of one run, whatever the size of the batch.
    expect(logSizes.at(-1)! - logSizes[0]!).toBeLessThan(20 * 2 * 1000);
    expect(existsSync(join(dir, LOG_FILE))).toBe(false);
    const read = readManifest(dir);
    expect(read.runs.filter((r) => r.status === 'complete')).toHaveLength(1000);
  });

  it('a reader applies the log over batch.json; a line cut short by a crash is left out; a log line cannot move a run', () => {
    const dir = tempDir();
    const manifest = newManifest('spec.jsonl', questions, settingsOf({ repeats: 3 }), new Date());
    const store = new ManifestStore(dir, manifest);
    store.compact();
    const [a, b] = manifest.runs;
    a!.status = 'complete';
    a!.spentUsd = 0.5;
    store.update(a!);
    b!.status = 'running';
    store.update(b!);
    b!.status = 'failed';
    store.update(b!);
    expect(store.tally).toMatchObject({ total: 6, complete: 1, failed: 1, pending: 4, running: 0 });
    appendFileSync(join(dir, LOG_FILE), '{"id": "tea-r3", "status": "comp');
    const read = readManifest(dir);
    expect(read.runs.map((r) => r.status)).toEqual(['complete', 'failed', 'pending', 'pending', 'pending', 'pending']);
    expect(read.runs[0]!.spentUsd).toBe(0.5);

    writeFileSync(join(dir, LOG_FILE), `${JSON.stringify({ ...b, file: '../escape.json' })}\n${JSON.stringify(a)}\n`);
    expect(() => readManifest(dir)).toThrow(/line 1 changes the file, question or seed of run "pets-r1"/);
  });
});

describe('batch --resume with flags it cannot apply', () => {
  it('refuses them in one sentence with exit 2; those it can apply are taken', async () => {
    const dir = tempDir();
    const spec = specFile(dir);
    expect((await runCli(['batch', spec, '--mock', '--out', 'runs', ...MODELS], { cwd: dir })).code).toBe(0);
    const refused = await runCli(['batch', '--resume', 'runs', '--repeats', '5', '--rounds', '3', '--mock-pace', '0'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('roundtable: --resume continues the batch its batch.json describes, so it cannot take --repeats, --mock-pace, --rounds; run it without them.\n');
    for (const flags of [['--seed', '3'], ['--no-judge'], ['--models', 'openai:gpt-5.4,xai:grok-4-1-fast-reasoning'], ['--max-tokens', '50'], ['--out', 'x'], ['--mock']]) {
      const out = await runCli(['batch', '--resume', 'runs', ...flags], { cwd: dir });
      expect(out.code, flags.join(' ')).toBe(2);
      expect(out.stderr).toMatch(/^roundtable: --resume continues the batch its batch\.json describes, so it cannot take \S+; run it without it\.\n$/);
    }
    const taken = await runCli(['batch', '--resume', 'runs', '--concurrency', '2', '--max-cost', '5', '--headless'], { cwd: dir });
    expect(taken.code, taken.stderr).toBe(0);
  });

  it('the budget stop gives a resume hint that runs as typed (npx roundtable …)', async () => {
    const dir = tempDir();
    const out = await runCli(['batch', specFile(dir), '--mock', '--repeats', '3', '--out', 'runs', '--max-cost', '0.0001', ...MODELS], { cwd: dir });
    expect(out.stderr).toMatch(/resume with a larger one: npx roundtable batch --resume runs --max-cost USD/);
  });
});
