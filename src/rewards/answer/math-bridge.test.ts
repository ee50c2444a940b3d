/**
 * The link from answer rewards to the math module: verdicts, and an unparseable gold answer
 * told apart from an undecided check (`checkMath` reports it as `gold_unparseable`).
 */
import { describe, expect, it } from "vitest";
import { createContext } from "../../core/index.js";
import { mathEquivalent, sampleMathVerdict } from "./math-bridge.js";

describe("mathEquivalent", () => {
  it("true, false, and unparseable when the gold answer has nothing to extract", () => {
    expect(mathEquivalent("\\frac{1}{2}", "0.5")).toBe(true);
    expect(mathEquivalent("2", "3")).toBe(false);
    expect(mathEquivalent("red car", "blue car")).toBe("unparseable");
  });
});

describe("sampleMathVerdict", () => {
  it("reports an unparseable reference as reference_unparseable, not as a bad answer", () => {
    const { ctx, issues } = createContext();
    expect(sampleMathVerdict({ completion: "\\boxed{2}", reference: "red car" }, ctx)).toBe("unparseable");
    expect(issues.map((i) => i.code)).toEqual(["reference_unparseable"]);
  });
  it("a correct answer has no issue", () => {
    const { ctx, issues } = createContext();
    expect(sampleMathVerdict({ completion: "\\boxed{2}", reference: "2" }, ctx)).toBe(true);
    expect(issues).toEqual([]);
  });
});
