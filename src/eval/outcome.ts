/**
 * From a row and the model's prediction to the per-row outcome: the benchmark's per-row rule
 * (strict pairwise, GenAI-Bench 4-way verdicts or drop rules, RewardBench 2 best-of-N with 1/k
 * ties, N-way ranking) and the reason when a row does not count. Verdict texts are read in the
 * row's candidate order (A = candidate 0): GenAI-Bench by its greedy rule, RewardBench as
 * `run_generative.py` (an unparsable verdict scores 0.5), the others as Multimodal RewardBench.
 * Pure.
 * @module
 */
import {
  genaiBenchCorrect,
  genaiBenchVerdict,
  multimodalRewardBenchVerdict,
  type PythonRandom,
} from "./metrics/verdicts.js";
import type { EvalFormatName, EvalRow, PairLabel, RowOutcome, RowPrediction } from "./types.js";

/** State a run threads through rows (the seeded fallback of Multimodal RewardBench). */
export interface OutcomeContext {
  random: PythonRandom;
}

/**
 * Strict pairwise rule: a tie in the model's scores is wrong.
 * @example
 * pairCorrect("A", 0.2); // 1
 * pairCorrect("A", 0); // 0
 * pairCorrect("B", -1); // 1
 */
export function pairCorrect(label: PairLabel, margin: number): 0 | 1 {
  if (label === "A") return margin > 0 ? 1 : 0;
  if (label === "B") return margin < 0 ? 1 : 0;
  return 0;
}

/**
 * RewardBench 2 best-of-N (current `reroll_and_score_dataset`): 1/k when the first candidate
 * ties k-way at the maximum, else 0. (An older loader used strict `argmax == 0`.)
 * @example
 * bestOfN([0.9, 0.9, 0.2, 0.3]); // 0.5
 * bestOfN([0.5, 0.9, 0.2, 0.3]); // 0
 */
export function bestOfN(scores: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  if (scores[0] !== max) return 0;
  let k = 0;
  for (const s of scores) if (s === max) k++;
  return 1 / k;
}

/**
 * Ranks implied by human data: the given ranking (1 = best), or ranks from human scores (higher
 * score → better; equal scores share a rank).
 * @example
 * humanRanks({ humanScores: [4, 2, 2, 1] }); // [1, 2, 2, 4]
 */
export function humanRanks(row: Pick<EvalRow, "humanRanking" | "humanScores">): number[] {
  if (row.humanRanking) return row.humanRanking;
  const scores = row.humanScores ?? [];
  return scores.map((s) => 1 + scores.filter((t) => t > s).length);
}

/**
 * N-way ranking: 1 when, for every pair people ordered, the model orders it strictly the same way.
 * @example
 * rankingCorrect([1, 2, 3], [0.9, 0.5, 0.1]); // 1
 * rankingCorrect([1, 2, 3], [0.9, 0.9, 0.1]); // 0 (a model tie on an ordered pair)
 */
export function rankingCorrect(ranks: readonly number[], scores: readonly number[]): 0 | 1 {
  for (let i = 0; i < ranks.length; i++) {
    for (let j = 0; j < ranks.length; j++) {
      if (ranks[i]! < ranks[j]! && !(scores[i]! > scores[j]!)) return 0;
    }
  }
  return 1;
}

function finiteScores(scores: RowPrediction["scores"], n: number): number[] | undefined {
  if (!scores || scores.length !== n) return undefined;
  return scores.every((s) => typeof s === "number" && Number.isFinite(s)) ? (scores as number[]) : undefined;
}

/**
 * The outcome of one row.
 * @example
 * const row = { index: 0, id: "a", candidates: ["x", "y"], label: "A" as const };
 * rowOutcome("pairs", row, { scores: [0.1, 0.4] }, ctx).correct; // 0
 */
export function rowOutcome(
  format: EvalFormatName,
  row: EvalRow,
  prediction: RowPrediction | undefined,
  ctx: OutcomeContext,
): RowOutcome {
  const out: RowOutcome = { index: row.index, id: row.id, correct: null };
  if (row.category !== undefined) out.category = row.category;
  if (row.question !== undefined) out.question = row.question;
  if (row.label !== undefined) out.label = row.label;
  if (row.numCorrect !== undefined) out.numCorrect = row.numCorrect;
  if (row.humanRanking) out.humanRanking = row.humanRanking;
  if (row.humanScores) out.humanScores = row.humanScores;
  if (row.dimensionLabels) out.dimensionLabels = row.dimensionLabels;
  if (prediction) {
    for (const key of [
      "scores",
      "verdict",
      "swapped",
      "repeats",
      "ensemble",
      "dimensions",
      "reason",
      "dataError",
    ] as const) {
      if (prediction[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = prediction[key];
    }
  }
  const verdict = prediction?.verdict;
  if (verdict !== undefined && row.label) {
    if (format === "genai-bench") {
      out.parsedVerdict = genaiBenchVerdict(verdict);
      out.correct = genaiBenchCorrect(out.parsedVerdict, row.label) ? 1 : 0;
      return out;
    }
    if (format === "rewardbench") {
      // run_generative.py: [[A]] else [[B]] else "error", which scores 0.5 ("effectively a tie").
      const choice = verdict.includes("[[A]]") ? "A" : verdict.includes("[[B]]") ? "B" : null;
      out.parsedVerdict = choice && `[[${choice}]]`;
      out.correct = choice === null ? 0.5 : choice === row.label ? 1 : 0;
      return out;
    }
    if (row.label === "tie" || row.label === "bothbad") {
      out.skipped = "human tie or both-bad: not scored from an A/B verdict";
      return out;
    }
    const { verdict: choice, guessed } = multimodalRewardBenchVerdict(verdict, ctx.random);
    out.parsedVerdict = guessed ? null : `[[${choice}]]`;
    out.correct = choice === row.label ? 1 : 0;
    return out;
  }
  const scores = finiteScores(prediction?.scores, row.candidates.length);
  if (!scores) {
    out.skipped =
      prediction?.reason ??
      (prediction?.scores ? "scores missing or not finite for some candidate" : "no prediction for this row");
    return out;
  }
  if (row.candidates.length === 2 && row.label) {
    out.margin = scores[0]! - scores[1]!;
    if (row.label === "bothbad" || (row.label === "tie" && format !== "videogen-rewardbench")) {
      out.skipped =
        format === "genai-bench"
          ? "tie or both-bad vote (dropped, as the benchmark's pairwise scripts do)"
          : "human tie: a strict pairwise metric cannot score it";
      return out;
    }
    // VideoGen human ties count only in the with-ties accuracy.
    if (row.label !== "tie") out.correct = pairCorrect(row.label, out.margin);
    return out;
  }
  if (row.numCorrect !== undefined) {
    out.correct = bestOfN(scores);
    return out;
  }
  if (row.humanRanking || row.humanScores) {
    out.correct = rankingCorrect(humanRanks(row), scores);
    return out;
  }
  out.skipped = "row has no human label this format can use";
  return out;
}
