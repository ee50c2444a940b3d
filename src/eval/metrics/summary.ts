/**
 * The metrics of a run, computed from the outcome columns exactly as each benchmark defines
 * them, with seeded bootstrap 95 % intervals on every headline number.
 * @module
 */
import type { EvalFormatName } from "../types.js";
import { type BootstrapOptions, bootstrap, bootstrapCells, unitWeights } from "./bootstrap.js";
import type { OutcomeColumns } from "./columns.js";
import { kendallTauB, pearson, spearman } from "./correlation.js";
import { rewardBenchSections, tiesScore } from "./rewardbench.js";
import { accuracyWithoutTies, orderByAbsMargin, tieCalibratedAccuracy } from "./ties.js";

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

/** The columns the headline metrics read (an {@link OutcomeColumns}, or rows collapsed into cells). */
type MetricColumns = Pick<
  OutcomeColumns,
  | "n"
  | "correct"
  | "category"
  | "categories"
  | "question"
  | "questions"
  | "ties"
  | "swappedRows"
  | "repeatedRows"
  | "positionFlip"
  | "consistent"
>;

/**
 * Rows collapsed into (category, per-row value) cells, for formats whose headline metrics depend
 * on nothing else: the bootstrap then draws cell counts instead of rows.
 */
function cellView(cols: OutcomeColumns): { view: MetricColumns; sizes: Float64Array } {
  const cells = new Map<string, number>();
  const category: number[] = [];
  const correct: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < cols.n; i++) {
    const c = cols.correct[i]!;
    if (Number.isNaN(c)) continue;
    const key = `${cols.category[i]}:${c}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = sizes.length;
      cells.set(key, cell);
      category.push(cols.category[i]!);
      correct.push(c);
      sizes.push(0);
    }
    sizes[cell]!++;
  }
  const view: MetricColumns = {
    n: sizes.length,
    correct: Float64Array.from(correct),
    category: Int32Array.from(category),
    categories: cols.categories,
    question: new Int32Array(0),
    questions: cols.questions,
    ties: [],
    swappedRows: 0,
    repeatedRows: 0,
    positionFlip: new Float64Array(0),
    consistent: new Float64Array(0),
  };
  return { view, sizes: Float64Array.from(sizes) };
}

function weightedAccuracy(cols: MetricColumns, w: Float64Array) {
  const k = cols.categories.names.length;
  const right = new Float64Array(k);
  const total = new Float64Array(k);
  let allRight = 0;
  let all = 0;
  for (let i = 0; i < cols.n; i++) {
    const c = cols.correct[i]!;
    if (Number.isNaN(c)) continue;
    const wi = w[i]!;
    all += wi;
    allRight += wi * c;
    const cat = cols.category[i]!;
    if (cat >= 0) {
      total[cat]! += wi;
      right[cat]! += wi * c;
    }
  }
  const perCategory: Array<number | null> = [];
  for (let c = 0; c < k; c++) perCategory.push(total[c]! > 0 ? right[c]! / total[c]! : null);
  const present = perCategory.filter((x): x is number => x !== null);
  return {
    accuracy: all > 0 ? allRight / all : null,
    perCategory,
    macro: present.length ? present.reduce((a, b) => a + b, 0) / present.length : null,
  };
}

/** ACC+: the share of questions whose every counted pair is right (overall and per category). */
function accPlus(cols: MetricColumns, w: Float64Array) {
  const q = cols.questions.names.length;
  const allRight = new Uint8Array(q).fill(1);
  const seen = new Uint8Array(q);
  const weight = new Float64Array(q);
  const category = new Int32Array(q).fill(-1);
  for (let i = 0; i < cols.n; i++) {
    const c = cols.correct[i]!;
    if (Number.isNaN(c) || w[i] === 0) continue;
    const qi = cols.question[i]!;
    if (qi < 0) continue;
    seen[qi] = 1;
    weight[qi] = w[i]!;
    category[qi] = cols.category[i]!;
    if (c !== 1) allRight[qi] = 0;
  }
  let s = 0;
  let t = 0;
  const k = cols.categories.names.length;
  const cs = new Float64Array(k);
  const ct = new Float64Array(k);
  for (let qi = 0; qi < q; qi++) {
    if (!seen[qi]) continue;
    t += weight[qi]!;
    s += weight[qi]! * allRight[qi]!;
    const cat = category[qi]!;
    if (cat >= 0) {
      ct[cat]! += weight[qi]!;
      cs[cat]! += weight[qi]! * allRight[qi]!;
    }
  }
  return {
    overall: t ? s / t : null,
    perCategory: Array.from(ct, (total, c) => (total ? cs[c]! / total : null)),
  };
}

function nanMean(values: Float64Array, n: number, w?: Float64Array): number | null {
  let s = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const wi = w ? w[i]! : 1;
    s += v * wi;
    t += wi;
  }
  return t ? s / t : null;
}

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

function rankedCorrelations(cols: OutcomeColumns) {
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

function strengthSummary(cols: OutcomeColumns, models: number): EvalMetrics["preference_strength"] {
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
