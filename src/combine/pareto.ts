/**
 * `pareto`: Parrot's batch-wise Pareto-optimal selection within each group.
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, groupsOf, selectedIndexes, weightedNanSum } from "./combiner.js";

/**
 * Whether sample a is dominated by sample b on the chosen components: b is at least as good on
 * every one and strictly better on one. A null counts as the worst value.
 */
function dominates(
  b: ReadonlyArray<ComponentValue>,
  a: ReadonlyArray<ComponentValue>,
  indexes: readonly number[],
): boolean {
  let strictly = false;
  for (const k of indexes) {
    const vb = b[k] ?? Number.NEGATIVE_INFINITY;
    const va = a[k] ?? Number.NEGATIVE_INFINITY;
    if (vb < va) return false;
    if (vb > va) strictly = true;
  }
  return strictly;
}

/**
 * `pareto`: within each group, a sample is non-dominated when no other sample of the group is
 * at least as good on every chosen component (default: all) and strictly better on one (nulls
 * count as worst). The mask (1 non-dominated, 0 dominated, null when every chosen component is
 * null) is added to the results as the component `mask` (default name `pareto`). The reward is
 * TRL's weighted nansum of all components, and dominated samples are
 * - kept (`dominated: keep`, default: the mask is informational),
 * - set to 0 (`dominated: zero`: Parrot trains only on the non-dominated set), or
 * - multiplied by `factor` (`dominated: scale`).
 * The number of non-dominated samples is reported in `stats.combine.nonDominated`.
 * O(G²·K) per group of G.
 *
 * Paper: Parrot: Pareto-optimal Multi-Reward Reinforcement Learning Framework for Text-to-Image
 * Generation (arXiv 2401.05675); no released code reviewed.
 * @example
 * // combine: { type: pareto, dominated: zero }
 * // group (a, b): (1, 0), (0, 1), (0.5, 0.5), (0, 0) → mask [1, 1, 1, 0]; reward of (0, 0) → 0
 */
export const paretoCombiner = defineCombiner({
  type: "pareto",
  description:
    "Parrot: mark non-dominated samples per group (mask component); keep, zero or scale dominated ones.",
  config: z.strictObject({
    components: z.array(ComponentNameSchema).min(2).optional(),
    dominated: z.enum(["keep", "zero", "scale"]).default("keep"),
    factor: z.number().finite().default(0.5),
    mask: ComponentNameSchema.default("pareto"),
  }),
  create: (config, env) => {
    const indexes = selectedIndexes(env, config.components, "combine.components");
    return {
      groupScope: "group",
      combineBatch({ rows, groups }) {
        const n = rows.length;
        const mask: ComponentValue[] = new Array(n).fill(null);
        const rewards: ComponentValue[] = new Array(n);
        let nonDominated = 0;
        for (const members of groupsOf(groups)) {
          for (const i of members) {
            const row = rows[i]!;
            rewards[i] = weightedNanSum(row, env.weights);
            if (indexes.every((k) => row[k] === null || row[k] === undefined)) continue;
            let free = true;
            for (const j of members) {
              if (j !== i && dominates(rows[j]!, row, indexes)) {
                free = false;
                break;
              }
            }
            mask[i] = free ? 1 : 0;
            if (free) nonDominated++;
            else if (rewards[i] !== null && config.dominated !== "keep") {
              rewards[i] = config.dominated === "zero" ? 0 : rewards[i]! * config.factor;
            }
          }
        }
        return { rewards, components: { [config.mask]: mask }, stats: { nonDominated } };
      },
    };
  },
});
