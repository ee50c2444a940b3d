/**
 * Agreement of model scores with human scores: Pearson r, Spearman ρ (Pearson of average ranks)
 * and Kendall τ-b (Knight's O(n log n) algorithm, tie-corrected). Pure.
 * @module
 */

/**
 * Pearson correlation; null when either side is constant or fewer than 2 values.
 * @example
 * pearson([1, 2, 3], [2, 4, 7]); // 0.9933992677987828
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Average ranks (1-based; ties share the mean of their positions), as scipy's `rankdata`.
 * @example
 * averageRanks([10, 20, 10]); // [1.5, 3, 1.5]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman rank correlation (Pearson of average ranks).
 * @example
 * spearman([1, 2, 3, 4], [10, 30, 20, 40]); // 0.8
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return pearson(averageRanks(x), averageRanks(y));
}

/** Number of tied pairs within runs of equal values of a sorted array: Σ t(t−1)/2. */
function tiedPairs(sorted: ArrayLike<number>, order: Int32Array): number {
  let total = 0;
  let run = 1;
  for (let i = 1; i < order.length; i++) {
    if (sorted[order[i]!] === sorted[order[i - 1]!]) run++;
    else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total + (run * (run - 1)) / 2;
}

/**
 * Kendall τ-b: (C − D) / sqrt((n0 − n1)(n0 − n2)), with n1, n2 the pairs tied in x and in y.
 * O(n log n) (Knight 1966); null when either side is constant.
 * @example
 * kendallTauB([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]); // 0.4
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(x, order);
  // Pairs tied in both x and y.
  let n3 = 0;
  let run = 1;
  for (let i = 1; i < n; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (x[a] === x[b] && y[a] === y[b]) run++;
    else {
      n3 += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  n3 += (run * (run - 1)) / 2;
  // Count swaps while merge-sorting by y: each is a discordant pair (x-ties were ordered by y, so none count).
  let swaps = 0;
  let src = Int32Array.from(order);
  let dst = new Int32Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (y[src[j]!]! < y[src[i]!]!) {
          dst[k++] = src[j++]!;
          swaps += mid - i;
        } else dst[k++] = src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  const n2 = tiedPairs(y, src);
  const concordantMinusDiscordant = n0 - n1 - n2 + n3 - 2 * swaps;
  const denominator = Math.sqrt((n0 - n1) * (n0 - n2));
  return denominator === 0 ? null : concordantMinusDiscordant / denominator;
}
