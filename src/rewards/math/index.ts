/**
 * Math rewards: `math.equivalent` (math-verify-style answer equivalence with hard time limits)
 * and the in-process helper {@link isMathEquivalent} other rewards reuse.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { mathEquivalent } from "./equivalent.js";

export { mathEquivalent } from "./equivalent.js";
export type { ExtractedAnswer, ExtractionOptions } from "./extract.js";
export { extractAnswer } from "./extract.js";
export type { NormalizationOptions } from "./normalize.js";
export { DEFAULT_NORMALIZATION, normalizeLatex } from "./normalize.js";
export {
  checkMath,
  DEFAULT_EXTRACTION,
  isMathEquivalent,
  type MathCheckOptions,
  type MathCheckResult,
} from "./verify.js";

/**
 * Every math reward type, for the registry.
 * @example
 * mathRewards.map((f) => f.type); // ["math.equivalent"]
 */
export const mathRewards: RewardFactory[] = [mathEquivalent];
