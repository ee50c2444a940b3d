/**
 * SSL's "sweet spot" distance-tiered reward for GUI grounding: a Gaussian proximity field around
 * the target, discretised into K zones with progressively amplified tier values.
 *
 * Paper: "Sweet Spot Learning" (arXiv 2601.22491). No released code; this is plaudit's
 * documented reading of the paper (see {@link sweetSpotReward}).
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import {
  alignPointToBox,
  type Box,
  boxCenter,
  boxesFromJson,
  extractTag,
  FRAMES,
  findBoxes,
  findPoint,
  type Point,
  RequireTagSchema,
  referenceBox,
} from "../../parse/index.js";
import { frameField } from "../frame-config.js";

/**
 * How per-step proximities become one trajectory proximity.
 * @example
 * sweetSpotReward({ aggregate: "min" }); // a trajectory scores as its worst step
 */
export const SWEET_SPOT_AGGREGATES = ["mean", "min", "last"] as const;

/** Default tier values: 0 for the outermost zone, then doubling up to 1 (K = 4: 0, ¼, ½, 1). */
function defaultTiers(zones: number): number[] {
  return Array.from({ length: zones }, (_, k) => (k === 0 ? 0 : 2 ** (k - (zones - 1))));
}

/** Default zone edges on the proximity scale: equal bins (K = 4: ¼, ½, ¾). */
function defaultEdges(zones: number): number[] {
  return Array.from({ length: zones - 1 }, (_, k) => (k + 1) / zones);
}

const SweetSpotConfig = z
  .strictObject({
    /** Number of zones K (the paper reports K = 4 works best). */
    zones: z
      .number()
      .int()
      .min(2)
      .max(32)
      .default(4)
      .describe("Number of zones K (the paper reports K = 4 works best)."),
    /** K − 1 increasing proximity thresholds in (0, 1); default equal bins k/K. */
    edges: z
      .array(z.number().gt(0).lt(1))
      .optional()
      .describe("K − 1 increasing proximity thresholds in (0, 1); default equal bins k/K."),
    /** K tier values, outermost zone first; default 0 then doubling up to 1. */
    tiers: z
      .array(z.number().finite())
      .optional()
      .describe("K tier values, outermost zone first; default 0 then doubling up to 1."),
    /** Scale α applied to the tier value. */
    alpha: z.number().finite().default(1).describe("Scale α applied to the tier value."),
    /** σ as a fraction of the reference box's width and height (GUI-G²'s 0.5). */
    sigmaScale: z
      .number()
      .positive()
      .finite()
      .default(0.5)
      .describe("σ as a fraction of the reference box's width and height (GUI-G²'s 0.5)."),
    /** How per-step proximities combine into one trajectory proximity. */
    aggregate: z
      .enum(SWEET_SPOT_AGGREGATES)
      .default("mean")
      .describe("How per-step proximities combine into one trajectory proximity."),
    /** Frame of the prediction. */
    pred: frameField("Frame of the prediction."),
    /** Frame of the reference boxes. */
    ref: frameField("Frame of the reference boxes."),
    /** Read the answer from this tag when present (`null`: the whole completion). */
    answerTag: z
      .string()
      .min(1)
      .nullable()
      .default("answer")
      .describe("Read the answer from this tag when present (`null`: the whole completion)."),
    requireTag: RequireTagSchema,
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
  })
  .superRefine((config, ctx) => {
    if (config.edges && config.edges.length !== config.zones - 1) {
      ctx.addIssue({
        code: "custom",
        path: ["edges"],
        message: `must hold zones − 1 = ${config.zones - 1} thresholds`,
      });
    }
    if (config.edges?.some((e, i, all) => i > 0 && e <= all[i - 1]!)) {
      ctx.addIssue({ code: "custom", path: ["edges"], message: "must be strictly increasing" });
    }
    if (config.tiers && config.tiers.length !== config.zones) {
      ctx.addIssue({ code: "custom", path: ["tiers"], message: `must hold zones = ${config.zones} values` });
    }
  });

/** The reference as a list of step targets: one box, or a list of boxes (one per step). */
function referenceSteps(reference: unknown): Box[] | null {
  if (
    Array.isArray(reference) &&
    reference.length > 0 &&
    reference.every((r) => Array.isArray(r) || (typeof r === "object" && r !== null))
  ) {
    const boxes = reference.map((r) => boxesFromJson(r)[0]?.box ?? null);
    return boxes.every((b) => b !== null) ? (boxes as Box[]) : null;
  }
  const one = referenceBox(reference);
  return one ? [one] : null;
}

/** The predicted click of every step: box centres in order, else the first point. */
function predictedSteps(answer: string): Point[] {
  const boxes = findBoxes(answer);
  if (boxes.length) return boxes.map((b) => boxCenter(b.box));
  const point = findPoint(answer);
  return point ? [point] : [];
}

/**
 * Gaussian proximity `exp(−½(dx²/σx² + dy²/σy²))` of a point to a box's centre with
 * `σ = sigmaScale · (w, h)`; NaN for a zero-size box.
 * @example
 * gaussianProximity([10, 10], [0, 0, 20, 20], 0.5); // 1
 */
