/**
 * `ensemble`: aggregate several reward models' scores of the same property, optionally penalising
 * their disagreement.
 * @module
 */
import { z } from "zod";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, selectedIndexes } from "./combiner.js";

/**
 * `ensemble` over the chosen components (default: all), ignoring nulls (all null → null) and
 * weights (ensemble members count equally):
 * - `mean`; `min` (worst case); `median` (mean of the two middle values for an even count);
 * - `mean-minus-std`: `mean − k·std` (std `population` by default, or `unbiased`; a single value
 *   has std 0), the uncertainty-penalised objective of reward-model ensembles.
 *
 * Paper: Reward Model Ensembles Help Mitigate Overoptimization (arXiv 2310.02743): mean,
 * worst-case and uncertainty-weighted optimisation.
 * @example
 * // recipe: combine: { type: ensemble, method: mean-minus-std, k: 1, components: [rm1, rm2, rm3] }
 * // [0.2, 0.4, 0.9]: mean 0.5, min 0.2, median 0.4, mean − std (pop) 0.2057
 */
export const ensembleCombiner = defineCombiner({
  type: "ensemble",
  description:
    "Mean, min, median or mean − k·std across chosen components (uncertainty-penalised ensembles).",
  config: z.strictObject({
    method: z.enum(["mean", "min", "median", "mean-minus-std"]).default("mean"),
    components: z.array(ComponentNameSchema).min(1).optional(),
    k: z.number().finite().nonnegative().default(1),
    std: z.enum(["population", "unbiased"]).default("population"),
  }),
  create: (config, env) => {
    const indexes = selectedIndexes(env, config.components, "combine.components");
    const scratch: number[] = [];
    return {
      combineRow(values) {
        scratch.length = 0;
        for (const k of indexes) {
          const v = values[k];
          if (v !== null && v !== undefined) scratch.push(v);
        }
        const n = scratch.length;
        if (!n) return null;
        if (config.method === "min") return Math.min(...scratch);
        if (config.method === "median") {
          scratch.sort((a, b) => a - b);
          const mid = n >> 1;
          return n % 2 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
        }
        let sum = 0;
        for (const v of scratch) sum += v;
        const mean = sum / n;
        if (config.method === "mean") return mean;
        let squares = 0;
        for (const v of scratch) squares += (v - mean) ** 2;
        const denominator = config.std === "unbiased" ? n - 1 : n;
        const std = denominator > 0 ? Math.sqrt(squares / denominator) : 0;
        return mean - config.k * std;
      },
    };
  },
});
