/**
 * Reference rewards read from `meta` (PAR's `sftref_rewards`), per sample or per group.
 * @module
 */
import type { Sample } from "../core/index.js";

/**
 * The first usable list of reference rewards among the samples at `order[start..end)`:
 * `meta[key]` as an array of finite numbers (non-finite entries dropped), or a single number.
 * `undefined` when none carries one.
 * @example
 * referenceRewards([{ completion: "", meta: { refs: [0.2, 1] } }], Int32Array.of(0), 0, 1, "refs"); // [0.2, 1]
 */
export function referenceRewards(
  samples: ReadonlyArray<Sample | undefined>,
  order: Int32Array,
  start: number,
  end: number,
  key: string,
): number[] | undefined {
  for (let p = start; p < end; p++) {
    const raw = samples[order[p]!]?.meta?.[key];
    if (typeof raw === "number" && Number.isFinite(raw)) return [raw];
    if (!Array.isArray(raw)) continue;
    const refs = raw.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (refs.length) return refs;
  }
  return undefined;
}
