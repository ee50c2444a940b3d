import { describe, expect, it } from "vitest";
import { defaultAdvantages, igpoTurnAdvantages, infoGains } from "./index.js";

const base = { mode: "prob_diff", norm: "joint", gamma: 1, legacy: false } as const;
// §15: rollout A IG [0.2, −0.1], F1 0.5; rollout B IG [0.05], F1 1.0.
const rollouts = [
  { infoGains: [0.2, -0.1], outcome: 0.5 },
  { infoGains: [0.05], outcome: 1.0 },
];

describe("igpo", () => {
  it("reproduces the §15 worked example (joint): A [−1.0016, −0.6678, 0.4366], B [1.0016, 1.7208]", () => {
    const [a, b] = igpoTurnAdvantages(rollouts, base);
    [-1.001645113, -0.667763409, 0.436614537].forEach((v, k) => {
      expect(a![k]).toBeCloseTo(v, 8);
    });
    [1.001645113, 1.720774938].forEach((v, k) => {
      expect(b![k]).toBeCloseTo(v, 8);
    });
  });

  it("normalises IG and outcome separately (info_gain_norm_mode=separate)", () => {
    const [a, b] = igpoTurnAdvantages(rollouts, { ...base, norm: "separate" });
    [-0.99999592, -2.224730383, -0.99999592].forEach((v, k) => {
      expect(a![k]).toBeCloseTo(v, 7);
    });
    [0.99999592, 0.99999592].forEach((v, k) => {
      expect(b![k]).toBeCloseTo(v, 7);
    });
  });

  it("computes prob_diff and log_prob_diff info gains; non-finite values skip the turn", () => {
    expect(infoGains([Math.log(0.1), Math.log(0.3)], "prob_diff")[0]).toBeCloseTo(0.2, 12);
    expect(infoGains([-2, -1.5], "log_prob_diff")).toEqual([0.5]);
    expect(infoGains([-2, Number.NaN], "log_prob_diff")[0]).toBeNaN();
  });

  it("keeps an IG of exactly 0 as its own turn; legacy drops it (the updated copy's quirk)", () => {
    const withZero = [
      { infoGains: [0, 0.4], outcome: 1 },
      { infoGains: [0.1], outcome: 0 },
    ];
    const fixed = igpoTurnAdvantages(withZero, base);
    const legacy = igpoTurnAdvantages(withZero, { ...base, legacy: true });
    expect(fixed[0]![0]).not.toBeCloseTo(fixed[0]![1]!, 6);
    expect(legacy[0]![0]).toBe(legacy[0]![1]);
  });

  it("returns the first turn's advantage per sample and every turn in perSample.turnAdvantages", () => {
    const estimator = defaultAdvantages().create(
      { type: "igpo", input: "prob", key: "p" },
      { names: ["f1"], weights: [1] },
      "advantage",
    );
    const samples = [
      { completion: "", meta: { p: [0.1, 0.3, 0.2] } },
      { completion: "", meta: { p: [0.5] } },
      { completion: "", meta: { p: [0.4, 0.45] } },
    ];
    const out = estimator.compute({ rewards: [0.5, null, 1.0], groups: ["q", "q", "q"], samples, rows: [] });
    expect(out.advantages[0]).toBeCloseTo(-1.001645113, 6);
    expect(out.advantages[1]).toBe(0);
    expect(out.perSample!.turnAdvantages![1]).toBeNull();
    expect((out.perSample!.turnAdvantages![2] as number[]).map((v) => Number(v.toFixed(4)))).toEqual([
      1.0016, 1.7208,
    ]);
    expect(out.groups[0]).toMatchObject({ size: 3, nulls: 1 });
  });
});
