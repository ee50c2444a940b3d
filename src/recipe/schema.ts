/**
 * The recipe schema: which rewards, how their components combine, and (optionally) how rewards
 * become advantages. Recipes are JSON or YAML; built-in presets are recipes shipped as data.
 * @module
 */
import { z } from "zod";
import { type InputImageConfig, InputImageSchema } from "./input-image.js";

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
 * What a data error of one component does to its sample; see {@link RecipeRewardSchema}.
 * @example
 * DataErrorPolicySchema.parse("skip-component"); // "skip-component"
 */
export const DataErrorPolicySchema = z.enum(["null-sample", "skip-component"]);
export type DataErrorPolicy = z.output<typeof DataErrorPolicySchema>;

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
  /**
   * What a data error of this component (an issue of kind `data`: reference present but
   * unparseable, image size missing, …) or a model-server failure (kind `server`: judge error,
   * timeout, unparseable reply) does. `null-sample` (the default when absent): the whole
   * sample's reward is `null`, so it takes no part in its group and gets advantage 0.
   * `skip-component`: only this component becomes `null` and the others combine as usual (for a
   * reward that sees other tasks' references in a mixed batch).
   */
  onDataError: DataErrorPolicySchema.optional().describe(
    "What a data error or model-server failure (judge error, timeout, unparseable reply) of this component does: null-sample (default: the sample's reward is null) or skip-component (only this component is null)",
  ),
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
  /** Fill a sample's missing `input_image` from its `image` as a model's image processor resizes it. */
  inputImage: InputImageSchema.optional(),
  /**
   * Samples per group the trainer sends (TRL `num_generations`, verl `rollout.n`). A combination
   * or advantage that needs whole groups reports `group_of_one` for every sample of a smaller
   * group. Absent: a group of one sample is reported. `1`: groups of one are expected (no issue).
   */
  groupSize: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Samples per group the trainer sends (num_generations, rollout.n): smaller groups get group_of_one from blocks that need whole groups; 1 = groups of one expected",
    ),
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
  /** How a missing `input_image` is computed from `image`; see `input-image.ts`. */
  inputImage?: InputImageConfig;
  /** Samples per group the trainer sends; see {@link RecipeSchema}. */
  groupSize?: number;
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
