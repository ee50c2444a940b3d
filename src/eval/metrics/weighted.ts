/**
 * Weighted accuracy building blocks shared by the headline metrics: overall, per category, macro,
 * ACC+, and the collapse of rows into (category, value) cells for the cell bootstrap.
 * @module
 */
import type { OutcomeColumns } from "./columns.js";

/** The columns the headline metrics read (an {@link OutcomeColumns}, or rows collapsed into cells). */
export type MetricColumns = Pick<
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
 * @example
 * const { view, sizes } = cellView(columns); // a dozen cells for a million pairs
 */
export function cellView(cols: OutcomeColumns): { view: MetricColumns; sizes: Float64Array } {
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

/**
 * @example
 * weightedAccuracy(columns, unitWeights(columns.n)).macro;
 */
export function weightedAccuracy(cols: MetricColumns, w: Float64Array) {
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

/**
 * ACC+: the share of questions whose every counted pair is right (overall and per category).
 * @example
 * accPlus(columns, unitWeights(columns.n)).overall; // MM-RLHF ACC+
 */
export function accPlus(cols: MetricColumns, w: Float64Array) {
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

/**
 * @example
 * nanMean(Float64Array.of(1, Number.NaN, 0), 3); // 0.5
 */
export function nanMean(values: Float64Array, n: number, w?: Float64Array): number | null {
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
