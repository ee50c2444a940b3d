/**
 * Agreement between annotators: Cohen's κ for two annotators on the items both labelled, and
 * Krippendorff's α for any number of annotators with missing labels (nominal, interval or
 * ordinal distance).
 * @module
 */

/**
 * Cohen's κ = (p_o − p_e) / (1 − p_e) over paired nominal labels; null with fewer than one pair,
 * 1 when both always give the one same label (p_e = 1).
 * @example
 * // Wikipedia's worked example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
 * cohensKappa([...Array(20).fill(["y", "y"]), ...Array(5).fill(["y", "n"]), ...Array(10).fill(["n", "y"]), ...Array(15).fill(["n", "n"])]); // 0.4
 */
export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): number | null {
  const n = pairs.length;
  if (!n) return null;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [label, count] of a) pe += (count / n) * ((b.get(label) ?? 0) / n);
  if (pe === 1) return 1;
  return (po - pe) / (1 - pe);
}

/** The difference function of Krippendorff's α. */
export type AlphaLevel = "nominal" | "interval" | "ordinal";

/**
 * Krippendorff's α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"). `units[u]` holds the values the coders gave unit u (missing
 * ones omitted); units with fewer than two values are not pairable and are dropped. Null when no
 * unit is pairable or there is no variation at all (D_e = 0).
 * @example
 * krippendorffAlpha([[1, 1], [2, 2], [1, 2]], "nominal"); // 1 − (2/6) / (18/30)… see the tests for Krippendorff's own example (0.743)
 */
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<number | string>>,
  level: AlphaLevel = "nominal",
): number | null {
  const pairable = units.filter((u) => u.length >= 2);
  if (!pairable.length) return null;
  const values = [...new Set(pairable.flat())].sort((x, y) =>
    typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)),
  );
  const at = new Map(values.map((v, i) => [v, i]));
  const V = values.length;
  const o = Array.from({ length: V }, () => new Float64Array(V));
  for (const unit of pairable) {
    const m = unit.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        o[at.get(unit[i]!)!]![at.get(unit[j]!)!]! += 1 / (m - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((s, v) => s + v, 0));
  const n = nc.reduce((s, v) => s + v, 0);
  const delta = (c: number, k: number): number => {
    if (level === "nominal") return c === k ? 0 : 1;
    if (level === "interval") {
      const d = Number(values[c]) - Number(values[k]);
      return d * d;
    }
    // ordinal: (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    let s = 0;
    for (let g = lo; g <= hi; g++) s += nc[g]!;
    s -= (nc[c]! + nc[k]!) / 2;
    return s * s;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d = delta(c, k);
      observed += o[c]![k]! * d;
      expected += nc[c]! * nc[k]! * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}
