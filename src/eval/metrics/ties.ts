/**
 * VideoGen-RewardBench pairwise accuracy with and without ties.
 *
 * With ties: tie-calibrated pairwise accuracy acc*_eq (Deutsch, Foster & Freitag, "Ties Matter",
 * EMNLP 2023, arXiv 2305.14324; `google-research/mt-metrics-eval: tau_optimization.py`, which
 * VideoAlign's evaluation copies). The model declares a tie when |m| ≤ ε (m = s_A − s_B); over all
 * pairs, including human ties, acc(ε) = (C + T_hm) / N where C are the pairs the model orders as
 * people do and T_hm the pairs both call a tie. ε is swept over "no ties" (ε = −1) and every
 * distinct |m|; the maximum is reported with its ε.
 *
 * Without ties: C / (C + D + T_m) at ε = −1, over the pairs people did not call a tie; an exact
 * model tie (m = 0) is then discordant (VideoAlign's utility).
 * @module
 */

/** Human preference per pair: 1 = A better, −1 = B better, 0 = tie. */
export type HumanSign = 1 | -1 | 0;

/** The tie-calibrated accuracy and the threshold that attains it. */
export interface TieCalibrated {
  accuracy: number;
  epsilon: number;
}

/**
 * Indexes sorted by |margin| ascending: computed once, reused by every bootstrap replicate.
 * @example
 * orderByAbsMargin(Float64Array.of(0.5, -0.1, 0)); // Int32Array [2, 1, 0]
 */
export function orderByAbsMargin(margins: Float64Array): Int32Array {
  return Int32Array.from({ length: margins.length }, (_, i) => i).sort(
    (a, b) => Math.abs(margins[a]!) - Math.abs(margins[b]!),
  );
}

/**
 * acc*_eq with weights (1 per row for the point estimate); O(n) given the sorted order.
 * @example
 * const h = Int8Array.of(1, -1, 0, 1);
 * const m = Float64Array.of(0.8, -0.3, 0.05, -0.02);
 * tieCalibratedAccuracy(h, m, orderByAbsMargin(m)); // { accuracy: 0.75, epsilon: 0.05 }
 */
export function tieCalibratedAccuracy(
  human: Int8Array,
  margins: Float64Array,
  order: Int32Array,
  weights?: Float64Array,
): TieCalibrated | null {
  const n = margins.length;
  let total = 0;
  let concordant = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    total += w;
    const m = margins[i]!;
    if (human[i] !== 0 && Math.sign(m) === human[i]) concordant += w;
  }
  if (total === 0) return null;
  let bothTied = 0;
  let best = { accuracy: concordant / total, epsilon: -1 };
  let k = 0;
  while (k < n) {
    const epsilon = Math.abs(margins[order[k]!]!);
    // Every pair with |m| equal to this ε becomes a model tie at once.
    while (k < n && Math.abs(margins[order[k]!]!) === epsilon) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      if (human[i] === 0) bothTied += w;
      else if (Math.sign(margins[i]!) === human[i]) concordant -= w;
      k++;
    }
    const accuracy = (concordant + bothTied) / total;
    if (accuracy > best.accuracy) best = { accuracy, epsilon };
  }
  return best;
}

/**
 * Accuracy without ties: over pairs people did not call a tie, the share the model orders
 * strictly the same way (m = 0 counts as wrong).
 * @example
 * accuracyWithoutTies(Int8Array.of(1, -1, 0, 1), Float64Array.of(0.8, -0.3, 0.05, 0)); // 2/3
 */
export function accuracyWithoutTies(
  human: Int8Array,
  margins: Float64Array,
  weights?: Float64Array,
): number | null {
  let total = 0;
  let right = 0;
  for (let i = 0; i < margins.length; i++) {
    if (human[i] === 0) continue;
    const w = weights ? weights[i]! : 1;
    total += w;
    if (Math.sign(margins[i]!) === human[i]) right += w;
  }
  return total ? right / total : null;
}
