import { describe, expect, it } from "vitest";
import { HUGE_UNITS, malformedCompletions, malformedReferences } from "../../../test/support/fuzz.js";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { buildScorer } from "../../recipe/index.js";

const IMAGE = { width: 1920, height: 1080 };

describe("gui-g2 preset", () => {
  it("sums gaussian_point, gaussian_plane and format, with the GRPO advantage", () => {
    const { results } = buildScorer("gui-g2").scoreSync([
      { completion: "system\nassistant\n[1130,20,1210,50]", reference: [1122, 18, 1206, 48], group: "g" },
      { completion: "[1100,10,1180,40]", reference: [1122, 18, 1206, 48], group: "g" },
      { completion: "I think <answer>nothing</answer>", reference: [1122, 18, 1206, 48], group: "g" },
    ]);
    expect(results.map((r) => r.components)).toEqual([
      { gaussian_point: 0.981, gaussian_plane: 0.995, format: 1 },
      { gaussian_point: 0.737, gaussian_plane: 0.924, format: 1 },
      { gaussian_point: 0, gaussian_plane: 0, format: 0 },
    ]);
    expect(results[0]!.reward).toBeCloseTo(2.976, 12);
    const rewards = [2.976, 2.661, 0];
    const mean = rewards.reduce((a, b) => a + b) / 3;
    const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / 2);
    expect(results[0]!.advantage).toBeCloseTo((2.976 - mean) / (std + 1e-4), 10);
    expect(results[2]!.issues.map((i) => i.code)).toEqual([
      "no_box_found",
      "no_box_found",
      "format_mismatch",
    ]);
  });
});

describe("gui-g1 preset", () => {
  it("sums iou, hit and box; advantage rate · (r − mean)", () => {
    const completion = '```json\n[{"bbox_2d": [1200, 1020, 1340, 1085]}]\n```';
    const reference = [1207.68, 1024.92, 1351.68, 1080];
    const { results } = buildScorer("gui-g1").scoreSync([
      { completion, reference, image: IMAGE, group: 1, meta: { rate: 2 } },
      {
        completion: "```json\n[{'bbox_2d': [0, 0, 10, 10]}",
        reference,
        image: IMAGE,
        group: 1,
        meta: { rate: 2 },
      },
    ]);
    expect(results[0]!.components.iou).toBeCloseTo(0.187004, 6);
    expect(results[0]!.components.hit).toBe(1);
    expect(results[0]!.components.box).toBeCloseTo(0.124398, 6);
    expect(results[1]!.components).toEqual({ iou: 0, hit: 0, box: 0 });
    const r0 = results[0]!.reward!;
    expect(results[0]!.advantage).toBeCloseTo(2 * (r0 - r0 / 2), 12);
  });

  it("scores box null without the image size", () => {
    const { results } = buildScorer("gui-g1").scoreSync([
      { completion: "[{'bbox_2d': [1,2,3,4]}]", reference: [1, 2, 3, 4] },
    ]);
    expect(results[0]!.components.box).toBeNull();
    expect(results[0]!.issues.map((i) => i.code)).toContain("missing_image_size");
  });
});

describe("ssl preset", () => {
  it("tiers a click by Gaussian proximity", () => {
    const { results } = buildScorer("ssl").scoreSync([
      { completion: "(1164, 33)", reference: [1122, 18, 1206, 48] },
      { completion: "(1205, 45)", reference: [1122, 18, 1206, 48] },
      { completion: "(10, 10)", reference: [1122, 18, 1206, 48] },
    ]);
    expect(results.map((r) => r.components.sweet_spot)).toEqual([1, 0.25, 0]);
  });
});

describe.each(["gui-g1", "gui-g2", "ssl"])("fuzz %s", (preset) => {
  // Per-sample latency (the "< 5 ms" target) is reported by `npm run bench -- fuzz`.
  it("100,000 malformed completions: no throw, finite or null; linear on 1 MB inputs", () => {
    const scorer = buildScorer(preset);
    const completions = malformedCompletions(100_000, preset.length, 5000);
    const references = malformedReferences(64, 3);
    const goodReference = [1207.68, 1024.92, 1351.68, 1080];
    for (let i = 0; i < completions.length; i++) {
      const sample = {
        completion: completions[i],
        reference: i % 2 ? goodReference : references[i % 64],
        image: i % 3 ? IMAGE : undefined,
      };
      const { results } = scorer.scoreSync([sample]);
      const result = results[0]!;
      for (const value of [result.reward, ...Object.values(result.components)]) {
        if (value !== null) expect(Number.isFinite(value)).toBe(true);
      }
    }
    for (const unit of HUGE_UNITS) {
      expectLinearTime(
        (n) => repeatTo(unit, n),
        (completion) => scorer.scoreSync([{ completion, reference: goodReference, image: IMAGE }]),
        { rounds: 3, label: `${preset} on ${JSON.stringify(unit)}` },
      );
    }
  }, 60_000);
});
