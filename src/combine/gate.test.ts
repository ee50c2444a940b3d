import { describe, expect, it } from "vitest";
import { defaultCombiners } from "./index.js";

function build(
  block: { type: string; [key: string]: unknown },
  names: string[],
  weights = names.map(() => 1),
) {
  return defaultCombiners().create(block, { names, weights }, "combine");
}

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
