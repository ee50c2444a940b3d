import { describe, expect, it } from "vitest";
import { createContext } from "../../core/context.js";
import type { Reward } from "../../core/index.js";
import { gaussianPlaneReward, gaussianPointReward, guiG2FormatReward } from "./gaussian.js";
import { gaussianPlaneValue, gaussianPointValue, roundLikeNumpy } from "./gaussian-math.js";

const GT = [1122, 18, 1206, 48];
const point = gaussianPointReward();
const plane = gaussianPlaneReward();
const format = guiG2FormatReward();

function run(reward: Reward<unknown>, completion: string, reference: unknown = GT, extra: object = {}) {
  const { ctx, issues } = createContext();
  const value = reward.score!({ completion, reference, ...extra }, ctx);
  return { value, codes: issues.map((i) => i.code) };
}

describe("GUI-G² worked examples (reward-formulas.md §4, GT [1122,18,1206,48])", () => {
  it.each([
    ["same box", "[1122,18,1206,48]", 1.0, 1.0],
    ["[1130,20,1210,50]", "[1130,20,1210,50]", 0.981, 0.995],
    ["[1100,10,1180,40]", "[1100,10,1180,40]", 0.737, 0.924],
  ])("%s → point %s, plane %s", (_name, completion, wantPoint, wantPlane) => {
    expect(run(point, completion).value).toBe(wantPoint);
    expect(run(plane, completion).value).toBe(wantPlane);
    // Verified independently with numpy (fixtures/oracle.py): same values.
  });

  it("reads the text after the last 'assistant\\n' and allows floats and negatives", () => {
    expect(run(point, "user\n[0,0,1,1]\nassistant\n[1130,20,1210,50]").value).toBe(0.981);
    expect(run(point, "assistant\nx assistant\n[1130.0, 20.0, 1210, 50]").value).toBe(0.981);
    expect(gaussianPointValue([-10, -10, -5, -5], [0, 0, 10, 10])).toBeGreaterThanOrEqual(0);
  });
});

