// The 95 % intervals `roundtable stats` puts around its figures, each with the method that made it
// (docs/batch-and-stats.md says why each fits):
// - a pooled share (count / n): the Wilson score interval;
// - a difference of two accuracies on the same runs (final vs vote baseline): a percentile
//   bootstrap clustered by question (questions drawn with replacement, then each drawn question's
//   runs, its repeats, drawn with replacement), with a fixed seed so the same runs give the same
//   interval on every machine.
import jstat from 'jstat';
import { rng } from '../core/random.js';

export type Method = 'wilson' | 'cluster-bootstrap';

/** A figure with its 95 % interval. */
export interface Estimate {
  /** The point estimate: the pooled share count / n, or the observed mean difference. */
  mean: number | null;
  /** Bounds of the 95 % interval; null when there is nothing to put one around. */
  low: number | null;
  high: number | null;
  /** What the figure is over: the denominator of a share (runs, seat votes, seats), or the runs of a difference. */
  n: number;
  /** The numerator of a share (fractional where a k-way tie scores 1/k); null for a difference. */
  count: number | null;
  method: Method;
  /** Bootstrap only: the questions (clusters) resampled. */
  clusters?: number;
}

/** z for a two-sided 95 % interval: the normal quantile at 0.975 (jstat), 1.959964. */
export const Z95 = jstat.jStat.normal.inv(0.975, 0, 1);

/**
 * A share count / n with its Wilson score interval (Wilson 1927, "Probable inference, the law of
 * succession, and statistical inference", JASA 22:209; recommended over the normal "Wald" interval by
 * Brown, Cai & DasGupta 2001, Statistical Science 16:101):
 *   centre = (p + z²/2n) / (1 + z²/n),  half-width = z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²).
 * It stays within [0, 1] and keeps a width at 0/n and n/n. A count may be fractional (1/k tie scores).
 */
export function wilson(count: number, n: number): Estimate {
  if (n <= 0) return { mean: null, low: null, high: null, n: 0, count, method: 'wilson' };
  const p = count / n;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n the lower bound is exactly 0 and at n/n the upper exactly 1 (floating point leaves ±1e−17).
  const low = count <= 0 ? 0 : Math.max(0, centre - half);
  const high = count >= n ? 1 : Math.min(1, centre + half);
  return { mean: p, low, high, n, count, method: 'wilson' };
}

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 1;

/** The q-quantile of sorted values, linear between order statistics (R's type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The mean of per-run values with a 95 % percentile bootstrap interval, clustered by question: each
 * resample draws as many questions as there are, with replacement, and within each drawn question
 * as many of its runs (repeats) as it has, with replacement; the statistic is the mean over every
 * run drawn. Seeded (BOOTSTRAP_SEED), so the interval is the same on every machine. No interval
 * with fewer than two runs.
 */
export function clusterBootstrap(units: readonly { question: string; value: number }[], resamples = BOOTSTRAP_RESAMPLES, seed = BOOTSTRAP_SEED): Estimate {
  const n = units.length;
  const byQuestion = new Map<string, number[]>();
  for (const u of units) byQuestion.set(u.question, [...(byQuestion.get(u.question) ?? []), u.value]);
  const clusters = [...byQuestion.values()];
  const base = { n, count: null, method: 'cluster-bootstrap' as const, clusters: clusters.length };
  if (n === 0) return { mean: null, low: null, high: null, ...base };
  const mean = units.reduce((a, u) => a + u.value, 0) / n;
  if (n < 2) return { mean, low: null, high: null, ...base };
  const random = rng(seed, 'stats-cluster-bootstrap');
  const stats: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    let count = 0;
    for (let q = 0; q < clusters.length; q++) {
      const cluster = clusters[random.int(clusters.length)]!;
      for (let r = 0; r < cluster.length; r++) total += cluster[random.int(cluster.length)]!;
      count += cluster.length;
    }
    stats.push(total / count);
  }
  stats.sort((a, b) => a - b);
  return { mean, low: quantile(stats, 0.025), high: quantile(stats, 0.975), ...base };
}
