/**
 * A vision runtime that runs no model: for building a recipe to describe or validate it
 * (`plaudit presets show`, docs pages) without loading models. Every request fails with
 * `model_error`. Pure, so the describing code stays free of Node-only imports.
 * @module
 */
import type { VisionRuntime } from "./types.js";

const REASON = "no local models in this context (the recipe was built to be described, not to score)";

/**
 * The offline runtime.
 * @example
 * const scorer = buildScorer("flow-grpo/ocr", { env: { vision: offlineVisionRuntime } });
 * scorer.recipe.rewards[0].type; // "image.ocr-text"
 */
export const offlineVisionRuntime: VisionRuntime = {
  prepare() {},
  run: async () => ({ ok: false, code: "model_error", message: REASON }),
  stats: () => [],
  close: async () => {},
};
