// A real small filesystem for full-disk tests: a tmpfs (needs root), skipped saying why where it
// cannot be mounted. Shared by the store and batch full-disk tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';

/** Null when a tmpfs can be mounted here, else the reason it cannot. */
export function probeMount(): string | null {
  const dir = tempDir('roundtable-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a tmpfs here (${((err as { stderr?: Buffer }).stderr?.toString() || (err as Error).message).trim()})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Mounts a tmpfs of `sizeKiB` with `fillKiB` of it taken by a file named `filler`; `unmount` undoes it. */
export function smallDisk(sizeKiB: number, fillKiB: number): { cwd: string; tiny: string; unmount: () => void } {
  const cwd = tempDir();
  const tiny = join(cwd, 'tiny');
  mkdirSync(tiny);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', tiny]);
  if (fillKiB) writeFileSync(join(tiny, 'filler'), Buffer.alloc(fillKiB * 1024));
  return { cwd, tiny, unmount: () => execFileSync('umount', [tiny]) };
}
