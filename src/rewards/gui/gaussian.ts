/**
 * GUI-G²'s rewards: the Gaussian point reward, the Gaussian plane (coverage) reward and the
 * bare-box format reward.
 *
 * Paper: "GUI-G²: Gaussian Reward Modeling for GUI Grounding" (arXiv 2507.15846).
 * Released code: `ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py`.
 * @module
 */

import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import { alignBoxes, type Box, FRAMES } from "../../parse/index.js";
import { pythonFloatBox } from "../../parse/python/index.js";
import {
  DEGENERATE_REFERENCE,
  gaussianPlaneValue,
  gaussianPointValue,
  NON_FINITE,
  OVERFLOW,
} from "./gaussian-math.js";
import { isGuiG2IntegerBox, NO_BOX, parseGuiG2Box } from "./gui-g2-parse.js";

const FrameSchema = z.enum(FRAMES);

/** Config shared by the two Gaussian rewards. */
const GaussianConfig = z.strictObject({
  /** Frame of the predicted box. GUI-G² compares pixels with pixels (`abs_box`). */
  pred: z
    .strictObject({ frame: FrameSchema.default("pixel") })
    .default({ frame: "pixel" })
    .describe("Frame of the predicted box. GUI-G² compares pixels with pixels (`abs_box`)."),
  /** Frame of the reference box. */
  ref: z
    .strictObject({ frame: FrameSchema.default("pixel") })
    .default({ frame: "pixel" })
    .describe("Frame of the reference box."),
  /**
   * Reproduce the released code's non-finite values. They still score 0 with issue `non_finite`,
   * because NaN and Infinity never leave the engine; the flag only changes the message.
   */
  legacy: z
    .boolean()
    .default(false)
    .describe(
      "Reproduce the released code's non-finite values. They still score 0 with issue `non_finite`, because NaN and Infinity never leave the engine; the flag only changes the message.",
    ),
});

/** The predicted and reference boxes of a sample in one frame, or why they are unavailable. */
type AlignedBoxes =
  | { ok: true; pred: Box; ref: Box }
  | {
      ok: false;
      value: 0 | null;
      code:
        | "no_box_found"
        | "unparseable_answer"
        | "reference_missing"
        | "reference_unparseable"
        | "missing_image_size";
      message: string;
    };

const NO_BOX_RESULT: AlignedBoxes = {
  ok: false,
  value: 0,
  code: "no_box_found",
  message: "no [x1,y1,x2,y2] after the last 'assistant\\n'",
};
const UNCONVERTIBLE_RESULT: AlignedBoxes = {
  ok: false,
  value: 0,
  code: "unparseable_answer",
  message: "the box's numbers are not convertible by Python's float() (\\x1c–\\x1f whitespace)",
};
const REFERENCE_MISSING_RESULT: AlignedBoxes = {
  ok: false,
  value: null,
  code: "reference_missing",
  message: "the sample has no reference box",
};
const REFERENCE_UNPARSEABLE_RESULT: AlignedBoxes = {
  ok: false,
  value: 0,
  code: "reference_unparseable",
  message: "the reference is not a list of 4 numbers (abs_box)",
};

function alignGuiG2(
  sample: Sample,
  predFrame: (typeof FRAMES)[number],
  refFrame: (typeof FRAMES)[number],
): AlignedBoxes {
  if (sample.reference === undefined || sample.reference === null) return REFERENCE_MISSING_RESULT;
  const pred = parseGuiG2Box(sample.completion);
  if (pred === NO_BOX) return NO_BOX_RESULT;
  if (typeof pred === "string") return UNCONVERTIBLE_RESULT;
  const ref = pythonFloatBox(sample.reference);
  if (!ref) return REFERENCE_UNPARSEABLE_RESULT;
  // Equal frames need no conversion (and no allocation on this hot path).
  if (predFrame === refFrame) return { ok: true, pred, ref };
  const aligned = alignBoxes(pred, predFrame, ref, refFrame, sample);
  if (!aligned.ok) {
    return {
      ok: false,
      value: null,
      code: "missing_image_size",
      message: `the frames need sample.${aligned.missing}`,
    };
  }
  return { ok: true, pred: aligned.value.pred, ref: aligned.value.ref };
}

