/**
 * How components become one reward: the combination schemes and their registry.
 * @module
 */
import { BlockRegistry } from "../core/index.js";
import type { CombineEnv, Combiner } from "./combiner.js";
import { sumCombiner, weightedCombiner } from "./sum.js";

export * from "./combiner.js";
export { buildGate, GateSchema, sumCombiner, weightedCombiner } from "./sum.js";

/** Every built-in combination scheme. */
export const builtinCombiners = [sumCombiner, weightedCombiner];

/**
 * A registry with every built-in combination scheme.
 * @example
 * defaultCombiners().create({ type: "weighted" }, { names: ["a"], weights: [1] }, "combine");
 */
export function defaultCombiners(): BlockRegistry<CombineEnv, Combiner> {
  return new BlockRegistry<CombineEnv, Combiner>("combine", builtinCombiners);
}
