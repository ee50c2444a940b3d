/**
 * The click-hit reward: a predicted click point (or a predicted box's centre) inside the
 * reference box. The foundation GUI-grounding reward most GUI-agent RL papers use.
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import {
  alignPointToBox,
  boxCenter,
  extractTag,
  FRAMES,
  findFirstBox,
  findPoint,
  type Point,
  RequireTagSchema,
  referenceBox,
} from "../../parse/index.js";
import { frameField } from "../frame-config.js";

/**
 * Which shape to look for first in the answer.
 * @example
 * const hit = clickHitReward({ prefer: "point-only" });
 * hit.score!({ completion: "[0, 0, 10, 10]", reference: [0, 0, 10, 10] }, ctx); // 0 (box-first: 1)
 */
export const CLICK_PREFERENCES = ["box-first", "point-first", "point-only", "box-only"] as const;

/**
 * Click hit: 1 when the predicted point lies inside the reference box (inclusive bounds), else 0.
 *
 * The answer is the content of the first `<answer>…</answer>` when present (`answerTag`;
 * `requireTag: true` scores 0 with `no_answer_tag` without one), else the whole
 * completion. The point is a box's centre or an `(x, y)` / `[x, y]` / `{"point_2d": …}` /
 * Qwen `<|point_start|>` point, in the order `prefer` says (default `box-first`: a 4-number box is
 * never misread as a point). Frames as in DESIGN.md (`pred.frame`, `ref.frame`); a frame that
 * needs a missing size scores `null` with `missing_image_size`.
 *
 * Formula: `x1 ≤ px ≤ x2 and y1 ≤ py ≤ y2` (a reversed reference box has its corners ordered
 * first). No paper: the common point-in-box reward of GUI agents (e.g. GUI-G1's `hit` on a box
 * centre, InfiGUI-R1's point reward).
 * Issues: `no_point_found` (0), `no_answer_tag` (0), `reference_missing` / `reference_unparseable`
 * (`null`: the sample cannot be scored).
 * @example
 * const hit = clickHitReward();
 * hit.score!({ completion: "<answer>click(120, 45)</answer>", reference: [100, 40, 140, 60] }, ctx); // 1
 * hit.score!({ completion: "[0, 0, 10, 10]", reference: [100, 40, 140, 60] }, ctx); // 0
 */
export const clickHitReward = defineReward({
  type: "gui.click-hit",
  description: "1 if the predicted point (or box centre) lies inside the reference box, inclusive; else 0.",
  docs: {
    formula:
      "1 if x1 ≤ px ≤ x2 and y1 ≤ py ≤ y2 for the predicted point (a box's centre) and the reference box, else 0",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [],
  },
  config: z.strictObject({
    /** Frame of the prediction. */
    pred: frameField("Frame of the prediction."),
    /** Frame of the reference box. */
    ref: frameField("Frame of the reference box."),
    /** Look for a box (its centre) or a point first, or only one of them. */
    prefer: z
      .enum(CLICK_PREFERENCES)
      .default("box-first")
      .describe("Look for a box (its centre) or a point first, or only one of them."),
    /** Read the answer from this tag when present (`null`: always the whole completion). */
    answerTag: z
      .string()
      .min(1)
      .nullable()
      .default("answer")
      .describe("Read the answer from this tag when present (`null`: always the whole completion)."),
    /**
     * Answers longer than this score 0 (issue `format_mismatch`) without being searched: a click is
     * a few characters, and the general box/point parsers cost milliseconds on megabyte inputs.
     */
    maxAnswerLength: z
      .number()
      .int()
      .positive()
      .default(65_536)
      .describe(
        "Answers longer than this score 0 (issue `format_mismatch`) without being searched: a click is a few characters, and the general box/point parsers cost milliseconds on megabyte inputs.",
      ),
    /** Score 0 (`no_answer_tag`) when the tag is absent instead of falling back to the completion. */
    requireTag: RequireTagSchema,
  }),
  create: ({ pred, ref, prefer, answerTag, requireTag, maxAnswerLength }) => {
    const findClick = (text: string): Point | null => {
      const fromBox = (): Point | null => {
        const box = findFirstBox(text);
        return box ? boxCenter(box) : null;
      };
      switch (prefer) {
        case "box-first":
          return fromBox() ?? findPoint(text);
        case "point-first":
          return findPoint(text) ?? fromBox();
        case "point-only":
          return findPoint(text);
        case "box-only":
          return fromBox();
      }
    };
    return {
      score(sample, ctx) {
        if (sample.reference === undefined || sample.reference === null) {
          ctx.report("reference_missing", "the sample has no reference box");
          return null;
        }
        const target = referenceBox(sample.reference);
        if (!target) {
          ctx.report(
            "reference_unparseable",
            "the reference is not a box [x1,y1,x2,y2] in any accepted format",
          );
          return null;
        }
        let answer = sample.completion;
        if (answerTag !== null) {
          const tagged = extractTag(sample.completion, { tag: answerTag });
          if (tagged !== null) answer = tagged;
          else if (requireTag) {
            ctx.report("no_answer_tag", `no <${answerTag}>…</${answerTag}> in the completion`);
            return 0;
          }
        }
        if (answer.length > maxAnswerLength) {
          ctx.report("format_mismatch", `the answer is longer than ${maxAnswerLength} characters`);
          return 0;
        }
        const click = findClick(answer);
        if (!click) {
          ctx.report("no_point_found", "no point or box in the answer");
          return 0;
        }
        const aligned = alignPointToBox(click, pred.frame, target, ref.frame, sample);
        if (!aligned.ok) {
          ctx.report("missing_image_size", `the frames need sample.${aligned.missing}`);
          return null;
        }
        const [x, y] = aligned.value.pred;
        const b = aligned.value.ref;
        const inX = Math.min(b[0], b[2]) <= x && x <= Math.max(b[0], b[2]);
        const inY = Math.min(b[1], b[3]) <= y && y <= Math.max(b[1], b[3]);
        return inX && inY ? 1 : 0;
      },
    };
  },
});
