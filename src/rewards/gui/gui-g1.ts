/**
 * GUI-G1's three rewards: scaled inclusive-pixel IoU, centre hit, and box-closeness harmonic
 * mean. (The per-sample difficulty `rate` is an advantage weight: `advantage: { type: difficulty }`.)
 *
 * Paper: "GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents"
 * (arXiv 2505.15810). Released code: `Yuqi-Zhou/GUI-G1@e581fe9:
 * src/open-r1-multimodal/src/open_r1/grpo_rec.py:225-330`.
 * @module
 */

import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import { alignBoxes, type Box, boxToPixels, FRAMES, type Frame } from "../../parse/index.js";
import { frameField } from "../frame-config.js";
import { iouInclusivePixel } from "../grounding/geometry.js";
import { type GuiG1Box, parseGuiG1Box } from "./gui-g1-parse.js";

const FramesConfig = {
  /** Frame of the predicted box; GUI-G1 compares pixels with pixels. */
  pred: frameField("Frame of the predicted box; GUI-G1 compares pixels with pixels."),
  /** Frame of the reference box. */
  ref: frameField("Frame of the reference box."),
};

const FAILURE_MESSAGES: Record<Exclude<GuiG1Box, Box>, string> = {
  unparseable_answer: "the ```json block (or the whole completion) is not a Python literal",
  no_box_found: "the literal's first element has no 'bbox_2d'",
  invalid_box: "'bbox_2d' does not hold four numbers",
};

/** The parsed prediction, shared by the three rewards of a sample. */
function predictedBox(sample: Sample, ctx: ScoreContext): GuiG1Box {
  return ctx.memo("gui-g1:box", () => parseGuiG1Box(sample.completion));
}

/**
 * The reference as the released code uses it: a list of at least four numbers (booleans count
 * as 0/1, as in Python arithmetic); `exact` requires exactly four (`hit` unpacks it).
 */
function referenceBox(reference: unknown, exact: boolean): Box | undefined {
  if (!Array.isArray(reference) || reference.length < 4 || (exact && reference.length !== 4))
    return undefined;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const v = reference[i];
    if (typeof v === "number") out.push(v);
    else if (typeof v === "boolean") out.push(v ? 1 : 0);
    else return undefined;
  }
  return out as unknown as Box;
}

/** The prediction and the reference, or the score to return after reporting why not. */
function inputs(
  sample: Sample,
  ctx: ScoreContext,
  exactReference: boolean,
): { pred: Box; ref: Box } | { score: 0 | null } {
  if (sample.reference === undefined || sample.reference === null) {
    ctx.report("reference_missing", "the sample has no reference box (GUI-G1's solution)");
    return { score: null };
  }
  const pred = predictedBox(sample, ctx);
  if (typeof pred === "string") {
    ctx.report(pred, FAILURE_MESSAGES[pred]);
    return { score: 0 };
  }
  const ref = referenceBox(sample.reference, exactReference);
  if (!ref) {
    ctx.report("reference_unparseable", "the reference is not a list of 4 numbers [x1,y1,x2,y2]");
    return { score: 0 };
  }
  return { pred, ref };
}

function align(pred: Box, ref: Box, predFrame: Frame, refFrame: Frame, sample: Sample, ctx: ScoreContext) {
  const aligned = alignBoxes(pred, predFrame, ref, refFrame, sample);
  if (!aligned.ok) ctx.report("missing_image_size", `the frames need sample.${aligned.missing}`);
  return aligned;
}

function isFiniteBox(box: Box): boolean {
  return (
    Number.isFinite(box[0]) && Number.isFinite(box[1]) && Number.isFinite(box[2]) && Number.isFinite(box[3])
  );
}