export function gaussianProximity(point: Point, box: Box, sigmaScale: number): number {
  const sx = sigmaScale * Math.abs(box[2] - box[0]);
  const sy = sigmaScale * Math.abs(box[3] - box[1]);
  if (!(sx > 0 && sy > 0)) return Number.NaN;
  const dx = (point[0] - (box[0] + box[2]) / 2) / sx;
  const dy = (point[1] - (box[1] + box[3]) / 2) / sy;
  const p = Math.exp(-0.5 * (dx * dx + dy * dy));
  return Number.isNaN(p) ? 0 : p;
}

/**
 * SSL's sweet-spot reward, as plaudit reads the paper (low confidence: no released code).
 *
 * Paper: "Sweet Spot Learning" (arXiv 2601.22491): continuous proximity from a Gaussian spatial
 * field around the target is discretised into K zones (K = 4 best), per-step scores are
 * aggregated into a trajectory score, bucketised, then scaled by α.
 *
 * Formula (plaudit's reading): per step `p = exp(−½(dx²/σx² + dy²/σy²))`, `σ = sigmaScale · (w, h)`
 * of the target box (GUI-G²'s adaptive σ; the paper names no σ); `P = aggregate(p₁…p_T)`
 * (mean by default; a step without a prediction has p = 0); zone `k = #{edges ≤ P}`; reward
 * `α · tiers[k]`. Choices, all configurable: zone edges are equal bins of the proximity (¼, ½, ¾)
 * rather than σ multiples, because proximity is already a monotone function of the Mahalanobis
 * distance (edge ½ is d ≈ 1.18σ); tiers are 0, ¼, ½, 1 ("progressively amplified": each zone
 * nearer the target doubles the reward and the outermost earns nothing); α = 1. Ordering is
 * preserved: a nearer click never scores less. Grid-task block matching is not implemented.
 *
 * The prediction is read like `gui.click-hit` (box centres first, then a point; `<answer>` when
 * present). Issues: `no_point_found` (0), `degenerate_box` (0, a zero-size target),
 * `reference_missing` / `reference_unparseable` / `missing_image_size` (`null`).
 * @example
 * const r = sweetSpotReward();
 * r.score!({ completion: "(1164, 33)", reference: [1122, 18, 1206, 48] }, ctx); // 1 (at the centre)
 * r.score!({ completion: "(1205, 45)", reference: [1122, 18, 1206, 48] }, ctx); // 0.25 (p ≈ 0.45)
 */
export const sweetSpotReward = defineReward({
  type: "gui.sweet-spot",
  description:
    "SSL sweet-spot reward: Gaussian proximity to the target bucketised into K amplified tiers, × α.",
  docs: {
    formula:
      "α · tiers[k], k = #{zone edges ≤ P}, P = mean over steps of exp(−½(dx²/σx² + dy²/σy²)), σ = sigmaScale · (w, h)",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: ["plaudit's reading of the paper (no released code, low confidence)"],
  },
  config: SweetSpotConfig,
  create: (config) => {
    const edges = config.edges ?? defaultEdges(config.zones);
    const tiers = config.tiers ?? defaultTiers(config.zones);
    const { alpha, sigmaScale, aggregate, answerTag, requireTag, maxAnswerLength } = config;
    return {
      score(sample, ctx) {
        if (sample.reference === undefined || sample.reference === null) {
          ctx.report("reference_missing", "the sample has no reference box");
          return null;
        }
        const targets = referenceSteps(sample.reference);
        if (!targets) {
          ctx.report("reference_unparseable", "the reference is not a box or a list of boxes");
          return null;
        }
        const tagged = answerTag !== null ? extractTag(sample.completion, { tag: answerTag }) : null;
        if (tagged === null && answerTag !== null && requireTag) {
          ctx.report("no_answer_tag", `no <${answerTag}>…</${answerTag}> in the completion`);
          return 0;
        }
        const answer = tagged ?? sample.completion;
        if (answer.length > maxAnswerLength) {
          ctx.report("format_mismatch", `the answer is longer than ${maxAnswerLength} characters`);
          return 0;
        }
        const clicks = predictedSteps(answer);
        if (!clicks.length) {
          ctx.report("no_point_found", "no point or box in the answer");
          return 0;
        }
        let sum = 0;
        let min = 1;
        let last = 0;
        for (let t = 0; t < targets.length; t++) {
          const click = clicks[t];
          let p = 0;
          if (click) {
            const aligned = alignPointToBox(click, config.pred.frame, targets[t]!, config.ref.frame, sample);
            if (!aligned.ok) {
              ctx.report("missing_image_size", `the frames need sample.${aligned.missing}`);
              return null;
            }
            p = gaussianProximity(aligned.value.pred, aligned.value.ref, sigmaScale);
            if (Number.isNaN(p)) {
              ctx.report("degenerate_box", `target ${t} has zero width or height`);
              return 0;
            }
          }
          sum += p;
          min = Math.min(min, p);
          last = p;
        }
        const proximity = aggregate === "mean" ? sum / targets.length : aggregate === "min" ? min : last;
        let zone = 0;
        while (zone < edges.length && proximity >= edges[zone]!) zone++;
        return alpha * tiers[zone]!;
      },
    };
  },
});
