/**
 * Tests of the grounding rewards: vision-r1.
 * @module
 */
import { describe, expect, it } from "vitest";
import { scoreOne } from "../../../test/support/score-one.js";
import type { Sample } from "../../core/sample.js";
import { minCostAssignment } from "./hungarian.js";
import {
  modifyThresholds,
  visionR1DualFormat,
  visionR1FormatValue,
  visionR1Precision,
  visionR1Recall,
} from "./vision-r1.js";
import { extractVisionR1, giouFloat32 } from "./vision-r1-parse.js";

const size = { image: { width: 100, height: 100 }, input_image: { width: 100, height: 100 } };
const json = (items: object[]) => `\`\`\`json\n${JSON.stringify(items)}\n\`\`\``;

function sample(
  completion: string,
  reference: unknown,
  meta?: Record<string, unknown>,
  extra: object = size,
): Sample {
  return { completion, reference, ...(meta ? { meta } : {}), ...extra };
}

describe("Vision-R1 modify_tensor, worked examples §10", () => {
  it("modify_tensor([0.4, 0.5, 0.6, 0.8], 0.5, 0.75) = [0, 0.5, 0.6, 1]", () => {
    expect(modifyThresholds([0.4, 0.5, 0.6, 0.8], 0.5, 0.75)).toEqual([0, 0.5, 0.6, 1]);
  });
  it("modify_tensor([0.4, 0.5, 0.6], 0.5, 0.5) = [0, 0.5, 1]", () => {
    expect(modifyThresholds([0.4, 0.5, 0.6], 0.5, 0.5)).toEqual([0, 0.5, 1]);
  });
});

describe("Vision-R1 float32 GIoU and Hungarian matching", () => {
  it("GIoU in float32 (numpy float32: 0.800000011920929, −0.079365074634552)", () => {
    expect(giouFloat32([0, 0, 10, 10], [0, 0, 10, 8])).toBe(0.800000011920929);
    expect(giouFloat32([0, 0, 10, 10], [5, 5, 15, 15])).toBe(-0.079365074634552);
  });
  it("minCostAssignment solves square and rectangular problems", () => {
    expect(
      minCostAssignment([
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ]),
    ).toEqual([
      [0, 1],
      [1, 0],
      [2, 2],
    ]);
    expect(minCostAssignment([[1], [0], [5]])).toEqual([[1, 0]]);
    expect(minCostAssignment([[9, 1, 9, 9]])).toEqual([[0, 1]]);
    expect(minCostAssignment([])).toEqual([]);
  });
});

