/**
 * Length rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every length reward type, for the registry. */
export const lengthRewards: RewardFactory[] = [];
