/**
 * Math rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every math reward type, for the registry. */
export const mathRewards: RewardFactory[] = [];
