import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";

describe("ensemble", () => {
  it("takes mean, min, median or mean − k·std across components", () => {
    const names = ["rm1", "rm2", "rm3"];
    const row = [0.2, 0.4, 0.9];
    expect(build({ type: "ensemble" }, names).combineRow!(row)).toBeCloseTo(0.5, 12);
    expect(build({ type: "ensemble", method: "min" }, names).combineRow!(row)).toBe(0.2);
    expect(build({ type: "ensemble", method: "median" }, names).combineRow!(row)).toBe(0.4);
    expect(build({ type: "ensemble", method: "median" }, names).combineRow!([0.2, null, 0.9])).toBeCloseTo(
      0.55,
      12,
    );
    expect(build({ type: "ensemble", method: "mean-minus-std" }, names).combineRow!(row)).toBeCloseTo(
      0.2056079711,
      10,
    );
    expect(build({ type: "ensemble", components: ["rm1"] }, names).combineRow!([null, 1, 1])).toBeNull();
  });
});
