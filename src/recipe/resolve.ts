/**
 * Resolving a recipe: validation, `extends` (a preset or another recipe) and `override`.
 * Pure: reading files is the caller's job (see `node.ts`).
 * @module
 */
import { parse as parseYaml } from "yaml";
import { ConfigError, configErrorFromZod } from "../core/index.js";
import {
  inheritOrigin,
  overrideLeaves,
  type RewardOrigin,
  rewardOrigin,
  setRewardOrigin,
} from "./origins.js";
import { builtinPresets } from "./presets/index.js";
import {
  DataErrorPolicySchema,
  type Preset,
  type RecipeInput,
  RecipeSchema,
  type ResolvedRecipe,
} from "./schema.js";

/**
 * Looks a preset up by exact name.
 * @example
 * findPreset("gui-g2")?.recipe.rewards?.map((r) => r.type);
 * // ["gui.gaussian-point", "gui.gaussian-plane", "gui.g2-format"]
 * findPreset("nope"); // undefined
 */
export function findPreset(name: string): Preset | undefined {
  return builtinPresets.find((p) => p.name === name);
}

/**
 * Every preset name, sorted.
 * @example
 * presetNames(); // ["dapo/overlong", "dip-r1", "grip", "gui-g1", …, "vlm-r1/rec"]
 */
export function presetNames(): string[] {
  return builtinPresets.map((p) => p.name).sort();
}

/** Resolves an `extends` target to a recipe; the default knows only built-in presets. */
export type BaseResolver = (name: string) => RecipeInput | undefined;

const presetResolver: BaseResolver = (name) => findPreset(name)?.recipe;

/**
 * Parses recipe text (JSON or YAML; JSON is YAML) into an object. A syntax error keeps the
 * parser's whole message: what is wrong, the line and column, and the lines around it.
 * @example
 * parseRecipeText("rewards:\n  - { name: iou, type: grounding.iou }");
 * parseRecipeText("a: b: c", "r.yaml"); // throws ConfigError "r.yaml: not valid JSON or YAML: … at line 1, column 4: …"
 */
export function parseRecipeText(text: string, source = "recipe"): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    const message = (error as Error).message.trimEnd();
    throw new ConfigError([{ path: source, message: `not valid JSON or YAML: ${message}` }]);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Deep merge for `override`: objects merge key by key, anything else replaces.
 * @example
 * mergeConfig({ pred: { frame: "pixel" }, threshold: 0.5 }, { pred: { frame: "norm1000" } });
 * // { pred: { frame: "norm1000" }, threshold: 0.5 }
 */
