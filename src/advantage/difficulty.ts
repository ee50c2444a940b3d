/**
 * Difficulty weighting: a base estimator's advantage multiplied by a per-sample coefficient.
 * @module
 */
import { z } from "zod";
import { BlockRegistry } from "../core/index.js";
import { centeredAdvantage } from "./centered.js";
import type { AdvantageEnv, AdvantageEstimator } from "./estimator.js";
import { defineAdvantage, finiteOrZero } from "./estimator.js";
import { drGrpoAdvantage, grpoAdvantage, meanOnlyAdvantage } from "./grpo.js";
import { reinforcePlusPlusAdvantage, reinforcePlusPlusBaselineAdvantage } from "./reinforce.js";
import { rlooAdvantage } from "./rloo.js";

/** The estimators `difficulty` can wrap (those whose advantage is one number per sample from rewards). */
const bases = new BlockRegistry<AdvantageEnv, AdvantageEstimator>("advantage", [
  grpoAdvantage,
  drGrpoAdvantage,
  meanOnlyAdvantage,
  rlooAdvantage,
  reinforcePlusPlusAdvantage,
  reinforcePlusPlusBaselineAdvantage,
  centeredAdvantage,
]);

/**
 * `difficulty`: `A_i = rate_i · A_base,i`, with `rate_i = meta[key]` (GUI-G1's per-sample
 * difficulty coefficient, which its trainer multiplies into the per-sample loss — the same as
 * scaling the advantage). A sample without a finite `meta[key]` uses `default` (1). The base
 * defaults to `dr-grpo`, GUI-G1's `r − mean_G`; its group statistics are reported.
 *
 * Paper: GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents (arXiv 2505.15810).
 * Code: Yuqi-Zhou/GUI-G1@e581fe9: src/open-r1-multimodal/src/open_r1/trainer/grpo_trainer.py:635-742.
 * @example
 * // recipe: advantage: { type: difficulty, key: rate, base: { type: dr-grpo } }
 * // rewards [1, 0] with rates [2, 1] → [1, −0.5]
 */
export const difficultyAdvantage = defineAdvantage({
  type: "difficulty",
  description: "A base estimator's advantage multiplied by meta[key] (GUI-G1's per-sample `rate`).",
  config: z.strictObject({
    key: z.string().min(1).default("rate"),
    default: z.number().finite().default(1),
    base: z.looseObject({ type: z.string().min(1) }).default({ type: "dr-grpo" }),
  }),
  create: (config, env) => {
    const base = bases.create(config.base, env, "advantage.base");
    return {
      groupScope: base.groupScope,
      compute(input) {
        const out = base.compute(input);
        const advantages = out.advantages.map((a, i) => {
          const rate = input.samples[i]?.meta?.[config.key];
          return finiteOrZero(
            a * (typeof rate === "number" && Number.isFinite(rate) ? rate : config.default),
          );
        });
        return { ...out, advantages };
      },
    };
  },
});
