// Where transcripts go: reserved names (runs started at once never share a file), a full disk,
// long names, two runs on one --out.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { runCliProcess } from './support/cli-process.js';
import { runCli, tempDir } from './support/cli.js';
import { probeMount } from './support/tmpfs.js';

const MOCK = ['debate', '--mock', '--mock-pace', '0', '--headless'];
const readTranscript = (path: string): Transcript => TranscriptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

describe('default transcript names are reserved', () => {
  it('gives runs started at the same moment in one process each their own file (6 runs, 6 files)', async () => {
    const cwd = tempDir();
    const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(MOCK, { env: {}, cwd })));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    const files = readdirSync(join(cwd, 'transcripts')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(6);
    const saved = runs.map((r) => /Transcript saved to (\S+)/.exec(r.stderr)![1]!);
    expect(new Set(saved).size).toBe(6);
    const ids = files.map((f) => readTranscript(join(cwd, 'transcripts', f))).map((t) => (expect(t.status).toBe('complete'), t.id));
    expect(new Set(ids).size).toBe(6);
  });

  it('gives separate processes started at once each their own file (4 processes, 4 files)', async () => {
    const cwd = tempDir();
    const runs = await Promise.all(Array.from({ length: 4 }, () => runCliProcess(MOCK, { cwd })));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const files = readdirSync(join(cwd, 'transcripts')).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(4);
    const ids = files.map((f) => readTranscript(join(cwd, 'transcripts', f)).id);
    expect(new Set(ids).size).toBe(4);
    expect(readdirSync(join(cwd, 'transcripts')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});

describe('--out is reserved for one run', () => {
  it('refuses the second of two runs on the same --out, in one process, with exit 2', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'same.json');
    const runs = await Promise.all([runCli([...MOCK, '--out', out], { env: {}, cwd }), runCli([...MOCK, '--out', out], { env: {}, cwd })]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    const refused = runs.find((r) => r.code === 2)!;
    expect(refused.stderr).toBe(`roundtable: ${out} already exists; choose another --out, or remove it first.\n`);
    expect(readTranscript(join(cwd, 'same.json')).status).toBe('complete');
  });

  it('refuses the second of two processes started at once on the same --out, with exit 2', async () => {
    const cwd = tempDir();
    const runs = await Promise.all([0, 1].map(() => runCliProcess([...MOCK, '--out', 'same.json'], { cwd })));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 2]);
    expect(runs.find((r) => r.code === 2)!.stderr).toMatch(/^roundtable: same\.json already exists; choose another --out, or remove it first\.\n$/);
    expect(readTranscript(join(cwd, 'same.json')).status).toBe('complete');
  }, 120_000);

  it('saves under a legal 250-character --out name (the temporary name stays short)', async () => {
    const cwd = tempDir();
    const name = `${'a'.repeat(245)}.json`;
    const run = await runCli([...MOCK, '--out', join(cwd, name)], { env: {}, cwd });
    expect(run.stderr).not.toMatch(/Could not save/);
    expect(run.code).toBe(0);
    expect(readTranscript(join(cwd, name)).status).toBe('complete');
    expect(readdirSync(cwd)).toEqual([name]);
  });
});

// A real small filesystem (a tmpfs, needs root); skipped, saying why, where it cannot be mounted.
const noMount = probeMount();
if (noMount) console.warn(`store.test.ts: the full-disk test is skipped: ${noMount}`);

