/**
 * Grounding rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every grounding reward type, for the registry. */
export const groundingRewards: RewardFactory[] = [];
