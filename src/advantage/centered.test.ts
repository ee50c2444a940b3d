import { describe, expect, it } from "vitest";
import { defaultAdvantages } from "./index.js";

const env = { names: ["r"], weights: [1] };

describe("centered", () => {
  it("centres within the prompt (CRD): r − mean_G, with an optional scale", () => {
    const estimator = defaultAdvantages().create({ type: "centered" }, env, "advantage");
    const out = estimator.compute({
      rewards: [1, 5, 2, 3],
      groups: ["a", "b", "a", "a"],
      samples: [],
      rows: [],
    });
    expect(out.advantages).toEqual([-1, 0, 0, 1]);
    const scaled = defaultAdvantages().create({ type: "centered", scale: 10 }, env, "advantage");
    expect(scaled.compute({ rewards: [1, 3], groups: ["a", "a"], samples: [], rows: [] }).advantages).toEqual(
      [-10, 10],
    );
  });

  it("centres against reference rewards (PAR's reward_centered): mean_m (r − r_ref,m)", () => {
    const estimator = defaultAdvantages().create({ type: "centered", against: "refs" }, env, "advantage");
    const samples = [{ completion: "", meta: { refs: [0.2, 1.0, 2.5] } }, { completion: "" }];
    const out = estimator.compute({ rewards: [1.3, 1], groups: ["g", "g"], samples, rows: [] });
    expect(out.advantages[0]).toBeCloseTo(1.3 - 3.7 / 3, 12);
    expect(out.advantages[1]).toBe(0);
  });
});
