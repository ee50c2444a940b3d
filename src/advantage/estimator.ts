/**
 * The advantage contract: rewards of a batch (with group keys) in, one advantage per sample and
 * per-group statistics out. Users debug training with exactly these statistics, so every
 * estimator reports them. Also the shared machinery: a grouping of the batch into typed arrays
 * (no per-sample allocation) and group statistics over it.
 * @module
 */
import type { z } from "zod";
import type { BlockDefinition, ComponentValue, GroupScope, Sample } from "../core/index.js";
import { defineBlock, moments, type StdKind } from "../core/index.js";

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

/**
 * What an estimator returns: advantages in input order (finite; 0 for null rewards), group stats,
 * and optionally per-sample extras in input order (IGPO's per-turn advantages, Pref-GRPO's win
 * rates), which the scorer surfaces as `stats.advantage.perSample`.
 */
export interface AdvantageOutput {
  advantages: number[];
  groups: GroupStats[];
  perSample?: Record<string, Array<number | number[] | null>>;
}

/** A built estimator. */
export interface AdvantageEstimator {
  readonly type: string;
  readonly config: unknown;
  /**
   * Set when the estimator needs whole groups (`group`) or the whole batch (`batch`): the scorer
   * then reports `group_of_one` for samples of groups smaller than the recipe expects.
   */
  readonly groupScope?: GroupScope;
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
  return defineBlock<AdvantageEnv, AdvantageEstimator, S>(definition);
}

/**
 * The key under which samples without a `group` are pooled (one batch-level group).
 * @example
 * groupLayout(["a", undefined]).keys; // ["a", "(ungrouped)"]
 */
export const UNGROUPED = "(ungrouped)";

/**
 * A batch split into groups without per-sample allocation: the sample indexes of group `g` are
 * `order[offsets[g]] … order[offsets[g + 1] − 1]`, in input order; groups are in first-seen order.
 */
export interface GroupLayout {
  keys: string[];
  offsets: Int32Array;
  order: Int32Array;
}

/**
 * Groups a batch by key (a counting sort). Samples without a group are pooled under
 * {@link UNGROUPED}, so a batch without groups is normalised as one group.
 * @example
 * const { keys, offsets, order } = groupLayout(["a", "b", "a"]);
 * // keys ["a", "b"], offsets [0, 2, 3], order [0, 2, 1]
 */
