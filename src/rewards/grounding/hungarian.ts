/**
 * Minimum-cost assignment on a rectangular cost matrix (Hungarian / Kuhn–Munkres with
 * potentials, O(n²·m)), the role `scipy.optimize.linear_sum_assignment` plays in the released
 * detection rewards. Pure TypeScript over plain arrays.
 * @module
 */

/**
 * The assignment of `min(rows, cols)` pairs with the least total cost, as `[row, col]` pairs
 * sorted by row (scipy's `row_ind` order). Costs must be finite. Among several optimal
 * assignments the one returned may differ from scipy's (ties are resolved by scan order).
 * @example
 * minCostAssignment([[4, 1, 3], [2, 0, 5], [3, 2, 2]]); // [[0, 1], [1, 0], [2, 2]]
 * minCostAssignment([[1, 2]]); // [[0, 0]]
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): Array<[number, number]> {
  const rows = cost.length;
  const cols = rows ? cost[0]!.length : 0;
  if (!rows || !cols) return [];
  if (rows > cols) {
    const transposed = Array.from({ length: cols }, (_, c) =>
      Array.from({ length: rows }, (_, r) => cost[r]![c]!),
    );
    return minCostAssignment(transposed)
      .map(([c, r]): [number, number] => [r, c])
      .sort((a, b) => a[0] - b[0]);
  }
  // 1-indexed arrays of the classic formulation; n = rows ≤ m = cols.
  const n = rows;
  const m = cols;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1); // p[j]: row assigned to column j (0: none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      const costRow = cost[i0 - 1]!;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const reduced = costRow[j - 1]! - u[i0]! - v[j]!;
        if (reduced < minv[j]!) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[rowOfCol[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOfCol[j0] = rowOfCol[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs: Array<[number, number]> = [];
  for (let j = 1; j <= m; j++) if (rowOfCol[j]) pairs.push([rowOfCol[j]! - 1, j - 1]);
  return pairs.sort((a, b) => a[0] - b[0]);
}
