/**
 * The reward contract: a factory takes a plain JSON config and returns a plain object
 * `{ type, config, score }` (or `scoreGroup` for rewards that need the whole group), so a reward
 * describes itself and can be rebuilt from data, like Valibot's actions.
 * @module
 */
import type { z } from "zod";
import { parseConfig } from "./errors.js";
import type { IssueCode } from "./issues.js";
import type { ComponentValue, Sample } from "./sample.js";

/** What a reward may do besides returning a value. */
export interface ScoreContext {
  /** Attach an issue to the component being scored (it explains a 0 or a `null`). */
  report(code: IssueCode, message: string): void;
  /**
   * Memoise a per-sample computation shared by several components (for example, one parse of
   * the answer box used by two Gaussian rewards). The key must capture every input besides the sample.
   */
  memo<T>(key: string, compute: () => T): T;
}

/** A reward's value for one sample; a promise for asynchronous rewards (judges, workers). */
export type RewardOutput = ComponentValue | Promise<ComponentValue>;

/**
 * A built reward. Exactly one of `score` or `scoreGroup` is present.
 * `scoreGroup` receives all samples of one group (samples sharing `group`) with one context each.
 */
export interface Reward<C = unknown> {
  readonly type: string;
  readonly config: C;
  score?(sample: Sample, ctx: ScoreContext): RewardOutput;
  scoreGroup?(
    samples: readonly Sample[],
    ctxs: readonly ScoreContext[],
  ): ReadonlyArray<ComponentValue> | Promise<ReadonlyArray<ComponentValue>>;
  /** Release resources (worker pools, sockets). Optional. */
  close?(): void | Promise<void>;
}

/** A sample field a reward may read. */
export type SampleField = "completion" | "reference" | "prompt" | "image" | "input_image" | "meta";

/** What a reward reads from a sample (for its config). */
export interface RewardReads {
  /** Sample fields, in the order of {@link SampleField}. */
  fields: readonly SampleField[];
  /** `meta` keys. */
  meta?: readonly string[];
}

/**
 * A reward type's documentation as data, shown by `plaudit presets show` and in
 * `docs/presets/NAME.md`, and checked by tests (a reward may read only what `reads` declares).
 */
export interface RewardDocs<C = unknown> {
  /** The formula in one or two lines. */
  formula: string;
  /** Sample fields and `meta` keys read; a function when they depend on the config (frames, keys). */
  reads: RewardReads | ((config: C) => RewardReads);
  /** Every documented deviation from the released code (empty when there is none). */
  deviations: readonly string[];
  /** What `legacy: true` restores, for rewards that have the flag. */
  legacy?: string;
}

/** What {@link defineReward} needs to know about a reward type. */
export interface RewardDefinition<S extends z.ZodType> {
  /** Registry type, `family.name`, e.g. `grounding.iou`. */
  type: string;
  /** One line shown by `plaudit presets` and the server. */
  description: string;
  /** Config schema; defaults live here so `config` on the built reward is complete. */
  config: S;
  /** Formula, fields read, deviations and `legacy`, as data. */
  docs?: RewardDocs<z.output<S>>;
  /** Build the scoring functions from a validated config. */
  create(config: z.output<S>): Omit<Reward<z.output<S>>, "type" | "config">;
}

/**
 * A reward factory: call it with a config to get a {@link Reward}. It also carries its type,
 * description and config schema, which the registry uses to build rewards from JSON.
 */
export interface RewardFactory<S extends z.ZodType = z.ZodType> {
  (config?: z.input<S>, path?: string): Reward<z.output<S>>;
  readonly type: string;
  readonly description: string;
  readonly schema: S;
  readonly docs?: RewardDocs<z.output<S>>;
}

/**
 * What a reward reads with a given (validated) config.
 * @example
 * rewardReads(iou, iou().config); // { fields: ["completion", "reference"] }
 */
export function rewardReads<S extends z.ZodType>(
  factory: RewardFactory<S>,
  config: z.output<S>,
): RewardReads | undefined {
  const reads = factory.docs?.reads;
  return typeof reads === "function" ? reads(config) : reads;
}

/**
 * Defines a reward type and returns its factory. The factory validates its config (throwing a
 * `ConfigError` that names the field, value and choices) and returns a plain object.
 * @example
 * export const always = defineReward({
 *   type: "demo.always",
 *   description: "Always the configured value.",
 *   config: z.strictObject({ value: z.number().default(1) }),
 *   create: ({ value }) => ({ score: () => value }),
 * });
 * always({ value: 2 }).score?.({ completion: "" }, ctx); // 2
 */
export function defineReward<S extends z.ZodType>(definition: RewardDefinition<S>): RewardFactory<S> {
  const factory = (config?: z.input<S>, path = "config"): Reward<z.output<S>> => {
    const parsed = parseConfig(definition.config, config ?? {}, path);
    const parts = definition.create(parsed);
    return { type: definition.type, config: parsed, ...parts };
  };
  return Object.assign(factory, {
    type: definition.type,
    description: definition.description,
    schema: definition.config,
    ...(definition.docs ? { docs: definition.docs } : {}),
  });
}
