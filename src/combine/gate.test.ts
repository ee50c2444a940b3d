import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";

describe("gate", () => {
  it("gives the weighted sum when the gate passes, else the floor", () => {
    const c = build({ type: "gate", components: ["format"], floor: -1 }, ["format", "iou"], [1, 2]);
    expect(c.combineRow!([1, 0.5])).toBe(2);
    expect(c.combineRow!([0, 0.9])).toBe(-1);
    expect(c.combineRow!([null, 0.9])).toBe(-1);
    expect(c.combineRow!([null, null])).toBeNull();
    const inclusive = build({ type: "gate", components: ["iou"], threshold: 0.5, inclusive: true }, [
      "format",
      "iou",
    ]);
    expect(inclusive.combineRow!([1, 0.5])).toBe(1.5);
  });
});
