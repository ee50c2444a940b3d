import { describe, expect, it } from "vitest";
import { batchesOfBuckets } from "./spilled.js";

describe("batchesOfBuckets", () => {
  it("joins buckets until a batch holds two valid samples; the remainder joins the last batch", () => {
    expect(batchesOfBuckets([5, 1, 0, 1, 3])).toEqual([[0], [1, 2, 3], [4]]);
    expect(batchesOfBuckets([2, 2, 1])).toEqual([[0], [1, 2]]);
    expect(batchesOfBuckets([0, 1, 0])).toEqual([[0, 1, 2]]);
    expect(batchesOfBuckets([])).toEqual([]);
  });
});
