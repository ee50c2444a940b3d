/**
 * GRPO's group-relative advantage.
 * @module
 */
import { z } from "zod";
import { moments } from "../core/index.js";
import { defineAdvantage, groupIndexes, statsOf, type GroupStats } from "./estimator.js";

/**
 * GRPO: `A = (r − mean_G) / (std_G + eps)` over the samples sharing `group`.
 * - `std`: `unbiased` (n − 1, torch's default, as TRL and the VLM trainers use), `population`
 *   (n), or `none` (no division: Dr. GRPO, `r − mean`).
 * - `eps`: 1e-4 by default (TRL and the open-r1-derived VLM trainers; verl uses 1e-6).
 * - `scale`: `group` divides by each group's std; `batch` by the std of the whole batch, the
 *   mean staying per group (TRL `scale_rewards="batch"`).
 *
 * Null rewards are excluded from the statistics and get advantage 0 (TRL's unscorable rows).
 * A std that is undefined (a group with one non-null reward and `unbiased`) is taken as 0, so
 * that sample's advantage is 0.
 *
 * Paper: DeepSeekMath (arXiv 2402.03300). Code: huggingface/trl@f2cd577: trl/trainer/grpo_trainer.py:2670-2730.
 * @example
 * // rewards [1,0,0,1,1,0,0,0] in one group, unbiased, eps 1e-4 → [1.20738, −0.72443, …]
 */
export const grpoAdvantage = defineAdvantage({
  type: "grpo",
  description: "Group-relative advantage (r − mean) / (std + eps) over samples sharing `group` (TRL/GRPO).",
  config: z.strictObject({
    std: z.enum(["unbiased", "population", "none"]).default("unbiased"),
    eps: z.number().finite().nonnegative().default(1e-4),
    scale: z.enum(["group", "batch"]).default("group"),
  }),
  create: ({ std, eps, scale }) => ({
    compute({ rewards, groups }) {
      const kind = std === "population" ? "population" : "unbiased";
      const advantages = new Array<number>(rewards.length).fill(0);
      const stats: GroupStats[] = [];
      const batchStd = scale === "batch" ? moments(rewards, kind).std : Number.NaN;
      for (const [key, indexes] of groupIndexes(groups)) {
        const s = statsOf(key, rewards, indexes, kind);
        stats.push(s);
        if (s.mean === null) continue;
        const spread = std === "none" ? 0 : scale === "batch" ? batchStd : (s.std ?? 0);
        const denominator = std === "none" ? 1 : (Number.isFinite(spread) ? spread : 0) + eps;
        for (const i of indexes) {
          const r = rewards[i];
          if (r === null || r === undefined) continue;
          const a = (r - s.mean) / denominator;
          advantages[i] = Number.isFinite(a) ? a : 0;
        }
      }
      return { advantages, groups: stats };
    },
  }),
});
