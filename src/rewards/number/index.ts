/**
 * Number rewards: tolerant numeric match and ChartQA relaxed accuracy.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { numberMatch } from "./match.js";
import { findNumbers, numberCandidates } from "./parse-number.js";
import { numberRelaxed } from "./relaxed.js";

export type { FoundNumber } from "./parse-number.js";
export { findNumbers, numberCandidates, numberMatch, numberRelaxed };

/**
 * Every number reward type, for the registry.
 * @example
 * numberRewards.map((f) => f.type); // ["number.match", "number.relaxed"]
 */
export const numberRewards: RewardFactory[] = [numberMatch, numberRelaxed] as RewardFactory[];
