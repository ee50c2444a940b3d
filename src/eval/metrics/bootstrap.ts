/**
 * Seeded percentile bootstrap. Every metric here is written over row weights (1 for the point
 * estimate, resample counts for a replicate), so one implementation serves both. Resampling can
 * be by cluster (MM-RLHF questions) so grouped metrics stay meaningful.
 * @module
 */
import { seededRandom } from "../../core/index.js";

/** Bootstrap settings; reruns with the same settings give the same intervals. */
export interface BootstrapOptions {
  /** Replicates requested (default 1000). */
  resamples?: number;
  /** PRNG seed (default 0). */
  seed?: number;
  /** Work cap: replicates are reduced so that replicates × units ≤ this (default 1e8), at least 100. */
  maxDraws?: number;
}

/** The 95 % intervals and what produced them. */
export interface BootstrapResult {
  intervals: Record<string, [number, number]>;
  resamples: number;
  seed: number;
}

/** Linear-interpolation quantile of sorted values (numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (!n) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Percentile 95 % intervals of named statistics. `statistic` receives per-row weights and
 * returns each statistic (null when undefined for that replicate, which is then left out).
 * @param rows number of rows
 * @param clusterOf optional cluster index per row (rows of one cluster are resampled together)
 * @example
 * const correct = [1, 0, 1, 1];
 * const mean = (w: Float64Array) => {
 *   let s = 0, t = 0;
 *   for (let i = 0; i < w.length; i++) { s += w[i]! * correct[i]!; t += w[i]!; }
 *   return { accuracy: t ? s / t : null };
 * };
 * bootstrap(4, mean, { seed: 1 }).intervals.accuracy; // [lo, hi], the same on every run
 */
export function bootstrap(
  rows: number,
  statistic: (weights: Float64Array) => Record<string, number | null | undefined>,
  options: BootstrapOptions = {},
  clusterOf?: Int32Array,
): BootstrapResult {
  const seed = options.seed ?? 0;
  let clusters = rows;
  if (clusterOf) {
    clusters = 0;
    for (let i = 0; i < rows; i++) clusters = Math.max(clusters, clusterOf[i]! + 1);
  }
  const requested = options.resamples ?? 1000;
  const cap = Math.floor((options.maxDraws ?? 1e8) / Math.max(1, clusters));
  const resamples = Math.max(Math.min(requested, 100), Math.min(requested, cap));
  const random = seededRandom(seed);
  const unitWeights = new Float64Array(clusters);
  const weights = clusterOf ? new Float64Array(rows) : unitWeights;
  const draws = new Map<string, number[]>();
  for (let b = 0; b < resamples && clusters > 0; b++) {
    unitWeights.fill(0);
    for (let k = 0; k < clusters; k++) unitWeights[Math.floor(random() * clusters)]! += 1;
    if (clusterOf) for (let i = 0; i < rows; i++) weights[i] = unitWeights[clusterOf[i]!]!;
    for (const [name, value] of Object.entries(statistic(weights))) {
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const list = draws.get(name);
      if (list) list.push(value);
      else draws.set(name, [value]);
    }
  }
  const intervals: Record<string, [number, number]> = {};
  for (const [name, values] of draws) {
    const sorted = Float64Array.from(values).sort();
    intervals[name] = [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  }
  return { intervals, resamples, seed };
}

/** Weights of 1 for every row: the point estimate. */
export function unitWeights(rows: number): Float64Array {
  return new Float64Array(rows).fill(1);
}
