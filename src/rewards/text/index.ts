/**
 * Text-similarity rewards and the metrics behind them.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { textSimilarity } from "./similarity.js";

export { boundedLevenshteinRatio, codePoints, lcsLength, levenshteinRatio } from "./lcs.js";
export { bleu, rougeL, rougeN, rougeTokens, squadNormalize, tokenF1, tokenize13a } from "./metrics.js";

export { type TextMetric, TextMetricSchema } from "./similarity.js";
export { textSimilarity };

/**
 * Every text reward type, for the registry.
 * @example
 * textRewards.map((f) => f.type); // ["text.similarity"]
 */
export const textRewards: RewardFactory[] = [textSimilarity as RewardFactory];
