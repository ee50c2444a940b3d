/**
 * Vision-R1's rewards: precision and recall over Hungarian-matched GIoUs with thresholds that
 * tighten at training step 1500, and the dual format reward.
 *
 * Paper: "Vision-R1: Evolving Human-Free Alignment in Large Vision-Language Models via
 * Vision-Guided Reinforcement Learning" (Zhan et al., arXiv 2503.18013).
 * Released code: `jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py`.
 * @module
 */

import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import { isPyDict, pyJsonLoads, pythonStrip } from "../../parse/python/index.js";
import {
  extractVisionR1,
  visionR1ClassIds,
  visionR1MatchedGious,
  visionR1Targets,
} from "./vision-r1-parse.js";

const f32 = Math.fround;

/**
 * `modify_tensor` / `modify_list`: values below `low` become 0, values above `high` become 1,
 * the rest stay (comparisons in float32, as on the released tensors).
 * @example
 * modifyThresholds([0.4, 0.5, 0.6, 0.8], 0.5, 0.75); // [0, 0.5, 0.6, 1]
 * modifyThresholds([0.4, 0.5, 0.6], 0.5, 0.5); // [0, 0.5, 1]
 */
export function modifyThresholds(values: readonly number[], low: number, high: number): number[] {
  const lo = f32(low);
  const hi = f32(high);
  return values.map((x) => (x < lo ? 0 : x > hi ? 1 : x));
}

/** `meta.step` as a number, or `undefined` (non-adaptive mode) when absent or invalid. */
function readStep(sample: Sample, ctx: ScoreContext): number | undefined {
  const step = sample.meta?.step;
  if (step === undefined || step === null) return undefined;
  if (typeof step !== "number" || !Number.isFinite(step)) {
    ctx.report("invalid_meta", "meta.step is not a finite number; non-adaptive thresholds used");
    return undefined;
  }
  return step;
}

/** Everything precision and recall share, computed once per sample. */
type Prepared =
  | { kind: "value"; value: number | null }
  | { kind: "scored"; gious: number[] | null; numInstances: number; hasDetections: boolean };

function prepare(sample: Sample, ctx: ScoreContext): Prepared {
  if (sample.reference === undefined || sample.reference === null) {
    ctx.report("reference_missing", "the sample has no Vision-R1 solution");
    return { kind: "value", value: null };
  }
  const targets = visionR1Targets(sample.reference);
  if (!targets) {
    ctx.report("reference_unparseable", "the reference is not a list of [class_name, [x1,y1,x2,y2]]");
    return { kind: "value", value: null };
  }
  const ids = visionR1ClassIds(sample, targets);
  if (!ids || targets.some((t) => !ids.has(t.name.toLowerCase()))) {
    ctx.report(
      "invalid_meta",
      "meta.target_id_maps is not a name → non-negative id map covering every reference class",
    );
    return { kind: "value", value: null };
  }
  const rawCount = sample.meta?.num_instances;
  let numInstances = targets.length;
  if (rawCount !== undefined && rawCount !== null) {
    const n = typeof rawCount === "string" ? Number(rawCount) : rawCount;
    if (typeof n !== "number" || !Number.isFinite(n)) {
      ctx.report("invalid_meta", "meta.num_instances is not a number");
      return { kind: "value", value: null };
    }
    numInstances = n;
  }
  if (!sample.image || !sample.input_image) {
    ctx.report("missing_image_size", "Vision-R1 rescales predictions from input_image to image pixels");
    return { kind: "value", value: null };
  }
  const detections = extractVisionR1(sample.completion);
  if (detections === null) return { kind: "scored", gious: null, numInstances, hasDetections: true };
  if (!detections.length) {
    ctx.report("no_box_found", "no valid {bbox_2d, label} prediction");
    return { kind: "scored", gious: [], numInstances, hasDetections: false };
  }
  if (!targets.length) return { kind: "scored", gious: null, numInstances, hasDetections: true };
  const gious = visionR1MatchedGious(detections, targets, ids, {
    image: sample.image,
    input_image: sample.input_image,
  });
  return { kind: "scored", gious, numInstances, hasDetections: true };
}

const VisionR1Config = z.strictObject({
  /** The training step at which the thresholds tighten (read from `meta.step`). */
  switchStep: z
    .number()
    .int()
    .min(0)
    .default(1500)
    .describe("The training step at which the thresholds tighten (read from `meta.step`)."),
});

function shared(sample: Sample, ctx: ScoreContext): Prepared {
  return ctx.memo("vision-r1:prepared", () => prepare(sample, ctx));
}

/**
 * The GIoUs of the matched pairs, or the score both Vision-R1 rewards give when there are none
 * to threshold (parse failures, no detections: 0 or 1 by `num_instances`, released crashes: 0).
 */
