/**
 * Tests of the grounding rewards: paper-readings.
 * @module
 */
import { describe, expect, it } from "vitest";
import { scoreOne } from "../../../test/support/score-one.js";
import { dipR1Accuracy, dipR1Format, hasThinkLookAnswer } from "./dip-r1.js";
import { gripSalienceIou } from "./grip.js";
import { matchBoxesByIou } from "./matching.js";

describe("DIP-R1 (documented reading)", () => {
  it("Think-Look-Answer full match", () => {
    expect(hasThinkLookAnswer("<think>a</think>\n<look>b</look> <answer>c</answer>")).toBe(true);
    expect(hasThinkLookAnswer("<think>a</think><look>b</look><answer>c</answer>\n")).toBe(false);
    expect(hasThinkLookAnswer("x<think>a</think><look>b</look><answer>c</answer>")).toBe(false);
    expect(hasThinkLookAnswer("<think>a</think><answer>c</answer>")).toBe(false);
    expect(hasThinkLookAnswer("<think></think><look></look><answer></answer>")).toBe(true);
    expect(scoreOne(dipR1Format(), { completion: "<think>" }).codes).toEqual(["format_mismatch"]);
  });
  it("weighted precision–recall: one of two predictions matches the only reference → 0.5·0.5 + 0.5·1 = 0.75", () => {
    const c = "<answer>[0,0,10,10] [50,50,60,60]</answer>";
    expect(scoreOne(dipR1Accuracy(), { completion: c, reference: [[0, 0, 10, 10]] }).value).toBe(0.75);
    expect(
      scoreOne(dipR1Accuracy({ combine: "f1" }), { completion: c, reference: [[0, 0, 10, 10]] }).value,
    ).toBeCloseTo(2 / 3, 15);
    expect(
      scoreOne(dipR1Accuracy({ precisionWeight: 1 }), { completion: c, reference: [[0, 0, 10, 10]] }).value,
    ).toBe(0.5);
  });
  it("empty cases: both empty 1; no prediction 0 with no_box_found; missing reference null", () => {
    expect(scoreOne(dipR1Accuracy(), { completion: "<answer>none</answer>", reference: [] }).value).toBe(1);
    expect(
      scoreOne(dipR1Accuracy(), { completion: "<answer>none</answer>", reference: [[0, 0, 1, 1]] }).codes,
    ).toEqual(["no_box_found"]);
    expect(scoreOne(dipR1Accuracy(), { completion: "[0,0,1,1]" }).value).toBeNull();
  });
  it("greedy and Hungarian matching", () => {
    const preds = [
      [0, 0, 10, 10],
      [0, 0, 10, 12],
    ] as const;
    const refs = [
      [0, 0, 10, 11],
      [0, 0, 10, 9],
    ] as const;
    const opts = { threshold: 0.5, convention: "standard" } as const;
    expect(matchBoxesByIou(preds, refs, { ...opts, method: "greedy" })).toHaveLength(2);
    expect(matchBoxesByIou(preds, refs, { ...opts, method: "hungarian" })).toHaveLength(2);
  });
});

describe("GRiP salience-weighted IoU (documented reading)", () => {
  const ref = [
    { bbox_2d: [0, 0, 10, 10], salience: 3 },
    { bbox_2d: [50, 50, 60, 60], salience: 1 },
  ];
  it("Σ w·IoU / Σ w: hitting the salient object gives 0.75, the distractor 0.25", () => {
    expect(
      scoreOne(gripSalienceIou(), { completion: "<answer>[0,0,10,10]</answer>", reference: ref }).value,
    ).toBe(0.75);
    expect(
      scoreOne(gripSalienceIou(), { completion: "<answer>[50,50,60,60]</answer>", reference: ref }).value,
    ).toBe(0.25);
  });
  it("weights from meta.salience; uniform when absent; distractor penalty", () => {
    const boxes = [
      [0, 0, 10, 10],
      [50, 50, 60, 60],
    ];
    const c = "<answer>[0,0,10,10] [200,200,210,210]</answer>";
    expect(
      scoreOne(gripSalienceIou(), { completion: c, reference: boxes, meta: { salience: [1, 3] } }).value,
    ).toBe(0.25);
    expect(scoreOne(gripSalienceIou(), { completion: c, reference: boxes }).value).toBe(0.5);
    expect(
      scoreOne(gripSalienceIou({ distractors: "penalize" }), { completion: c, reference: boxes }).value,
    ).toBe(0.25);
  });
  it("bad weights → null; no box → 0", () => {
    expect(
      scoreOne(gripSalienceIou(), {
        completion: "[0,0,1,1]",
        reference: [[0, 0, 1, 1]],
        meta: { salience: [-1] },
      }).value,
    ).toBeNull();
    expect(scoreOne(gripSalienceIou(), { completion: "none", reference: ref }).codes).toEqual([
      "no_box_found",
    ]);
  });
});
