/**
 * Tests of the grounding rewards: presets.
 * @module
 */
import { describe, expect, it } from "vitest";
import { buildScorer } from "../../recipe/index.js";

function scoreOne(preset: string, sample: object) {
  const { results } = buildScorer(preset).scoreSync([sample]);
  return results[0]!;
}
const codes = (r: { issues: { code: string }[] }) => r.issues.map((i) => i.code);

const VRFT_GT =
  "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}, {'Position': [300,300,400,400], 'Confidence': 1}]</answer>";

describe("visual-rft/detection preset", () => {
  it("worked example: accuracy_iou 0.516084, accuracy_confidence 0.8, format 1; sum", () => {
    const completion =
      "<think>x</think><answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}, {'Position': [500,500,600,600], 'Confidence': 0.3}, {'Position': [305,300,400,410], 'Confidence': 0.8}]</answer>";
    const r = scoreOne("visual-rft/detection", { completion, reference: VRFT_GT });
    expect(r.components).toEqual({
      accuracy_iou: 0.516084059194454,
      accuracy_confidence: 0.8000000000000002,
      format: 1,
    });
    expect(r.reward).toBeCloseTo(0.516084059194454 + 0.8000000000000002 + 1, 12);
  });
  it("parse failures: no tag, truncated without </answer>, extra text, duplicated tags, multi-line", () => {
    const cases: Array<[string, number, number]> = [
      ["nothing", 0, 0],
      ["<answer>[{'Position': [100,100,200,200], 'Confidence': 0.9}", 0, 0],
      [
        "<think>a</think><answer>[{'Position': [100,100,200,200], 'Confidence': 0.9}]</answer> trailing",
        0.5,
        0,
      ],
      ["<answer>[{'Position': [100,100,200,200], 'Confidence': 0.9}]</answer><answer>[]</answer>", 0.5, 0],
      ["<think>a</think><answer>[{'Position': [100,100,200,200],\n'Confidence': 0.9}]</answer>", 0, 1],
    ];
    for (const [completion, iou, format] of cases) {
      const r = scoreOne("visual-rft/detection", { completion, reference: VRFT_GT });
      expect([r.components.accuracy_iou, r.components.format]).toEqual([iou, format]);
    }
  });
  it("advantages are (r − μ) / (σ_unbiased + 1e-4) within a group", () => {
    const scorer = buildScorer("visual-rft/detection");
    const { results } = scorer.scoreSync([
      { group: "g", completion: "<think>a</think><answer>x</answer>", reference: VRFT_GT },
      { group: "g", completion: "nothing", reference: VRFT_GT },
    ]);
    expect(results[0]!.advantage).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-4), 6);
  });
});

describe("visual-rft/classification and visual-rft/lisa presets", () => {
  it("classification: equality by default, legacy via extends/override", () => {
    const sample = { completion: "<think>a</think><answer>a</answer>", reference: "<answer>cat</answer>" };
    expect(scoreOne("visual-rft/classification", sample).components).toEqual({ accuracy: 0, format: 1 });
    const legacy = buildScorer({
      extends: "visual-rft/classification",
      override: { accuracy: { legacy: true } },
    });
    expect(legacy.scoreSync([sample]).results[0]!.components.accuracy).toBe(1);
  });
  it("lisa: worked example 0.920635 and parse failures", () => {
    const r = scoreOne("visual-rft/lisa", {
      completion: "<think>a</think><answer>(0,0),(10,10)</answer>",
      reference: "<answer>(5,5),(15,15)</answer>",
    });
    expect(r.components).toEqual({ accuracy: 0.9206349206349206, format: 1 });
    const bad = scoreOne("visual-rft/lisa", {
      completion: "<answer>[0,0,10,10]</answer>",
      reference: "<answer>(5,5),(15,15)</answer>",
    });
    expect([bad.components.accuracy, codes(bad)]).toEqual([0, expect.arrayContaining(["no_box_found"])]);
  });
});

