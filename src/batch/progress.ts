// Batch progress: a live bar on a terminal (runs done / running / failed, ETA, cost so far),
// plain lines when headless (one per finished run).
import { sanitizeLine } from '../util/sanitize.js';

export interface ProgressCounts {
  total: number;
  done: number;
  running: number;
  failed: number;
  /** Runs finished before this process started (a resume): not counted for the ETA. */
  skipped: number;
  costUsd: number | null;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The ETA from the pace of the runs this process finished; null before the first. */
export function eta(c: ProgressCounts, elapsedMs: number): number | null {
  const finishedHere = c.done + c.failed - c.skipped;
  const left = c.total - c.done - c.failed;
  if (finishedHere <= 0) return null;
  return (elapsedMs / finishedHere) * left;
}

export function progressLine(c: ProgressCounts, elapsedMs: number, width = 20): string {
  const finished = c.done + c.failed;
  const filled = c.total ? Math.round((finished / c.total) * width) : width;
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const e = eta(c, elapsedMs);
  const cost = c.costUsd === null ? '' : ` · $${c.costUsd.toFixed(4)}`;
  return `${bar} ${finished}/${c.total} · ${c.done} done · ${c.running} running · ${c.failed} failed · ETA ${e === null ? '–' : formatDuration(e)}${cost}`;
}

export class BatchProgress {
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly counts: () => ProgressCounts,
    private readonly write: (text: string) => void,
    private readonly live: boolean,
  ) {
    if (live) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  private draw(): void {
    this.write(`\r\u001b[2K${progressLine(this.counts(), Date.now() - this.started)}`);
  }

  /** A run ended: a plain line headless, a redraw live. */
  finished(id: string, status: string, detail: string): void {
    if (this.live) {
      this.draw();
      return;
    }
    const c = this.counts();
    this.write(`${sanitizeLine(`[${c.done + c.failed}/${c.total}] ${id} ${status}${detail ? `: ${detail}` : ''}`)} · ${progressLine(c, Date.now() - this.started, 0).replace(/^ /, '')}\n`);
  }

  /** A note of its own (on its own line). */
  note(text: string): void {
    this.write(`${this.live ? '\r\u001b[2K' : ''}${sanitizeLine(text)}\n`);
    if (this.live) this.draw();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.live) {
      this.draw();
      this.write('\n');
    }
  }
}
