/**
 * How components become one reward: the combination schemes and their registry.
 * @module
 */
import { BlockRegistry } from "../core/index.js";
import type { CombineEnv, Combiner } from "./combiner.js";
import { constrainedCombiner } from "./constrained.js";
import { ensembleCombiner } from "./ensemble.js";
import { gateCombiner } from "./gate.js";
import { harmonicCombiner } from "./harmonic.js";
import { lexicographicCombiner } from "./lexicographic.js";
import { normalizeThenSumCombiner } from "./normalize.js";
import { paretoCombiner } from "./pareto.js";
import { sumCombiner, weightedCombiner } from "./sum.js";

export * from "./combiner.js";
export { constrainedCombiner } from "./constrained.js";
export { ensembleCombiner } from "./ensemble.js";
export { gateCombiner } from "./gate.js";
export { harmonicCombiner } from "./harmonic.js";
export { lexicographicCombiner } from "./lexicographic.js";
export { normalizeThenSumCombiner } from "./normalize.js";
export { paretoCombiner } from "./pareto.js";
export { buildGate, GateSchema, sumCombiner, weightedCombiner } from "./sum.js";

/**
 * Every built-in combination scheme.
 * @example
 * builtinCombiners.map((d) => d.type); // ["sum", "weighted", "gate", "lexicographic", …, "ensemble"]
 */
export const builtinCombiners = [
  sumCombiner,
  weightedCombiner,
  gateCombiner,
  lexicographicCombiner,
  normalizeThenSumCombiner,
  harmonicCombiner,
  paretoCombiner,
  constrainedCombiner,
  ensembleCombiner,
];

/**
 * A registry with every built-in combination scheme.
 * @example
 * defaultCombiners().create({ type: "weighted" }, { names: ["a"], weights: [1] }, "combine");
 */
export function defaultCombiners(): BlockRegistry<CombineEnv, Combiner> {
  return new BlockRegistry<CombineEnv, Combiner>("combine", builtinCombiners);
}
