import { describe, expect, it } from "vitest";
import type { ComponentValue, Sample } from "../core/index.js";
import { comparisonPairs, defaultAdvantages, winRatesFromMatrix, winRatesFromPairs } from "./index.js";

function advantages(
  block: { type: string; [key: string]: unknown },
  rewards: ComponentValue[],
  groups: string[],
  samples: Sample[],
) {
  const estimator = defaultAdvantages().create(block, { names: ["r"], weights: [1] }, "advantage");
  return estimator.compute({ rewards, groups, samples, rows: rewards.map((r) => [r]) });
}
// §14: judge outputs for (0,1),(0,2),(0,3),(1,2),(1,3),(2,3): "1 better", "2 better", tie, "2 better", "1 better", "1 better".
const outcomes = [1, 0, 0.5, 0, 1, 1];
const expectedAdvantages = [0, -0.4639, 1.3889, -0.925];

describe("win-rate", () => {
  it("lists the C(N,2) pairs in Pref-GRPO's order", () => {
    expect(comparisonPairs(4)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(comparisonPairs(1)).toEqual([]);
  });

  it("reproduces the §14 worked example: win rates [0.5, 0.333, 1.0, 0.167]", () => {
    expect(winRatesFromPairs(4, outcomes)).toEqual([0.5, 0.333, 1, 0.167]);
    expect(winRatesFromPairs(1, [])).toEqual([0]);
  });

  it("reproduces the group advantage [0.0, −0.4639, 1.3889, −0.925] from pairs, a matrix or rows", () => {
    const pairs = [0, 1, 2, 3].map((i) => ({ completion: "", meta: i === 2 ? { pairs: outcomes } : {} }));
    const viaPairs = advantages({ type: "win-rate" }, [0, 0, 0, 0], Array(4).fill("g"), pairs);
    viaPairs.advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expectedAdvantages[i]!, 3);
    });
    expect(viaPairs.perSample!.winRate).toEqual([0.5, 0.333, 1, 0.167]);
    const matrix = [
      [0, 1, 0, 0.5],
      [0, 0, 0, 1],
      [1, 1, 0, 1],
      [0.5, 0, 0, 0],
    ];
    expect(winRatesFromMatrix(matrix)).toEqual([0.5, 0.333, 1, 0.167]);
    const rows = matrix.map((row) => ({ completion: "", meta: { m: row } }));
    const viaRows = advantages(
      { type: "win-rate", format: "row", key: "m" },
      [1, 1, 1, 1],
      Array(4).fill("g"),
      rows,
    );
    viaRows.advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expectedAdvantages[i]!, 3);
    });
  });

  it("format reward: the combined reward is the win rate (a judge.pairwise reward computed it)", () => {
    const samples = [0, 1, 2, 3].map(() => ({ completion: "" }));
    const out = advantages(
      { type: "win-rate", format: "reward" },
      [0.5, 0.333, 1, 0.167],
      Array(4).fill("g"),
      samples,
    );
    out.advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expectedAdvantages[i]!, 3);
    });
    expect(out.perSample!.winRate).toEqual([0.5, 0.333, 1, 0.167]);
  });

  it("clamps to ±clip and gives 0 to groups without outcomes", () => {
    const samples = [{ completion: "", meta: { pairs: [1] } }, { completion: "" }];
    const out = advantages(
      { type: "win-rate", clip: 0.5 },
      [0, 0, 0],
      ["g", "g", "h"],
      [...samples, { completion: "" }],
    );
    expect(out.advantages).toEqual([0.5, -0.5, 0]);
  });
});
