/**
 * The advantage contract: rewards of a batch (with group keys) in, one advantage per sample and
 * per-group statistics out. Users debug training with exactly these statistics, so every
 * estimator reports them.
 * @module
 */
import type { z } from "zod";
import type { BlockDefinition, ComponentValue, Sample } from "../core/index.js";
import { moments, type StdKind } from "../core/index.js";

/** Build-time context of an estimator: the recipe's component names and weights. */
export interface AdvantageEnv {
  names: readonly string[];
  weights: readonly number[];
}

/** A batch handed to an estimator. `rewards[i]` is null when sample i is unscorable. */
export interface AdvantageInput {
  rewards: ReadonlyArray<ComponentValue>;
  groups: ReadonlyArray<string | undefined>;
  samples: ReadonlyArray<Sample | undefined>;
  /** Component rows (recipe order), for estimators that use components (e.g. per-component normalisation). */
  rows: ReadonlyArray<ReadonlyArray<ComponentValue>>;
}

/** Statistics of one group, over its non-null rewards. */
export interface GroupStats {
  group: string;
  size: number;
  /** Samples whose reward was null (excluded from the statistics; advantage 0). */
  nulls: number;
  mean: number | null;
  std: number | null;
  /** Every non-null reward in the group is equal: the group contributes no learning signal. */
  collapsed: boolean;
}

/** What an estimator returns: advantages in input order (finite; 0 for null rewards) and group stats. */
export interface AdvantageOutput {
  advantages: number[];
  groups: GroupStats[];
}

/** A built estimator. */
export interface AdvantageEstimator {
  readonly type: string;
  readonly config: unknown;
  compute(input: AdvantageInput): AdvantageOutput;
}

/**
 * Defines an advantage estimator for the registry.
 * @example
 * export const meanOnly = defineAdvantage({ type: "dr-grpo", description: "r − mean", config: z.strictObject({}),
 *   create: () => ({ compute: (input) => … }) });
 */
export function defineAdvantage<S extends z.ZodType>(definition: {
  type: string;
  description: string;
  config: S;
  create(config: z.output<S>, env: AdvantageEnv): Omit<AdvantageEstimator, "type" | "config">;
}): BlockDefinition<z.ZodType, AdvantageEnv, AdvantageEstimator> {
  return {
    type: definition.type,
    description: definition.description,
    config: definition.config,
    create: (config, env) => ({ type: definition.type, config, ...definition.create(config as z.output<S>, env) }),
  };
}

/** The key under which samples without a `group` are pooled (one batch-level group). */
export const UNGROUPED = "(ungrouped)";

/**
 * Sample indexes per group key, in first-seen order. Samples without a group are pooled under
 * {@link UNGROUPED}, so a batch without groups is normalised as one group (a global z-score)
 * rather than silently giving every sample advantage 0.
 * @example
 * groupIndexes(["a", "b", "a"]); // Map { "a" => [0, 2], "b" => [1] }
 */
export function groupIndexes(groups: ReadonlyArray<string | undefined>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const key = groups[i] ?? UNGROUPED;
    let list = out.get(key);
    if (!list) {
      list = [];
      out.set(key, list);
    }
    list.push(i);
  }
  return out;
}

/**
 * Statistics of the rewards at `indexes` (nulls excluded), with the std computed as `kind`.
 * An undefined std (fewer than two values with `unbiased`) is reported as null.
 */
export function statsOf(
  group: string,
  rewards: ReadonlyArray<ComponentValue>,
  indexes: readonly number[],
  kind: StdKind,
): GroupStats {
  const values: ComponentValue[] = indexes.map((i) => rewards[i] ?? null);
  const m = moments(values, kind);
  let collapsed = m.count > 0;
  let first: number | undefined;
  for (const v of values) {
    if (v === null) continue;
    if (first === undefined) first = v;
    else if (v !== first) {
      collapsed = false;
      break;
    }
  }
  return {
    group,
    size: indexes.length,
    nulls: indexes.length - m.count,
    mean: m.count ? m.mean : null,
    std: Number.isFinite(m.std) ? m.std : null,
    collapsed,
  };
}
