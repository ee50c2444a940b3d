/**
 * Test helpers for combination schemes: build a combiner from a block and run a batch through it.
 * @module
 */

import { type Combiner, defaultCombiners } from "../../src/combine/index.js";
import type { ComponentValue } from "../../src/core/index.js";

/**
 * Builds a combiner with the given component names (weights default to 1).
 * @example
 * const c = buildCombiner({ type: "weighted" }, ["a", "b"], [1, 2]);
 * c.combineRow!([1, 1]); // 3
 */
export function buildCombiner(
  block: { type: string; [key: string]: unknown },
  names: string[],
  weights = names.map(() => 1),
): Combiner {
  return defaultCombiners().create(block, { names, weights }, "combine");
}

/**
 * Runs rows (with group keys) through a batch combiner.
 * @example
 * combineBatch(buildCombiner({ type: "pareto" }, ["a", "b"]), [[1, 0], [0, 1]], ["g", "g"]).rewards;
 */
export function combineBatch(
  combiner: Combiner,
  rows: ComponentValue[][],
  groups: Array<string | undefined>,
) {
  return combiner.combineBatch!({ rows, groups, samples: rows.map(() => undefined) });
}
