import { describe, expect, it } from "vitest";
import type { ComponentValue } from "../core/index.js";
import { defaultAdvantages } from "./index.js";

const env = { names: ["r"], weights: [1] };
function advantages(
  block: { type: string; [key: string]: unknown },
  rewards: ComponentValue[],
  groups: Array<string | undefined>,
) {
  const estimator = defaultAdvantages().create(block, env, "advantage");
  return estimator.compute({
    rewards,
    groups,
    samples: rewards.map(() => undefined),
    rows: rewards.map((r) => [r]),
  });
}
function expectClose(actual: readonly number[], expected: readonly number[], digits = 8) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(a, `index ${i}`).toBeCloseTo(expected[i]!, digits);
  });
}

// Four groups of 4 (TRL needs equal sizes): A plain, B with a null, C with one non-null, D all null.
const trlRewards: ComponentValue[] = [
  1,
  0,
  0,
  1,
  0.5,
  null,
  0.25,
  1.0,
  null,
  0.3,
  null,
  null,
  null,
  null,
  null,
  null,
];
const trlGroups = ["A", "A", "A", "A", "B", "B", "B", "B", "C", "C", "C", "C", "D", "D", "D", "D"];
// Expected values from a numpy port of trl/trainer/grpo_trainer.py:2679-2735 (nanstd with Bessel, nan_to_num).
const trlExpected = {
  group: [
    0.8658754298, -0.8658754298, -0.8658754298, 0.8658754298, -0.2181607623, 0, -0.8726430494, 1.0908038117,
    0, 0, 0, 0, 0, 0, 0, 0,
  ],
  batch: [
    1.1373699872, -1.1373699872, -1.1373699872, 1.1373699872, -0.1895616645, 0, -0.7582466582, 0.9478083227,
    0, 0, 0, 0, 0, 0, 0, 0,
  ],
  none: [0.5, -0.5, -0.5, 0.5, -0.0833333333, 0, -0.3333333333, 0.4166666667, 0, 0, 0, 0, 0, 0, 0, 0],
};
// Interleave the groups in the input; results must come back in input order.
const permutation = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const permute = <T>(values: readonly T[]): T[] => permutation.map((i) => values[i]!);

describe("grpo (TRL flavour)", () => {
  it("reproduces the §16d worked example: [1.20738, −0.72443, …] with eps 1e-4", () => {
    const out = advantages({ type: "grpo" }, [1, 0, 0, 1, 1, 0, 0, 0], Array(8).fill("g"));
    expectClose(out.advantages.slice(0, 2), [1.20738144, -0.72442886]);
    expect(out.groups[0]).toMatchObject({ mean: 0.375, nulls: 0, collapsed: false });
    expect(out.groups[0]!.std).toBeCloseTo(0.517549, 6);
  });

  it.each(["group", "batch"] as const)(
    "matches TRL scale_rewards=%s with nulls, singletons and interleaving",
    (scale) => {
      const out = advantages({ type: "grpo", scale }, permute(trlRewards), permute(trlGroups));
      expectClose(out.advantages, permute(trlExpected[scale]));
      const byGroup = Object.fromEntries(out.groups.map((g) => [g.group, g]));
      expect(byGroup.B).toMatchObject({ size: 4, nulls: 1 });
      expect(byGroup.C).toMatchObject({ nulls: 3, mean: 0.3, std: null, collapsed: true });
      expect(byGroup.D).toMatchObject({ nulls: 4, mean: null, std: null, collapsed: false });
    },
  );

  it("matches TRL scale_rewards=none (std: none) and dr-grpo", () => {
    expectClose(
      advantages({ type: "grpo", std: "none" }, permute(trlRewards), permute(trlGroups)).advantages,
      permute(trlExpected.none),
    );
    expectClose(
      advantages({ type: "dr-grpo" }, permute(trlRewards), permute(trlGroups)).advantages,
      permute(trlExpected.none),
    );
    expectClose(
      advantages({ type: "mean-only" }, permute(trlRewards), permute(trlGroups)).advantages,
      permute(trlExpected.none),
    );
  });

  it("gives a group of size 1 advantage 0 (TRL), flags it collapsed", () => {
    const out = advantages({ type: "grpo" }, [0.7], ["solo"]);
    expect(out.advantages).toEqual([0]);
    expect(out.groups[0]).toMatchObject({ size: 1, collapsed: true, std: null });
  });
});

// Groups a (8), b (3), c (1), interleaved; values from a numpy port of verl core_algos.py:267-330, 477-525.
const verlScores = [1, 0.5, 0, 0.25, 0, 1.0, 1, 0.7, 1, 0, 0, 0];
const verlIndex = ["a", "b", "a", "b", "a", "b", "a", "c", "a", "a", "a", "a"];

describe("grpo and dr-grpo (verl flavour)", () => {
  it("reproduces the §16d worked example: [1.20761, −0.72457, …] with eps 1e-6", () => {
    const out = advantages({ type: "grpo", flavor: "verl" }, [1, 0, 0, 1, 1, 0, 0, 0], Array(8).fill("g"));
    expectClose(out.advantages.slice(0, 2), [1.2076124, -0.72456744], 6);
  });

  it("matches verl grpo on interleaved groups, a group of one having mean 0 and std 1", () => {
    const out = advantages({ type: "grpo", flavor: "verl" }, verlScores, verlIndex);
    expectClose(
      out.advantages,
      [
        1.2076123955, -0.2182173188, -0.7245674373, -0.8728692752, -0.7245674373, 1.091086594, 1.2076123955,
        0.6999993, 1.2076123955, -0.7245674373, -0.7245674373, -0.7245674373,
      ],
    );
  });

  it("matches verl with norm_adv_by_std_in_grpo=False (dr-grpo, verl flavour)", () => {
    const out = advantages({ type: "dr-grpo", flavor: "verl" }, verlScores, verlIndex);
    expectClose(
      out.advantages,
      [
        0.625, -0.0833333333, -0.375, -0.3333333333, -0.375, 0.4166666667, 0.625, 0.7, 0.625, -0.375, -0.375,
        -0.375,
      ],
    );
  });

  it("lets eps and singleton override the flavour", () => {
    const out = advantages(
      { type: "grpo", flavor: "verl", singleton: "zero", eps: 1e-4 },
      [0.7, 1, 0],
      ["c", "a", "a"],
    );
    expect(out.advantages[0]).toBe(0);
    expect(out.advantages[1]).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-4), 10);
  });
});

describe("population std", () => {
  it("divides by n", () => {
    const out = advantages({ type: "grpo", std: "population", eps: 0 }, [1, 2, 3], ["g", "g", "g"]);
    expect(out.advantages[2]).toBeCloseTo(1 / Math.sqrt(2 / 3), 12);
  });
});

describe("identity", () => {
  it("passes rewards through, null → 0", () => {
    expect(advantages({ type: "identity" }, [0.5, null, -1], ["a", "a", "b"]).advantages).toEqual([
      0.5, 0, -1,
    ]);
  });
});
