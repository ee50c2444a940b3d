/**
 * `harmonic`: RPO's λ-Harmonic reward, a weighted harmonic mean of components.
 * @module
 */
import { z } from "zod";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, selectedIndexes } from "./combiner.js";

/**
 * `harmonic`: `H = 1 / Σ_k (λ_k / (r_k + eps))` over the chosen components (default: all), with
 * `λ_k` the recipe weights normalised to sum to 1 (RPO: `λ` on image similarity, `1 − λ` on text
 * alignment, λ = 0.3) and eps 1e-8 as RPO's code.
 * - Zero: a component at 0 drives H to ≈ 0 (≈ eps/λ), which is the point of a harmonic mean:
 *   one failed aspect sinks the reward.
 * - Negative values: clamped to 0 (`negative: clamp`, default) or the result is null
 *   (`negative: null`); a harmonic mean of signed values has no meaning. RPO maps its cosine
 *   similarities to [0, 1] with `(s + 1)/2` first; `fromCosine: true` does the same here.
 * - Null components are skipped and the remaining weights renormalised (all null → null); a
 *   single component with non-zero weight returns its value exactly, as RPO's λ ∈ {0, 1} branches.
 *
 * Paper: Subject-driven Text-to-Image Generation via Preference-based Reinforcement Learning
 * (arXiv 2407.12164). Code: andrew-miao/RPO@56b190a: evaluation_metrics.py:100-112.
 * @example
 * // rewards: [{ name: image, weight: 0.3 }, { name: text, weight: 0.7 }]; combine: { type: harmonic }
 * // image 0.8, text 0.6 → 1 / (0.3/0.8 + 0.7/0.6) = 0.648649
 */
export const harmonicCombiner = defineCombiner({
  type: "harmonic",
  description: "Weighted harmonic mean 1/Σ(λ_k/(r_k + eps)) of chosen components (RPO's λ-Harmonic).",
  config: z.strictObject({
    components: z.array(ComponentNameSchema).min(1).optional(),
    eps: z.number().finite().nonnegative().default(1e-8),
    negative: z.enum(["clamp", "null"]).default("clamp"),
    fromCosine: z.boolean().default(false),
  }),
  create: (config, env) => {
    const indexes = selectedIndexes(env, config.components, "combine.components").filter(
      (k) => env.weights[k] !== 0,
    );
    return {
      combineRow(values) {
        let weightSum = 0;
        let inverse = 0;
        let used = 0;
        let last = 0;
        for (const k of indexes) {
          let v = values[k];
          if (v === null || v === undefined) continue;
          if (config.fromCosine) v = (v + 1) / 2;
          if (v < 0) {
            if (config.negative === "null") return null;
            v = 0;
          }
          const w = env.weights[k]!;
          weightSum += w;
          inverse += w / (v + config.eps);
          used++;
          last = v;
        }
        if (!used) return null;
        if (used === 1) return last;
        return weightSum / inverse;
      },
    };
  },
});