describe.skipIf(noMount !== null)('a full disk', () => {
  const mounted: string[] = [];
  const leftovers: string[] = [];
  afterAll(() => {
    for (const dir of mounted) execFileSync('umount', [dir]);
    for (const file of leftovers) rmSync(file, { force: true });
  });

  /** A 48 KiB tmpfs with 12 KiB free: the first small saves fit, the full debate (about 15 KB, twice while renaming) does not. */
  const fullDisk = () => {
    const cwd = tempDir();
    const tiny = join(cwd, 'tiny');
    mkdirSync(tiny);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', tiny]);
    mounted.push(tiny);
    writeFileSync(join(tiny, 'filler'), Buffer.alloc(36 * 1024));
    return { cwd, tiny };
  };

  it('never reports a failed save as saved: it names where it could not save, saves to a named fallback and exits 1', async () => {
    const { cwd, tiny } = fullDisk();
    const run = await runCli([...MOCK, '--out', join(tiny, 'x.json')], { env: {}, cwd });
    const fallback = /it was saved to (\S+) instead\./.exec(run.stderr)?.[1];
    if (fallback) leftovers.push(fallback);
    expect(run.stderr).toMatch(/Could not save the transcript to .*tiny\/x\.json: ENOSPC/);
    expect(run.stderr).not.toMatch(/\.rt-[0-9a-f]+\.tmp/);
    expect(run.stderr).toMatch(/\nThe transcript could not be saved to \S*tiny\/x\.json \(ENOSPC\); it was saved to \S+ instead\.\n/);
    expect(run.stderr).not.toMatch(/Transcript saved/);
    expect(run.code).toBe(1);
    const t = readTranscript(fallback!);
    expect(t.status).toBe('complete');
    expect(t.rounds.map((r) => r.turns.length)).toEqual([6, 6]);
    // Nothing half-written is left in the full folder.
    expect(readdirSync(tiny).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(tiny, 'x.json')) ? statSync(join(tiny, 'x.json')).size : 0).toBeLessThan(15_000);
  });

  it('prints the transcript on stdout, and says so, when the fallback folder is full too', async () => {
    const { cwd, tiny } = fullDisk();
    // The fallback goes to the system's temporary folder (os.tmpdir(), which reads TMPDIR): here the same full disk.
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tiny;
    let run: Awaited<ReturnType<typeof runCli>>;
    try {
      run = await runCli([...MOCK, '--out', join(tiny, 'x.json')], { env: {}, cwd });
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
    expect(run.stderr).toMatch(/\nThe transcript could not be saved to \S*tiny\/x\.json \(ENOSPC\), nor to \S*tiny\/roundtable-\S+\.json \(ENOSPC\); it is printed on stdout instead\.\n/);
    expect(run.stderr).not.toMatch(/Transcript saved/);
    expect(run.code).toBe(1);
    const t = TranscriptSchema.parse(JSON.parse(run.stdout));
    expect(t.status).toBe('complete');
    expect(t.rounds.map((r) => r.turns.length)).toEqual([6, 6]);
    expect(readdirSync(tiny).sort()).toEqual(['filler', 'x.json']);
  });
});

describe('what shaped a run is recorded', () => {
  it('records rounds, seed, max tokens, retries, timeouts, mode and the briefing (name, size, sha256) in settings, and shows the briefing', async () => {
    const { createHash } = await import('node:crypto');
    const { SEEDS_DIR } = await import('../src/plan/debate-plan.js');
    const cwd = tempDir();
    const out = join(cwd, 'shaped.json');
    const run = await runCli(
      [...MOCK, '--brief', 'seed', '--max-tokens', '900', '--retries', '2', '--retry-base-ms', '5', '--idle-timeout', '7', '--rounds', '1', '--out', out],
      { env: {}, cwd },
    );
    expect(run.code).toBe(0);
    const docs = readdirSync(SEEDS_DIR).filter((f) => /^00[1-9]_.*\.txt$/.test(f)).sort();
    expect(docs).toHaveLength(4);
    const t = readTranscript(out);
    expect(t.settings).toMatchObject({
      rounds: 1,
      mode: 'debate',
      maxTokens: 900,
      retries: 2,
      retryBaseMs: 5,
      timeouts: { firstTokenMs: 60_000, idleMs: 7000, callMs: 300_000 },
      briefing: docs.map((name) => {
        const bytes = readFileSync(join(SEEDS_DIR, name));
        return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      }),
    });
    expect(typeof t.settings?.seed).toBe('number');
    expect(run.stderr).toContain(`Briefing: ${docs.map((name) => `${name} (${readFileSync(join(SEEDS_DIR, name)).length} bytes)`).join(', ')}`);
  });
});

