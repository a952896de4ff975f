// stats and report on a folder that cannot be listed (EACCES). The tests run as root, and chmod
// does not stop root from reading, so the refusal is simulated: node:fs's readdirSync is replaced
// for this file only, failing with EACCES for a folder named "locked" (stat still succeeds, as it
// does for a real folder without read permission).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, tempDir } from './support/cli.js';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readdirSync = ((path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('/locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: 'EACCES', errno: -13, syscall: 'scandir' });
    return (fs.readdirSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readdirSync;
  return { ...fs, default: { ...fs, readdirSync }, readdirSync };
});

describe('a folder that cannot be listed', () => {
  it.each([['stats'], ['report']])('%s says permission denied, exit 2, not "unexpected failure"', async (command) => {
    const dir = tempDir();
    mkdirSync(join(dir, 'locked'));
    const run = await runCli([command, 'locked'], { cwd: dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^roundtable: The folder locked cannot be listed \(permission denied\); give transcript files or a folder of them\.\n$/);
  });
});
