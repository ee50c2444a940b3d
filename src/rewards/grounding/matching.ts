/**
 * One-to-one matching of predicted boxes to reference boxes by IoU, and the multi-box parsing
 * shared by the paper-only detection rewards (DIP-R1, GRiP).
 * @module
 */
import { z } from "zod";
import type { ScoreContext } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import {
  type Box,
  boxesFromJson,
  boxToPixels,
  extractTag,
  type FoundBox,
  type FRAMES,
  findBoxes,
  isWellOrdered,
  RequireTagSchema,
} from "../../parse/index.js";
import { frameField } from "../frame-config.js";
import { IOU_CONVENTIONS, type IouConvention, iouBy } from "./geometry.js";
import { minCostAssignment } from "./hungarian.js";

/**
 * How predictions are paired with references.
 * @example
 * const [preds, refs]: Box[][] = [[[0, 0, 10, 10], [-2, 0, 8, 10]], [[0, 0, 9, 10], [1, 0, 11, 10]]];
 * const options = { threshold: 0.6, convention: "standard" } as const;
 * MATCHING_METHODS.map((method) => matchBoxesByIou(preds, refs, { method, ...options }).length); // [1, 2]
 */
export const MATCHING_METHODS = ["greedy", "hungarian"] as const;
/** One of {@link MATCHING_METHODS}. */
export type MatchingMethod = (typeof MATCHING_METHODS)[number];

/** One matched pair. */
export interface BoxMatch {
  pred: number;
  ref: number;
  iou: number;
}

/**
 * Pairs predictions with references one-to-one. `greedy` repeatedly takes the highest-IoU pair
 * among the unmatched (earliest prediction, then earliest reference, on ties); `hungarian`
 * maximises the total IoU. Only pairs with IoU ≥ `threshold` are returned.
 * @example
 * matchBoxesByIou([[0, 0, 10, 10]], [[0, 0, 10, 8], [50, 50, 60, 60]], { method: "greedy", threshold: 0.5, convention: "standard" });
 * // [{ pred: 0, ref: 0, iou: 0.8 }]
 */
export function matchBoxesByIou(
  preds: readonly Box[],
  refs: readonly Box[],
  options: { method: MatchingMethod; threshold: number; convention: IouConvention },
): BoxMatch[] {
  if (!preds.length || !refs.length) return [];
  const matrix = preds.map((p) => refs.map((r) => iouBy(options.convention, p, r)));
  if (options.method === "hungarian") {
    return minCostAssignment(matrix.map((row) => row.map((v) => -v)))
      .map(([pred, ref]) => ({ pred, ref, iou: matrix[pred]![ref]! }))
      .filter((m) => m.iou >= options.threshold && m.iou > 0);
  }
  const predUsed = new Uint8Array(preds.length);
  const refUsed = new Uint8Array(refs.length);
  const out: BoxMatch[] = [];
  for (;;) {
    let best = -1;
    let bestPred = -1;
    let bestRef = -1;
    for (let p = 0; p < preds.length; p++) {
      if (predUsed[p]) continue;
      for (let r = 0; r < refs.length; r++) {
        if (!refUsed[r] && matrix[p]![r]! > best) {
          best = matrix[p]![r]!;
          bestPred = p;
          bestRef = r;
        }
      }
    }
    if (bestPred === -1 || best < options.threshold || best <= 0) return out;
    predUsed[bestPred] = 1;
    refUsed[bestRef] = 1;
    out.push({ pred: bestPred, ref: bestRef, iou: best });
  }
}

/**
 * Config keys shared by the multi-box rewards.
 * @example
 * z.strictObject({ ...MultiBoxConfigShape }).parse({}).iouThreshold; // 0.5
 */
export const MultiBoxConfigShape = {
  /** The tag whose content holds the predicted boxes (the whole completion when absent). */
  answerTag: z
    .string()
    .min(1)
    .default("answer")
    .describe("The tag whose content holds the predicted boxes (the whole completion when absent)."),
  requireTag: RequireTagSchema,
  pred: frameField("Coordinate frame of the predicted boxes."),
  ref: frameField("Coordinate frame of the reference boxes."),
  convention: z
    .enum(IOU_CONVENTIONS)
    .default("standard")
    .describe("IoU convention: `standard` or VLM-R1's inclusive-pixel (−1/+1) IoU."),
  matching: z
    .enum(MATCHING_METHODS)
    .default("greedy")
    .describe("One-to-one matching: `greedy` (highest IoU first) or `hungarian` (maximum total IoU)."),
  /** A pair counts as a match when IoU ≥ threshold. */
  iouThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(0.5)
    .describe("A pair counts as a match when IoU ≥ threshold."),
};