export function groupLayout(groups: ReadonlyArray<string | undefined>): GroupLayout {
  const n = groups.length;
  const ids = new Map<string, number>();
  const groupOf = new Int32Array(n);
  const counts: number[] = [];
  const keys: string[] = [];
  let lastKey: string | undefined;
  let lastId = -1;
  for (let i = 0; i < n; i++) {
    const key = groups[i] ?? UNGROUPED;
    // Trainers send groups contiguously: skip the map lookup while the key repeats.
    let id = key === lastKey ? lastId : ids.get(key);
    if (id === undefined) {
      id = keys.length;
      ids.set(key, id);
      keys.push(key);
      counts.push(0);
    }
    lastKey = key;
    lastId = id;
    groupOf[i] = id;
    counts[id]!++;
  }
  const offsets = new Int32Array(keys.length + 1);
  for (let g = 0; g < keys.length; g++) offsets[g + 1] = offsets[g]! + counts[g]!;
  const cursor = offsets.slice(0, keys.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[cursor[groupOf[i]!]!++] = i;
  return { keys, offsets, order };
}

/**
 * Sample indexes per group key, in first-seen order (see {@link groupLayout} for the
 * allocation-free form the estimators use).
 * @example
 * groupIndexes(["a", "b", "a"]); // Map { "a" => [0, 2], "b" => [1] }
 */
export function groupIndexes(groups: ReadonlyArray<string | undefined>): Map<string, number[]> {
  const { keys, offsets, order } = groupLayout(groups);
  const out = new Map<string, number[]>();
  keys.forEach((key, g) => {
    out.set(key, Array.from(order.subarray(offsets[g]!, offsets[g + 1]!)));
  });
  return out;
}

/**
 * Summarises every group of a batch and calls `visit` for each group that has non-null rewards,
 * with the group's stats and its member positions `order[start..end)`: the loop every estimator
 * shares. Returns the stats of all groups, in first-seen order.
 * @example
 * const advantages = zeros(rewards.length);
 * const stats = forEachGroup(rewards, groups, "unbiased", (s, order, start, end) => {
 *   for (let p = start; p < end; p++) advantages[order[p]] = (rewards[order[p]] ?? s.mean) - s.mean;
 * });
 */
export function forEachGroup(
  rewards: ReadonlyArray<ComponentValue>,
  groups: ReadonlyArray<string | undefined>,
  kind: StdKind,
  visit?: (stats: GroupStats, order: Int32Array, start: number, end: number) => void,
): GroupStats[] {
  const { keys, offsets, order } = groupLayout(groups);
  const stats: GroupStats[] = new Array(keys.length);
  for (let g = 0; g < keys.length; g++) {
    const start = offsets[g]!;
    const end = offsets[g + 1]!;
    const s = summarize(keys[g]!, rewards, order, start, end, kind);
    stats[g] = s;
    if (visit && s.mean !== null) visit(s, order, start, end);
  }
  return stats;
}

/**
 * Statistics of the non-null `values` at `order[start..end)`: count, mean, std (as `kind`; NaN
 * when undefined), and whether all are equal. Allocation-free except for the result.
 * @example
 * const { offsets, order } = groupLayout(groups);
 * const s = summarize("g", rewards, order, offsets[0], offsets[1], "unbiased");
 */
export function summarize(
  group: string,
  values: ReadonlyArray<ComponentValue>,
  order: Int32Array,
  start: number,
  end: number,
  kind: StdKind,
): GroupStats {
  let count = 0;
  let sum = 0;
  let first = Number.NaN;
  let collapsed = true;
  for (let p = start; p < end; p++) {
    const v = values[order[p]!];
    if (v === null || v === undefined) continue;
    if (count === 0) first = v;
    else if (v !== first) collapsed = false;
    count++;
    sum += v;
  }
  const size = end - start;
  if (count === 0) return { group, size, nulls: size, mean: null, std: null, collapsed: false };
  const mean = sum / count;
  let squares = 0;
  for (let p = start; p < end; p++) {
    const v = values[order[p]!];
    if (v === null || v === undefined) continue;
    squares += (v - mean) * (v - mean);
  }
  const denominator = kind === "unbiased" ? count - 1 : count;
  return {
    group,
    size,
    nulls: size - count,
    mean,
    std: denominator > 0 ? Math.sqrt(squares / denominator) : null,
    collapsed,
  };
}

/**
 * Statistics of the rewards at `indexes` (nulls excluded), with the std computed as `kind`.
 * An undefined std (fewer than two values with `unbiased`) is reported as null.
 * @example
 * statsOf("g", [1, 0, null], [0, 1, 2], "unbiased"); // { size: 3, nulls: 1, mean: 0.5, … }
 */
export function statsOf(
  group: string,
  rewards: ReadonlyArray<ComponentValue>,
  indexes: readonly number[],
  kind: StdKind,
): GroupStats {
  return summarize(group, rewards, Int32Array.from(indexes), 0, indexes.length, kind);
}

/**
 * Count of non-null values, mean and std over a whole batch (nulls skipped).
 * @example
 * batchMoments([1, null, 3], "unbiased"); // { count: 2, mean: 2, std: 1.414 }
 */
export const batchMoments = moments;

/**
 * A zero-filled advantages array (null rewards keep 0).
 * @example
 * zeros(2); // [0, 0]
 */
export function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/**
 * Replaces a non-finite number by 0: NaN and Infinity never leave the engine.
 * @example
 * finiteOrZero(Number.NaN); // 0
 */
export function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
