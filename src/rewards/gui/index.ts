/**
 * Gui rewards.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";

/** Every gui reward type, for the registry. */
export const guiRewards: RewardFactory[] = [];
