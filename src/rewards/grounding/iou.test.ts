/**
 * Tests of the grounding rewards: iou.
 * @module
 */
import { describe, expect, it } from "vitest";
import { scoreOne } from "../../../test/support/score-one.js";
import { boxSize } from "./box-size.js";
import { giouReward, iou } from "./iou.js";

describe("grounding.iou", () => {
  const score = (
    config: Parameters<typeof iou>[0],
    completion: string,
    reference: unknown,
    extra: object = {},
  ) => scoreOne(iou(config), { completion, reference, ...extra });
  it("standard IoU of the first box in <answer>", () => {
    expect(
      score({}, "<think>[9,9,9,9]</think><answer>[0,0,10,10]</answer>", [5, 5, 15, 15]).value,
    ).toBeCloseTo(25 / 175, 15);
  });
  it("reads any box format: JSON bbox_2d, corner pairs, Qwen tokens", () => {
    expect(score({}, '<answer>{"bbox_2d": [0,0,10,10]}</answer>', [0, 0, 10, 10]).value).toBe(1);
    expect(score({}, "<answer>(0,0),(10,10)</answer>", [0, 0, 10, 10]).value).toBe(1);
    expect(score({}, "<|box_start|>(0,0),(10,10)<|box_end|>", [0, 0, 10, 10]).value).toBe(1);
  });
  it("source: completion ignores the answer tag", () => {
    expect(
      score({ source: "completion" }, "[0,0,10,10] <answer>[50,50,60,60]</answer>", [0, 0, 10, 10]).value,
    ).toBe(1);
    expect(
      score(
        { answer: { tag: "box", occurrence: "last" } },
        "<box>[0,0,1,1]</box><box>[0,0,10,10]</box>",
        [0, 0, 10, 10],
      ).value,
    ).toBe(1);
  });
  it("inclusive-pixel convention: [0,0,10,10] vs [9,0,20,10] is 0 (standard 0.05)", () => {
    expect(score({ convention: "inclusive-pixel" }, "[0,0,10,10]", [9, 0, 20, 10]).value).toBe(0);
    expect(score({}, "[0,0,10,10]", [9, 0, 20, 10]).value).toBeCloseTo(0.05, 15);
  });
  it("threshold: a hit when IoU ≥ threshold", () => {
    expect(score({ threshold: 0.5 }, "[0,0,10,10]", [0, 0, 10, 5]).value).toBe(1);
    expect(score({ threshold: 0.5 }, "[0,0,10,10]", [0, 0, 10, 4]).value).toBe(0);
  });
  it("frames: norm1000 prediction against pixel reference; missing size → null", () => {
    const img = { image: { width: 2000, height: 1000 } };
    expect(score({ pred: { frame: "norm1000" } }, "[0,0,500,500]", [0, 0, 1000, 500], img).value).toBe(1);
    expect(score({ pred: { frame: "norm1" } }, "[0,0,0.5,0.5]", [0, 0, 1000, 500], img).value).toBe(1);
    const r = score({ pred: { frame: "norm1000" } }, "[0,0,500,500]", [0, 0, 1000, 500]);
    expect([r.value, r.codes]).toEqual([null, ["missing_image_size"]]);
  });
  it("invalid boxes: zero (default) with invalid_box, or swap", () => {
    const r = score({}, "[10,10,0,0]", [0, 0, 10, 10]);
    expect([r.value, r.codes]).toEqual([0, ["invalid_box"]]);
    expect(score({ invalidBox: "swap" }, "[10,10,0,0]", [0, 0, 10, 10]).value).toBe(1);
  });
  it("no box, missing and bad references", () => {
    expect(score({}, "<answer></answer>", [0, 0, 1, 1]).codes).toEqual(["no_box_found"]);
    expect(score({}, "[0,0,1,1]", undefined).codes).toEqual(["reference_missing"]);
    expect(score({}, "[0,0,1,1]", "no box").codes).toEqual(["reference_unparseable"]);
    expect(score({}, "[0,0,1,1]", [Number.NaN, 0, 1, 1]).value).toBeNull();
  });
  it("NaN/1e308 numbers never leave a finite range", () => {
    for (const c of [
      "[NaN,0,1,1]",
      "[1e308,0,1e309,1]",
      "[-1e308,-1e308,1e308,1e308]",
      "[0,0,1e308,1e308]",
    ]) {
      const v = score({}, c, [0, 0, 10, 10]).value;
      expect(v === null || (Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    }
  });
  it("a bad config fails at factory time, naming the valid choices", () => {
    expect(() => iou({ convention: "other" } as never)).toThrow(/standard/);
    expect(() => iou({ pred: { frame: "pixels" } } as never)).toThrow(/input-pixel/);
  });
});

describe("grounding.giou", () => {
  it("GIoU([0,0,10,10],[5,5,15,15]) = −0.0793651; offset 1 gives LISA's 0.920635", () => {
    expect(
      scoreOne(giouReward(), { completion: "[0,0,10,10]", reference: [5, 5, 15, 15] }).value,
    ).toBeCloseTo(-0.0793651, 7);
    expect(
      scoreOne(giouReward({ offset: 1 }), { completion: "[0,0,10,10]", reference: [5, 5, 15, 15] }).value,
    ).toBeCloseTo(0.920635, 6);
  });
  it("far-apart boxes approach −1", () => {
    const v = scoreOne(giouReward(), { completion: "[0,0,1,1]", reference: [99, 99, 100, 100] }).value!;
    expect(v).toBeLessThan(-0.99);
  });
});

describe("grounding.box-size (GUI-G1 box-size constraint)", () => {
  const gt = [1207.68, 1024.92, 1351.68, 1080];
  const image = { width: 1920, height: 1080 };
  it("GUI-G1 worked example: 0.125 × harmonic mean = 0.124398", () => {
    const r = scoreOne(boxSize({ scale: 0.125 }), {
      completion: "[1200,1020,1340,1085]",
      reference: gt,
      image,
    });
    expect(r.value).toBeCloseTo(0.124398, 6);
  });
  it("fix: a far-off box is clamped to 0 (legacy leaves the term negative)", () => {
    const far = {
      completion: "[5000,0,6000,10]",
      reference: [0, 0, 10, 10],
      image: { width: 100, height: 100 },
    };
    expect(scoreOne(boxSize(), far).value).toBe(0);
    expect(scoreOne(boxSize({ legacy: true }), far).value).not.toBe(0);
  });
  it("normalised frames need no image; pixels do", () => {
    expect(
      scoreOne(boxSize({ pred: { frame: "norm1000" }, ref: { frame: "norm1000" } }), {
        completion: "[0,0,500,500]",
        reference: [0, 0, 500, 500],
      }).value,
    ).toBe(1);
    expect(scoreOne(boxSize(), { completion: "[0,0,5,5]", reference: [0, 0, 5, 5] }).codes).toEqual([
      "missing_image_size",
    ]);
  });
});