describe('saves in the background', () => {
  // A finished 3-round debate, and its snapshots after round 1 and round 2 as the engine hands them on.
  const debate = async () => {
    const { mockDebate } = await import('./support/mock-debate.js');
    const final = (await mockDebate({ seed: 11, rounds: 3, judge: false })).transcript;
    const after = (n: number): Transcript => ({ ...final, status: 'interrupted', result: null, rounds: final.rounds.slice(0, n) });
    return { final, after };
  };
  const rounds = (path: string) => readTranscript(path).rounds.length;
  const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it('returns from a round-end event before the file changes, and holds the round once settled', async () => {
    const { transcriptWriter } = await import('../src/transcript/store.js');
    const { after } = await debate();
    const dir = tempDir();
    const path = join(dir, 't.json');
    writeFileSync(path, ''); // reserved at start, empty until the first save
    const writer = transcriptWriter(path, () => {});
    writer.listener({ type: 'round_finished', round: 1, transcript: after(1) });
    expect(readFileSync(path, 'utf8')).toBe('');
    await writer.settled();
    expect(rounds(path)).toBe(1);
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes one snapshot at a time, the latest winning: a burst is one write, a save during a write waits for it', async () => {
    const { latestWriter } = await import('../src/transcript/store.js');
    const { after } = await debate();
    const dir = tempDir();
    const path = join(dir, 't.json');
    const writes: (string | null)[] = [];
    const writer = latestWriter(path, (err) => writes.push(err ? err.message : null));
    writer.save(after(1));
    writer.save(after(2));
    writer.save(after(3));
    await writer.settled();
    expect(writes).toEqual([null]);
    expect(rounds(path)).toBe(3);

    // A save given while one is in flight waits; of the two given meanwhile, only the latter is written.
    writer.save(after(1));
    await new Promise<void>((resolve) => setImmediate(resolve)); // the write of round 1 has started
    writer.save(after(3));
    writer.save(after(2));
    await writer.settled();
    expect(writes).toEqual([null, null, null]);
    expect(rounds(path)).toBe(2);
    expect(leftovers(dir)).toEqual([]);
  });

  it('finish waits for the writes still pending, then the final transcript is what stays on disk', async () => {
    const { transcriptWriter } = await import('../src/transcript/store.js');
    const { final, after } = await debate();
    const dir = tempDir();
    const path = join(dir, 't.json');
    const writer = transcriptWriter(path, () => {});
    writer.listener({ type: 'round_finished', round: 1, transcript: after(1) });
    writer.listener({ type: 'round_finished', round: 2, transcript: after(2) });
    expect(await writer.finish(final)).toEqual({ saved: true, path });
    await writer.settled();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readTranscript(path)).toMatchObject({ status: 'complete', rounds: final.rounds });
    expect(leftovers(dir)).toEqual([]);
  });

  it('reports a failed background save, and finish still never calls it saved', async () => {
    const { transcriptWriter } = await import('../src/transcript/store.js');
    const { final, after } = await debate();
    const path = join(tempDir(), 'no such folder', 't.json');
    const errors: string[] = [];
    const fallbackDir = tempDir();
    const writer = transcriptWriter(path, (m) => errors.push(m), fallbackDir);
    writer.listener({ type: 'round_finished', round: 1, transcript: after(1) });
    await writer.settled();
    writer.listener({ type: 'round_finished', round: 2, transcript: after(2) });
    await writer.settled();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^Could not save the transcript to .*t\.json: .*ENOENT/);
    const save = await writer.finish(final);
    expect(save.saved).toBe(false);
    expect(save.path?.startsWith(fallbackDir)).toBe(true);
    expect(readTranscript(save.path!).status).toBe('complete');
  });
});

describe('a failed write', () => {
  it('names the file asked for, never the temporary one beside it (sync and async)', async () => {
    const { writeFileAtomic, writeFileAtomicAsync } = await import('../src/transcript/store.js');
    const target = join(tempDir(), 'missing-folder', 'x.json');
    const failures: NodeJS.ErrnoException[] = [];
    try {
      writeFileAtomic(target, '{}');
    } catch (err) {
      failures.push(err as NodeJS.ErrnoException);
    }
    await writeFileAtomicAsync(target, '{}').catch((err: NodeJS.ErrnoException) => failures.push(err));
    expect(failures).toHaveLength(2);
    for (const err of failures) {
      expect(err.code).toBe('ENOENT');
      expect(err.message).toContain(target);
      expect(err.message).not.toMatch(/\.rt-[0-9a-f]+\.tmp/);
      expect(err.path).toBe(target);
    }
  });
});
