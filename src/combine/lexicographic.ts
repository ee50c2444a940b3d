/**
 * `lexicographic`: tiers in priority order, a lower tier counting only once every higher tier passes.
 * @module
 */
import { z } from "zod";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, indexesOf } from "./combiner.js";

const TierSchema = z.strictObject({
  components: z.array(ComponentNameSchema).min(1),
  /** Each component of the tier must be `> threshold` (or `≥` with `inclusive`) for the tier to pass. */
  threshold: z
    .number()
    .finite()
    .default(0)
    .describe(
      "Each component of the tier must be `> threshold` (or `≥` with `inclusive`) for the tier to pass.",
    ),
  inclusive: z.boolean().default(false),
});

/**
 * `lexicographic` (OptiAgent's optical lexicographic reward: format → feasibility → accuracy →
 * heuristics). Tiers are listed highest first.
 *
 * Encoding: let `p` be the number of leading tiers that pass (every component of the tier
 * `> threshold`, or `≥` with `inclusive`; a null component fails) and `s_t` the tier's score, the
 * weighted mean of its non-null components clipped to [0, 1]. Then
 * `reward = p + s_p` when `p < T` (the first failing tier contributes its partial score) and
 * `reward = T − 1 + s_{T−1}` when every tier passes (the last tier keeps its gradation).
 * So a sample that passes one more tier always scores at least as high as any sample below it
 * (`p + 1 ≥ p + s_p`, equal only when the failing tier's score is exactly 1), and within a tier
 * the partial score ranks samples. Rewards lie in [0, T]. All components null → null.
 *
 * Paper: OptiAgent: A Physics-Driven Agentic Framework for Automated Optical Design (no released
 * code reviewed; the encoding is plaudit's, documented above).
 * @example
 * // combine: { type: lexicographic, tiers: [{ components: [format] }, { components: [feasible] }, { components: [accuracy] }] }
 * // format 1, feasible 0, accuracy 0.9 → 1 + 0 = 1; format 1, feasible 1, accuracy 0.4 → 2.4; format 0 → 0
 */
export const lexicographicCombiner = defineCombiner({
  type: "lexicographic",
  description:
    "Tiers in priority order: reward = passed-prefix count + score of the first failing tier (in [0, T]).",
  config: z.strictObject({ tiers: z.array(TierSchema).min(1) }),
  create: (config, env) => {
    const tiers = config.tiers.map((tier, t) => ({
      ...tier,
      indexes: indexesOf(env.names, tier.components, `combine.tiers[${t}].components`),
    }));
    const last = tiers.length - 1;
    return {
      combineRow(values) {
        let any = false;
        for (const tier of tiers)
          for (const k of tier.indexes) if (values[k] !== null && values[k] !== undefined) any = true;
        if (!any) return null;
        for (let t = 0; t <= last; t++) {
          const tier = tiers[t]!;
          let weighted = 0;
          let weights = 0;
          let passes = true;
          for (const k of tier.indexes) {
            const v = values[k];
            if (v === null || v === undefined) {
              passes = false;
              continue;
            }
            weighted += env.weights[k]! * v;
            weights += env.weights[k]!;
            if (tier.inclusive ? !(v >= tier.threshold) : !(v > tier.threshold)) passes = false;
          }
          const score = weights > 0 ? Math.min(1, Math.max(0, weighted / weights)) : 0;
          if (!passes || t === last) return t + score;
        }
        return null;
      },
    };
  },
});
