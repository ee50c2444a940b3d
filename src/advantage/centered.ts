/**
 * Centred rewards: within-prompt centring (Centered Reward Distillation) or centring against
 * reference rewards (PAR's `reward_centered`).
 * @module
 */
import { z } from "zod";
import { defineAdvantage, finiteOrZero, forEachGroup, zeros } from "./estimator.js";
import { referenceRewards } from "./refs.js";

/**
 * `centered`:
 * - `against: group` (default): `A = r − mean_G`, the within-prompt centring under which the
 *   intractable normaliser of the KL-regularised optimum cancels (Centered Reward Distillation).
 *   Every group member counts, a group of one gets 0; `scale` multiplies the result (CRD's 1/β).
 * - `against: refs`: `A = mean_m (r − r_ref,m) = r − mean(refs)`, PAR's `reward_centered`, with
 *   the reference rewards in `meta[refsKey]` (first `maxRefs` used); a sample without refs gets 0.
 *
 * Paper: Diffusion Reinforcement Learning via Centered Reward Distillation (no released code
 * reviewed); PAR (arXiv 2502.18770), code PorUna-byte/PAR@b8caf40: trainers/reward_shaper.py (`calculate_centered`).
 * @example
 * // against group: rewards [1, 2, 3] → [−1, 0, 1]; against refs: r = 1.3, refs [0.2, 1, 2.5] → 0.0667
 * // recipe: advantage: { type: centered, against: refs, refsKey: sft_refs }
 */
export const centeredAdvantage = defineAdvantage({
  type: "centered",
  description: "Within-prompt centring r − mean_G (CRD), or r − mean(refs) against reference rewards (PAR).",
  config: z.strictObject({
    against: z.enum(["group", "refs"]).default("group"),
    scale: z.number().finite().default(1),
    refsKey: z.string().min(1).default("refs"),
    refs: z.enum(["sample", "group"]).default("sample"),
    maxRefs: z.number().int().positive().default(10),
  }),
  create: (config) => ({
    groupScope: config.against === "group" ? "group" : undefined,
    compute({ rewards, groups, samples }) {
      const advantages = zeros(rewards.length);
      const stats = forEachGroup(rewards, groups, "unbiased", (s, order, start, end) => {
        const groupRefs =
          config.against === "refs" && config.refs === "group"
            ? referenceRewards(samples, order, start, end, config.refsKey)
            : undefined;
        for (let p = start; p < end; p++) {
          const i = order[p]!;
          const r = rewards[i];
          if (r === null || r === undefined) continue;
          let baseline: number;
          if (config.against === "group") baseline = s.mean!;
          else {
            const refs = groupRefs ?? referenceRewards(samples, order, p, p + 1, config.refsKey);
            if (!refs) continue;
            const used = Math.min(refs.length, config.maxRefs);
            let sum = 0;
            for (let m = 0; m < used; m++) sum += refs[m]!;
            baseline = sum / used;
          }
          advantages[i] = finiteOrZero(config.scale * (r - baseline));
        }
      });
      return { advantages, groups: stats };
    },
  }),
});