/**
 * GUI-G1's IoU reward: `scale · IoU(pred, gt)` with the inclusive-pixel ("−1/+1") IoU.
 *
 * Paper: "GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents"
 * (arXiv 2505.15810). Released code: `Yuqi-Zhou/GUI-G1@e581fe9:
 * src/open-r1-multimodal/src/open_r1/grpo_rec.py:225`.
 *
 * Formula: `0.25 · inter / union`, `inter = (min(x2−1) − max(x1) + 1)(…)` when both overlaps
 * exceed 1 px, `union` with exclusive areas (see `iouInclusivePixel`). Parsing as released:
 * the first `bbox_2d` of the Python literal in the ```` ```json ```` block; any failure scores 0
 * with an issue. Reversed boxes give negative areas and can score below 0, as released.
 * Deviation: a NaN the released code would return (infinite coordinates) scores 0 with
 * `non_finite`; no reference scores `null`.
 * @example
 * guiG1IouReward().score!({ completion: '```json\n[{"bbox_2d": [1200,1020,1340,1085]}]\n```', reference: [1207.68, 1024.92, 1351.68, 1080] }, ctx); // 0.187004…
 */
export const guiG1IouReward = defineReward({
  type: "gui.g1-iou",
  description: "GUI-G1 IoU reward: 0.25 × inclusive-pixel IoU of the first bbox_2d in the ```json block.",
  docs: {
    formula: "scale · inclusive-pixel IoU(pred, gt), scale 0.25",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [
      "a NaN the released code would return (infinite coordinates) scores 0 with non_finite",
      "no reference scores null",
    ],
  },
  config: z.strictObject({
    ...FramesConfig,
    /** The factor α (the released code's "TODO: set alpha" is 0.25). */
    scale: z
      .number()
      .finite()
      .default(0.25)
      .describe('The factor α (the released code\'s "TODO: set alpha" is 0.25).'),
  }),
  create: ({ pred, ref, scale }) => ({
    score(sample, ctx) {
      const got = inputs(sample, ctx, false);
      if ("score" in got) return got.score;
      const aligned = align(got.pred, got.ref, pred.frame, ref.frame, sample, ctx);
      if (!aligned.ok) return null;
      const iou = iouInclusivePixel(aligned.value.pred, aligned.value.ref);
      if (iou === 0 && !isFiniteBox(aligned.value.pred)) {
        ctx.report("non_finite", "an infinite coordinate makes the released IoU NaN or 0; scored 0");
      }
      return 0 + scale * iou;
    },
  }),
});

/**
 * GUI-G1's hit reward: 1 when the predicted box's centre lies inside the reference box
 * (inclusive bounds), else 0.
 *
 * Paper: "GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents"
 * (arXiv 2505.15810). Released code: `Yuqi-Zhou/GUI-G1@e581fe9:
 * src/open-r1-multimodal/src/open_r1/grpo_rec.py:261`.
 *
 * Formula: `x1 ≤ (p1 + p3)/2 ≤ x2 and y1 ≤ (p2 + p4)/2 ≤ y2`. As released, the reference must
 * hold exactly four values (it is unpacked); a reversed reference box never hits. No deviation
 * besides `null` for a missing reference.
 * @example
 * guiG1HitReward().score!({ completion: '```json\n[{"bbox_2d": [1200,1020,1340,1085]}]\n```', reference: [1207.68, 1024.92, 1351.68, 1080] }, ctx); // 1
 */
export const guiG1HitReward = defineReward({
  type: "gui.g1-hit",
  description: "GUI-G1 hit reward: 1 if the centre of the first bbox_2d is inside the reference box.",
  docs: {
    formula: "1 if the predicted box's centre lies in the reference box (inclusive), else 0",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: ["a missing reference scores null"],
  },
  config: z.strictObject({ ...FramesConfig }),
  create: ({ pred, ref }) => ({
    score(sample, ctx) {
      const got = inputs(sample, ctx, true);
      if ("score" in got) return got.score;
      const aligned = align(got.pred, got.ref, pred.frame, ref.frame, sample, ctx);
      if (!aligned.ok) return null;
      const p = aligned.value.pred;
      const g = aligned.value.ref;
      const x = (p[0] + p[2]) / 2;
      const y = (p[1] + p[3]) / 2;
      return g[0] <= x && x <= g[2] && g[1] <= y && y <= g[3] ? 1 : 0;
    },
  }),
});

