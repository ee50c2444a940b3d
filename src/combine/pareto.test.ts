import { describe, expect, it } from "vitest";
import { combineBatch as batch, buildCombiner as build } from "../../test/support/combine.js";
import type { ComponentValue } from "../core/index.js";

describe("pareto", () => {
  it("marks the non-dominated samples of each group and zeroes or scales the others", () => {
    const rows: ComponentValue[][] = [
      [1, 0],
      [0, 1],
      [0.5, 0.5],
      [0, 0],
      [0, 0],
    ];
    const groups = ["g", "g", "g", "g", "h"];
    const keep = batch(build({ type: "pareto" }, ["a", "b"]), rows, groups);
    expect(keep.components!.pareto).toEqual([1, 1, 1, 0, 1]);
    expect(keep.rewards).toEqual([1, 1, 1, 0, 0]);
    expect(keep.stats).toEqual({ nonDominated: 4 });
    const zero = batch(
      build({ type: "pareto", dominated: "zero", mask: "front" }, ["a", "b"], [1, 2]),
      [
        [1, 1],
        [0.5, 0.5],
      ],
      ["g", "g"],
    );
    expect(zero.rewards).toEqual([3, 0]);
    expect(zero.components!.front).toEqual([1, 0]);
    const scaled = batch(
      build({ type: "pareto", dominated: "scale", factor: 0.5 }, ["a", "b"]),
      [
        [1, 1],
        [0.5, 0.5],
      ],
      ["g", "g"],
    );
    expect(scaled.rewards).toEqual([2, 0.5]);
  });
});
