/**
 * REINFORCE++ and REINFORCE++-baseline: batch whitening of (group-centred) outcome rewards.
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import {
  defineAdvantage,
  finiteOrZero,
  type GroupStats,
  groupLayout,
  summarize,
  zeros,
} from "./estimator.js";

/** verl's `masked_mean` adds 1e-8 to the mask sum; `masked_whiten` adds 1e-8 to the variance. */
const MASK_EPS = 1e-8;
const VAR_EPS = 1e-8;

function lengthOf(sample: { meta?: Record<string, unknown> } | undefined, key: string | undefined): number {
  if (key === undefined) return 1;
  const raw = sample?.meta?.[key];
  return typeof raw === "number" && Number.isFinite(raw) && raw > 0 ? raw : 1;
}

const reinforceConfig = z.strictObject({
  /** Subtract the group mean before whitening (REINFORCE++-baseline). */
  baseline: z
    .boolean()
    .default(false)
    .describe("Subtract the group mean before whitening (REINFORCE++-baseline)."),
  /**
   * `meta` key of the response length in tokens: verl whitens over tokens, so a response weighs
   * as many times as it has tokens. Absent: every response weighs 1 (sequence-level whitening).
   */
  lengthKey: z
    .string()
    .min(1)
    .optional()
    .describe(
      "`meta` key of the response length in tokens: verl whitens over tokens, so a response weighs as many times as it has tokens. Absent: every response weighs 1 (sequence-level whitening).",
    ),
});

function reinforce(defaultBaseline: boolean) {
  return (config: z.output<typeof reinforceConfig>) => ({
    // Batch whitening needs the batch; a group of one has mean 0 with the baseline, as verl does.
    groupScope: "batch" as const,
    compute({
      rewards,
      groups,
      samples,
    }: {
      rewards: ReadonlyArray<ComponentValue>;
      groups: ReadonlyArray<string | undefined>;
      samples: ReadonlyArray<{ meta?: Record<string, unknown> } | undefined>;
    }) {
      const n = rewards.length;
      const baseline = config.baseline || defaultBaseline;
      const centred = new Float64Array(n);
      const weight = new Float64Array(n);
      const { keys, offsets, order } = groupLayout(groups);
      const stats: GroupStats[] = new Array(keys.length);
      for (let g = 0; g < keys.length; g++) {
        const start = offsets[g]!;
        const end = offsets[g + 1]!;
        const s = summarize(keys[g]!, rewards, order, start, end, "unbiased");
        stats[g] = s;
        // verl: a group of one has mean 0.
        const mean = baseline && s.mean !== null && s.size - s.nulls > 1 ? s.mean : 0;
        for (let p = start; p < end; p++) {
          const i = order[p]!;
          const r = rewards[i];
          if (r === null || r === undefined) continue;
          centred[i] = r - mean;
          weight[i] = lengthOf(samples[i], config.lengthKey);
        }
      }
      let total = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        total += weight[i]!;
        sum += weight[i]! * centred[i]!;
      }
      const advantages = zeros(n);
      // verl raises on a mask of one element; plaudit gives advantage 0.
      if (total <= 1) return { advantages, groups: stats };
      const mean = sum / (total + MASK_EPS);
      let squares = 0;
      for (let i = 0; i < n; i++) squares += weight[i]! * (centred[i]! - mean) ** 2;
      const variance = (squares / (total + MASK_EPS)) * (total / (total - 1));
      const scale = 1 / Math.sqrt(variance + VAR_EPS);
      for (let i = 0; i < n; i++)
        if (weight[i]! > 0) advantages[i] = finiteOrZero((centred[i]! - mean) * scale);
      return { advantages, groups: stats };
    },
  });
}

/**
 * REINFORCE++: the outcome reward whitened over the batch, `(r − mean_B) · rsqrt(var_B,unbiased + 1e-8)`
 * (verl `masked_whiten`, with its 1e-8 on the mask sum). `baseline: true` first subtracts the
 * group mean (groups of one: mean 0), as `reinforce_plus_plus_baseline` does.
 *
 * Deviations: plaudit returns one advantage per response, so with γ = 1 and an outcome reward
 * (every token's return is r) this equals verl's token-level whitening when `lengthKey` gives
 * the token counts; without it, responses weigh equally. γ < 1 is not offered. A batch of at
 * most one (weighted) response gets 0 where verl raises.
 *
 * Paper: REINFORCE++ (arXiv 2501.03262). Code: volcengine/verl@b178a3c: verl/trainer/ppo/core_algos.py:425-474,583-618;
 * volcengine/verl@b178a3c: verl/utils/torch_functional.py:287-339.
 * @example
 * // rewards [1, 0, 0, 1] → [0.866, −0.866, −0.866, 0.866]
 * // recipe: advantage: { type: reinforce++, baseline: true, lengthKey: tokens }
 */
export const reinforcePlusPlusAdvantage = defineAdvantage({
  type: "reinforce++",
  description:
    "REINFORCE++: batch whitening (x − mean)·rsqrt(var + 1e-8); baseline: subtract the group mean first.",
  config: reinforceConfig,
  create: reinforce(false),
});

/**
 * REINFORCE++-baseline: {@link reinforcePlusPlusAdvantage} with `baseline: true`.
 * @example
 * // recipe: advantage: { type: reinforce++-baseline }
 */
export const reinforcePlusPlusBaselineAdvantage = defineAdvantage({
  type: "reinforce++-baseline",
  description: "REINFORCE++-baseline: subtract the group mean, then whiten over the batch.",
  config: reinforceConfig,
  create: reinforce(true),
});
