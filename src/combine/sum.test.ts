import { describe, expect, it } from "vitest";
import { buildCombiner as build } from "../../test/support/combine.js";

describe("weighted (TRL null semantics)", () => {
  it("is a weighted nansum, all null → null", () => {
    const c = build({ type: "weighted" }, ["a", "b"], [2, 0.5]);
    expect(c.combineRow!([1, 4])).toBe(4);
    expect(c.combineRow!([null, 4])).toBe(2);
    expect(c.combineRow!([null, null])).toBeNull();
  });
});
