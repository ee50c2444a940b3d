import { describe, expect, it } from "vitest";
import { combineBatch as batch, buildCombiner as build } from "../../test/support/combine.js";
import type { ComponentValue } from "../core/index.js";

describe("normalize-then-sum", () => {
  // Two groups of 3, components a (weight 1) and b (weight 0.5); numpy ports of TRL and ReFine-RFT.
  const rows: ComponentValue[][] = [
    [1, 0.2],
    [0, null],
    [1, 0.8],
    [0.5, 0.1],
    [null, null],
    [0, 0.3],
  ];
  const groups = ["p", "p", "p", "q", "q", "q"];
  it("mrn: per-component group z-score (unbiased + 1e-4), weighted sum, no batch step", () => {
    const out = batch(
      build({ type: "normalize-then-sum", flavor: "mrn" }, ["a", "b"], [1, 0.5]),
      rows,
      groups,
    );
    const expected = [0.2237802096, -1.154500573, 0.9307203634, 0.3536032705, null, -0.3536032705];
    out.rewards.forEach((r, i) => {
      if (expected[i] === null) expect(r).toBeNull();
      else expect(r).toBeCloseTo(expected[i]!, 9);
    });
  });
  it("trl (GDPO): adds a batch z-score with eps 1e-4", () => {
    const out = batch(build({ type: "normalize-then-sum" }, ["a", "b"], [1, 0.5]), rows, groups);
    const expected = [0.2830681492, -1.4603719472, 1.177303798, 0.4472863061, null, -0.4472863061];
    out.rewards.forEach((r, i) => {
      if (expected[i] === null) expect(r).toBeNull();
      else expect(r).toBeCloseTo(expected[i]!, 9);
    });
  });
});
