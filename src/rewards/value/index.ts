/**
 * The `value` reward (numbers from `meta`).
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { value } from "./value.js";

export { value };

/** Every value reward type, for the registry. */
export const valueRewards: RewardFactory[] = [value as RewardFactory];
