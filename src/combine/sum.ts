/**
 * `sum` and `weighted`: the per-sample schemes of TRL's default aggregation, with an optional gate.
 * @module
 */
import { z } from "zod";
import type { ComponentValue } from "../core/index.js";
import { ConfigError } from "../core/index.js";
import { ComponentNameSchema } from "../recipe/schema.js";
import { type CombineEnv, defineCombiner, indexesOf, weightedNanSum } from "./combiner.js";

/**
 * A gate: the listed components must pass, or the reward is `floor`. A component passes when it
 * is `> threshold` (default: strictly positive) or, with `inclusive: true`, `≥ threshold`.
 * A `null` component does not pass (it did not show the property the gate asks for).
 * @example
 * GateSchema.parse("format"); // "format"
 * GateSchema.parse({ components: ["format"] });
 * // { components: ["format"], threshold: 0, inclusive: false, floor: 0 }
 */
export const GateSchema = z.union([
  ComponentNameSchema,
  z.array(ComponentNameSchema).min(1),
  z.strictObject({
    components: z.array(ComponentNameSchema).min(1),
    threshold: z.number().finite().default(0),
    inclusive: z.boolean().default(false),
    floor: z.number().finite().default(0),
  }),
]);

type GateInput = z.output<typeof GateSchema>;

/**
 * Builds the gate check from its config; `undefined` when no gate is set.
 * @example
 * const passes = buildGate("format", { names: ["format", "iou"], weights: [1, 1] }, "combine.gate")!;
 * passes([1, 0.4]); // true
 * passes([0, 0.9]); // false (format must be > 0)
 */
export function buildGate(
  gate: GateInput | undefined,
  env: CombineEnv,
  path: string,
): ((values: ReadonlyArray<ComponentValue>) => boolean) | undefined {
  if (gate === undefined) return undefined;
  const spec =
    typeof gate === "string"
      ? { components: [gate], threshold: 0, inclusive: false }
      : Array.isArray(gate)
        ? { components: gate, threshold: 0, inclusive: false }
        : gate;
  const indexes = indexesOf(
    env.names,
    spec.components,
    typeof gate === "object" && !Array.isArray(gate) ? `${path}.components` : path,
  );
  const { threshold, inclusive } = spec;
  return (values) => {
    for (const k of indexes) {
      const v = values[k];
      if (v === null || v === undefined) return false;
      if (inclusive ? !(v >= threshold) : !(v > threshold)) return false;
    }
    return true;
  };
}

function gateFloor(gate: GateInput | undefined): number {
  return gate && typeof gate === "object" && !Array.isArray(gate) ? gate.floor : 0;
}

/** The weighted nansum of a row, replaced by the gate's floor when the gate fails. */
function gatedWeightedSum(gate: GateInput | undefined, env: CombineEnv) {
  const passes = buildGate(gate, env, "combine.gate");
  const floor = gateFloor(gate);
  return {
    combineRow(values: ReadonlyArray<ComponentValue>): ComponentValue {
      const total = weightedNanSum(values, env.weights);
      if (passes && total !== null && !passes(values)) return floor;
      return total;
    },
  };
}

/**
 * `sum`: the plain sum of the non-null components (every weight must be 1; use `weighted`
 * otherwise), `null` when all are null. This is how the open-r1-derived VLM trainers combine
 * rewards (Visual-RFT, VLM-R1, GUI-G1, GUI-G², TW-GRPO, Vision-R1).
 * @example
 * // recipe: combine: { type: sum, gate: format }
 */
export const sumCombiner = defineCombiner({
  type: "sum",
  description:
    "Plain sum of the components (null components skipped; all null → null), with an optional gate.",
  config: z.strictObject({ gate: GateSchema.optional() }),
  create: (config, env) => {
    const bad = env.weights.findIndex((w) => w !== 1);
    if (bad !== -1) {
      throw new ConfigError([
        {
          path: `rewards[${bad}].weight`,
          message: "combine type sum ignores weights; use combine type weighted",
          value: env.weights[bad],
          choices: ["weighted"],
        },
      ]);
    }
    return gatedWeightedSum(config.gate, env);
  },
});

/**
 * `weighted`: TRL's `nansum_k w_k · r_k` (null components skipped; all null → null), with an
 * optional gate. The default scheme.
 * Cite: huggingface/trl@f2cd577: trl/trainer/grpo_trainer.py:2670-2730.
 * @example
 * // recipe: rewards with weight:, combine: { type: weighted }
 */
export const weightedCombiner = defineCombiner({
  type: "weighted",
  description: "Weighted sum Σ w·r of the non-null components (TRL semantics), with an optional gate.",
  config: z.strictObject({ gate: GateSchema.optional() }),
  create: (config, env) => {
    return gatedWeightedSum(config.gate, env);
  },
});
