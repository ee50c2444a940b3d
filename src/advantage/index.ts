/**
 * How rewards become advantages: the estimators and their registry.
 * @module
 */
import { BlockRegistry } from "../core/index.js";
import { centeredAdvantage } from "./centered.js";
import { difficultyAdvantage } from "./difficulty.js";
import type { AdvantageEnv, AdvantageEstimator } from "./estimator.js";
import { drGrpoAdvantage, grpoAdvantage, identityAdvantage, meanOnlyAdvantage } from "./grpo.js";
import { igpoAdvantage } from "./igpo.js";
import { parAdvantage } from "./par.js";
import { reinforcePlusPlusAdvantage, reinforcePlusPlusBaselineAdvantage } from "./reinforce.js";
import { rlooAdvantage } from "./rloo.js";
import { winRateAdvantage } from "./win-rate.js";

export { centeredAdvantage } from "./centered.js";
export { difficultyAdvantage } from "./difficulty.js";
export * from "./estimator.js";
export {
  drGrpoAdvantage,
  groupRelative,
  grpoAdvantage,
  identityAdvantage,
  meanOnlyAdvantage,
} from "./grpo.js";
export { igpoAdvantage, igpoTurnAdvantages, infoGains } from "./igpo.js";
export { normalQuantile } from "./normal.js";
export { logSigmoidCentered, parAdvantage, preferenceAsReward } from "./par.js";
export { reinforcePlusPlusAdvantage, reinforcePlusPlusBaselineAdvantage } from "./reinforce.js";
export { rlooAdvantage } from "./rloo.js";
export { comparisonPairs, winRateAdvantage, winRatesFromMatrix, winRatesFromPairs } from "./win-rate.js";

/**
 * Every built-in advantage estimator.
 * @example
 * builtinAdvantages.map((d) => d.type); // ["grpo", "dr-grpo", "mean-only", "rloo", …, "identity"]
 */
export const builtinAdvantages = [
  grpoAdvantage,
  drGrpoAdvantage,
  meanOnlyAdvantage,
  rlooAdvantage,
  reinforcePlusPlusAdvantage,
  reinforcePlusPlusBaselineAdvantage,
  difficultyAdvantage,
  parAdvantage,
  centeredAdvantage,
  winRateAdvantage,
  igpoAdvantage,
  identityAdvantage,
];

/**
 * A registry with every built-in advantage estimator.
 * @example
 * defaultAdvantages().create({ type: "grpo", eps: 1e-6 }, { names: [], weights: [] }, "advantage");
 */
export function defaultAdvantages(): BlockRegistry<AdvantageEnv, AdvantageEstimator> {
  return new BlockRegistry<AdvantageEnv, AdvantageEstimator>("advantage", builtinAdvantages);
}
