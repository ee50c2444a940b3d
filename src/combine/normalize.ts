/**
 * `normalize-then-sum`: each component z-scored within its group, then the weighted sum (GDPO in
 * TRL; ReFine-RFT's multi-reward normalisation).
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import { defineCombiner, groupsOf } from "./combiner.js";

/**
 * `normalize-then-sum`: `s_i = Σ_k w_k · (r_ik − mean_G,k) / (std_G,k,unbiased + eps)`, nulls
 * skipped as TRL's nan-aware reductions do (a component undefined in a group — fewer than two
 * non-null values — contributes nothing; a sample with every component null stays null).
 * - `flavor: trl` (default; TRL `multi_objective_aggregation="normalize_then_sum"`, GDPO): then a
 *   batch-level z-score `(s − mean_B) / (std_B,unbiased + eps)` over the non-null sums.
 * - `flavor: mrn` (ReFine-RFT's Multi-Reward Normalization): no batch step.
 * - `eps`: 1e-4 in both.
 *
 * The result is already an advantage: pair it with `advantage: { type: identity }` (or no
 * `advantage:`), not with `grpo`, which would normalise a second time.
 *
 * Deviation: ReFine-RFT's code has no nulls and turns a group of one into NaN; plaudit gives 0.
 *
 * Papers: GDPO, as implemented in TRL; ReFine-RFT (arXiv 2601.06993).
 * Code: huggingface/trl@f2cd577: trl/trainer/grpo_trainer.py:2710-2719;
 * jiezhu23/ReFine-RFT@3b7c646: src/refinerft/trainer/mrpo_trainer.py:641-674.
 * @example
 * // combine: { type: normalize-then-sum, flavor: mrn }, advantage: { type: identity }
 * // one group, a = [1, 0], b = [0, 0] → [0.70706, −0.70706]
 */
export const normalizeThenSumCombiner = defineCombiner({
  type: "normalize-then-sum",
  description:
    "Per-component group z-score then weighted sum; trl adds a batch z-score (GDPO), mrn does not (ReFine-RFT).",
  config: z.strictObject({
    flavor: z.enum(["trl", "mrn"]).default("trl"),
    eps: z.number().finite().nonnegative().default(1e-4),
  }),
  create: ({ flavor, eps }, env) => ({
    groupScope: "group",
    combineBatch({ rows, groups }) {
      const n = rows.length;
      const width = env.names.length;
      const sums = new Float64Array(n);
      const scored = new Uint8Array(n);
      for (const members of groupsOf(groups)) {
        for (let k = 0; k < width; k++) {
          let count = 0;
          let total = 0;
          for (const i of members) {
            const v = rows[i]![k];
            if (v === null || v === undefined) continue;
            count++;
            total += v;
          }
          if (count === 0) continue;
          const mean = total / count;
          let squares = 0;
          for (const i of members) {
            const v = rows[i]![k];
            if (v !== null && v !== undefined) squares += (v - mean) ** 2;
          }
          const std = count > 1 ? Math.sqrt(squares / (count - 1)) : Number.NaN;
          for (const i of members) {
            const v = rows[i]![k];
            if (v === null || v === undefined) continue;
            scored[i] = 1;
            if (Number.isFinite(std)) sums[i] = sums[i]! + env.weights[k]! * ((v - mean) / (std + eps));
          }
        }
      }
      const rewards: ComponentValue[] = new Array(n);
      for (let i = 0; i < n; i++) rewards[i] = scored[i] ? sums[i]! : null;
      if (flavor === "mrn") return { rewards };
      let count = 0;
      let total = 0;
      for (const r of rewards) {
        if (r === null) continue;
        count++;
        total += r;
      }
      const mean = count ? total / count : 0;
      let squares = 0;
      for (const r of rewards) if (r !== null) squares += (r - mean) ** 2;
      // TRL: std 0 for a batch of one element (then the result is 0).
      const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
      return { rewards: rewards.map((r) => (r === null ? null : (r - mean) / (std + eps))) };
    },
  }),
});
