/**
 * Resolving a recipe: validation, `extends` (a preset or another recipe) and `override`.
 * Pure: reading files is the caller's job (see `node.ts`).
 * @module
 */
import { parse as parseYaml } from "yaml";
import { ConfigError, configErrorFromZod } from "../core/index.js";
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
 * Parses recipe text (JSON or YAML; JSON is YAML) into an object.
 * @example
 * parseRecipeText("rewards:\n  - { name: iou, type: grounding.iou }");
 */
export function parseRecipeText(text: string, source = "recipe"): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ConfigError([
      { path: source, message: `not valid JSON or YAML: ${(error as Error).message.split("\n")[0]}` },
    ]);
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
  if (depth > 16)
    throw new ConfigError([{ path: "extends", message: "extends chain is too deep (a cycle?)" }]);
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
    base = resolveRecipe(target, resolveBase, depth + 1);
  }

  const rewards = [...(base?.rewards ?? []), ...(recipe.rewards ?? [])].map((r) => ({
    ...r,
    config: { ...r.config },
  }));
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
  const groupSize = recipe.groupSize ?? base?.groupSize;
  if (groupSize !== undefined) resolved.groupSize = groupSize;
  return resolved;
}
