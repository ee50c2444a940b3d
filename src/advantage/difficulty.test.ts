import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { defaultAdvantages } from "./index.js";

const env = { names: ["r"], weights: [1] };

describe("difficulty", () => {
  it("multiplies the base advantage (dr-grpo by default) by meta.rate, default 1", () => {
    const estimator = defaultAdvantages().create({ type: "difficulty" }, env, "advantage");
    const samples = [{ completion: "", meta: { rate: 2 } }, { completion: "" }];
    const out = estimator.compute({ rewards: [1, 0], groups: ["g", "g"], samples, rows: [] });
    expect(out.advantages).toEqual([1, -0.5]);
    expect(out.groups[0]).toMatchObject({ mean: 0.5 });
  });

  it("wraps any per-sample base, with its own config", () => {
    const estimator = defaultAdvantages().create(
      { type: "difficulty", key: "w", base: { type: "grpo", flavor: "verl" } },
      env,
      "advantage",
    );
    const samples = [1, 0, 0, 1, 1, 0, 0, 0].map(() => ({ completion: "", meta: { w: 0.5 } }));
    const out = estimator.compute({
      rewards: [1, 0, 0, 1, 1, 0, 0, 0],
      groups: Array(8).fill("g"),
      samples,
      rows: [],
    });
    expect(out.advantages[0]).toBeCloseTo(1.2076124 / 2, 6);
  });

  it("rejects an unknown base at load, naming advantage.base.type", () => {
    try {
      defaultAdvantages().create({ type: "difficulty", base: { type: "win-rate" } }, env, "advantage");
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]).toMatchObject({
        path: "advantage.base.type",
        value: "win-rate",
      });
    }
  });
});