function matchedGious(
  sample: Sample,
  ctx: ScoreContext,
): { gious: number[]; numInstances: number } | number | null {
  const prepared = shared(sample, ctx);
  if (prepared.kind === "value") return prepared.value;
  if (!prepared.hasDetections) return prepared.numInstances > 0 ? 0 : 1;
  if (!prepared.gious) return crashed(ctx);
  return { gious: prepared.gious, numInstances: prepared.numInstances };
}

function crashed(ctx: ScoreContext): number {
  ctx.report(
    "legacy_error",
    "the released code raises here (empty reference, overflow or non-finite cost); scored 0",
  );
  return 0;
}

/**
 * Vision-R1's `precision_reward` (`jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py:316`):
 * the mean over Hungarian-matched pairs (`min(N_pred, N_gt)` pairs, cost `L1 − onehot_class − GIoU`)
 * of `modify(GIoU, lo, hi)`, with (lo, hi) = (0.5, 0.75) before `switchStep`, (0.75, 0.9) from
 * it, and (0, 1) when `meta.step` is absent (non-adaptive: only negatives are zeroed). No
 * predictions: 0 when `num_instances > 0`, else 1.
 *
 * Inputs: the reference is the `solution` column, a JSON list (or its string) of
 * `[class_name, [x1,y1,x2,y2]]` in original pixels; predictions (```` ```json ```` list of
 * `{bbox_2d, label}` in model-input pixels) are rescaled `x / input_w · W` — the sample needs
 * `image` and `input_image`. `meta.target_id_maps` (name → id; JSON string or object) and
 * `meta.num_instances` are read as the released dataset columns; when absent, ids number the
 * reference classes 1, 2, … in order of first appearance, and `num_instances` is the reference
 * count. `meta.step` is the trainer's global step (present only with `--adaptive`).
 *
 * Arithmetic is float32 like the released torch tensors, so values are float32-rounded
 * (e.g. 0.6000000238418579). Deviations: among equal-cost assignments the one chosen may differ
 * from scipy's; a case where the released code raises (predictions against an empty reference,
 * non-finite costs) scores 0 with `legacy_error`.
 * @example
 * visionR1Precision().score({ completion: '```json\n[{"bbox_2d": [0, 0, 10, 10], "label": "cat"}]\n```',
 *   reference: '[["cat", [0, 0, 10, 10]]]', image: { width: 10, height: 10 }, input_image: { width: 10, height: 10 } }, ctx); // 1
 */
export const visionR1Precision = defineReward({
  type: "grounding.vision-r1-precision",
  description: "Vision-R1 precision: mean thresholded GIoU of Hungarian-matched predictions.",
  docs: {
    formula:
      "mean over Hungarian-matched pairs of modify(GIoU, lo, hi), (lo, hi) = (0.5, 0.75) before switchStep, (0.75, 0.9) from it",
    reads: {
      fields: ["completion", "reference", "image", "input_image", "meta"],
      meta: ["step", "target_id_maps", "num_instances"],
    },
    deviations: [
      "among equal-cost assignments the one chosen may differ from scipy's",
      "a case where the released code raises (predictions against an empty reference, non-finite costs) scores 0 with legacy_error",
    ],
  },
  config: VisionR1Config,
  create: ({ switchStep }) => ({
    score(sample, ctx) {
      const step = readStep(sample, ctx);
      const matched = matchedGious(sample, ctx);
      if (typeof matched === "number" || matched === null) return matched;
      const [lo, hi] = step === undefined ? [0, 1] : step < switchStep ? [0.5, 0.75] : [0.75, 0.9];
      const values = modifyThresholds(matched.gious, lo, hi);
      let sum = 0;
      for (const v of values) sum = f32(sum + v);
      return f32(sum / values.length);
    },
  }),
});

/**
 * Vision-R1's `recall_reward` (`jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py:241`):
 * `TP = Σ modify(GIoU, t, t)` over the matched pairs with t = 0.5 before `switchStep` (and when
 * `meta.step` is absent), 0.75 from it — binary except a GIoU exactly at t stays itself;
 * `recall = TP / num_instances`, then `modify(recall, 0.5, 0.75)` when `meta.step` is present,
 * `modify(recall, 0, 1)` otherwise. No predictions: 0 when `num_instances > 0`, else 1.
 * Inputs, float32 arithmetic and deviations as {@link visionR1Precision}; a non-finite recall
 * (`num_instances` 0 with predictions) scores 0 with `non_finite`.
 * @example
 * visionR1Recall().score({ completion: '```json\n[{"bbox_2d": [0, 0, 10, 10], "label": "cat"}]\n```',
 *   reference: '[["cat", [0, 0, 10, 10]], ["dog", [20, 20, 30, 30]]]', image: { width: 40, height: 40 }, input_image: { width: 40, height: 40 } }, ctx); // 0.5
 */
