// DIR/.lock: one process owns a batch folder at a time. The lock file holds who took it (pid, host,
// and when that process started); a lock whose process is gone (killed, crashed) is taken over, so
// no lock stays stuck. A lock held by another host cannot be checked, and is respected.
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';

export const LOCK_FILE = '.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** When the holding process started (ISO), as people read it. */
  startedAt: string;
  /** The process's start time in clock ticks since boot (/proc/PID/stat), to tell a reused pid apart; null off Linux. */
  procStart: string | null;
  command?: string;
}

/** The start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), or null where it cannot be read. */
export function procStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function me(command: string): LockHolder {
  return { pid: process.pid, host: hostname(), startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(), procStart: procStartOf(process.pid), command };
}

/** Whether the process a lock names is still running (on this host; another host's is assumed alive). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  // The pid is in use: by the holder, or by a later process that got the same pid.
  const now = procStartOf(holder.pid);
  return !(holder.procStart && now && now !== holder.procStart);
}

function readHolder(path: string): LockHolder | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof data.pid !== 'number' || typeof data.host !== 'string') return null;
    return { pid: data.pid, host: data.host, startedAt: String(data.startedAt ?? 'an unknown time'), procStart: typeof data.procStart === 'string' ? data.procStart : null, ...(typeof data.command === 'string' ? { command: data.command } : {}) };
  } catch {
    return null;
  }
}

export interface BatchLock {
  release(): void;
}

/**
 * Takes DIR/.lock for this process, or throws a UsageError naming the process that holds it. A lock
 * left by a dead process (or an unreadable one) is taken over.
 */
export function lockBatch(dir: string, command: string, shown = dir): BatchLock {
  const path = join(dir, LOCK_FILE);
  const text = `${JSON.stringify(me(command))}\n`;
  // Written whole beside it, then linked into place (link fails when the lock exists): a lock
  // file is never seen half-written.
  const mine = join(dir, `${LOCK_FILE}.${process.pid}.${Date.now()}.new`);
  try {
    writeFileSync(mine, text, { mode: 0o644 });
  } catch (err) {
    throw new UsageError(`The batch folder ${shown} cannot be locked (${(err as NodeJS.ErrnoException).code ?? 'error'}); choose another --out.`);
  }
  try {
    return take(path, mine, shown);
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // gone already
    }
  }
}

function take(path: string, mine: string, shown: string): BatchLock {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      linkSync(mine, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UsageError(`The batch folder ${shown} cannot be locked (${(err as NodeJS.ErrnoException).code ?? 'error'}); choose another --out.`);
      }
      const holder = readHolder(path);
      if (holder && holderAlive(holder)) {
        throw new UsageError(
          `${shown} is in use by another roundtable batch (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}); wait for it to finish, or stop it${holder.host === hostname() ? '' : ` (if it is gone, remove ${join(shown, LOCK_FILE)})`}.`,
        );
      }
      // Dead (or unreadable): moved aside under a name of our own, so that of two
      // processes taking it over at once only one does; then taken anew.
      const aside = `${path}.${process.pid}.stale`;
      try {
        renameSync(path, aside);
      } catch {
        continue; // another process moved it first
      }
      const moved = readHolder(aside);
      if (moved && holderAlive(moved)) {
        // What we moved was a live process's fresh lock (taken between our read and our rename): put it back.
        try {
          linkSync(aside, path);
        } catch {
          // a third process holds it now
        }
      }
      try {
        unlinkSync(aside);
      } catch {
        // gone already
      }
      continue;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      try {
        // Only our own lock: never one another process took over meanwhile.
        if (existsSync(path) && readHolder(path)?.pid === process.pid) unlinkSync(path);
      } catch {
        // nothing to remove
      }
    };
    process.on('exit', release);
    return { release };
  }
  throw new UsageError(`The batch folder ${shown} is being locked by other processes at this moment; try again.`);
}
