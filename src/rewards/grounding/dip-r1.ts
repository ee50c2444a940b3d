/**
 * DIP-R1's rewards, as plaudit reads the paper (no code is public): a Think-Look-Answer format
 * check and a weighted precision–recall accuracy over IoU-matched boxes.
 *
 * Paper: "DIP-R1: Deep Inspection and Perception with RL Looking Through and Understanding
 * Complex Scenes" (arXiv 2505.23179). Low confidence: the reading below is documented and every
 * choice is configurable.
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import { skipPythonSpace } from "../../parse/python/index.js";
import { alignedMultiBoxes, MultiBoxConfigShape, matchByConfig, referenceObjects } from "./matching.js";

/**
 * Whether `text` fully matches `<think>.*?</think>\s*<look>.*?</look>\s*<answer>.*?</answer>`
 * (DOTALL), checked with `indexOf` scans in linear time: the earliest `</think>` followed by
 * whitespace and `<look>`, the earliest `</look>` after it followed by whitespace and `<answer>`,
 * and the text ending in `</answer>` after that.
 * @example
 * hasThinkLookAnswer("<think>a</think><look>b</look> <answer>c</answer>"); // true
 * hasThinkLookAnswer("<think>a</think><answer>c</answer>"); // false
 */
export function hasThinkLookAnswer(text: string): boolean {
  if (!text.startsWith("<think>") || !text.endsWith("</answer>")) return false;
  // The content start of `next` after the earliest `close` (from `start`) followed by \s* and `next`.
  const contentAfter = (close: string, next: string, start: number): number => {
    for (let at = text.indexOf(close, start); at !== -1; at = text.indexOf(close, at + 1)) {
      const after = skipPythonSpace(text, at + close.length);
      if (text.startsWith(next, after)) return after + next.length;
    }
    return -1;
  };
  const lookContent = contentAfter("</think>", "<look>", 7);
  if (lookContent === -1) return false;
  const answerContent = contentAfter("</look>", "<answer>", lookContent);
  if (answerContent === -1) return false;
  return text.length - 9 >= answerContent;
}

/**
 * DIP-R1's Think-Look-Answer format reward (plaudit's reading of arXiv 2505.23179): 1 when the
 * completion is exactly `<think>…</think>` `<look>…</look>` `<answer>…</answer>` (whitespace
 * allowed between the blocks, nothing before or after; DOTALL), else 0 with `format_mismatch`.
 * Chosen tag names follow the paper's step names; the variance-guided "looking" reward is not
 * implemented (the paper's definition was not available).
 * @example
 * dipR1Format().score({ completion: "<think>a</think><look>b</look><answer>c</answer>" }, ctx); // 1
 */
export const dipR1Format = defineReward({
  type: "grounding.dip-r1-format",
  description:
    "DIP-R1 Think-Look-Answer format: <think>…</think><look>…</look><answer>…</answer> full match.",
  docs: {
    formula: "1 if the completion is exactly <think>…</think> <look>…</look> <answer>…</answer>, else 0",
    reads: { fields: ["completion"] },
    deviations: [
      "plaudit's reading of the paper (no released code); the variance-guided looking reward is not implemented",
    ],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      if (hasThinkLookAnswer(sample.completion)) return 1;
      ctx.report("format_mismatch", "not <think>…</think><look>…</look><answer>…</answer>");
      return 0;
    },
  }),
});

/**
 * DIP-R1's weighted precision–recall accuracy (plaudit's reading of arXiv 2505.23179, low
 * confidence). Predicted boxes (every box in `<answer>`, any format plaudit reads) are matched
 * one-to-one to the reference boxes at IoU ≥ `iouThreshold` (default 0.5; `matching: greedy`
 * by highest IoU first, or `hungarian`); with TP the number of matches,
 * `P = TP / N_pred`, `R = TP / N_ref`, and the reward is `λ·P + (1 − λ)·R` (`combine: "weighted"`,
 * λ = `precisionWeight`, default 0.5) or the F-measure `2PR / (P + R)` (`combine: "f1"`).
 * Empty prediction and empty reference: 1; exactly one empty: 0 (`no_box_found` when the
 * prediction is). Boxes with x2 < x1 or y2 < y1 are dropped from the predictions.
 * @example
 * dipR1Accuracy().score({ completion: "<answer>[0,0,10,10] [50,50,60,60]</answer>", reference: [[0, 0, 10, 10]] }, ctx); // 0.75
 */
export const dipR1Accuracy = defineReward({
  type: "grounding.dip-r1-precision-recall",
  description: "DIP-R1 accuracy: λ·precision + (1 − λ)·recall (or F1) of IoU-matched boxes.",
  docs: {
    formula:
      "λ·P + (1 − λ)·R (or 2PR/(P+R)), P = TP / N_pred, R = TP / N_ref over one-to-one matches at IoU ≥ 0.5",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: ["plaudit's reading of the paper (no released code, low confidence)"],
  },
  config: z.strictObject({
    ...MultiBoxConfigShape,
    combine: z
      .enum(["weighted", "f1"])
      .default("weighted")
      .describe("`weighted`: λ·P + (1 − λ)·R; `f1`: 2PR / (P + R)."),
    /** λ, the weight of precision in `combine: "weighted"`. */
    precisionWeight: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('λ, the weight of precision in `combine: "weighted"`.'),
  }),
  create: (config) => ({
    score(sample, ctx) {
      const refs = referenceObjects(sample.reference);
      if (!refs) {
        ctx.report(
          sample.reference == null ? "reference_missing" : "reference_unparseable",
          "no reference boxes",
        );
        return null;
      }
      const aligned = alignedMultiBoxes(sample, config, refs, ctx);
      if (aligned === null || aligned === 0) return aligned;
      const { preds, refs: refBoxes } = aligned;
      if (!preds.length && !refBoxes.length) return 1;
      if (!preds.length) {
        ctx.report("no_box_found", "no predicted box");
        return 0;
      }
      if (!refBoxes.length) return 0;
      const tp = matchByConfig(preds, refBoxes, config).length;
      const precision = tp / preds.length;
      const recall = tp / refBoxes.length;
      if (config.combine === "f1")
        return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      return config.precisionWeight * precision + (1 - config.precisionWeight) * recall;
    },
  }),
});
