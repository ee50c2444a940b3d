/**
 * RLOO: the leave-one-out baseline.
 * @module
 */
import { z } from "zod";
import { defineAdvantage, finiteOrZero, forEachGroup, zeros } from "./estimator.js";

/**
 * RLOO: `A_i = r_i − mean_{j≠i} r_j`, computed as verl does, `r·n/(n−1) − mean·n/(n−1)`
 * (the same value up to rounding), where n counts the group's non-null rewards.
 * - `singleton`: a group with one non-null reward keeps its raw reward as advantage, as verl
 *   does (`raw`, the default), or gets 0 (`zero`).
 *
 * Null rewards are excluded and get advantage 0.
 *
 * Paper: Back to Basics: Revisiting REINFORCE Style Optimization for Learning from Human Feedback
 * in LLMs (arXiv 2402.14740). Code: volcengine/verl@b178a3c: verl/trainer/ppo/core_algos.py:477-525.
 * @example
 * // rewards [1,0,0,1,1,0,0,0] in one group → [0.71429, −0.42857, …]
 * // recipe: advantage: { type: rloo }
 */
export const rlooAdvantage = defineAdvantage({
  type: "rloo",
  description: "Leave-one-out baseline r_i − mean_{j≠i} r_j (verl's formula).",
  config: z.strictObject({ singleton: z.enum(["raw", "zero"]).default("raw") }),
  create: ({ singleton }) => ({
    groupScope: "group",
    compute({ rewards, groups }) {
      const advantages = zeros(rewards.length);
      const stats = forEachGroup(rewards, groups, "unbiased", (s, order, start, end) => {
        const mean = s.mean!;
        const n = s.size - s.nulls;
        const factor = n / (n - 1);
        for (let p = start; p < end; p++) {
          const i = order[p]!;
          const r = rewards[i];
          if (r === null || r === undefined) continue;
          if (n === 1) advantages[i] = singleton === "raw" ? r : 0;
          else advantages[i] = finiteOrZero(r * factor - mean * factor);
        }
      });
      return { advantages, groups: stats };
    },
  }),
});
