import { describe, expect, it } from "vitest";
import { pythonFloat, pythonFloatBox } from "./index.js";

describe("pythonFloat (Python float())", () => {
  it.each([
    [" 1_000.5 ", 1000.5],
    ["1e3", 1000],
    ["-.5", -0.5],
    ["1,000", undefined],
    ["1__0", undefined],
    ["", undefined],
    ["Infinity", Number.POSITIVE_INFINITY],
  ])("float(%j) = %s as Python computes it", (text, expected) => {
    expect(pythonFloat(text)).toBe(expected);
  });
  it("float('nan') is NaN", () => expect(pythonFloat("nan")).toBeNaN());
  it("accepts Unicode decimal digits and JSON numbers and booleans as Python does", () => {
    expect(pythonFloat("\u0661\u0662")).toBe(12);
    expect(pythonFloat(3.5)).toBe(3.5);
    expect(pythonFloat(true)).toBe(1);
    expect(pythonFloat(null)).toBeUndefined();
  });
  it("pythonFloatBox needs exactly four convertible entries", () => {
    expect(pythonFloatBox([1122, 18, "1206", 48])).toEqual([1122, 18, 1206, 48]);
    expect(pythonFloatBox([1, 2, 3])).toBeUndefined();
    expect(pythonFloatBox([1, 2, 3, "x"])).toBeUndefined();
  });
});
