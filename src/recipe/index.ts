/**
 * Recipes: schema, resolution of presets / `extends` / `override`, and the scorer.
 * Pure; file loading lives in `plaudit/recipe/node` (`node.ts`).
 * @module
 */

export * from "./input-image.js";
export * from "./origins.js";
export * from "./preset-docs.js";
export { builtinPresets } from "./presets/index.js";
export * from "./resolve.js";
export * from "./schema.js";
export * from "./scorer.js";
export * from "./stats.js";
