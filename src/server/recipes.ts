/**
 * The recipes a server has loaded, by name. The first one is the default: requests that name no
 * recipe use it. `describe()` is what `GET /v1/recipes` returns.
 * @module
 */
import { z } from "zod";
import { ConfigError, type RewardEnvironment, SampleSchema } from "../core/index.js";
import { Scorer } from "../recipe/index.js";
import { loadRecipe } from "../recipe/node.js";
import { HttpError } from "./errors.js";

/** A recipe to load: a preset name or file path, optionally under an explicit name. */
export interface RecipeRef {
  /** The name requests use; defaults to the preset name, or the recipe's own `name`, or the file name. */
  name?: string;
  /** A preset name or a JSON/YAML recipe file. */
  ref: string;
}

/** A recipe already built (tests and embedders pass scorers with custom registries). */
export interface NamedScorer {
  name: string;
  scorer: Scorer;
}

/** What `GET /v1/recipes` says about one loaded recipe. */
export interface RecipeDescription {
  name: string;
  default: boolean;
  description?: string;
  components: Array<{ name: string; type: string; weight: number }>;
  combine: string;
  advantage: string | null;
  /** Whether results depend on the rest of the batch (advantages, group rewards). */
  needsWholeBatch: boolean;
  /**
   * Whether a component calls a model server (judge, reward model, local vision model): its
   * failures are `server` issues, flagged in `extra_logs.server_errors` and by the Python client.
   */
  callsModels: boolean;
  /** The recipe as resolved (presets and overrides applied). */
  recipe: Scorer["recipe"];
}

const NAMED_REF = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.+)$/;

/**
 * Parses a `--recipe` value: `R` or `name=R`.
 * @example
 * parseRecipeRef("grounding=examples/grounding/recipe.yaml"); // { name: "grounding", ref: "examples/..." }
 * parseRecipeRef("gui-g2"); // { ref: "gui-g2" }
 */
export function parseRecipeRef(value: string): RecipeRef {
  const match = NAMED_REF.exec(value);
  return match ? { name: match[1]!, ref: match[2]! } : { ref: value };
}

function defaultName(ref: string, scorer: Scorer): string {
  if (!/[\\/]|\.(ya?ml|json)$/i.test(ref)) return ref;
  if (scorer.recipe.name && scorer.recipe.name !== "recipe") return scorer.recipe.name;
  return (ref.split(/[\\/]/).pop() ?? ref).replace(/\.(ya?ml|json)$/i, "");
}

/**
 * Loads one recipe ref into a scorer and names it: the explicit name, else the preset name, else
 * the recipe's own `name`, else the file name without extension.
 * @example
 * loadNamedScorer({ ref: "examples/grounding/recipe.yaml" }).name; // "demo-grounding"
 */
export function loadNamedScorer({ name, ref }: RecipeRef, env?: RewardEnvironment): NamedScorer {
  const scorer = new Scorer(loadRecipe(ref), env ? { env } : {});
  return { name: name ?? defaultName(ref, scorer), scorer };
}

/**
 * Loaded recipes by name, with a default.
 * @example
 * const recipes = RecipeSet.load([{ ref: "examples/grounding/recipe.yaml" }, { name: "b", ref: "b.yaml" }]);
 * recipes.get(undefined).name; // the first one
 */
export class RecipeSet {
  readonly #byName = new Map<string, Scorer>();
  readonly defaultName: string;
  #sampleSchema: unknown;

  constructor(entries: readonly NamedScorer[]) {
    if (entries.length === 0) {
      throw new ConfigError([{ path: "recipe", message: "at least one recipe is required (--recipe)" }]);
    }
    for (const { name, scorer } of entries) {
      if (this.#byName.has(name)) {
        throw new ConfigError([
          { path: "recipe", message: "two recipes have the same name; name them with name=R", value: name },
        ]);
      }
      this.#byName.set(name, scorer);
    }
    this.defaultName = entries[0]!.name;
  }

  /**
   * Loads recipe refs (presets or files); a bad recipe throws a `ConfigError`. `env` gives model
   * rewards their clients.
   */
  static load(refs: readonly RecipeRef[], env?: RewardEnvironment): RecipeSet {
    return new RecipeSet(refs.map((ref) => loadNamedScorer(ref, env)));
  }

  /** Every loaded name, the default first. */
  get names(): string[] {
    return [...this.#byName.keys()];
  }

  /**
   * The scorer for a name (the default for `undefined`). An unknown name is a 404 listing the
   * loaded names.
   */
  get(name: string | undefined): { name: string; scorer: Scorer } {
    const key = name ?? this.defaultName;
    const scorer = this.#byName.get(key);
    if (!scorer) {
      throw new HttpError(404, "unknown_recipe", `no recipe named ${JSON.stringify(key)} is loaded`, {
        details: { recipe: key, choices: this.names },
      });
    }
    return { name: key, scorer };
  }

  /** Describes every loaded recipe, and the JSON Schema of a sample. */
  describe(): { default: string; sampleSchema: unknown; recipes: RecipeDescription[] } {
    this.#sampleSchema ??= z.toJSONSchema(SampleSchema, { io: "input", unrepresentable: "any" });
    const recipes = [...this.#byName].map(([name, scorer]): RecipeDescription => {
      const { recipe } = scorer;
      const description: RecipeDescription = {
        name,
        default: name === this.defaultName,
        components: recipe.rewards.map((r) => ({ name: r.name, type: r.type, weight: r.weight })),
        combine: recipe.combine.type,
        advantage: recipe.advantage?.type ?? null,
        needsWholeBatch: scorer.needsWholeBatch,
        callsModels: scorer.callsModels,
        recipe,
      };
      if (recipe.description) description.description = recipe.description;
      return description;
    });
    return { default: this.defaultName, sampleSchema: this.#sampleSchema, recipes };
  }

  /** Releases every scorer's resources. */
  async close(): Promise<void> {
    await Promise.all([...this.#byName.values()].map((s) => s.close()));
  }
}
