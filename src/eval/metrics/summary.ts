/**
 * The metrics of a run, computed from the outcome columns exactly as each benchmark defines
 * them, with seeded bootstrap 95 % intervals on every headline number.
 * @module
 */
import type { EvalFormatName } from "../types.js";
import { type BootstrapOptions, bootstrap, bootstrapCells, unitWeights } from "./bootstrap.js";
import type { OutcomeColumns } from "./columns.js";
import { rankedCorrelations, strengthSummary } from "./ranked.js";
import { rewardBenchSections, tiesScore } from "./rewardbench.js";
import { accuracyWithoutTies, orderByAbsMargin, tieCalibratedAccuracy } from "./ties.js";
import { accPlus, cellView, type MetricColumns, nanMean, weightedAccuracy } from "./weighted.js";

/** `metrics.json`: the contract's names plus each benchmark's own headline metrics. */
export interface EvalMetrics {
  format: EvalFormatName;
  n: number;
  accuracy: number | null;
  macro_accuracy?: number | null;
  by_category: Record<string, { n: number; accuracy: number | null; acc_plus?: number | null }>;
  acc_plus?: number | null;
  accuracy_with_ties?: number | null;
  tie_epsilon?: number;
  accuracy_without_ties?: number | null;
  /** VideoGen-RewardBench per dimension (when the scores carry `dimensions`). */
  by_dimension?: Record<
    string,
    {
      n: number;
      accuracy_with_ties: number | null;
      tie_epsilon: number | null;
      accuracy_without_ties: number | null;
    }
  >;
  best_of_n?: number | null;
  best_of_n_variant?: string;
  sections?: Record<string, number>;
  score?: number | null;
  top1_accuracy?: number | null;
  pairwise_accuracy?: number | null;
  pearson?: number | null;
  spearman?: number | null;
  kendall_tau_b?: number | null;
  mean_row_kendall_tau_b?: number | null;
  position_bias_rate?: number | null;
  self_consistency?: number | null;
  consistent_accuracy?: number | null;
  consistent_pairs?: number;
  preference_strength?: {
    models: number;
    mean: number;
    std: number;
    flipped: number;
    flipped_ids: string[];
    low_strength_threshold: number;
    low_strength_ids: string[];
  };
  unparsed_verdicts?: number;
  rows_read: number;
  /** Rows with broken input data (unreadable, or a sample with a data-kind issue), and the first ids. */
  data_errors: number;
  data_error_ids?: string[];
  skipped: { count: number; reasons: Record<string, number> };
  ci: Record<string, [number, number]>;
  bootstrap: { resamples: number; seed: number; level: 0.95; method: "multinomial" | "poisson" };
}

const MACRO_FORMATS = new Set<EvalFormatName>(["pairs", "vl-rewardbench", "multimodal-rewardbench"]);

/** Rows that enter the with/without-ties accuracies: a margin and a human A/B/tie sign. */
function tieRows(cols: OutcomeColumns) {
  const index: number[] = [];
  for (let i = 0; i < cols.n; i++) {
    if (!Number.isNaN(cols.margin[i]!) && cols.human[i]! <= 1) index.push(i);
  }
  const human = Int8Array.from(index, (i) => cols.human[i]!);
  const margins = Float64Array.from(index, (i) => cols.margin[i]!);
  return { index, human, margins, order: orderByAbsMargin(margins) };
}

/**
 * Computes every metric of a format from the outcome columns.
 * @param ensembleModels number of models in an ensemble run (0 or 1: none)
 * @example
 * const metrics = computeMetrics("pairs", columns, { seed: 0, resamples: 1000 });
 * metrics.accuracy; metrics.ci.accuracy; // point estimate and its 95 % interval
 */