export function mergeConfig(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

const CYCLE_MESSAGE = "extends chain is too deep (a cycle?)";

/** Resolves an `extends` target; its problems are located under `extends(NAME).`. */
function resolveInherited(
  target: RecipeInput,
  name: string,
  resolveBase: BaseResolver,
  depth: number,
): ResolvedRecipe {
  try {
    return resolveRecipe(target, resolveBase, depth + 1);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A cycle is reported once, at the top, rather than under every link of the chain.
    if (error.problems.some((p) => p.message === CYCLE_MESSAGE)) throw error;
    throw new ConfigError(error.problems.map((p) => ({ ...p, path: `extends(${name}).${p.path}` })));
  }
}

/**
 * Validates a recipe and resolves `extends` and `override` into a {@link ResolvedRecipe}.
 * Errors name the field, the bad value and the valid choices.
 * @param input a recipe object, or a preset name
 * @param resolveBase how to find `extends` targets (default: built-in presets)
 * @example
 * resolveRecipe({ extends: "gui-g2", override: { format: { legacy: true } } });
 */
export function resolveRecipe(
  input: unknown,
  resolveBase: BaseResolver = presetResolver,
  depth = 0,
): ResolvedRecipe {
  if (typeof input === "string") {
    const base = resolveBase(input);
    if (!base)
      throw new ConfigError([
        { path: "recipe", message: "unknown preset", value: input, choices: presetNames() },
      ]);
    return resolveRecipe(base, resolveBase, depth + 1);
  }
  if (depth > 16) throw new ConfigError([{ path: "extends", message: CYCLE_MESSAGE }]);
  const parsed = RecipeSchema.safeParse(input);
  if (!parsed.success) throw configErrorFromZod(parsed.error, input, RecipeSchema);
  const recipe = parsed.data;

  let base: ResolvedRecipe | undefined;
  if (recipe.extends !== undefined) {
    const target = resolveBase(recipe.extends);
    if (!target) {
      throw new ConfigError([
        {
          path: "extends",
          message: "unknown preset or recipe",
          value: recipe.extends,
          choices: presetNames(),
        },
      ]);
    }
    base = resolveInherited(target, recipe.extends, resolveBase, depth);
  }

  const baseName = recipe.extends ?? "";
  const inherited = (base?.rewards ?? []).map((r) => {
    const copy = { ...r, config: { ...r.config } };
    const origin = rewardOrigin(r);
    if (origin) setRewardOrigin(copy, inheritOrigin(origin, baseName));
    return copy;
  });
  const own = (recipe.rewards ?? []).map((r, i) => {
    const copy = { ...r, config: { ...r.config } };
    setRewardOrigin(copy, { path: `rewards[${i}]`, overrides: [] });
    return copy;
  });
  const rewards = [...inherited, ...own];
  if (!rewards.length)
    throw new ConfigError([
      { path: "rewards", message: "a recipe needs at least one reward (or extends a preset)" },
    ]);
  const seen = new Set<string>();
  rewards.forEach((r, i) => {
    if (seen.has(r.name))
      throw new ConfigError([
        { path: `rewards[${i}].name`, message: "duplicate reward name", value: r.name },
      ]);
    seen.add(r.name);
  });

  for (const [name, patch] of Object.entries(recipe.override ?? {})) {
    const target = rewards.find((r) => r.name === name);
    if (!target) {
      throw new ConfigError([
        {
          path: `override.${name}`,
          message: "no reward of that name to override",
          value: name,
          choices: rewards.map((r) => r.name),
        },
      ]);
    }
    // `weight` and `onDataError` may be overridden alongside config keys.
    const { weight, onDataError, ...config } = patch as {
      weight?: unknown;
      onDataError?: unknown;
    } & Record<string, unknown>;
    if (weight !== undefined) {
      if (typeof weight !== "number" || !Number.isFinite(weight)) {
        throw new ConfigError([
          { path: `override.${name}.weight`, message: "weight must be a finite number", value: weight },
        ]);
      }
      target.weight = weight;
    }
    if (onDataError !== undefined) {
      const policy = DataErrorPolicySchema.safeParse(onDataError);
      if (!policy.success) {
        throw new ConfigError([
          {
            path: `override.${name}.onDataError`,
            message: "unknown data-error policy",
            value: onDataError,
            choices: [...DataErrorPolicySchema.options],
          },
        ]);
      }
      target.onDataError = policy.data;
    }
    target.config = mergeConfig(target.config, config);
    const origin: RewardOrigin = rewardOrigin(target) ?? {
      path: `rewards[${rewards.indexOf(target)}]`,
      overrides: [],
    };
    setRewardOrigin(target, {
      path: origin.path,
      overrides: [...origin.overrides, ...overrideLeaves(config, `override.${name}`)],
    });
  }

  const resolved: ResolvedRecipe = {
    name: recipe.name ?? base?.name ?? "recipe",
    rewards,
    combine: (recipe.combine ?? base?.combine ?? { type: "weighted" }) as ResolvedRecipe["combine"],
  };
  const description = recipe.description ?? base?.description;
  if (description !== undefined) resolved.description = description;
  const advantage = recipe.advantage === null ? undefined : (recipe.advantage ?? base?.advantage);
  if (advantage) resolved.advantage = advantage as ResolvedRecipe["advantage"];
  const strict = recipe.strict ?? base?.strict;
  if (strict !== undefined) resolved.strict = strict;
  const inputImage = recipe.inputImage ?? base?.inputImage;
  if (inputImage !== undefined) resolved.inputImage = inputImage;
  const groupSize = recipe.groupSize ?? base?.groupSize;
  if (groupSize !== undefined) resolved.groupSize = groupSize;
  return resolved;
}
