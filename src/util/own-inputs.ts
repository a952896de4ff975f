// No command writes over one of its own inputs: the one check every command with an output file
// makes (report -o, import -o, debate --out) before it reads or writes anything.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** The path as the filesystem names it: symlinks and `..` resolved, also for a file not yet there. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** Two names of one existing file (a hard link too), or the same real path. */
function sameFile(a: string, b: string): boolean {
  if (realPath(a) === realPath(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

/**
 * Refuses an output path that is one of the inputs, or a .json file inside an input folder (the
 * folder's transcripts and its batch.json, which a folder reader would take for a transcript next
 * time). `inputs` are as given (files or folders; empty entries are skipped), relative to cwd.
 */
export function refuseOwnInput(out: string, inputs: ReadonlyArray<string | undefined | null>, opts: { cwd: string; flag: string; command: string }): void {
  const target = resolve(opts.cwd, out);
  for (const given of inputs) {
    if (!given) continue;
    const input = resolve(opts.cwd, given);
    let isDir = false;
    try {
      isDir = statSync(input).isDirectory();
    } catch {
      // an input that is not there is the reader's to report
    }
    if (isDir) {
      if (/\.json$/i.test(target) && realPath(dirname(target)) === realPath(input)) {
        throw new UsageError(`${opts.flag} ${out} is inside ${given}, a folder ${opts.command} reads, and would replace or add to its files; choose another ${opts.flag}.`);
      }
      continue;
    }
    if (existsSync(input) && sameFile(target, input)) {
      throw new UsageError(`${opts.flag} ${out} is ${given}, one of the files ${opts.command} reads as input; choose another ${opts.flag}.`);
    }
  }
}