describe("vlm-r1/rec preset", () => {
  const sizes = { image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 } };
  it("rescale worked example and REC format", () => {
    const r = scoreOne("vlm-r1/rec", {
      completion: '<think>a</think><answer>{"bbox_2d": [100,50,300,250]}</answer>',
      reference:
        "<answer> [142.85714285714286, 71.42857142857143, 428.57142857142856, 357.14285714285717] </answer>",
      ...sizes,
    });
    expect(r.components).toEqual({ accuracy_iou: 1, format: 1 });
  });
  it("parse failures: float box, no answer, malformed reference (null)", () => {
    const ref = "<answer> [0,0,100,100] </answer>";
    expect(
      scoreOne("vlm-r1/rec", { completion: "<answer>[1.5,0,70,70]</answer>", reference: ref, ...sizes })
        .components,
    ).toEqual({
      accuracy_iou: 0,
      format: 0,
    });
    const bad = scoreOne("vlm-r1/rec", {
      completion: "<answer>[0,0,70,70]</answer>",
      reference: "[0,0",
      ...sizes,
    });
    expect(bad.components.accuracy_iou).toBeNull();
    expect(codes(bad)).toContain("reference_unparseable");
  });
});

describe("vlm-r1/ovd preset", () => {
  const gt =
    '```json\n[{"bbox_2d": [0,0,100,100], "label": "cat"}, {"bbox_2d": [200,200,300,300], "label": "dog"}]\n```';
  it("worked example 0.565 with the think/answer format", () => {
    const completion =
      '<think>a</think><answer>```json\n[{"bbox_2d": [0,0,100,90], "label": "cat"}, {"bbox_2d": [500,500,600,600], "label": "dog"}, {"bbox_2d": [210,200,300,300], "label": "cow"}]\n```</answer>';
    expect(scoreOne("vlm-r1/ovd", { completion, reference: gt }).components).toEqual({
      accuracy: 0.565,
      format: 1,
    });
  });
  it("parse failures: broken JSON block → no predictions → 0", () => {
    const r = scoreOne("vlm-r1/ovd", {
      completion: '<answer>```json\n[{"bbox_2d": [0,0\n```</answer>',
      reference: gt,
    });
    expect(r.components.accuracy).toBe(0);
    expect(codes(r)).toContain("no_box_found");
  });
});

describe("vision-r1, dip-r1 and grip presets", () => {
  it("vision-r1 components carry the released names", () => {
    const r = scoreOne("vision-r1", {
      completion: '```json\n[{"bbox_2d": [0, 0, 10, 10], "label": "cat"}]\n```',
      reference: '[["cat", [0, 0, 10, 10]]]',
      image: { width: 10, height: 10 },
      input_image: { width: 10, height: 10 },
    });
    expect(r.components).toEqual({ precision_reward: 1, dual_format_reward: 1, recall_reward: 1 });
    expect(r.reward).toBe(3);
  });
  it("vision-r1 parse failure: no JSON → precision 0, format 0, recall 0", () => {
    const r = scoreOne("vision-r1", {
      completion: "I see a cat",
      reference: '[["cat", [0, 0, 10, 10]]]',
      image: { width: 10, height: 10 },
      input_image: { width: 10, height: 10 },
    });
    expect(r.components).toEqual({ precision_reward: 0, dual_format_reward: 0, recall_reward: 0 });
  });
  it("dip-r1 and grip", () => {
    const dip = scoreOne("dip-r1", {
      completion: "<think>a</think><look>b</look><answer>[0,0,10,10]</answer>",
      reference: [[0, 0, 10, 10]],
    });
    expect(dip.components).toEqual({ accuracy: 1, format: 1 });
    const grip = scoreOne("grip", {
      completion: "<think>a</think><answer>[0,0,10,10]</answer>",
      reference: [[0, 0, 10, 10]],
    });
    expect(grip.components).toEqual({ accuracy: 1, format: 1 });
    expect(
      scoreOne("grip", { completion: "<think>a</think><answer>none</answer>", reference: [[0, 0, 1, 1]] })
        .components.accuracy,
    ).toBe(0);
  });
});
