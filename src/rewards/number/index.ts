/**
 * Number rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every number reward type, for the registry. */
export const numberRewards: RewardFactory[] = [];
