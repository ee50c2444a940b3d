/**
 * GRiP's salience-weighted IoU, as plaudit reads the paper (no code is public).
 *
 * Paper: GRiP, "Guiding the Inner Eye" (arXiv 2511.22172). Low confidence: the reading below is documented and every
 * choice is configurable.
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import { frameSizeFields } from "../../parse/frames.js";
import { isPyDict } from "../../parse/python/index.js";
import { alignedMultiBoxes, MultiBoxConfigShape, matchByConfig, referenceObjects } from "./matching.js";

const WEIGHT_KEYS = ["salience", "weight", "importance"] as const;

/**
 * Per-object salience weights: `salience` / `weight` / `importance` on each reference object,
 * else `meta.salience` (an array aligned with the reference objects), else 1 each. `null` when a
 * weight is negative or not a finite number, or the counts disagree.
 * @example
 * salienceWeights({ completion: "", reference: [{ bbox_2d: [0, 0, 1, 1], salience: 2 }] }, 1); // [2]
 */
export function salienceWeights(sample: Sample, count: number): number[] | null {
  const fromMeta = sample.meta?.salience;
  if (Array.isArray(sample.reference)) {
    const own = sample.reference.map((item) => {
      if (!isPyDict(item)) return undefined;
      for (const key of WEIGHT_KEYS) if (item[key] !== undefined) return item[key];
      return undefined;
    });
    if (own.some((w) => w !== undefined)) {
      if (own.length !== count) return null;
      return validWeights(own.map((w) => (w === undefined ? 1 : w)));
    }
  }
  if (fromMeta !== undefined) {
    if (!Array.isArray(fromMeta) || fromMeta.length !== count) return null;
    return validWeights(fromMeta);
  }
  return Array.from({ length: count }, () => 1);
}

function validWeights(values: readonly unknown[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) return null;
    out.push(v);
  }
  return out;
}

/**
 * GRiP's salience-weighted IoU (plaudit's reading of arXiv 2511.22172, low confidence): each
 * reference object i carries a salience weight wᵢ (see {@link salienceWeights}); predicted boxes
 * (every box in `<answer>`) are matched one-to-one to objects by IoU (`matching: greedy` highest
 * IoU first, or `hungarian`; pairs below `iouThreshold`, default 0, do not count) and
 * `r = Σᵢ wᵢ·IoUᵢ / Σᵢ wᵢ` (`aggregate: "weighted-mean"`; `"weighted-sum"` drops the division),
 * with IoUᵢ = 0 for an unmatched object. Distractor boxes (predictions matching no object) are
 * ignored by default; `distractors: "penalize"` multiplies r by `matched / N_pred`.
 * No predicted box scores 0 with `no_box_found`; weights summing to 0 make the reward `null`.
 * The paper's multi-heuristic reasoning reward is not implemented (its rule set is not public).
 * @example
 * gripSalienceIou().score({ completion: "<answer>[0,0,10,10]</answer>",
 *   reference: [{ bbox_2d: [0, 0, 10, 10], salience: 3 }, { bbox_2d: [50, 50, 60, 60], salience: 1 }] }, ctx); // 0.75
 */
export const gripSalienceIou = defineReward({
  type: "grounding.grip-salience-iou",
  description: "GRiP salience-weighted IoU: Σ wᵢ·IoUᵢ / Σ wᵢ over one-to-one matched reference objects.",
  docs: {
    formula:
      "Σᵢ wᵢ·IoUᵢ / Σᵢ wᵢ over salience-weighted reference objects matched one-to-one to predicted boxes",
    reads: (c) => ({
      fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame), "meta"],
      meta: ["salience"],
    }),
    deviations: [
      "plaudit's reading of the paper (no released code, low confidence); the multi-heuristic reasoning reward is not implemented",
    ],
  },
  config: z.strictObject({
    ...MultiBoxConfigShape,
    iouThreshold: z.number().min(0).max(1).default(0).describe("Matched pairs below this IoU do not count."),
    aggregate: z
      .enum(["weighted-mean", "weighted-sum"])
      .default("weighted-mean")
      .describe("`weighted-mean`: Σ wᵢ·IoUᵢ / Σ wᵢ; `weighted-sum`: without the division."),
    distractors: z
      .enum(["ignore", "penalize"])
      .default("ignore")
      .describe("`ignore` predicted boxes matching no object, or `penalize` (multiply by matched / N_pred)."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const refs = referenceObjects(sample.reference);
      if (!refs?.length) {
        ctx.report(
          sample.reference == null ? "reference_missing" : "reference_unparseable",
          "no reference objects",
        );
        return null;
      }
      const weights = salienceWeights(sample, refs.length);
      if (!weights) {
        ctx.report("reference_unparseable", "salience weights are not non-negative numbers, one per object");
        return null;
      }
      const total = weights.reduce((a, b) => a + b, 0);
      if (!(total > 0)) {
        ctx.report("reference_unparseable", "the salience weights sum to 0");
        return null;
      }
      const aligned = alignedMultiBoxes(sample, config, refs, ctx);
      if (aligned === null || aligned === 0) return aligned;
      const { preds, refs: refBoxes } = aligned;
      if (!preds.length) {
        ctx.report("no_box_found", "no predicted box");
        return 0;
      }
      const matches = matchByConfig(preds, refBoxes, config);
      let weighted = 0;
      for (const m of matches) weighted += weights[m.ref]! * m.iou;
      let value = config.aggregate === "weighted-mean" ? weighted / total : weighted;
      if (config.distractors === "penalize") value *= matches.length / preds.length;
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "the weighted IoU is not finite; scored 0");
        return 0;
      }
      return value;
    },
  }),
});
