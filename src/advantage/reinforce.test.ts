import { describe, expect, it } from "vitest";
import type { ComponentValue } from "../core/index.js";
import { defaultAdvantages } from "./index.js";

function advantages(
  block: { type: string; [key: string]: unknown },
  rewards: ComponentValue[],
  groups: string[],
  lengths?: number[],
) {
  const estimator = defaultAdvantages().create(block, { names: ["r"], weights: [1] }, "advantage");
  const samples = rewards.map((_, i) => ({ completion: "", meta: lengths ? { tokens: lengths[i] } : {} }));
  return estimator.compute({ rewards, groups, samples, rows: rewards.map((r) => [r]) });
}

const scores = [1, 0.5, 0, 0.25, 0, 1.0, 1, 0.7, 1, 0, 0, 0];
const index = ["a", "b", "a", "b", "a", "b", "a", "c", "a", "a", "a", "a"];

describe("reinforce++", () => {
  it("whitens over the batch: (x − mean)·rsqrt(var_unbiased + 1e-8), as verl masked_whiten", () => {
    const expected = [
      1.1866727771, 0.0996442797, -0.9873842176, -0.4438699689, -0.9873842176, 1.1866727771, 1.1866727771,
      0.5344556787, 1.1866727771, -0.9873842176, -0.9873842176, -0.9873842176,
    ];
    advantages({ type: "reinforce++" }, scores, index).advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i]!, 8);
    });
  });

  it("baseline variant subtracts the group mean first (a group of one: mean 0)", () => {
    const expected = [
      1.1620343484, -0.290508587, -0.8886145016, -0.8031707995, -0.8886145016, 0.734815838, 1.1620343484,
      1.3158330122, 1.1620343484, -0.8886145016, -0.8886145016, -0.8886145016,
    ];
    advantages({ type: "reinforce++-baseline" }, scores, index).advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i]!, 8);
    });
    advantages({ type: "reinforce++", baseline: true }, scores, index).advantages.forEach((a, i) => {
      expect(a).toBeCloseTo(expected[i]!, 8);
    });
  });

  it("weighs responses by their token count with lengthKey (verl whitens over tokens)", () => {
    // Two responses: 3 tokens of reward 1, 1 token of reward 0 → token values [1, 1, 1, 0].
    const out = advantages({ type: "reinforce++", lengthKey: "tokens" }, [1, 0], ["g", "g"], [3, 1]);
    const mean = 3 / (4 + 1e-8);
    const variance = ((3 * (1 - mean) ** 2 + mean ** 2) / (4 + 1e-8)) * (4 / 3);
    expect(out.advantages[0]).toBeCloseTo((1 - mean) / Math.sqrt(variance + 1e-8), 10);
  });

  it("gives 0 to null rewards and to a batch of one", () => {
    expect(advantages({ type: "reinforce++" }, [1, null, 0], ["g", "g", "g"]).advantages[1]).toBe(0);
    expect(advantages({ type: "reinforce++" }, [1], ["g"]).advantages).toEqual([0]);
  });
});