export function computeMetrics(
  format: EvalFormatName,
  cols: OutcomeColumns,
  options: BootstrapOptions = {},
  ensembleModels = 0,
): EvalMetrics {
  const names = cols.categories.names;
  const ties = format === "videogen-rewardbench" ? tieRows(cols) : undefined;
  const isRb2 = format === "rewardbench2";

  const headlineOf =
    (cols: MetricColumns) =>
    (w: Float64Array): Record<string, number | null | undefined> => {
      const acc = weightedAccuracy(cols, w);
      const out: Record<string, number | null | undefined> = { accuracy: acc.accuracy };
      if (MACRO_FORMATS.has(format) && names.length > 1) out.macro_accuracy = acc.macro;
      if (format === "mm-rlhf-rewardbench") out.acc_plus = accPlus(cols, w).overall;
      if (ties) {
        const tw = Float64Array.from(ties.index, (i) => w[i]!);
        out.accuracy_with_ties =
          tieCalibratedAccuracy(ties.human, ties.margins, ties.order, tw)?.accuracy ?? null;
        out.accuracy_without_ties = accuracyWithoutTies(ties.human, ties.margins, tw);
      }
      if (format === "rewardbench") {
        const subset: Record<string, number> = {};
        acc.perCategory.forEach((a, c) => {
          if (a !== null) subset[names[c]!] = a;
        });
        out.score = rewardBenchSections(subset).score;
      }
      if (isRb2) {
        const subsetScores = acc.perCategory.map((a, c) =>
          names[c]!.toLowerCase() === "ties" ? tiesScore(cols.ties, w) : a,
        );
        const present = subsetScores.filter((x): x is number => x !== null);
        out.best_of_n = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
        out.accuracy = out.best_of_n;
      }
      if (cols.swappedRows) out.position_bias_rate = nanMean(cols.positionFlip, cols.n, w);
      if (cols.repeatedRows) out.self_consistency = nanMean(cols.consistent, cols.n, w);
      return out;
    };

  const point = headlineOf(cols)(unitWeights(cols.n));
  const clusters = format === "mm-rlhf-rewardbench" ? cols.question.subarray(0, cols.n) : undefined;
  // Formats whose headline reads only (category, per-row value) bootstrap over cells.
  const collapsible = !ties && !clusters && !cols.ties.length && !cols.swappedRows && !cols.repeatedRows;
  let boot: ReturnType<typeof bootstrap>;
  if (collapsible) {
    const { view, sizes } = cellView(cols);
    boot = bootstrapCells(sizes, headlineOf(view), options);
  } else boot = bootstrap(cols.n, headlineOf(cols), options, clusters);

  const acc = weightedAccuracy(cols, unitWeights(cols.n));
  const plus = format === "mm-rlhf-rewardbench" ? accPlus(cols, unitWeights(cols.n)) : undefined;
  const counts = new Array<number>(names.length).fill(0);
  let counted = 0;
  for (let i = 0; i < cols.n; i++) {
    if (Number.isNaN(cols.correct[i]!) && !(ties && cols.human[i] === 0 && !Number.isNaN(cols.margin[i]!)))
      continue;
    counted++;
    const c = cols.category[i]!;
    if (c >= 0) counts[c]!++;
  }
  const byCategory: EvalMetrics["by_category"] = {};
  names.forEach((name, c) => {
    let accuracy = acc.perCategory[c] ?? null;
    if (isRb2 && name.toLowerCase() === "ties") accuracy = tiesScore(cols.ties);
    const entry: EvalMetrics["by_category"][string] = { n: counts[c]!, accuracy };
    if (plus) entry.acc_plus = plus.perCategory[c] ?? null;
    byCategory[name] = entry;
  });

  const skippedCount = [...cols.skipped.values()].reduce((a, b) => a + b, 0);
  const metrics: EvalMetrics = {
    format,
    n: counted,
    accuracy: (point.accuracy as number | null) ?? null,
    by_category: byCategory,
    rows_read: cols.n,
    data_errors: cols.dataErrors,
    skipped: { count: skippedCount, reasons: Object.fromEntries(cols.skipped) },
    ci: boot.intervals,
    bootstrap: { resamples: boot.resamples, seed: boot.seed, level: 0.95, method: boot.method },
  };
  for (const key of [
    "macro_accuracy",
    "acc_plus",
    "accuracy_with_ties",
    "accuracy_without_ties",
    "best_of_n",
    "score",
    "position_bias_rate",
    "self_consistency",
  ] as const) {
    if (point[key] !== undefined) (metrics as unknown as Record<string, unknown>)[key] = point[key];
  }
  if (ties) {
    const best = tieCalibratedAccuracy(ties.human, ties.margins, ties.order);
    if (best) metrics.tie_epsilon = best.epsilon;
  }
  if (cols.dimensions.size) {
    metrics.by_dimension = {};
    for (const [name, { human, margins }] of cols.dimensions) {
      const h = Int8Array.from(human);
      const m = Float64Array.from(margins);
      const best = tieCalibratedAccuracy(h, m, orderByAbsMargin(m));
      metrics.by_dimension[name] = {
        n: human.length,
        accuracy_with_ties: best?.accuracy ?? null,
        tie_epsilon: best?.epsilon ?? null,
        accuracy_without_ties: accuracyWithoutTies(h, m),
      };
    }
  }
  if (isRb2)
    metrics.best_of_n_variant =
      "1/k credit when the chosen ties k-way at the maximum (reroll_and_score_dataset); overall = unweighted mean of subset scores";
  if (format === "rewardbench") {
    const subset: Record<string, number> = {};
    acc.perCategory.forEach((a, c) => {
      if (a !== null) subset[names[c]!] = a;
    });
    metrics.sections = rewardBenchSections(subset).sections;
  }
  if (format === "ranked") Object.assign(metrics, rankedCorrelations(cols));
  if (metrics.self_consistency !== undefined) {
    let right = 0;
    let total = 0;
    for (let i = 0; i < cols.n; i++) {
      if (cols.consistent[i] !== 1 || Number.isNaN(cols.correct[i]!)) continue;
      total++;
      right += cols.correct[i]!;
    }
    metrics.consistent_pairs = total;
    metrics.consistent_accuracy = total ? right / total : null;
  }
  if (ensembleModels > 1) metrics.preference_strength = strengthSummary(cols, ensembleModels);
  if (cols.unparsedVerdicts) metrics.unparsed_verdicts = cols.unparsedVerdicts;
  if (cols.dataErrorIds.length) metrics.data_error_ids = cols.dataErrorIds;
  return metrics;
}