describe("Gaussian point reward", () => {
  it("scores 0 with no_box_found without a box, and null without a reference", () => {
    expect(run(point, "no box here")).toEqual({ value: 0, codes: ["no_box_found"] });
    expect(run(point, "[1,2,3]")).toEqual({ value: 0, codes: ["no_box_found"] });
    expect(run(point, "[1130,20,1210,50]", null)).toEqual({ value: null, codes: ["reference_missing"] });
    expect(run(point, "[1130,20,1210,50]", "[1,2,3,4]")).toEqual({
      value: 0,
      codes: ["reference_unparseable"],
    });
  });

  it("scores a zero-size reference 0 (division by zero in the released code)", () => {
    expect(run(point, "[1,2,3,4]", [10, 10, 10, 50])).toEqual({ value: 0, codes: ["degenerate_box"] });
  });

  it("accepts a reversed reference box (σ² stays positive), as released", () => {
    expect(run(point, "[1130,20,1210,50]", [1206, 48, 1122, 18]).value).toBe(0.981);
  });

  it("converts string references with Python's float()", () => {
    expect(run(point, "[1130,20,1210,50]", ["1122", " 18 ", "1_206", 48]).value).toBe(0.981);
  });

  it("fails the whole reward when a matched group holds \\x1c (float() rejects it)", () => {
    expect(run(point, "[\x1c1130,20,1210,50] [1130,20,1210,50]")).toEqual({
      value: 0,
      codes: ["unparseable_answer"],
    });
    expect(run(point, "[1130,\x1c20,1210,50]").value).toBe(0.981); // whitespace after a comma lies outside the group
  });

  it("reads Unicode digits as Python's \\d and float() do", () => {
    expect(run(point, "[١١٣٠,٢٠,1210,50]").value).toBe(0.981);
  });

  it("never returns NaN or Infinity", () => {
    const huge = "9".repeat(400);
    expect(run(point, `[-${huge},1,${huge},2]`)).toEqual({ value: 0, codes: ["non_finite"] });
    expect(run(point, `[${huge},1,${huge},2]`).value).toBe(0);
  });

  it("rounds like Python's round (exact decimal value)", () => {
    // exp(−½ · x) = 0.0005 exactly-ish: Python rounds 0.0005 (really 0.000500000000000000010…) up.
    expect(Object.is(gaussianPointValue([1, 1, 1, 1], [0, 0, 2, 2]), 1)).toBe(true);
  });

  it("shares one parse with the plane reward through ctx.memo", () => {
    const { ctx } = createContext();
    const sample = { completion: "[1130,20,1210,50]", reference: GT };
    let computed = 0;
    const counting = {
      report: ctx.report.bind(ctx),
      memo<T>(key: string, compute: () => T): T {
        return ctx.memo(key, () => {
          computed++;
          return compute();
        });
      },
    };
    point.score!(sample, counting);
    plane.score!(sample, counting);
    expect(computed).toBe(1);
  });

  it("converts frames and needs the sizes they name", () => {
    const norm = gaussianPointReward({ pred: { frame: "norm1000" } });
    const image = { width: 1920, height: 1080 };
    const pred = [(1130 / 1920) * 1000, (20 / 1080) * 1000, (1210 / 1920) * 1000, (50 / 1080) * 1000].map(
      (v) => v.toFixed(6),
    );
    expect(run(norm, `[${pred.join(",")}]`, GT, { image }).value).toBe(0.981);
    expect(run(norm, "[1,2,3,4]")).toEqual({ value: null, codes: ["missing_image_size"] });
  });

  it("rejects a bad config at factory time, listing the frames", () => {
    expect(() => gaussianPointReward({ pred: { frame: "pixels" as never } })).toThrow(
      /pixel.*input-pixel.*norm1000.*norm1/s,
    );
  });
});

describe("Gaussian plane reward", () => {
  it("scores degenerate boxes (infinite in the released code) 0 with non_finite", () => {
    expect(run(plane, "[10,10,10,50]", [10, 10, 10, 50])).toEqual({ value: 0, codes: ["non_finite"] });
    expect(run(gaussianPlaneReward({ legacy: true }), "[10,10,10,50]", [10, 10, 10, 50]).codes).toEqual([
      "non_finite",
    ]);
    expect(gaussianPlaneValue([5, 5, 5, 5], [0, 0, 10, 10])).toBeGreaterThanOrEqual(0);
  });

  it("rounds like numpy (rint of x · 1000), not like Python", () => {
    expect(roundLikeNumpy(0.0005, 3)).toBe(0);
    expect(roundLikeNumpy(0.0015, 3)).toBe(0.002);
    expect(roundLikeNumpy(0.9876, 3)).toBe(0.988);
  });

  it("scores far boxes near 0 and overlapping boxes high", () => {
    expect(run(plane, "[0,0,10,10]").value).toBe(0);
    expect(run(plane, "[1120,17,1207,49]").value).toBeGreaterThan(0.99);
  });
});

describe("GUI-G² format reward", () => {
  it.each([
    ["[1130,20,1210,50]", 1],
    ["[ 1130 , 20 ,1210, 50 ]", 1],
    ["system\nassistant\n[1130,20,1210,50]", 1],
    ["[1130,20,1210,50]\n", 0],
    [" [1130,20,1210,50]", 0],
    ["[1130.5,20,1210,50]", 0],
    ["[-1,20,1210,50]", 0],
    ["<answer>[1,2,3,4]</answer>", 0],
    ["[1,2,3]", 0],
    ["", 0],
    ["[١,2,3,4]", 1],
  ])("%j → %d", (completion, want) => {
    const { value, codes } = run(format, completion);
    expect(value).toBe(want);
    expect(codes).toEqual(want ? [] : ["format_mismatch"]);
  });
});
