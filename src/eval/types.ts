/**
 * The shapes `plaudit eval` works with: one benchmark row normalised from any format, media
 * references, and the per-row outcome written to the rows JSONL beside `metrics.json`.
 * @module
 */

/** A media item as a sample carries it: a local path, a URL (never downloaded) or inline bytes. */
export type MediaRef = { path: string } | { url: string } | { data: string; mime?: string };

/**
 * The human label of a two-candidate row: `A` = candidate 0 preferred, `B` = candidate 1,
 * `tie` (both good / same), `bothbad`.
 */
export type PairLabel = "A" | "B" | "tie" | "bothbad";

/**
 * Every format `--format` accepts.
 * @example
 * EVAL_FORMATS.includes("rewardbench2"); // true
 */
export const EVAL_FORMATS = [
  "pairs",
  "ranked",
  "vl-rewardbench",
  "multimodal-rewardbench",
  "mm-rlhf-rewardbench",
  "genai-bench",
  "videogen-rewardbench",
  "rewardbench",
  "rewardbench2",
] as const;

/** A format name; see {@link EVAL_FORMATS}. */
export type EvalFormatName = (typeof EVAL_FORMATS)[number];

/**
 * One benchmark row, whatever file it came from.
 * @example
 * const row: EvalRow = { index: 0, id: "p1", prompt: "2+2?", candidates: ["4", "5"], label: "A" };
 */
export interface EvalRow {
  /** Position in the data file (0-based); the key of resume and of `--scores` lines without ids. */
  index: number;
  /** The dataset's id, or the index as a string. */
  id: string;
  prompt?: string;
  /** Candidate responses in the row's own order (for chosen/rejected data: chosen first). */
  candidates: string[];
  /** Media shown to the model with the prompt (role `input`). */
  images?: MediaRef[];
  /** Media each candidate generated (text-to-image / video benchmarks), by candidate. */
  outputs?: MediaRef[][];
  category?: string;
  /** Question id grouping several pairs (MM-RLHF ACC+). */
  question?: string;
  /** Two-candidate rows: which one people preferred. */
  label?: PairLabel;
  /** Best-of-N rows (RewardBench 2): the first `numCorrect` candidates are correct. */
  numCorrect?: number;
  /** Ranked rows: rank per candidate (1 = best). */
  humanRanking?: number[];
  /** Ranked rows: human score per candidate (higher is better). */
  humanScores?: number[];
  /** A judge's verdict text shipped with the data (GenAI-Bench result files' `response`). */
  verdict?: string;
  /** Per-dimension human labels (VideoGen-RewardBench `VQ`, `MQ`, `TA`). */
  dimensionLabels?: Record<string, PairLabel>;
  /** Ground truth the dataset ships (`reference`, `ground_truth` or `answer` column), given to recipes. */
  reference?: unknown;
}

/** What the evaluated model said about one row. */
export interface RowPrediction {
  /** One score per candidate (null = the model gave none: a server failure or not applicable). */
  scores?: Array<number | null>;
  /** A pairwise judge's verdict text (precomputed judgements). */
  verdict?: string;
  /** Scores obtained with the candidates shown in swapped order (position bias), in row order. */
  swapped?: Array<number | null>;
  /** The same question asked again, k times (self-consistency), each in row order. */
  repeats?: Array<Array<number | null>>;
  /** Scores from further models of an ensemble (preference strength), each in row order. */
  ensemble?: Array<Array<number | null>>;
  /** Per-dimension scores in row order (VideoGen-RewardBench `VQ`, `MQ`, `TA`). */
  dimensions?: Record<string, Array<number | null>>;
  /** Why the model gave no usable prediction (e.g. judge issues). */
  reason?: string;
  /** A candidate's sample carried a data-kind issue (broken input data, not a model failure). */
  dataError?: boolean;
}

/**
 * The per-row outcome, one JSONL line beside `metrics.json`: every metric can be recomputed
 * from these lines alone.
 * @example
 * const line: RowOutcome = { index: 0, id: "p1", label: "A", scores: [0.9, 0.2], margin: 0.7, correct: 1 };
 */
export interface RowOutcome extends RowPrediction {
  index: number;
  id: string;
  category?: string;
  question?: string;
  label?: PairLabel;
  numCorrect?: number;
  humanRanking?: number[];
  humanScores?: number[];
  dimensionLabels?: Record<string, PairLabel>;
  /** `scores[0] − scores[1]` for two-candidate rows. */
  margin?: number | null;
  /** The parsed verdict (`[[A>B]]` …) when the model's answer is a verdict text. */
  parsedVerdict?: string | null;
  /** 1 right, 0 wrong, a fraction for best-of-N ties; null when the row does not count. */
  correct: number | null;
  /** Why the row does not count (benchmark drop rule or missing prediction). */
  skipped?: string;
}
