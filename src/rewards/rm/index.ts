/**
 * Discriminative and process reward models: `rm.scalar`, `rm.process`. Pure given a client.
 * @module
 */
import type { RewardFactory } from "../../core/index.js";
import { aggregateSteps, rmProcess } from "./process.js";
import { rmScalar } from "./scalar.js";

export { rmMessages } from "./common.js";
export { aggregateSteps, rmProcess, rmScalar };

/**
 * The reward-model factories.
 * @example
 * rmRewards.map((f) => f.type); // ["rm.scalar", "rm.process"]
 */
export const rmRewards: readonly RewardFactory[] = [rmScalar, rmProcess];
