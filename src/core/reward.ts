/**
 * The reward contract: a factory takes a plain JSON config and returns a plain object
 * `{ type, config, score }` (or `scoreGroup` for rewards that need the whole group), so a reward
 * describes itself and can be rebuilt from data, like Valibot's actions.
 * @module
 */
import type { z } from "zod";
import type { ModelProvider } from "../models/client.js";
import type { VisionRuntime } from "../vision/types.js";
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
  /**
   * Adds `n` (default 1) to a batch-level counter of this component (for example a pairwise
   * judge's order flips); the sums reach the reward's {@link Reward.summarize} hook.
   */
  tally?(key: string, n?: number): void;
  /**
   * Keeps a JSON value for inspection in the result's `details[component][key]` (a judge's raw
   * score, a process reward model's per-step scores). Not used by combination or advantages.
   */
  detail?(key: string, value: unknown): void;
  /**
   * Aborted once nobody needs this sample's result any more (the HTTP request's deadline passed or
   * its client left). Model rewards check it before sending a call that is still waiting for a
   * slot, so a cancelled batch does not keep the model server busy; absent outside such callers.
   */
  readonly signal?: AbortSignal;
}

/**
 * What the scorer hands a reward factory besides its config: the services a reward may not
 * build itself (a model client must come from outside so tests inject a fake, the CLI and
 * server real endpoints, and a browser build never sees Node's network stack).
 * @example
 * const scorer = buildScorer(recipe, { env: { models: createModelProvider({ endpoints: { judge: url } }) } });
 */
export interface RewardEnvironment {
  /** Clients for model servers (judges, reward models, sidecars). */
  models?: ModelProvider;
  /** Local vision models (face identity, OCR, embeddings, safety), run in a worker pool. */
  vision?: VisionRuntime;
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
  /**
   * Batch statistics of this component (`stats.rewards[name]`): receives the component's
   * values in input order and the sums of its {@link ScoreContext.tally} counters.
   */
  summarize?(values: ReadonlyArray<ComponentValue>, tallies: Readonly<Record<string, number>>): object;
}

/** A sample field a reward may read. */
export type SampleField = "completion" | "reference" | "prompt" | "image" | "input_image" | "images" | "meta";

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
  /**
   * Build the scoring functions from a validated config. `env` carries the scorer's services
   * (model clients); `path` locates the config for errors raised here (`rewards[0].config`).
   */
  create(
    config: z.output<S>,
    env: RewardEnvironment,
    path: string,
  ): Omit<Reward<z.output<S>>, "type" | "config">;
}

/**
 * A reward factory: call it with a config to get a {@link Reward}. It also carries its type,
 * description and config schema, which the registry uses to build rewards from JSON.
 */
export interface RewardFactory<S extends z.ZodType = z.ZodType> {
  (config?: z.input<S>, path?: string, env?: RewardEnvironment): Reward<z.output<S>>;
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
  const factory = (
    config?: z.input<S>,
    path = "config",
    env: RewardEnvironment = {},
  ): Reward<z.output<S>> => {
    const parsed = parseConfig(definition.config, config ?? {}, path);
    const parts = definition.create(parsed, env, path);
    return { type: definition.type, config: parsed, ...parts };
  };
  return Object.assign(factory, {
    type: definition.type,
    description: definition.description,
    schema: definition.config,
    ...(definition.docs ? { docs: definition.docs } : {}),
  });
}