/** Parsed {@link MultiBoxConfigShape}. */
export interface MultiBoxConfig {
  answerTag: string;
  requireTag: boolean;
  pred: { frame: (typeof FRAMES)[number] };
  ref: { frame: (typeof FRAMES)[number] };
  convention: IouConvention;
  matching: MatchingMethod;
  iouThreshold: number;
}

/**
 * Every well-ordered predicted box in the answer, converted to pixels when the frames differ.
 * @example
 * predictedBoxes({ completion: "<answer>[0,0,5,5] [1,1,2,2]</answer>" }, config); // [[0, 0, 5, 5], [1, 1, 2, 2]]
 */
export function predictedBoxes(
  sample: Sample,
  config: MultiBoxConfig,
): Box[] | "missing_image_size" | "no_answer_tag" {
  const tagged = extractTag(sample.completion, { tag: config.answerTag });
  if (tagged === null && config.requireTag) return "no_answer_tag";
  const text = tagged ?? sample.completion;
  return convertAll(
    findBoxes(text)
      .map((b) => b.box)
      .filter(isWellOrdered),
    config.pred.frame,
    config.ref.frame,
    sample,
  );
}

/**
 * Reference objects: boxes with optional weights, from an array, an object list or a string.
 * @example
 * referenceObjects([[0, 0, 1, 1]]); // [{ box: [0, 0, 1, 1] }]
 */
export function referenceObjects(reference: unknown): FoundBox[] | null {
  if (reference === undefined || reference === null) return null;
  const found = typeof reference === "string" ? findBoxes(reference) : boxesFromJson(reference);
  return found.every((b) => isWellOrdered(b.box)) ? found : null;
}

/**
 * Converts boxes from `frame` to the common frame (`image` pixels unless both frames agree).
 * @example
 * convertAll([[0, 0, 500, 500]], "norm1000", "pixel", { completion: "", image: { width: 200, height: 100 } }); // [[0, 0, 100, 50]]
 */
export function convertAll(
  boxes: Box[],
  frame: (typeof FRAMES)[number],
  otherFrame: (typeof FRAMES)[number],
  sample: Sample,
): Box[] | "missing_image_size" {
  if (frame === otherFrame) return boxes;
  const out: Box[] = [];
  for (const box of boxes) {
    const converted = boxToPixels(box, frame, sample);
    if (!converted.ok) return "missing_image_size";
    out.push(converted.value);
  }
  return out;
}

/**
 * Reports `missing_image_size` and returns `null`.
 * @example
 * if (boxes === "missing_image_size") return missingSize(ctx); // null, with the issue
 */
export function missingSize(ctx: ScoreContext): null {
  ctx.report(
    "missing_image_size",
    "converting between frames needs sample.image (and input_image for input-pixel)",
  );
  return null;
}

/**
 * The predicted boxes and the reference objects' boxes of a multi-box reward, in one frame; `null`
 * (with issue `missing_image_size`) when a conversion needs a size the sample lacks, 0 (with
 * `no_answer_tag`) when the tag is required and absent.
 * @example
 * alignedMultiBoxes({ completion: "<answer>[0,0,5,5]</answer>" }, config, [{ box: [0, 0, 4, 4] }], ctx);
 * // { preds: [[0, 0, 5, 5]], refs: [[0, 0, 4, 4]] }
 */
export function alignedMultiBoxes(
  sample: Sample,
  config: MultiBoxConfig,
  objects: readonly FoundBox[],
  ctx: ScoreContext,
): { preds: Box[]; refs: Box[] } | null | 0 {
  const preds = predictedBoxes(sample, config);
  if (preds === "no_answer_tag") {
    ctx.report("no_answer_tag", `no <${config.answerTag}>…</${config.answerTag}> in the completion`);
    return 0;
  }
  const refs = convertAll(
    objects.map((o) => o.box),
    config.ref.frame,
    config.pred.frame,
    sample,
  );
  if (preds === "missing_image_size" || refs === "missing_image_size") return missingSize(ctx);
  return { preds, refs };
}

/**
 * One-to-one IoU matches of predictions to references with a multi-box config's method,
 * threshold and IoU convention.
 * @example
 * matchByConfig([[0, 0, 10, 10]], [[0, 0, 10, 10]], config); // [{ pred: 0, ref: 0, iou: 1 }]
 */
export function matchByConfig(preds: readonly Box[], refs: readonly Box[], config: MultiBoxConfig) {
  return matchBoxesByIou(preds, refs, {
    method: config.matching,
    threshold: config.iouThreshold,
    convention: config.convention,
  });
}
