/**
 * Per-row outcomes kept as compact columns (typed arrays), so metrics over a million rows run in
 * bounded memory while the full rows stream to the rows JSONL.
 * @module
 */
import { seededRandom } from "../../core/index.js";
import type { PairLabel, RowOutcome } from "../types.js";

/** Human sign per pair: 1 = A, −1 = B, 0 = tie, 2 = both bad, 3 = no pair label. */
const SIGN: Record<PairLabel, number> = { A: 1, B: -1, tie: 0, bothbad: 2 };

function growFloat(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growInt32(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growInt8(a: Int8Array<ArrayBuffer>, n: number): Int8Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** Indexes strings in first-seen order. */
class Interner {
  readonly names: string[] = [];
  readonly #codes = new Map<string, number>();
  code(name: string | undefined): number {
    if (name === undefined) return -1;
    let code = this.#codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.#codes.set(name, code);
    }
    return code;
  }
}

/** A RewardBench 2 Ties-subset row, kept whole (the subset's score needs every candidate). */
export interface TiesRow {
  id: string;
  numCorrect: number;
  scores: number[];
  weightIndex: number;
}

/** A ranked row's scores and human ranks, for correlations. */
export interface RankedRow {
  scores: number[];
  human: number[];
  /** Human scores are ratings (higher better) rather than ranks. */
  ratings: boolean;
}

/**
 * Columns of every outcome added, plus the skip reasons.
 * @example
 * const cols = new OutcomeColumns();
 * cols.add({ index: 0, id: "a", label: "A", scores: [1, 0], margin: 1, correct: 1 });
 * cols.n; // 1
 */
export class OutcomeColumns {
  n = 0;
  correct = new Float64Array(1024);
  margin = new Float64Array(1024);
  human = new Int8Array(1024);
  category = new Int32Array(1024);
  question = new Int32Array(1024);
  /** Rows with a position-bias and with a self-consistency measurement. */
  swappedRows = 0;
  repeatedRows = 0;
  /** 1 when the swapped presentation flips the preference, 0 when not, NaN when not measured. */
  positionFlip = new Float64Array(1024);
  /** 1 when all repeats agree with the first answer, 0 when not, NaN when not measured. */
  consistent = new Float64Array(1024);
  /** Ensemble preference strength (mean margin over models) and its spread; NaN without ensemble. */
  strengthMean = new Float64Array(1024);
  strengthStd = new Float64Array(1024);
  readonly categories = new Interner();
  readonly questions = new Interner();
  readonly skipped = new Map<string, number>();
  readonly ties: TiesRow[] = [];
  readonly ranked: RankedRow[] = [];
  /** Ids of rows with an ensemble strength (kept only when an ensemble is evaluated). */
  readonly strengthIds: string[] = [];
  /** Calibration bins of probability scores: [count, preferred] per tenth; null once a score leaves [0, 1]. */
  calibration: Array<[number, number]> | null = Array.from({ length: 10 }, () => [0, 0] as [number, number]);
  /** Pre-binned scores of the human-preferred and the other candidate (for the margin plot). */
  readonly scoreHistogram = { chosen: [] as number[], rejected: [] as number[] };
  #seen = 0;
  readonly #random = seededRandom(0);
  /** Per-dimension human signs and model margins (VideoGen-RewardBench VQ / MQ / TA). */
  readonly dimensions = new Map<string, { human: number[]; margins: number[] }>();
  /** Rows whose verdict text had no parseable verdict. */
  unparsedVerdicts = 0;
  /** Rows with broken input data: unreadable rows and samples with data-kind issues (first ids kept). */
  dataErrors = 0;
  readonly dataErrorIds: string[] = [];

  add(outcome: RowOutcome): void {
    const i = this.n++;
    this.correct = growFloat(this.correct, this.n);
    this.margin = growFloat(this.margin, this.n);
    this.human = growInt8(this.human, this.n);
    this.category = growInt32(this.category, this.n);
    this.question = growInt32(this.question, this.n);
    this.positionFlip = growFloat(this.positionFlip, this.n);
    this.consistent = growFloat(this.consistent, this.n);
    this.strengthMean = growFloat(this.strengthMean, this.n);
    this.strengthStd = growFloat(this.strengthStd, this.n);
    this.correct[i] = outcome.correct ?? Number.NaN;
    this.margin[i] = typeof outcome.margin === "number" ? outcome.margin : Number.NaN;
    this.human[i] = outcome.label ? SIGN[outcome.label] : 3;
    this.category[i] = this.categories.code(outcome.category);
    // Only MM-RLHF rows carry a question; other rows are their own question (code −1).
    this.question[i] = this.questions.code(outcome.question);
    this.positionFlip[i] = Number.NaN;
    this.consistent[i] = Number.NaN;
    this.strengthMean[i] = Number.NaN;
    this.strengthStd[i] = Number.NaN;
    if (outcome.skipped) this.skipped.set(outcome.skipped, (this.skipped.get(outcome.skipped) ?? 0) + 1);
    if (outcome.parsedVerdict === null) this.unparsedVerdicts++;
    if (outcome.dataError || outcome.skipped?.startsWith("malformed row")) {
      this.dataErrors++;
      if (this.dataErrorIds.length < 20) this.dataErrorIds.push(outcome.id);
    }
    this.#dimensions(outcome);
    const scores = outcome.scores?.every((s) => typeof s === "number")
      ? (outcome.scores as number[])
      : undefined;
    if (!scores || outcome.skipped) return;
    if (outcome.numCorrect !== undefined && outcome.category?.toLowerCase() === "ties") {
      this.ties.push({ id: outcome.id, numCorrect: outcome.numCorrect, scores, weightIndex: i });
    }
    if (outcome.humanRanking || outcome.humanScores) {
      this.ranked.push({
        scores,
        human: outcome.humanScores ?? outcome.humanRanking!.map((r) => -r),
        ratings: Boolean(outcome.humanScores),
      });
    }
    if (scores.length === 2 && (outcome.label === "A" || outcome.label === "B")) {
      const preferred = outcome.label === "A" ? 0 : 1;
      this.#keepScore(this.scoreHistogram.chosen, scores[preferred]!);
      this.#keepScore(this.scoreHistogram.rejected, scores[1 - preferred]!);
    }
    this.#judge(i, outcome, scores);
    this.#calibrate(outcome, scores);
  }

  /** Keeps a uniform sample of at most 20,000 scores per side (seeded reservoir sampling). */
  #keepScore(list: number[], score: number): void {
    this.#seen++;
    if (list.length < 20_000) list.push(score);
    else {
      const j = Math.floor(this.#random() * (this.#seen / 2));
      if (j < 20_000) list[j] = score;
    }
  }

  #dimensions(outcome: RowOutcome): void {
    if (!outcome.dimensionLabels || !outcome.dimensions) return;
    for (const [name, label] of Object.entries(outcome.dimensionLabels)) {
      const scores = outcome.dimensions[name];
      if (label === "bothbad" || typeof scores?.[0] !== "number" || typeof scores[1] !== "number") continue;
      let entry = this.dimensions.get(name);
      if (!entry) {
        entry = { human: [], margins: [] };
        this.dimensions.set(name, entry);
      }
      entry.human.push(SIGN[label]);
      entry.margins.push(scores[0] - scores[1]);
    }
  }

  #judge(i: number, outcome: RowOutcome, scores: number[]): void {
    if (scores.length !== 2) return;
    const m = scores[0]! - scores[1]!;
    const swapped = outcome.swapped;
    if (swapped && typeof swapped[0] === "number" && typeof swapped[1] === "number") {
      this.positionFlip[i] = sign(m) === sign(swapped[0] - swapped[1]) ? 0 : 1;
      this.swappedRows++;
    }
    const repeats = outcome.repeats?.filter((r) => typeof r[0] === "number" && typeof r[1] === "number");
    if (repeats?.length) {
      this.consistent[i] = repeats.every((r) => sign(r[0]! - r[1]!) === sign(m)) ? 1 : 0;
      this.repeatedRows++;
    }
    const models = outcome.ensemble?.filter((r) => typeof r[0] === "number" && typeof r[1] === "number");
    if (models?.length) {
      // Strength is measured toward the human-preferred side (B-preferred pairs flip the sign).
      const toward = outcome.label === "B" ? -1 : 1;
      const margins = [m, ...models.map((r) => r[0]! - r[1]!)].map((x) => toward * x);
      const mean = margins.reduce((a, b) => a + b, 0) / margins.length;
      const variance = margins.reduce((a, b) => a + (b - mean) ** 2, 0) / margins.length;
      this.strengthMean[i] = mean;
      this.strengthStd[i] = Math.sqrt(variance);
      this.strengthIds[i] = outcome.id;
    }
  }

  #calibrate(outcome: RowOutcome, scores: number[]): void {
    if (!this.calibration || scores.length !== 2 || (outcome.label !== "A" && outcome.label !== "B")) return;
    if (!scores.every((s) => s >= 0 && s <= 1)) {
      this.calibration = null;
      return;
    }
    const preferred = outcome.label === "A" ? 0 : 1;
    scores.forEach((s, k) => {
      const bin = this.calibration![Math.min(9, Math.floor(s * 10))]!;
      bin[0]++;
      if (k === preferred) bin[1]++;
    });
  }
}