/** Reports the sentinel of a Gaussian value and returns the score. */
function finish(value: number, ctx: ScoreContext, legacy: boolean): number {
  if (value >= 0) return value;
  if (value === DEGENERATE_REFERENCE) {
    ctx.report(
      "degenerate_box",
      "the reference box has zero width or height (division by zero in the released code)",
    );
  } else if (value === OVERFLOW) {
    ctx.report(
      "invalid_box",
      "a coordinate is so large that squaring it overflows (OverflowError in the released code)",
    );
  } else if (value === NON_FINITE) {
    ctx.report(
      "non_finite",
      legacy
        ? "the released code returns a non-finite value here; scored 0 because NaN/Infinity never leave the engine"
        : "non-finite value (degenerate boxes) scored 0",
    );
  }
  return 0;
}

function scoreGaussian(
  sample: Sample,
  ctx: ScoreContext,
  memoKey: string,
  predFrame: (typeof FRAMES)[number],
  refFrame: (typeof FRAMES)[number],
  legacy: boolean,
  value: (pred: Box, ref: Box) => number,
): number | null {
  const boxes = ctx.memo(memoKey, () => alignGuiG2(sample, predFrame, refFrame));
  if (!boxes.ok) {
    ctx.report(boxes.code, boxes.message);
    return boxes.value;
  }
  return finish(value(boxes.pred, boxes.ref), ctx, legacy);
}

/**
 * GUI-G²'s Gaussian point reward: how close the predicted box's centre is to the reference
 * centre under a Gaussian whose spread is half the reference box's size.
 *
 * Paper: "GUI-G²: Gaussian Reward Modeling for GUI Grounding" (arXiv 2507.15846).
 * Released code: `ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py:345`.
 *
 * Formula: `R = round(exp(−½[(μp,x − μg,x)²/σx² + (μp,y − μg,y)²/σy²]), 3)`, `σ = 0.5 · (w_gt, h_gt)`,
 * rounded as Python's `round` (exact decimal, ties to even). The box is the first
 * `[a, b, c, d]` (floats, negatives) after the last `assistant\n`; the reference is `abs_box`,
 * 4 values converted by Python's `float()`.
 *
 * As released: no box → 0 (`no_box_found`); a zero-width or zero-height reference → 0
 * (`degenerate_box`); a reversed reference box works (σ² is positive). Deviations: a NaN the
 * released code would return (e.g. `-1e400` and `1e400` in one box) scores 0 with `non_finite`;
 * a sample without `reference` (the released trainer cannot run) scores `null`.
 * @example
 * const point = gaussianPointReward();
 * point.score!({ completion: "[1130,20,1210,50]", reference: [1122, 18, 1206, 48] }, ctx); // 0.981
 */
export const gaussianPointReward = defineReward({
  type: "gui.gaussian-point",
  description:
    "GUI-G² Gaussian point reward: exp(−½ Mahalanobis²) of the box centre, σ = half the reference size.",
  docs: {
    formula: "round(exp(−½[(Δx)²/σx² + (Δy)²/σy²]), 3) between box centres, σ = 0.5 · (w_gt, h_gt)",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [
      "a NaN the released code would return (e.g. -1e400 and 1e400 in one box) scores 0 with non_finite",
      "a sample without reference (the released trainer cannot run) scores null",
    ],
    legacy:
      "the same values (non-finite results still score 0: NaN never leaves the engine); only the issue message differs",
  },
  config: GaussianConfig,
  create: ({ pred, ref, legacy }) => {
    const memoKey = `gui-g2:${pred.frame}:${ref.frame}`;
    return {
      score: (sample, ctx) =>
        scoreGaussian(sample, ctx, memoKey, pred.frame, ref.frame, legacy, gaussianPointValue),
    };
  },
});

