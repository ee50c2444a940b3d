/**
 * How rewards become advantages: the estimators and their registry.
 * @module
 */
import { BlockRegistry } from "../core/index.js";
import type { AdvantageEnv, AdvantageEstimator } from "./estimator.js";
import { grpoAdvantage } from "./grpo.js";

export * from "./estimator.js";
export { grpoAdvantage } from "./grpo.js";

/** Every built-in advantage estimator. */
export const builtinAdvantages = [grpoAdvantage];

/**
 * A registry with every built-in advantage estimator.
 * @example
 * defaultAdvantages().create({ type: "grpo", eps: 1e-6 }, { names: [], weights: [] }, "advantage");
 */
export function defaultAdvantages(): BlockRegistry<AdvantageEnv, AdvantageEstimator> {
  return new BlockRegistry<AdvantageEnv, AdvantageEstimator>("advantage", builtinAdvantages);
}
