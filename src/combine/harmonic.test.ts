import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";

describe("harmonic", () => {
  it("is RPO's λ-Harmonic 1/(λ/(r1+1e-8) + (1−λ)/(r2+1e-8)) with λ from the weights", () => {
    const c = build({ type: "harmonic" }, ["image", "text"], [0.3, 0.7]);
    expect(c.combineRow!([0.8, 0.6])).toBeCloseTo(0.6486486588, 10);
    expect(c.combineRow!([0, 0.6])).toBeLessThan(1e-7);
    expect(c.combineRow!([-0.5, 0.6])).toBeLessThan(1e-7);
    expect(c.combineRow!([null, 0.6])).toBe(0.6);
    expect(c.combineRow!([null, null])).toBeNull();
    expect(build({ type: "harmonic", negative: "null" }, ["a", "b"]).combineRow!([-0.1, 1])).toBeNull();
    expect(build({ type: "harmonic", fromCosine: true }, ["a", "b"]).combineRow!([1, 1])).toBeCloseTo(1, 7);
  });
});
