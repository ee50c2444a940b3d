/**
 * plaudit's core contracts: samples and results, the reward contract, the registry, issue codes
 * and configuration errors. Imports nothing Node-only.
 * @module
 */

export * from "./blocks.js";
export * from "./context.js";
export * from "./errors.js";
export * from "./issues.js";
export * from "./random.js";
export * from "./registry.js";
export * from "./reward.js";
export * from "./sample.js";
export * from "./stats.js";
export * from "./suggest.js";
