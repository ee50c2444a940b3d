/**
 * Text rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every text reward type, for the registry. */
export const textRewards: RewardFactory[] = [];
