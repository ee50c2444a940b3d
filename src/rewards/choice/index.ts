/**
 * Choice rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every choice reward type, for the registry. */
export const choiceRewards: RewardFactory[] = [];
