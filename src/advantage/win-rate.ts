/**
 * Pref-GRPO's pairwise win rates inside a group, and the group advantage over them.
 * @module
 */
import { z } from "zod";
import { roundLikePython, type Sample } from "../core/index.js";
import { defineAdvantage, groupLayout } from "./estimator.js";
import { groupRelative } from "./grpo.js";

/**
 * The C(N,2) unordered pairs `[i, j]` with `i < j` a per-pair judge must compare, in the order
 * Pref-GRPO sends them; outcomes given in `format: pairs` follow this order.
 * @example
 * comparisonPairs(3); // [[0, 1], [0, 2], [1, 2]]
 */
export function comparisonPairs(n: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  return pairs;
}

/** The score of the first of a pair: 1 win, 0 loss, 0.5 tie (anything else, e.g. an unparsed judge reply, is a tie). */
function pairScore(outcome: unknown): number {
  return outcome === 1 || outcome === 0 ? outcome : 0.5;
}

/**
 * Win rates from pairwise outcomes (scores of the first of each pair, in {@link comparisonPairs}
 * order): `round(wins_k / (N − 1), 3)` with ties 0.5, rounded as Python does; 0 when N = 1.
 * @example
 * winRatesFromPairs(4, [1, 0, 0.5, 0, 1, 1]); // [0.5, 0.333, 1, 0.167]
 */
export function winRatesFromPairs(n: number, outcomes: readonly unknown[]): number[] {
  const wins = new Array<number>(n).fill(0);
  comparisonPairs(n).forEach(([i, j], p) => {
    const s = pairScore(outcomes[p]);
    wins[i] = wins[i]! + s;
    wins[j] = wins[j]! + 1 - s;
  });
  return wins.map((w) => (n > 1 ? roundLikePython(w / (n - 1), 3) : 0));
}

/**
 * Win rates from a comparison matrix, `matrix[i][j]` = score of i against j (only `i < j` is
 * read, so a matrix filled on one side suffices).
 * @example
 * winRatesFromMatrix([[0, 1], [0, 0]]); // [1, 0]
 */
export function winRatesFromMatrix(matrix: ReadonlyArray<ReadonlyArray<unknown>>): number[] {
  const n = matrix.length;
  return winRatesFromPairs(
    n,
    comparisonPairs(n).map(([i, j]) => matrix[i]?.[j]),
  );
}

function groupWinRates(
  format: "pairs" | "matrix" | "row" | "reward",
  key: string,
  members: Array<Sample | undefined>,
): number[] | undefined {
  const n = members.length;
  if (format === "row") {
    const rows = members.map((s) => s?.meta?.[key]);
    if (!rows.every(Array.isArray)) return undefined;
    return winRatesFromMatrix(rows as unknown[][]);
  }
  const carrier = members.find((s) => Array.isArray(s?.meta?.[key]))?.meta?.[key] as unknown[] | undefined;
  if (!carrier) return undefined;
  if (format === "pairs")
    return carrier.length === (n * (n - 1)) / 2 ? winRatesFromPairs(n, carrier) : undefined;
  return carrier.length === n && carrier.every(Array.isArray)
    ? winRatesFromMatrix(carrier as unknown[][])
    : undefined;
}

/**
 * `win-rate`: each sample's reward is its win rate in its group, then a group z-score
 * `(w − mean_G) / (std_G,unbiased + eps)` (eps 1e-8, Pref-GRPO's dispatcher), clamped to ±`clip`
 * (5, the trainer's `adv_clip_max`). Samples are indexed by their position in the group (input
 * order). Outcomes come from `meta[key]`:
 * - `format: pairs`: on any sample of the group, the C(N,2) scores of the first of each pair in
 *   {@link comparisonPairs} order (1, 0 or 0.5; anything else is a tie);
 * - `format: matrix`: on any sample, an N×N matrix of scores of i against j;
 * - `format: row`: on each sample, its own row of that matrix;
 * - `format: reward`: the combined reward already is the win rate (a `judge.pairwise` reward
 *   computed it), so only the z-score and clamp apply.
 *
 * A group whose outcomes are missing or of the wrong size gets advantages 0 (its samples count
 * as nulls). Samples whose combined reward is null keep advantage 0 and are excluded from the
 * statistics, but still count as opponents. The win rates are returned in `perSample.winRate`.
 *
 * Paper: Pref-GRPO (arXiv 2508.20751). Code: CodeGoat24/Pref-GRPO@3e787f6: fastvideo/rewards/unifiedreward_think.py
 * (`_pairwise_win_rate`); CodeGoat24/Pref-GRPO@3e787f6: fastvideo/rewards/dispatcher.py:614; fastvideo/train_flux.py:723.
 * @example
 * // N = 4, pairs [1, 0, 0.5, 0, 1, 1] → win rates [0.5, 0.333, 1.0, 0.167], advantages [0, −0.4639, 1.3889, −0.925]
 * // recipe: advantage: { type: win-rate, key: judge_pairs, format: pairs }
 */
export const winRateAdvantage = defineAdvantage({
  type: "win-rate",
  description:
    "Pref-GRPO: win rate within the group from pairwise outcomes in meta (ties 0.5), then group z-score.",
  config: z.strictObject({
    key: z.string().min(1).default("pairs"),
    format: z.enum(["pairs", "matrix", "row", "reward"]).default("pairs"),
    eps: z.number().finite().nonnegative().default(1e-8),
    clip: z.number().finite().positive().nullable().default(5),
  }),
  create: ({ key, format, eps, clip }) => ({
    groupScope: "group",
    compute(input) {
      const { rewards, groups, samples } = input;
      const winRate: Array<number | null> =
        format === "reward" ? rewards.map((r) => r ?? null) : new Array(rewards.length).fill(null);
      const { keys, offsets, order } = groupLayout(groups);
      for (let g = 0; g < keys.length && format !== "reward"; g++) {
        const members = Array.from(order.subarray(offsets[g]!, offsets[g + 1]!));
        const rates = groupWinRates(
          format,
          key,
          members.map((i) => samples[i]),
        );
        if (!rates) continue;
        members.forEach((i, position) => {
          if (rewards[i] !== null && rewards[i] !== undefined) winRate[i] = rates[position]!;
        });
      }
      const out = groupRelative(
        { ...input, rewards: winRate },
        { std: "unbiased", eps, scale: "group", singleton: "zero" },
      );
      if (clip !== null) out.advantages = out.advantages.map((a) => Math.min(clip, Math.max(-clip, a)));
      return { ...out, perSample: { winRate } };
    },
  }),
});
