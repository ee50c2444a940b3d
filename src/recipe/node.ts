/**
 * Loading recipes from files (Node only): `--recipe` takes a file path or a preset name, and an
 * `extends:` inside a file may name a preset or a path relative to that file.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../core/index.js";
import { findPreset, parseRecipeText, presetNames, resolveRecipe } from "./resolve.js";
import type { RecipeInput, ResolvedRecipe } from "./schema.js";

function looksLikePath(ref: string): boolean {
  return /\.(ya?ml|json)$/i.test(ref) || ref.startsWith(".") || ref.startsWith("/");
}

function readRecipeFile(path: string): RecipeInput {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError([
      { path: "recipe", message: `cannot read recipe file: ${(error as Error).message}`, value: path },
    ]);
  }
  return parseRecipeText(text, path) as RecipeInput;
}

/**
 * Loads a recipe from a preset name or a JSON/YAML file path, resolving `extends` (presets, or
 * paths relative to the file that names them).
 * @example
 * const recipe = loadRecipe("examples/grounding/recipe.yaml");
 * const preset = loadRecipe("gui-g2");
 */
export function loadRecipe(ref: string): ResolvedRecipe {
  const preset = findPreset(ref);
  if (preset && !existsSync(ref)) return resolveRecipe(preset.recipe);
  if (!existsSync(ref)) {
    throw new ConfigError([
      {
        path: "recipe",
        message: looksLikePath(ref)
          ? "recipe file not found"
          : "neither a preset nor an existing recipe file",
        value: ref,
        choices: presetNames(),
      },
    ]);
  }
  const stack = [dirname(resolve(ref))];
  const resolveBase = (name: string): RecipeInput | undefined => {
    const candidate = resolve(stack[stack.length - 1]!, name);
    if (looksLikePath(name) && existsSync(candidate)) {
      stack.push(dirname(candidate));
      return readRecipeFile(candidate);
    }
    return findPreset(name)?.recipe;
  };
  return resolveRecipe(readRecipeFile(ref), resolveBase);
}
