/**
 * The foundation single-box rewards: continuous IoU (standard or inclusive-pixel), optionally
 * thresholded into a 0/1 hit, and GIoU.
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import { BoxPairConfigShape, boxPair } from "./box-pair.js";
import { giou, IOU_CONVENTIONS, iouBy } from "./geometry.js";

/**
 * IoU between the first predicted box and the reference box.
 *
 * The predicted box is the first box {@link findBoxes} reads (`[x1,y1,x2,y2]`, JSON with
 * `bbox_2d`/`Position`, fenced JSON, `(x1,y1),(x2,y2)`, Qwen box tokens) in the answer tag's
 * content (`source: "answer"`, the default; the whole completion when the tag is absent) or in
 * the whole completion (`source: "completion"`). The reference is a `[x1,y1,x2,y2]` array, an
 * object with a box key, or a string holding a box. Both are converted with `pred.frame` /
 * `ref.frame` (`pixel | input-pixel | norm1000 | norm1`) to a common frame.
 *
 * Formula: `IoU = |A ∩ B| / |A ∪ B|` (`convention: "standard"`), or VLM-R1's "−1/+1 pixel" IoU
 * (`convention: "inclusive-pixel"`). With `threshold` set the value is a hit: 1 when
 * `IoU ≥ threshold`, else 0 (≥, so `threshold: 0.5` counts an IoU of exactly 0.5, as COCO's
 * AP50 does).
 *
 * Issues: `no_box_found` (0), `invalid_box` (0, x2 < x1 or y2 < y1 with `invalidBox: "zero"`),
 * `reference_missing` / `reference_unparseable` / `missing_image_size` (`null`).
 *
 * No single paper: the IoU reward common to Visual-RFT (arXiv 2503.01785) and VLM-R1
 * (arXiv 2504.07615); the per-paper variants are their own reward types.
 * @example
 * const r = iou({ threshold: 0.5 });
 * r.score({ completion: "<answer>[0,0,10,10]</answer>", reference: [0, 0, 10, 8] }, ctx); // 1
 */
export const iou = defineReward({
  type: "grounding.iou",
  description:
    "IoU of the first predicted box with the reference box (frames, conventions, optional hit threshold).",
  docs: {
    formula:
      "IoU = |A ∩ B| / |A ∪ B| of the first predicted box and the reference (a hit 1/0 at `threshold` when set)",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [],
  },
  config: z.strictObject({
    ...BoxPairConfigShape,
    /** `standard` continuous IoU or VLM-R1's `inclusive-pixel` (−1/+1) IoU. */
    convention: z
      .enum(IOU_CONVENTIONS)
      .default("standard")
      .describe("`standard` continuous IoU or VLM-R1's `inclusive-pixel` (−1/+1) IoU."),
    /** When set, the reward is 1 if IoU ≥ threshold, else 0. */
    threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("When set, the reward is 1 if IoU ≥ threshold, else 0."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const pair = boxPair(sample, ctx, config);
      if (!pair.ok) return pair.value;
      const value = iouBy(config.convention, pair.pred, pair.ref);
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "IoU of non-finite coordinates; scored 0");
        return 0;
      }
      if (config.threshold === undefined) return value;
      return value >= config.threshold ? 1 : 0;
    },
  }),
});

/**
 * Generalised IoU between the first predicted box and the reference box:
 * `GIoU = IoU − (C − U) / C`, with C the area of the smallest box enclosing both and U the
 * union; in [−1, 1], plus `offset` (`offset: 1` gives Visual-RFT LISA's [0, 2] range).
 * Parsing, frames and issues as {@link iou}.
 *
 * Paper: "Generalized Intersection over Union" (Rezatofighi et al., arXiv 1902.09630), the
 * localisation term of Vision-R1 (arXiv 2503.18013) and Visual-RFT LISA (arXiv 2503.01785).
 * @example
 * giouReward().score({ completion: "[0,0,10,10]", reference: [5, 5, 15, 15] }, ctx); // −0.0793651
 */
export const giouReward = defineReward({
  type: "grounding.giou",
  description: "Generalised IoU of the first predicted box with the reference box, plus an optional offset.",
  docs: {
    formula: "GIoU = IoU − (C − U) / C (+ offset), C the enclosing box",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [],
  },
  config: z.strictObject({
    ...BoxPairConfigShape,
    /** Added to the GIoU (e.g. 1 to map [−1, 1] to [0, 2]). */
    offset: z.number().finite().default(0).describe("Added to the GIoU (e.g. 1 to map [−1, 1] to [0, 2])."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const pair = boxPair(sample, ctx, config);
      if (!pair.ok) return pair.value;
      const value = giou(pair.pred, pair.ref);
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "GIoU of non-finite coordinates; scored 0");
        return 0;
      }
      return value + config.offset;
    },
  }),
});