describe("Vision-R1 precision and recall", () => {
  const ref = '[["cat", [0, 0, 10, 8]]]';
  const pred = json([{ bbox_2d: [0, 0, 10, 10], label: "cat" }]);
  it("non-adaptive (no meta.step): precision is the raw float32 GIoU, recall thresholds at 0.5", () => {
    expect(scoreOne(visionR1Precision(), sample(pred, ref)).value).toBe(0.800000011920929);
    expect(scoreOne(visionR1Recall(), sample(pred, ref)).value).toBe(1);
  });
  it("adaptive: (0.5, 0.75) before step 1500, (0.75, 0.9) from it", () => {
    expect(scoreOne(visionR1Precision(), sample(pred, ref, { step: 100 })).value).toBe(1);
    expect(scoreOne(visionR1Precision(), sample(pred, ref, { step: 1500 })).value).toBe(0.800000011920929);
    expect(scoreOne(visionR1Recall(), sample(pred, ref, { step: 1500 })).value).toBe(1);
  });
  it("without input_image both components are null and each carries missing_image_size (shared parse)", async () => {
    const { buildScorer } = await import("../../recipe/index.js");
    const scorer = buildScorer({ extends: "vision-r1", advantage: null });
    const [result] = scorer.scoreSync([
      sample(pred, ref, undefined, { image: { width: 100, height: 100 } }),
    ]).results;
    expect(result!.components.precision_reward).toBeNull();
    expect(result!.components.recall_reward).toBeNull();
    const codes = result!.issues.map((i) => `${i.reward}:${i.code}`);
    expect(codes).toContain("precision_reward:missing_image_size");
    expect(codes).toContain("recall_reward:missing_image_size");
    expect(result!.reward).toBeNull();
  });
  it("recall divides by num_instances and is thresholded (0.5, 0.75) in adaptive mode", () => {
    const two = '[["cat", [0, 0, 10, 8]], ["dog", [50, 50, 60, 60]]]';
    expect(scoreOne(visionR1Recall(), sample(pred, two)).value).toBe(0.5);
    expect(scoreOne(visionR1Recall(), sample(pred, two, { step: 10 })).value).toBe(0.5);
    expect(scoreOne(visionR1Recall(), sample(pred, two, { step: 10, num_instances: 3 })).value).toBe(0);
  });
  it("mean over the matched pairs in float32, rescale included (numpy float32 port: 0.8499998450279236)", () => {
    const two = '[["cat", [0, 0, 10, 8]], ["cat", [21, 20, 30, 30]]]';
    const preds = json([
      { bbox_2d: [0, 0, 10, 10], label: "cat" },
      { bbox_2d: [20, 20, 30, 30], label: "cat" },
    ]);
    expect(scoreOne(visionR1Precision(), sample(preds, two)).value).toBe(0.8499998450279236);
  });
  it("rescales input pixels to the image: x / input_w · W", () => {
    const scaled = { image: { width: 200, height: 200 }, input_image: { width: 100, height: 100 } };
    const r = scoreOne(
      visionR1Precision(),
      sample(json([{ bbox_2d: [0, 0, 5, 4], label: "cat" }]), ref, undefined, scaled),
    );
    expect(r.value).toBe(1);
  });
  it("the class term decides between equal boxes; target_id_maps from meta (JSON string)", () => {
    const refs = '[["cat", [0, 0, 10, 10]], ["dog", [0, 0, 10, 10]]]';
    const preds = json([{ bbox_2d: [0, 0, 10, 10], label: "Dog " }]);
    const meta = { target_id_maps: '{"cat": 1, "dog": 2}' };
    expect(scoreOne(visionR1Precision(), sample(preds, refs, meta)).value).toBe(1);
  });
  it("no predictions: 0 when num_instances > 0, else 1", () => {
    expect(scoreOne(visionR1Precision(), sample("nothing", ref)).value).toBe(0);
    expect(scoreOne(visionR1Recall(), sample("nothing", "[]", { num_instances: 0 })).value).toBe(1);
  });
  it("degenerate predictions (x1 ≥ x2) are dropped by extract; the regex fallback reads 0–1000 ints", () => {
    expect(extractVisionR1(json([{ bbox_2d: [5, 0, 5, 10], label: "a" }]))).toEqual([]);
    expect(extractVisionR1('junk {"bbox_2d": [1, 2, 1000, 40], "label": "cat"} junk')).toEqual([
      { box: [1, 2, 1000, 40], label: "cat" },
    ]);
    expect(extractVisionR1(json([{ bbox_2d: ["3", 0.9, 10, true], label: "a" }]))).toEqual([
      { box: [3, 0, 10, 1], label: "a" },
    ]);
  });
  it("predictions against an empty reference crash the released code → 0 with legacy_error", () => {
    const r = scoreOne(visionR1Precision(), sample(pred, "[]"));
    expect([r.value, r.codes]).toEqual([0, ["legacy_error"]]);
  });
  it("bad references and sizes → null", () => {
    expect(scoreOne(visionR1Precision(), sample(pred, "not json")).codes).toEqual(["reference_unparseable"]);
    expect(scoreOne(visionR1Precision(), sample(pred, ref, { target_id_maps: '{"dog": 1}' })).codes).toEqual([
      "invalid_meta",
    ]);
    expect(scoreOne(visionR1Precision(), sample(pred, ref, undefined, {})).codes).toEqual([
      "missing_image_size",
    ]);
  });
});

describe("Vision-R1 dual format", () => {
  it("as released: JSON errors 0, bad bbox_2d 0, non-list 1, flipped when num_instances is 0", () => {
    expect(visionR1FormatValue(json([{ bbox_2d: [1, 2, 3, 4], label: "a" }]))).toBe(1);
    expect(visionR1FormatValue(json([{ bbox_2d: [1, 2, 3], label: "a" }]))).toBe(0);
    expect(visionR1FormatValue(json([{ bbox_2d: [1, 2, 3] }]))).toBe(1);
    expect(visionR1FormatValue('{"a": 1}')).toBe(1);
    expect(visionR1FormatValue("```json\n[1,\n```")).toBe(0);
    expect(visionR1FormatValue("text")).toBe(0);
    expect(visionR1FormatValue("9".repeat(5000))).toBeNull();
    expect(scoreOne(visionR1DualFormat(), { completion: "text", meta: { num_instances: 0 } }).value).toBe(1);
    expect(scoreOne(visionR1DualFormat(), { completion: "9".repeat(5000) }).codes).toEqual(["legacy_error"]);
  });
});
