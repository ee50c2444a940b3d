/**
 * Seeded percentile bootstrap. Every metric here is written over row weights (1 for the point
 * estimate, resample counts for a replicate), so one implementation serves both. Resampling can
 * be by cluster (MM-RLHF questions) so grouped metrics stay meaningful.
 * @module
 */
import { seededRandom } from "../../core/index.js";

/** Above this many units the Poisson bootstrap replaces the exact multinomial one. */
const EXACT_UP_TO = 100_000;

/** CDF of Poisson(1) at 0, 1, 2, …: P(X ≤ k) = e⁻¹ Σ_{j≤k} 1/j!, up to where it reaches 1 in doubles. */
const POISSON_CDF: readonly number[] = (() => {
  const cdf: number[] = [];
  let term = Math.exp(-1);
  let total = 0;
  for (let k = 0; k < 20; k++) {
    total += term;
    cdf.push(total);
    term /= k + 1;
  }
  cdf[cdf.length - 1] = 1;
  return cdf;
})();

/** {@link POISSON_CDF} × 2³², so a uniform 32-bit draw is compared without division; the last is 2³². */
const POISSON_CDF_U32 = Float64Array.from(POISSON_CDF, (p) => Math.floor(p * 4294967296));

/** Bootstrap settings; reruns with the same settings give the same intervals. */
export interface BootstrapOptions {
  /** Replicates requested (default 1000). */
  resamples?: number;
  /** PRNG seed (default 0). */
  seed?: number;
  /** Work cap: replicates are reduced so that replicates × units ≤ this (default 1e8), at least 100. */
  maxDraws?: number;
  /**
   * Units up to which the exact multinomial bootstrap is used (default 100,000); above, each
   * unit's weight is an independent Poisson(1) count (the Poisson bootstrap, Hanley & MacGibbon
   * 2006; Chamandy et al. 2012), which matches the multinomial for large n and runs sequentially.
   */
  exactUpTo?: number;
}

/** The 95 % intervals and what produced them. */
export interface BootstrapResult {
  intervals: Record<string, [number, number]>;
  resamples: number;
  seed: number;
  method: "multinomial" | "poisson";
}

/**
 * Linear-interpolation quantile of sorted values (numpy's default).
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
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
  const draws = new Replicates();
  const poisson = clusters > (options.exactUpTo ?? EXACT_UP_TO);
  for (let b = 0; b < resamples && clusters > 0; b++) {
    if (poisson) {
      // Poisson(1) weights by inversion of the CDF scaled to 32-bit integers: sequential, cache-friendly.
      for (let k = 0; k < clusters; k++) {
        const u = Math.floor(random() * 4294967296);
        let count = 0;
        while (u > POISSON_CDF_U32[count]!) count++;
        unitWeights[k] = count;
      }
    } else {
      unitWeights.fill(0);
      for (let k = 0; k < clusters; k++) unitWeights[Math.floor(random() * clusters)]! += 1;
    }
    if (clusterOf) {
      // A row outside every cluster (code −1) takes no part.
      for (let i = 0; i < rows; i++) weights[i] = clusterOf[i]! >= 0 ? unitWeights[clusterOf[i]!]! : 0;
    }
    draws.add(statistic(weights));
  }
  return { intervals: draws.intervals(), resamples, seed, method: poisson ? "poisson" : "multinomial" };
}

/** The statistics of every replicate, then their 2.5 % and 97.5 % percentiles. */
class Replicates {
  readonly #values = new Map<string, number[]>();

  add(statistics: Record<string, number | null | undefined>): void {
    for (const [name, value] of Object.entries(statistics)) {
      if (value === null || value === undefined || !Number.isFinite(value)) continue;
      const list = this.#values.get(name);
      if (list) list.push(value);
      else this.#values.set(name, [value]);
    }
  }

  intervals(): Record<string, [number, number]> {
    const intervals: Record<string, [number, number]> = {};
    for (const [name, values] of this.#values) {
      const sorted = Float64Array.from(values).sort();
      intervals[name] = [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
    }
    return intervals;
  }
}

/**
 * Weights of 1 for every row: the point estimate.
 * @example
 * unitWeights(3); // Float64Array [1, 1, 1]
 */
export function unitWeights(rows: number): Float64Array {
  return new Float64Array(rows).fill(1);
}

/** ln(k!) (exact sum below 30, Stirling's series above). */
function logFactorial(k: number): number {
  if (k < 30) {
    let s = 0;
    for (let j = 2; j <= k; j++) s += Math.log(j);
    return s;
  }
  const x = k + 1;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.5 * Math.log(2 * Math.PI) +
    1 / (12 * x) -
    1 / (360 * x ** 3) +
    1 / (1260 * x ** 5)
  );
}

/**
 * A Poisson(λ) draw: multiplication of uniforms below λ = 10, else Hörmann's PTRS transformed
 * rejection (1993), the algorithm numpy uses.
 * @example
 * const random = seededRandom(1);
 * poissonSample(1000, random); // an integer near 1000
 */
export function poissonSample(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 10) {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <=
      -lambda + k * loglam - logFactorial(k)
    )
      return k;
  }
}

/**
 * The bootstrap of {@link bootstrap} when rows collapse into cells of identical rows (same
 * category and per-row value): cell k stands for `sizes[k]` rows. The replicate weight of a cell
 * is the number of its rows drawn, sampled directly: Multinomial(n, sizes/n) up to `exactUpTo`
 * rows, else Poisson(sizes[k]) (the sum of its rows' Poisson(1) weights), so a million rows in a
 * dozen cells cost a dozen draws per replicate. No work cap applies.
 * @example
 * // 700 right and 300 wrong rows as two cells.
 * const stat = (w: Float64Array) => ({ accuracy: w[0]! / (w[0]! + w[1]!) });
 * bootstrapCells(Float64Array.of(700, 300), stat, { seed: 1 }).intervals.accuracy; // ≈ [0.67, 0.73]
 */
export function bootstrapCells(
  sizes: Float64Array,
  statistic: (weights: Float64Array) => Record<string, number | null | undefined>,
  options: BootstrapOptions = {},
): BootstrapResult {
  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(seed);
  let total = 0;
  const cumulative = new Float64Array(sizes.length);
  sizes.forEach((size, k) => {
    total += size;
    cumulative[k] = total;
  });
  const poisson = total > (options.exactUpTo ?? EXACT_UP_TO);
  const weights = new Float64Array(sizes.length);
  const draws = new Replicates();
  for (let b = 0; b < resamples && total > 0; b++) {
    if (poisson) {
      for (let k = 0; k < sizes.length; k++) weights[k] = poissonSample(sizes[k]!, random);
    } else {
      weights.fill(0);
      for (let d = 0; d < total; d++) {
        const u = random() * total;
        let lo = 0;
        let hi = sizes.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        weights[lo]! += 1;
      }
    }
    draws.add(statistic(weights));
  }
  return { intervals: draws.intervals(), resamples, seed, method: poisson ? "poisson" : "multinomial" };
}
