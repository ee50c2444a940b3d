import { describe, expect, it } from "vitest";
import { defaultCombiners } from "./index.js";

function build(
  block: { type: string; [key: string]: unknown },
  names: string[],
  weights = names.map(() => 1),
) {
  return defaultCombiners().create(block, { names, weights }, "combine");
}

describe("weighted (TRL null semantics)", () => {
  it("is a weighted nansum, all null → null", () => {
    const c = build({ type: "weighted" }, ["a", "b"], [2, 0.5]);
    expect(c.combineRow!([1, 4])).toBe(4);
    expect(c.combineRow!([null, 4])).toBe(2);
    expect(c.combineRow!([null, null])).toBeNull();
  });
});
