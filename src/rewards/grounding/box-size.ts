/**
 * The box-size constraint against box-size reward hacking: GUI-G1's corner-closeness harmonic
 * mean as a frame-aware grounding reward.
 * @module
 */
import { z } from "zod";
import { defineReward } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import type { Frame } from "../../parse/index.js";
import { BoxPairConfigShape, boxPair } from "./box-pair.js";

/** Width and height of the frame the aligned boxes are in, or `null` when the sample lacks it. */
function frameExtent(frame: Frame, sample: Sample): { width: number; height: number } | null {
  switch (frame) {
    case "pixel":
      return sample.image ?? null;
    case "input-pixel":
      return sample.input_image ?? null;
    case "norm1000":
      return { width: 1000, height: 1000 };
    case "norm1":
      return { width: 1, height: 1 };
  }
}

/**
 * The box-size constraint of GUI-G1 ("GUI-G1: Understanding R1-Zero-Like Training for Visual
 * Grounding in GUI Agents", arXiv 2505.15810; released as `box_reward` at
 * `Yuqi-Zhou/GUI-G1@e581fe9: src/open-r1-multimodal/src/open_r1/grpo_rec.py:294`): hit rewards
 * favour small boxes and IoU rewards large ones, so a term pulls each predicted corner towards
 * the reference's. With closeness terms `x1' = 1 − |gt_x1 − p_x1| / W` (likewise x2; the y terms
 * use H), the value is `scale · 4 / (1/x1' + 1/x2' + 1/y1' + 1/y2')`, the harmonic mean of the
 * four, times `scale` (GUI-G1 uses 0.125; the `gui-g1` preset's `box` component is the released
 * form, `gui.g1-box`). W × H is the extent of the frame the boxes are compared in: the image for
 * pixels (required), the input image for input pixels, 1000 for `norm1000`, 1 for `norm1`.
 *
 * Deviation (bug fix, `legacy: true` restores it): each closeness term is clamped to [0, 1], so a
 * far-off box scores 0 instead of a negative or exploding value; a term of 0 scores 0 (the
 * released code divides by zero, caught as 0). Parsing, frames and issues as `grounding.iou`.
 * @example
 * boxSize({ scale: 0.125 }).score({ completion: "[1200,1020,1340,1085]", reference: [1207.68, 1024.92, 1351.68, 1080],
 *   image: { width: 1920, height: 1080 } }, ctx); // 0.124398…
 */
export const boxSize = defineReward({
  type: "grounding.box-size",
  description: "Box-size constraint (GUI-G1): scale × harmonic mean of the four corner-closeness terms.",
  docs: {
    formula:
      "scale · 4 / (1/x1' + 1/x2' + 1/y1' + 1/y2'), x1' = clamp01(1 − |gt_x1 − p_x1| / W) (likewise the other corners; y terms use H)",
    reads: (c) => ({
      fields: [
        "completion",
        "reference",
        "image",
        ...(c.pred.frame === "input-pixel" || c.ref.frame === "input-pixel"
          ? (["input_image"] as const)
          : []),
      ],
    }),
    deviations: [
      "each closeness term is clamped to [0, 1], so a far-off box scores 0 instead of a negative or exploding value; a term of 0 scores 0 (the released code divides by zero, caught as 0)",
    ],
    legacy: "the unclamped closeness terms of the released code",
  },
  config: z.strictObject({
    ...BoxPairConfigShape,
    /** Multiplier of the harmonic mean (GUI-G1: 0.125). */
    scale: z.number().finite().min(0).default(1).describe("Multiplier of the harmonic mean (GUI-G1: 0.125)."),
    /** Leave the closeness terms unclamped, as released. */
    legacy: z.boolean().default(false).describe("Leave the closeness terms unclamped, as released."),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const pair = boxPair(sample, ctx, config);
      if (!pair.ok) return pair.value;
      const frame = config.pred.frame === config.ref.frame ? config.pred.frame : "pixel";
      const extent = frameExtent(frame, sample);
      if (!extent) {
        ctx.report("missing_image_size", `the closeness terms divide by the ${frame} frame's size`);
        return null;
      }
      const { pred, ref } = pair;
      const terms = [
        1 - Math.abs(ref[0] - pred[0]) / extent.width,
        1 - Math.abs(ref[2] - pred[2]) / extent.width,
        1 - Math.abs(ref[1] - pred[1]) / extent.height,
        1 - Math.abs(ref[3] - pred[3]) / extent.height,
      ].map((t) => (config.legacy ? t : Math.min(1, Math.max(0, t))));
      if (terms.some((t) => t === 0)) return 0;
      const value = (config.scale * 4) / (1 / terms[0]! + 1 / terms[1]! + 1 / terms[2]! + 1 / terms[3]!);
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "the harmonic mean is not finite; scored 0");
        return 0;
      }
      return value;
    },
  }),
});
