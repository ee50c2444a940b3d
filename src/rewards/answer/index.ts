/**
 * Answer rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every answer reward type, for the registry. */
export const answerRewards: RewardFactory[] = [];
