import { describe, expect, it } from "vitest";
import type { ComponentValue } from "../core/index.js";
import { defaultAdvantages } from "./index.js";

function advantages(
  block: { type: string; [key: string]: unknown },
  rewards: ComponentValue[],
  groups: string[],
) {
  const estimator = defaultAdvantages().create(block, { names: ["r"], weights: [1] }, "advantage");
  return estimator.compute({
    rewards,
    groups,
    samples: rewards.map(() => undefined),
    rows: rewards.map((r) => [r]),
  });
}

describe("rloo", () => {
  it("reproduces the §16d worked example: [0.71429, −0.42857, …]", () => {
    const out = advantages({ type: "rloo" }, [1, 0, 0, 1, 1, 0, 0, 0], Array(8).fill("g"));
    expect(out.advantages[0]).toBeCloseTo(0.7142857143, 9);
    expect(out.advantages[1]).toBeCloseTo(-0.4285714286, 9);
  });

  it("matches verl on interleaved groups; a group of one keeps its raw score", () => {
    const scores = [1, 0.5, 0, 0.25, 0, 1.0, 1, 0.7, 1, 0, 0, 0];
    const index = ["a", "b", "a", "b", "a", "b", "a", "c", "a", "a", "a", "a"];
    const expected = [
      0.7142857143, -0.125, -0.4285714286, -0.5, -0.4285714286, 0.625, 0.7142857143, 0.7, 0.7142857143,
      -0.4285714286, -0.4285714286, -0.4285714286,
    ];
    advantages({ type: "rloo" }, scores, index).advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i]!, 9);
    });
    expect(advantages({ type: "rloo", singleton: "zero" }, scores, index).advantages[7]).toBe(0);
  });

  it("equals r_i − mean of the others, nulls excluded and given 0", () => {
    const out = advantages({ type: "rloo" }, [3, null, 1, 2], ["g", "g", "g", "g"]);
    expect(out.advantages[0]).toBeCloseTo(3 - 1.5, 12);
    expect(out.advantages[1]).toBe(0);
    expect(out.groups[0]).toMatchObject({ nulls: 1, mean: 2 });
  });
});
