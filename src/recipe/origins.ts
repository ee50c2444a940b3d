/**
 * Where each reward of a resolved recipe was written, so a config error found after `extends`
 * and `override` are resolved names the path the user wrote (`override.accuracy.legacy`,
 * `rewards[0].config.threshold`), not the resolved one (`rewards[2].config.legacy`).
 * @module
 */
import {
  ConfigError,
  type ConfigProblem,
  joinPath,
  type Reward,
  type RewardEnvironment,
  type RewardRegistry,
} from "../core/index.js";
import type { RecipeReward, ResolvedRecipe } from "./schema.js";

/** One config key set by an `override:` block: its segments inside the config, and where it was written. */
interface OverrideOrigin {
  key: readonly string[];
  path: string;
}

/** Where a resolved reward entry came from. */
export interface RewardOrigin {
  /** The entry as the user wrote it: `rewards[0]`, or `extends(vlm-r1/rec).rewards[1]`. */
  path: string;
  /** Config keys set by `override`, in the order they were applied. */
  overrides: readonly OverrideOrigin[];
}

// Keyed by the resolved reward objects themselves, so origins travel with the recipe without
// adding fields to its JSON.
const origins = new WeakMap<RecipeReward, RewardOrigin>();

/**
 * Records where a resolved reward entry came from (used by `resolveRecipe`).
 * @example
 * setRewardOrigin(entry, { path: "rewards[0]", overrides: [] });
 */
export function setRewardOrigin(reward: RecipeReward, origin: RewardOrigin): void {
  origins.set(reward, origin);
}

/**
 * Where a resolved reward entry came from, if it was resolved by `resolveRecipe`.
 * @example
 * rewardOrigin(resolveRecipe({ extends: "gui-g2" }).rewards[0]!)?.path; // "extends(gui-g2).rewards[0]"
 */
export function rewardOrigin(reward: RecipeReward): RewardOrigin | undefined {
  return origins.get(reward);
}

/**
 * The leaf keys of an override patch, each with the path the user wrote.
 * @example
 * overrideLeaves({ pred: { frame: "pixel" }, legacy: true }, "override.iou");
 * // [{ key: ["pred", "frame"], path: "override.iou.pred.frame" }, { key: ["legacy"], path: "override.iou.legacy" }]
 */
export function overrideLeaves(
  patch: Record<string, unknown>,
  base: string,
  prefix: string[] = [],
): OverrideOrigin[] {
  const out: OverrideOrigin[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const segments = [...prefix, key];
    if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length)
      out.push(...overrideLeaves(value as Record<string, unknown>, base, segments));
    else out.push({ key: segments, path: joinPath(base, segments) });
  }
  return out;
}

/**
 * Prefixes a reward origin with the `extends` target it was inherited from.
 * @example
 * inheritOrigin({ path: "rewards[0]", overrides: [] }, "gui-g2").path; // "extends(gui-g2).rewards[0]"
 */
export function inheritOrigin(origin: RewardOrigin, base: string): RewardOrigin {
  const prefix = `extends(${base}).`;
  return {
    path: prefix + origin.path,
    overrides: origin.overrides.map((o) => ({ key: o.key, path: prefix + o.path })),
  };
}

const REWARD_PATH = /^rewards\[(\d+)\](?:\.(.*))?$/;

function configPath(rest: string): string | undefined {
  if (rest === "config") return "";
  return rest.startsWith("config.") ? rest.slice("config.".length) : undefined;
}

/**
 * Maps a problem path in the resolved recipe to the path the user wrote.
 * @example
 * userPath(resolveRecipe({ extends: "gui-g2", override: { format: { legasy: true } } }), "rewards[2].config.legasy");
 * // "override.format.legasy"
 */
export function userPath(recipe: ResolvedRecipe, path: string): string {
  const match = REWARD_PATH.exec(path);
  if (!match) return path;
  const reward = recipe.rewards[Number(match[1])];
  const origin = reward && origins.get(reward);
  if (!origin) return path;
  const rest = match[2];
  if (rest === undefined) return origin.path;
  const inConfig = configPath(rest);
  if (inConfig !== undefined) {
    // The last override applied to a key is the one that set it.
    for (let i = origin.overrides.length - 1; i >= 0; i--) {
      const o = origin.overrides[i]!;
      const key = o.key.join(".");
      const tail = inConfig.slice(key.length);
      if (inConfig.startsWith(key) && (tail === "" || tail[0] === "." || tail[0] === "["))
        return o.path + tail;
    }
  }
  return `${origin.path}.${rest}`;
}

/**
 * Builds every reward of a resolved recipe; a config error names the paths the user wrote.
 * @example
 * const rewards = createRecipeRewards(defaultRegistry(), resolveRecipe("gui-g2"));
 */
export function createRecipeRewards(
  registry: RewardRegistry,
  recipe: ResolvedRecipe,
  env: RewardEnvironment = {},
): Reward[] {
  return recipe.rewards.map((r, i) => {
    try {
      return registry.create(r.type, r.config, `rewards[${i}]`, env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(
        error.problems.map((p): ConfigProblem => ({ ...p, path: userPath(recipe, p.path) })),
      );
    }
  });
}