/**
 * GUI-G²'s Gaussian plane ("coverage") reward, implemented in the released code as the
 * Bhattacharyya coefficient between the predicted box's Gaussian and the reference's.
 *
 * Paper: "GUI-G²: Gaussian Reward Modeling for GUI Grounding" (arXiv 2507.15846).
 * Released code: `ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py:259`.
 *
 * Formula: `R = round(exp(−D_B), 3)`, `D_B = ⅛ Δμᵀ(Σ̄ + 1e-8·I)⁻¹Δμ + ½ ln(det Σ̄ / √(det Σp · det Σg + 1e-8))`,
 * `Σ = diag((w/2)², (h/2)²)` per box, `Σ̄ = (Σp + Σg)/2`; determinants and rounding as numpy
 * computes them (`exp(Σ log)`, `rint(x · 1000)/1000`). Parsing as {@link gaussianPointReward}.
 *
 * Deviation (fix, per the reference's bug table): boxes degenerate on the same axis make the
 * released value infinite (or NaN); plaudit scores 0 with issue `non_finite`. `legacy: true`
 * cannot return the infinity either (non-finite values never leave the engine): it scores 0 with
 * the same issue.
 * @example
 * const plane = gaussianPlaneReward();
 * plane.score!({ completion: "[1100,10,1180,40]", reference: [1122, 18, 1206, 48] }, ctx); // 0.924
 */
export const gaussianPlaneReward = defineReward({
  type: "gui.gaussian-plane",
  description:
    "GUI-G² Gaussian plane reward: exp(−Bhattacharyya distance) between box Gaussians, as released.",
  docs: {
    formula:
      "round(exp(−D_B), 3), D_B the Bhattacharyya distance between the boxes' Gaussians Σ = diag((w/2)², (h/2)²)",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [
      "boxes degenerate on the same axis make the released value infinite or NaN; plaudit scores 0 with non_finite",
    ],
    legacy:
      "the same values (the released infinity cannot leave the engine: 0 with non_finite); only the issue message differs",
  },
  config: GaussianConfig,
  create: ({ pred, ref, legacy }) => {
    const memoKey = `gui-g2:${pred.frame}:${ref.frame}`;
    return {
      score: (sample, ctx) =>
        scoreGaussian(sample, ctx, memoKey, pred.frame, ref.frame, legacy, gaussianPlaneValue),
    };
  },
});

/**
 * GUI-G²'s format reward: 1 when the text after the last `assistant\n` is exactly one integer
 * box, else 0 (issue `format_mismatch`).
 *
 * Paper: "GUI-G²: Gaussian Reward Modeling for GUI Grounding" (arXiv 2507.15846).
 * Released code: `ZJU-REAL/GUI-G2@5c5c365: src/gui_g2/src/open_r1/gaussian_grpo.py:398`.
 *
 * Formula: `re.fullmatch(r"\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]", text, re.DOTALL)`, with
 * Python's Unicode `\d` and `\s`; any text around the box, even a newline, fails. No deviation.
 * @example
 * guiG2FormatReward().score!({ completion: "[1130, 20, 1210, 50]" }, ctx); // 1
 * guiG2FormatReward().score!({ completion: "[1130, 20, 1210, 50]." }, ctx); // 0
 */
export const guiG2FormatReward = defineReward({
  type: "gui.g2-format",
  description: "GUI-G² format reward: the answer is exactly one integer box [x1,y1,x2,y2].",
  docs: {
    formula:
      "1 if the text after the last `assistant\\n` fullmatches one integer box [\\d+, \\d+, \\d+, \\d+], else 0",
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      if (isGuiG2IntegerBox(sample.completion)) return 1;
      ctx.report("format_mismatch", "the answer is not exactly one integer box [x1,y1,x2,y2]");
      return 0;
    },
  }),
});
