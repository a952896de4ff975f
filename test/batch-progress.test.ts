// Batch progress: the bar's counts, ETA and cost (table-tested), the live redraw on a terminal and
// the plain lines headless.
import { describe, expect, it } from 'vitest';
import { BatchProgress, eta, formatDuration, progressLine, type ProgressCounts } from '../src/batch/progress.js';

const c = (over: Partial<ProgressCounts>): ProgressCounts => ({ total: 10, done: 0, running: 0, failed: 0, skipped: 0, costUsd: null, ...over });

describe('the progress line', () => {
  it.each([
    // 4 of 10 finished in 40 s: 10 s a run, 6 left → 1m00s.
    [c({ done: 3, failed: 1, running: 2, costUsd: 0.5 }), 40_000, '████████░░░░░░░░░░░░ 4/10 · 3 done · 2 running · 1 failed · ETA 1m00s · $0.5000'],
    // Nothing finished yet: no ETA, no cost.
    [c({ running: 4 }), 5_000, '░░░░░░░░░░░░░░░░░░░░ 0/10 · 0 done · 4 running · 0 failed · ETA –'],
    // A resume: the 5 runs finished before it do not count for the pace (2 here in 10 s, 3 left → 15 s).
    [c({ done: 7, skipped: 5 }), 10_000, '██████████████░░░░░░ 7/10 · 7 done · 0 running · 0 failed · ETA 15s'],
    [c({ done: 10, costUsd: 1.25 }), 60_000, '████████████████████ 10/10 · 10 done · 0 running · 0 failed · ETA 0s · $1.2500'],
  ])('%j after %d ms', (counts, elapsed, line) => {
    expect(progressLine(counts, elapsed)).toBe(line);
  });

  it.each([
    [0, '0s'],
    [59_400, '59s'],
    [61_000, '1m01s'],
    [3_725_000, '1h02m'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('has no ETA before this process finished a run', () => {
    expect(eta(c({ done: 5, skipped: 5 }), 1000)).toBeNull();
  });
});

describe('BatchProgress', () => {
  it('headless: one plain line per finished run, with the counts', () => {
    const out: string[] = [];
    const p = new BatchProgress(() => c({ done: 1, running: 1 }), (t) => out.push(t), false);
    p.finished('q1-r1', 'complete', 'Majority — 4');
    p.note('a note');
    p.stop();
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\[1\/10\] q1-r1 complete: Majority — 4 · 1\/10 · 1 done · 1 running · 0 failed · ETA \S+\n$/);
    expect(out[1]).toBe('a note\n');
    expect(out[0]).not.toContain('\u001b');
  });

  it('live: redraws the bar in place, notes on their own line, a newline at the end', () => {
    const out: string[] = [];
    const p = new BatchProgress(() => c({ done: 2, failed: 1 }), (t) => out.push(t), true);
    p.finished('q1-r1', 'complete', '');
    p.note('Could not save x');
    p.stop();
    expect(out[0]).toMatch(/^\r\u001b\[2K█{6}░{14} 3\/10 · 2 done · 0 running · 1 failed · ETA /);
    expect(out[1]).toBe('\r\u001b[2KCould not save x\n');
    expect(out.at(-1)).toBe('\n');
  });
});
