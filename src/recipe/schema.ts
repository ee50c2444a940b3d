/**
 * The recipe schema: which rewards, how their components combine, and (optionally) how rewards
 * become advantages. Recipes are JSON or YAML; built-in presets are recipes shipped as data.
 * @module
 */
import { z } from "zod";

/**
 * A component name: used in results, `gate`, `override` and metrics, so kept identifier-like.
 * @example
 * ComponentNameSchema.safeParse("accuracy_iou").success; // true
 * ComponentNameSchema.safeParse("1st").success; // false
 */
export const ComponentNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must start with a letter or _ and hold only letters, digits, _ . -");

/**
 * One reward in a recipe.
 * @example
 * RecipeRewardSchema.parse({ name: "iou", type: "grounding.iou" });
 * // { name: "iou", type: "grounding.iou", weight: 1, config: {} }
 */
export const RecipeRewardSchema = z.strictObject({
  /** The component name in results (e.g. `format`, `accuracy_iou`). */
  name: ComponentNameSchema,
  /** A registry type, e.g. `grounding.iou`. */
  type: z.string().min(1),
  /** Weight in `weighted` combination (and others that use weights). Default 1. */
  weight: z.number().finite().default(1),
  /** The reward's config; validated by the reward's own schema. */
  config: z.record(z.string(), z.unknown()).default({}),
});

/**
 * `combine:` and `advantage:` blocks: a `type` plus type-specific keys, validated by their registries.
 * @example
 * TypedBlockSchema.parse({ type: "grpo", std: "unbiased", eps: 1e-4 }); // the same object: extra keys kept
 */
export const TypedBlockSchema = z.looseObject({ type: z.string().min(1) });

/**
 * A recipe as written by a user (before `extends` is resolved).
 * @example
 * RecipeSchema.safeParse({ extends: "vlm-r1/rec", advantage: null }).success; // true
 * RecipeSchema.safeParse({ extend: "vlm-r1/rec" }).success; // false (unknown key)
 */
export const RecipeSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  /** A preset name (or, from files, a path) this recipe builds on. */
  extends: z.string().optional(),
  /** Per reward name, config keys merged (deeply) into that reward's config. */
  override: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** Rewards; with `extends`, these are appended to the base's rewards. */
  rewards: z.array(RecipeRewardSchema).optional(),
  combine: TypedBlockSchema.optional(),
  /** `null` removes an advantage inherited through `extends`. */
  advantage: TypedBlockSchema.nullable().optional(),
  /** When true, every door fails the run or request on data errors (broken input data). Default false. */
  strict: z.boolean().optional(),
});

export type RecipeInput = z.input<typeof RecipeSchema>;
export type RecipeReward = z.output<typeof RecipeRewardSchema>;

/** A recipe after `extends` and `override` are resolved: the shape `buildScorer` consumes. */
export interface ResolvedRecipe {
  name: string;
  description?: string;
  rewards: RecipeReward[];
  combine: { type: string; [key: string]: unknown };
  advantage?: { type: string; [key: string]: unknown };
  /** Fail the run or request on data errors; see {@link RecipeSchema}. */
  strict?: boolean;
}

/** A built-in preset: a named recipe from a paper. */
export interface Preset {
  /** Exact preset name, e.g. `gui-g2` or `visual-rft/detection`. */
  name: string;
  /** One line for `plaudit presets`. */
  description: string;
  /** Paper title and arXiv id, and the released code it reproduces (`owner/repo@commit`). */
  source: string;
  /**
   * Documentation paragraphs (Markdown) shown by `plaudit presets show` and in
   * `docs/presets/NAME.md`: how to feed the preset, known divergences, what `legacy` changes.
   */
  notes?: string[];
  recipe: RecipeInput;
}
