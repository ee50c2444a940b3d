/**
 * The shared front half of single-box grounding rewards: find the predicted box (in the answer
 * or the whole completion), read the reference box, bring both into one coordinate frame, and
 * handle inverted boxes. Every failure is reported on the context and turned into the value the
 * reward documents (0 for bad model output, `null` for a bad or missing reference or size).
 * @module
 */
import { z } from "zod";
import type { ScoreContext } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import {
  alignBoxes,
  type Box,
  extractTag,
  type FRAMES,
  findFirstBox,
  isWellOrdered,
  orderCorners,
  RequireTagSchema,
  referenceBox,
} from "../../parse/index.js";
import { frameField } from "../frame-config.js";

/**
 * Where the predicted box is read from, and how its frame and inverted corners are treated.
 * @example
 * const config = z.strictObject({ ...BoxPairConfigShape }).parse({});
 * config.answer; // { tag: "answer", occurrence: "first", dotall: true }
 */
export const BoxPairConfigShape = {
  /** `answer`: the configured tag's content when present, else the whole completion; `completion`: always the whole text. */
  source: z
    .enum(["answer", "completion"])
    .default("answer")
    .describe(
      "`answer`: the configured tag's content when present, else the whole completion; `completion`: always the whole text.",
    ),
  /** Which tag holds the answer and which occurrence counts. */
  answer: z
    .strictObject({
      tag: z.string().min(1).default("answer"),
      occurrence: z.enum(["first", "last"]).default("first"),
      dotall: z.boolean().default(true),
    })
    .default({ tag: "answer", occurrence: "first", dotall: true })
    .describe("Which tag holds the answer and which occurrence counts."),
  requireTag: RequireTagSchema,
  /** Frame of the predicted box. */
  pred: frameField("Frame of the predicted box."),
  /** Frame of the reference box. */
  ref: frameField("Frame of the reference box."),
  /** A box with x2 < x1 or y2 < y1: `zero` scores 0 with `invalid_box`; `swap` reorders its corners. */
  invalidBox: z
    .enum(["zero", "swap"])
    .default("zero")
    .describe(
      "A box with x2 < x1 or y2 < y1: `zero` scores 0 with `invalid_box`; `swap` reorders its corners.",
    ),
};

/** The parsed form of {@link BoxPairConfigShape}. */
export interface BoxPairConfig {
  source: "answer" | "completion";
  answer: { tag: string; occurrence: "first" | "last"; dotall: boolean };
  requireTag: boolean;
  pred: { frame: (typeof FRAMES)[number] };
  ref: { frame: (typeof FRAMES)[number] };
  invalidBox: "zero" | "swap";
}

/** Either both boxes in one frame, or the value the reward returns at once. */
export type BoxPair = { ok: true; pred: Box; ref: Box } | { ok: false; value: 0 | null };

/**
 * The predicted and reference boxes of a sample, aligned to one frame.
 * @example
 * boxPair({ completion: "<answer>[0,0,10,10]</answer>", reference: [5, 5, 15, 15] }, ctx, config);
 * // { ok: true, pred: [0, 0, 10, 10], ref: [5, 5, 15, 15] }
 */
export function boxPair(sample: Sample, ctx: ScoreContext, config: BoxPairConfig): BoxPair {
  if (sample.reference === undefined || sample.reference === null) {
    ctx.report("reference_missing", "the sample has no reference box");
    return { ok: false, value: null };
  }
  let ref = referenceBox(sample.reference);
  if (!ref) {
    ctx.report("reference_unparseable", "the reference holds no [x1,y1,x2,y2] box");
    return { ok: false, value: null };
  }
  if (!isWellOrdered(ref)) {
    if (config.invalidBox === "swap") ref = orderCorners(ref);
    else {
      ctx.report("reference_unparseable", `the reference box [${ref.join(", ")}] has x2 < x1 or y2 < y1`);
      return { ok: false, value: null };
    }
  }
  let text = sample.completion;
  if (config.source === "answer") {
    const answer = extractTag(text, {
      tag: config.answer.tag,
      occurrence: config.answer.occurrence,
      dotall: config.answer.dotall,
    });
    if (answer !== null) text = answer;
    else if (config.requireTag) {
      ctx.report("no_answer_tag", `no <${config.answer.tag}>…</${config.answer.tag}> in the completion`);
      return { ok: false, value: 0 };
    }
  }
  let pred = findFirstBox(text);
  if (!pred) {
    ctx.report("no_box_found", "no box in any accepted format");
    return { ok: false, value: 0 };
  }
  if (!isWellOrdered(pred)) {
    if (config.invalidBox === "swap") pred = orderCorners(pred);
    else {
      ctx.report("invalid_box", `the predicted box [${pred.join(", ")}] has x2 < x1 or y2 < y1`);
      return { ok: false, value: 0 };
    }
  }
  const aligned = alignBoxes(pred, config.pred.frame, ref, config.ref.frame, sample);
  if (!aligned.ok) {
    ctx.report("missing_image_size", `converting between frames needs sample.${aligned.missing}`);
    return { ok: false, value: null };
  }
  return { ok: true, pred: aligned.value.pred, ref: aligned.value.ref };
}