export const visionR1Recall = defineReward({
  type: "grounding.vision-r1-recall",
  description: "Vision-R1 recall: thresholded matched GIoUs / num_instances.",
  docs: {
    formula:
      "modify(Σ modify(GIoU, t, t) / num_instances, 0.5, 0.75), t = 0.5 before switchStep, 0.75 from it",
    reads: {
      fields: ["completion", "reference", "image", "input_image", "meta"],
      meta: ["step", "target_id_maps", "num_instances"],
    },
    deviations: [
      "among equal-cost assignments the one chosen may differ from scipy's",
      "a case where the released code raises scores 0 with legacy_error; a non-finite recall scores 0 with non_finite",
    ],
  },
  config: VisionR1Config,
  create: ({ switchStep }) => ({
    score(sample, ctx) {
      const step = readStep(sample, ctx);
      const matched = matchedGious(sample, ctx);
      if (typeof matched === "number" || matched === null) return matched;
      const t = step === undefined || step < switchStep ? 0.5 : 0.75;
      let tp = 0;
      for (const v of modifyThresholds(matched.gious, t, t)) tp = f32(tp + v);
      const recall = f32(tp / matched.numInstances);
      const [value] =
        step === undefined ? modifyThresholds([recall], 0, 1) : modifyThresholds([recall], 0.5, 0.75);
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "recall is not finite; scored 0");
        return 0;
      }
      return value!;
    },
  }),
});

/**
 * `validate_bbox_label` of `dual_format_reward`: 1, 0, or `null` where Python raises an uncaught error.
 * @example
 * visionR1FormatValue('[{"bbox_2d": [1, 2, 3], "label": "a"}]'); // 0
 * visionR1FormatValue("not json"); // 0
 */
export function visionR1FormatValue(completion: string): number | null {
  const text = pythonStrip(completion.replace(/```json\n|\n```/g, ""));
  const parsed = pyJsonLoads(text);
  // Only JSONDecodeError is caught; ValueError (over-long integers) and RecursionError escape.
  if (!parsed.ok) return parsed.error === "decode" ? 0 : null;
  if (!Array.isArray(parsed.value)) return 1;
  for (const item of parsed.value) {
    if (isPyDict(item) && Object.hasOwn(item, "bbox_2d") && Object.hasOwn(item, "label")) {
      const bbox = item.bbox_2d;
      if (!(Array.isArray(bbox) && bbox.length === 4)) return 0;
    }
  }
  return 1;
}

/**
 * Vision-R1's `dual_format_reward` (`jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py:198`):
 * remove every ```` ```json\n ```` and ```` \n``` ````, strip, parse the whole completion as JSON:
 * a JSON error gives 0; a list in which some object with `bbox_2d` and `label` has a `bbox_2d`
 * that is not a 4-element list gives 0; anything else (including a non-list value) gives 1.
 * When `num_instances` (`meta.num_instances`, else the reference count, else 1) is 0 the value
 * is flipped to `1 − value`. An integer literal over 4300 digits (`ValueError`) or nesting
 * deeper than Python's recursion limit (`RecursionError`) escapes the released `except
 * json.JSONDecodeError`: 0 with `legacy_error`.
 * @example
 * visionR1DualFormat().score({ completion: '```json\n[{"bbox_2d": [1, 2, 3, 4], "label": "cat"}]\n```' }, ctx); // 1
 */
export const visionR1DualFormat = defineReward({
  type: "grounding.vision-r1-dual-format",
  description: "Vision-R1 dual format: the completion parses as JSON with 4-element bbox_2d lists.",
  docs: {
    formula:
      "1 unless the JSON list of {bbox_2d, label} fails to parse or holds a bbox_2d that is not 4 values; flipped to 1 − v when num_instances is 0",
    reads: { fields: ["completion", "reference", "meta"], meta: ["num_instances"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      const value = visionR1FormatValue(sample.completion);
      if (value === null) return crashed(ctx);
      if (value === 0)
        ctx.report("format_mismatch", "the completion is not JSON with 4-element bbox_2d lists");
      const raw = sample.meta?.num_instances;
      let count = 1;
      if (typeof raw === "number" || (typeof raw === "string" && raw.trim() !== "")) count = Number(raw);
      else {
        const targets = sample.reference === undefined ? null : visionR1Targets(sample.reference);
        if (targets) count = targets.length;
      }
      return count > 0 ? value : 1 - value;
    },
  }),
});
