/**
 * The combination contract: how a sample's components become one reward. Per-sample schemes
 * implement `combineRow` (and stream); schemes that need the group or the batch (normalisation,
 * Pareto, constrained weights) implement `combineBatch`.
 * @module
 */
import type { z } from "zod";
import type { BlockDefinition, ComponentValue, GroupScope, Sample } from "../core/index.js";
import { ConfigError, defineBlock } from "../core/index.js";

/** What a combiner knows at build time: component names and weights, in recipe order. */
export interface CombineEnv {
  names: readonly string[];
  weights: readonly number[];
}

/** A batch handed to {@link Combiner.combineBatch}. */
export interface CombineBatchInput {
  /** `rows[i][k]`: component k of sample i (recipe order). */
  rows: ReadonlyArray<ReadonlyArray<ComponentValue>>;
  /** Group key of each sample (`undefined` when the sample has no group). */
  groups: ReadonlyArray<string | undefined>;
  samples: ReadonlyArray<Sample | undefined>;
}

/** What {@link Combiner.combineBatch} returns. */
export interface CombineBatchOutput {
  rewards: ComponentValue[];
  /** Extra per-sample components to add to results (e.g. a Pareto mask). */
  components?: Record<string, ComponentValue[]>;
  /** Batch-level information surfaced in the stats (e.g. current Lagrange multipliers). */
  stats?: Record<string, unknown>;
}

/** A built combination scheme. */
export interface Combiner {
  readonly type: string;
  readonly config: unknown;
  /** Set when the scheme needs whole groups or batches; see `GroupScope` in core. */
  readonly groupScope?: GroupScope;
  combineRow?(values: ReadonlyArray<ComponentValue>): ComponentValue;
  combineBatch?(input: CombineBatchInput): CombineBatchOutput;
}

/**
 * Defines a combination scheme for the registry.
 * @example
 * export const sum = defineCombiner({ type: "sum", description: "…", config: z.strictObject({}),
 *   create: () => ({ combineRow: (values) => … }) });
 */
export function defineCombiner<S extends z.ZodType>(definition: {
  type: string;
  description: string;
  config: S;
  create(config: z.output<S>, env: CombineEnv): Omit<Combiner, "type" | "config">;
}): BlockDefinition<z.ZodType, CombineEnv, Combiner> {
  return defineBlock<CombineEnv, Combiner, S>(definition);
}

/**
 * Resolves component names to their indexes, failing with the valid names.
 * @param path where the names sit in the recipe, for the error
 * @example
 * indexesOf(["format", "iou"], ["iou"], "combine.gate"); // [1]
 * indexesOf(["format", "iou"], ["acc"], "combine.gate"); // throws ConfigError (combine.gate[0])
 */
export function indexesOf(names: readonly string[], wanted: readonly string[], path: string): number[] {
  return wanted.map((name, i) => {
    const index = names.indexOf(name);
    if (index === -1) {
      throw new ConfigError([
        {
          path: `${path}[${i}]`,
          message: "no reward component has this name",
          value: name,
          choices: [...names],
        },
      ]);
    }
    return index;
  });
}

/**
 * TRL's weighted nansum: `Σ w_k · r_k` over non-null components; `null` when every component is null.
 * @example
 * weightedNanSum([1, null, 0.5], [1, 1, 2]); // 2
 */
export function weightedNanSum(
  values: ReadonlyArray<ComponentValue>,
  weights: readonly number[],
): ComponentValue {
  let total = 0;
  let any = false;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || v === undefined) continue;
    any = true;
    total += weights[k]! * v;
  }
  return any ? total : null;
}

/**
 * Indexes of the components a scheme uses: the listed names, or every component when absent.
 * @param path where the list sits in the recipe, for the error
 * @example
 * selectedIndexes({ names: ["a", "b"], weights: [1, 1] }, undefined, "combine.components"); // [0, 1]
 */
export function selectedIndexes(
  env: CombineEnv,
  wanted: readonly string[] | undefined,
  path: string,
): number[] {
  return wanted ? indexesOf(env.names, wanted, path) : env.names.map((_, k) => k);
}

/**
 * Sample indexes per group key (first-seen order); samples without a group pooled under one key.
 * @example
 * groupsOf(["a", undefined, "a"]); // [[0, 2], [1]]
 */
export function groupsOf(groups: ReadonlyArray<string | undefined>): number[][] {
  const byKey = new Map<string | undefined, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const list = byKey.get(groups[i]);
    if (list) list.push(i);
    else byKey.set(groups[i], [i]);
  }
  return [...byKey.values()];
}