/**
 * GUI-G1's box-closeness reward: `0.125 ×` the harmonic mean of four closeness terms
 * `1 − |Δx|/W`, `1 − |Δy|/H` of the corners, with the image size; it discourages box-size hacking.
 *
 * Paper: "GUI-G1: Understanding R1-Zero-Like Training for Visual Grounding in GUI Agents"
 * (arXiv 2505.15810). Released code: `Yuqi-Zhou/GUI-G1@e581fe9:
 * src/open-r1-multimodal/src/open_r1/grpo_rec.py:294`.
 *
 * Formula: `0.125 · 4 / (1/x1' + 1/x2' + 1/y1' + 1/y2')`, `x1' = 1 − |gt_x1 − p_x1| / W` etc.
 * Needs `sample.image` (`missing_image_size` → `null`; the released code raises).
 * Deviation (fix, per the reference's bug table): each term is clamped to [0, 1], so a far-off
 * box scores 0 instead of a negative or exploding value (one case reaches 52.7). `legacy: true`
 * keeps the unclamped terms. In both modes a zero term (or a zero sum) divides by zero and
 * scores 0 (`legacy_error` in legacy mode, as the released code catches it); a NaN scores 0
 * with `non_finite`.
 * @example
 * guiG1BoxReward().score!({ completion: '```json\n[{"bbox_2d": [1200,1020,1340,1085]}]\n```', reference: [1207.68, 1024.92, 1351.68, 1080], image: { width: 1920, height: 1080 } }, ctx); // 0.124398…
 */
export const guiG1BoxReward = defineReward({
  type: "gui.g1-box",
  description:
    "GUI-G1 box reward: 0.125 × harmonic mean of the four corner-closeness terms (needs image size).",
  docs: {
    formula:
      "scale · 4 / (1/x1' + 1/x2' + 1/y1' + 1/y2'), x1' = clamp01(1 − |gt_x1 − p_x1| / W), scale 0.125",
    reads: { fields: ["completion", "reference", "image"] },
    deviations: [
      "each closeness term is clamped to [0, 1], so a far-off box scores 0 instead of a negative or exploding value (one case reaches 52.7)",
    ],
    legacy:
      "the unclamped closeness terms; a zero term scores 0 with legacy_error, as the released code catches the ZeroDivisionError",
  },
  config: z.strictObject({
    ...FramesConfig,
    /** The factor β (the released code's "TODO: Set beta" is 0.125). */
    scale: z
      .number()
      .finite()
      .default(0.125)
      .describe('The factor β (the released code\'s "TODO: Set beta" is 0.125).'),
    /** Unclamped closeness terms, as released (can go negative or explode). */
    legacy: z
      .boolean()
      .default(false)
      .describe("Unclamped closeness terms, as released (can go negative or explode)."),
  }),
  create: ({ pred, ref, scale, legacy }) => ({
    score(sample, ctx) {
      const got = inputs(sample, ctx, false);
      if ("score" in got) return got.score;
      if (!sample.image) {
        ctx.report(
          "missing_image_size",
          "GUI-G1's box reward divides by the image size: sample.image is required",
        );
        return null;
      }
      const p = boxToPixels(got.pred, pred.frame, sample);
      const g = boxToPixels(got.ref, ref.frame, sample);
      if (!p.ok || !g.ok) {
        ctx.report(
          "missing_image_size",
          `the frames need sample.${p.ok ? (g as { missing: string }).missing : p.missing}`,
        );
        return null;
      }
      const { width, height } = sample.image;
      const closeness = (gt: number, predicted: number, size: number): number => {
        const term = 1 - Math.abs(gt - predicted) / size;
        return legacy ? term : Math.min(1, Math.max(0, term));
      };
      const x1 = closeness(g.value[0], p.value[0], width);
      const y1 = closeness(g.value[1], p.value[1], height);
      const x2 = closeness(g.value[2], p.value[2], width);
      const y2 = closeness(g.value[3], p.value[3], height);
      const sum = 1 / x1 + 1 / x2 + 1 / y1 + 1 / y2;
      if (x1 === 0 || x2 === 0 || y1 === 0 || y2 === 0 || sum === 0) {
        if (legacy)
          ctx.report("legacy_error", "a closeness term (or their sum) is 0: ZeroDivisionError, caught as 0");
        else ctx.report("invalid_box", "a corner is a whole image width/height or more away: closeness 0");
        return 0;
      }
      const value = 0 + (scale * 4) / sum;
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "the closeness terms give a non-finite value; scored 0");
        return 0;
      }
      return value;
    },
  }),
});
