/**
 * `gate` as a combination type of its own: a weighted sum that falls to a floor unless the gate passes.
 * @module
 */
import { z } from "zod";
import { ComponentNameSchema } from "../recipe/schema.js";
import { defineCombiner, weightedNanSum } from "./combiner.js";
import { buildGate } from "./sum.js";

/**
 * `gate`: `Σ w_k·r_k` (TRL's weighted nansum; all null → null) when every listed component
 * passes — `> threshold` (default 0), or `≥ threshold` with `inclusive: true` — else `floor`
 * (default 0). A null gating component fails. The same as `weighted` with a `gate:` option,
 * as its own type for recipes that read better that way (format gates accuracy: Visual-RFT-style
 * "no format, no reward").
 * @example
 * // recipe: combine: { type: gate, components: [format], floor: 0 }
 * // format 1, iou 0.7 → 1.7; format 0, iou 0.9 → 0
 */
export const gateCombiner = defineCombiner({
  type: "gate",
  description:
    "Weighted sum when the listed components pass (> threshold, or ≥ with inclusive), else a fixed floor.",
  config: z.strictObject({
    components: z.array(ComponentNameSchema).min(1),
    threshold: z.number().finite().default(0),
    inclusive: z.boolean().default(false),
    floor: z.number().finite().default(0),
  }),
  create: (config, env) => {
    const passes = buildGate(config, env, "combine")!;
    return {
      combineRow(values) {
        const total = weightedNanSum(values, env.weights);
        return total !== null && !passes(values) ? config.floor : total;
      },
    };
  },
});
