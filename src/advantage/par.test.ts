import { describe, expect, it } from "vitest";
import type { ComponentValue, Sample } from "../core/index.js";
import { defaultAdvantages, logSigmoidCentered, normalQuantile, preferenceAsReward } from "./index.js";

function advantages(
  block: { type: string; [key: string]: unknown },
  rewards: ComponentValue[],
  groups: string[],
  samples: Sample[],
) {
  const estimator = defaultAdvantages().create(block, { names: ["r"], weights: [1] }, "advantage");
  return estimator.compute({ rewards, groups, samples, rows: rewards.map((r) => [r]) });
}
const refs = [0.2, 1.0, 2.5];

describe("par", () => {
  it("reproduces the §13 worked example: PAR 0.518726, LSC −1.420150 (checked with scipy)", () => {
    expect(preferenceAsReward(1.3, refs)).toBeCloseTo(0.5187259463, 9);
    expect(logSigmoidCentered(1.3, refs)).toBeCloseTo(-1.420149644, 8);
  });

  it("computes scipy's norm.ppf (AS 241)", () => {
    expect(normalQuantile(0.85)).toBeCloseTo(1.0364333894937898, 14);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 14);
    expect(normalQuantile(1e-20)).toBeCloseTo(-9.262340089798405, 12);
    expect(normalQuantile(0)).toBeNaN();
  });

  it("shapes then group-normalises with eps 1e-8 (PAR's GRPO); refs per sample or per group", () => {
    const samples = [1.3, 0.4].map(() => ({ completion: "", meta: { refs } }));
    const raw = advantages({ type: "par", normalize: "none" }, [1.3, 0.4], ["g", "g"], samples);
    expect(raw.advantages[0]).toBeCloseTo(0.5187259463, 9);
    expect(raw.perSample!.shaped![0]).toBeCloseTo(0.5187259463, 9);
    const normalised = advantages({ type: "par" }, [1.3, 0.4], ["g", "g"], samples);
    expect(normalised.advantages[0]).toBeCloseTo(Math.SQRT1_2, 6);
    const shared = [{ completion: "", meta: { refs } }, { completion: "" }];
    expect(
      advantages({ type: "par", refs: "group", normalize: "none" }, [1.3, 1.3], ["g", "g"], shared)
        .advantages[1],
    ).toBeCloseTo(0.5187259463, 9);
    // Per sample, the second has no refs: excluded (advantage 0).
    expect(advantages({ type: "par", normalize: "none" }, [1.3, 1.3], ["g", "g"], shared).advantages[1]).toBe(
      0,
    );
  });

  it("LSC uses every reference; PAR only the first maxRefs", () => {
    const samples = [{ completion: "", meta: { refs: [...refs, 10] } }];
    expect(
      advantages({ type: "par", maxRefs: 3, normalize: "none" }, [1.3], ["g"], samples).advantages[0],
    ).toBeCloseTo(0.5187259463, 9);
    expect(
      advantages({ type: "par", shaping: "lsc", maxRefs: 3, normalize: "none" }, [1.3], ["g"], samples)
        .advantages[0],
    ).toBeCloseTo(logSigmoidCentered(1.3, [...refs, 10]), 12);
  });

  it("applies the length penalty only when asked (bug fixed), always with legacy: true", () => {
    const samples = [{ completion: "", meta: { refs, length: 350 } }];
    const off = advantages({ type: "par", normalize: "none", shaping: "none" }, [1], ["g"], samples);
    expect(off.advantages[0]).toBe(1);
    const legacy = advantages(
      { type: "par", normalize: "none", shaping: "none", legacy: true },
      [1],
      ["g"],
      samples,
    );
    expect(legacy.advantages[0]).toBeCloseTo(1 - 0.01 * 50, 12);
  });

  it("keeps running statistics across batches for clip, min-max and mean-std", () => {
    const estimator = defaultAdvantages().create(
      { type: "par", shaping: "minmax", normalize: "none" },
      { names: ["r"], weights: [1] },
      "advantage",
    );
    const batch = (rewards: number[]) =>
      estimator.compute({
        rewards,
        groups: rewards.map(() => "g"),
        samples: rewards.map(() => ({ completion: "" })),
        rows: [],
      }).advantages;
    expect(batch([0, 2])).toEqual([0, 1]);
    expect(batch([1])).toEqual([0.5]);
    const meanstd = defaultAdvantages().create(
      { type: "par", shaping: "meanstd", normalize: "none" },
      { names: ["r"], weights: [1] },
      "advantage",
    );
    const out = meanstd.compute({
      rewards: [0, 2],
      groups: ["g", "g"],
      samples: [{ completion: "" }, { completion: "" }],
      rows: [],
    });
    expect(out.advantages).toEqual([-1, 1]);
  });
});
