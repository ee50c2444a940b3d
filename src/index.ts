/**
 * plaudit: a reward engine for RL post-training of vision-language and generative models.
 *
 * @example
 * import { buildScorer } from "plaudit";
 * const scorer = buildScorer("gui-g2");
 * const { results } = scorer.scoreSync([{ completion: "[1130,20,1210,50]", reference: [1122, 18, 1206, 48] }]);
 * @module
 */
import type { ScoredBatch, ScorerOptions } from "./recipe/index.js";
import { buildScorer } from "./recipe/index.js";

export * from "./advantage/index.js";
export * from "./combine/index.js";
export * from "./core/index.js";
export * from "./parse/index.js";
export * from "./recipe/index.js";
export { builtinRewards, defaultRegistry } from "./rewards/index.js";

/**
 * Scores samples with a recipe (object or preset name) in one call; builds a scorer each time,
 * so keep a {@link buildScorer} result for repeated batches.
 * @example
 * const { results } = await score("gui-g2", samples);
 */
export async function score(
  recipe: unknown,
  samples: readonly unknown[],
  options?: ScorerOptions,
): Promise<ScoredBatch> {
  const scorer = buildScorer(recipe, options);
  try {
    return await scorer.score(samples);
  } finally {
    await scorer.close();
  }
}

/** The built-in presets (alias of `builtinPresets`). */
export { builtinPresets as presets } from "./recipe/index.js";
