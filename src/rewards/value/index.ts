/**
 * The `value` reward (numbers from `meta`).
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { value } from "./value.js";

export { value };

/**
 * Every value reward type, for the registry.
 * @example
 * valueRewards.map((f) => f.type); // ["value"]
 */
export const valueRewards: RewardFactory[] = [value as RewardFactory];
