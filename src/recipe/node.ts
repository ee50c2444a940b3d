/**
 * Loading recipes from files (Node only): `--recipe` takes a file path or a preset name, and an
 * `extends:` inside a file may name a preset or a recipe file under the directory of the recipe
 * being loaded. Files elsewhere must be allowed explicitly (`allowExtends`, the CLI's
 * `--allow-extends DIR`, or `PLAUDIT_ALLOW_EXTENDS`): a recipe handed to a server or a trainer
 * must not make it read, or echo in an error, an arbitrary file of the machine.
 * @module
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "../core/index.js";
import { findPreset, parseRecipeText, presetNames, resolveRecipe } from "./resolve.js";
import type { RecipeInput, ResolvedRecipe } from "./schema.js";

/** Options of {@link loadRecipe}. */
export interface LoadRecipeOptions {
  /**
   * Directories, besides the loaded recipe's own, whose files `extends:` may name. Default: the
   * `PLAUDIT_ALLOW_EXTENDS` environment variable (a path list, `:`-separated on POSIX), else none.
   */
  allowExtends?: readonly string[];
}

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

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * The directories `extends:` may name files under, by default: `PLAUDIT_ALLOW_EXTENDS`.
 * @example
 * process.env.PLAUDIT_ALLOW_EXTENDS = "/shared/recipes";
 * defaultAllowedExtends(); // ["/shared/recipes"]
 */
export function defaultAllowedExtends(): string[] {
  return (process.env.PLAUDIT_ALLOW_EXTENDS ?? "").split(delimiter).filter((d) => d.length > 0);
}

/**
 * Loads a recipe from a preset name or a JSON/YAML file path, resolving `extends` (presets, or
 * paths relative to the file that names them, under the loaded recipe's directory or an allowed one).
 * @example
 * const recipe = loadRecipe("examples/grounding/recipe.yaml");
 * const preset = loadRecipe("gui-g2");
 * const shared = loadRecipe("run.yaml", { allowExtends: ["/shared/recipes"] });
 */
export function loadRecipe(ref: string, options: LoadRecipeOptions = {}): ResolvedRecipe {
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
  const rootDir = dirname(resolve(ref));
  const granted = [rootDir, ...(options.allowExtends ?? defaultAllowedExtends()).map((d) => resolve(d))];
  // Each directory as written and with its symlinks followed.
  const allowed = [...new Set([...granted, ...granted.map(realDir)])];
  const refuse = (name: string): never => {
    throw new ConfigError([
      {
        path: "extends",
        message: `names a file outside the recipe's directory (${rootDir}); allow its directory with --allow-extends DIR`,
        value: name,
      },
    ]);
  };
  const stack = [dirname(resolve(ref))];
  const resolveBase = (name: string): RecipeInput | undefined => {
    if (!looksLikePath(name)) return findPreset(name)?.recipe;
    const candidate = resolve(stack[stack.length - 1]!, name);
    // Checked before the file is touched, and again after symlinks are followed.
    if (!allowed.some((dir) => isInside(candidate, dir))) refuse(name);
    if (!existsSync(candidate)) return findPreset(name)?.recipe;
    const real = realpathSync(candidate);
    if (!granted.some((dir) => isInside(real, realDir(dir)))) refuse(name);
    stack.push(dirname(real));
    return readRecipeFile(real);
  };
  return resolveRecipe(readRecipeFile(ref), resolveBase);
}
