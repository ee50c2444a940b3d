/**
 * A model provider that reaches no server: for building a recipe to describe or validate it
 * (`plaudit presets show`, docs pages) without endpoints. Every call fails with `judge_error`.
 * Pure, so the describing code stays free of Node-only imports.
 * @module
 */
import type { ModelClient, ModelProvider } from "./client.js";

const REASON = "no model server in this context (the recipe was built to be described, not to score)";

/**
 * The offline provider.
 * @example
 * const scorer = buildScorer("pref-grpo", { env: { models: offlineModelProvider } });
 * scorer.recipe.rewards[0].type; // "judge.pairwise"
 */
export const offlineModelProvider: ModelProvider = {
  client(endpoint): ModelClient {
    return {
      label: `${endpoint.model} @ (offline)`,
      chat: async () => ({ ok: false, code: "judge_error", message: REASON }),
      score: async () => ({ ok: false, code: "judge_error", message: REASON }),
    };
  },
  image: async () => ({ ok: false, code: "image_not_allowed", message: REASON }),
};
