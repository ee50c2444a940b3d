/**
 * Format rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every format reward type, for the registry. */
export const formatRewards: RewardFactory[] = [];
