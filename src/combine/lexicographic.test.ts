import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";

describe("lexicographic", () => {
  const tiers = [
    { components: ["format"] },
    { components: ["feasible"] },
    { components: ["accuracy"], threshold: 0.5 },
    { components: ["heuristic"] },
  ];
  const c = build({ type: "lexicographic", tiers }, ["format", "feasible", "accuracy", "heuristic"]);
  it("counts a lower tier only once every higher tier passes", () => {
    expect(c.combineRow!([0, 1, 1, 1])).toBe(0);
    expect(c.combineRow!([1, 0, 1, 1])).toBe(1);
    expect(c.combineRow!([1, 1, 0.4, 1])).toBeCloseTo(2.4, 12);
    expect(c.combineRow!([1, 1, 0.9, 0.3])).toBeCloseTo(3.3, 12);
    expect(c.combineRow!([null, null, null, null])).toBeNull();
  });
  it("lets any higher-tier pass dominate", () => {
    const worse = c.combineRow!([1, 0, 1, 1])!;
    const better = c.combineRow!([1, 1, 0, 0])!;
    expect(better).toBeGreaterThanOrEqual(worse);
  });
});
