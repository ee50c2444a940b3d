/**
 * Ranking agreement (N-way accuracy, top-1, pairwise, correlations over rated rows) and the
 * ensemble preference strength (Secrets of RLHF II: mean and std of the margin across models).
 * @module
 */
import type { OutcomeColumns } from "./columns.js";
import { kendallTauB, pearson, spearman } from "./correlation.js";
import type { EvalMetrics } from "./summary.js";
import { nanMean } from "./weighted.js";

/**
 * Top-1, pairwise accuracy and correlations of ranked rows.
 * @example
 * rankedCorrelations(columns).kendall_tau_b;
 */
export function rankedCorrelations(cols: OutcomeColumns) {
  // Pooled correlations need one human scale: they use the rows with human ratings.
  const model: number[] = [];
  const human: number[] = [];
  let rowTau = 0;
  let rowTauCount = 0;
  for (const row of cols.ranked) {
    if (row.ratings) {
      model.push(...row.scores);
      human.push(...row.human);
    }
    const tau = kendallTauB(row.scores, row.human);
    if (tau !== null) {
      rowTau += tau;
      rowTauCount++;
    }
  }
  let top1 = 0;
  let pairRight = 0;
  let pairs = 0;
  for (const row of cols.ranked) {
    const best = Math.max(...row.scores);
    const argmax = row.scores.filter((s) => s === best).length === 1 ? row.scores.indexOf(best) : -1;
    const humanBest = Math.max(...row.human);
    if (argmax >= 0 && row.human[argmax] === humanBest) top1++;
    for (let i = 0; i < row.human.length; i++) {
      for (let j = 0; j < row.human.length; j++) {
        if (row.human[i]! > row.human[j]!) {
          pairs++;
          if (row.scores[i]! > row.scores[j]!) pairRight++;
        }
      }
    }
  }
  return {
    top1_accuracy: cols.ranked.length ? top1 / cols.ranked.length : null,
    pairwise_accuracy: pairs ? pairRight / pairs : null,
    pearson: pearson(model, human),
    spearman: spearman(model, human),
    kendall_tau_b: kendallTauB(model, human),
    mean_row_kendall_tau_b: rowTauCount ? rowTau / rowTauCount : null,
  };
}

/**
 * Preference strength toward the human side: mean, mean std across models, flipped and low-strength pairs.
 * @example
 * strengthSummary(columns, 3)?.flipped_ids; // pairs the ensemble orders against people
 */
export function strengthSummary(cols: OutcomeColumns, models: number): EvalMetrics["preference_strength"] {
  const means: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < cols.n; i++) {
    if (Number.isNaN(cols.strengthMean[i]!)) continue;
    means.push(cols.strengthMean[i]!);
    ids.push(cols.strengthIds[i]!);
  }
  if (!means.length) return undefined;
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  const std = nanMean(cols.strengthStd, cols.n) ?? 0;
  // Low strength: the bottom decile of the pairs the ensemble still orders the human way.
  const kept = means.filter((x) => x >= 0).sort((a, b) => a - b);
  const threshold = kept.length ? kept[Math.floor(0.1 * (kept.length - 1))]! : 0;
  const flipped = ids.filter((_, k) => means[k]! < 0);
  return {
    models,
    mean,
    std,
    flipped: flipped.length,
    flipped_ids: flipped.slice(0, 100),
    low_strength_threshold: threshold,
    low_strength_ids: ids.filter((_, k) => means[k]! >= 0 && means[k]! <= threshold).slice(0, 100),
  };
}
