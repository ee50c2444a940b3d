/**
 * `inputImage`: smart_resize against a table computed by Python (scripts/smart-resize-table.py),
 * and the recipe hook that fills a missing `input_image`.
 * @module
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { type ResizeFamilyName, resizePolicy, smartResize, withInputImage } from "./input-image.js";
import { buildScorer } from "./scorer.js";

interface Table {
  policies: Array<{
    resize: ResizeFamilyName;
    factor: number;
    minPixels: number;
    maxPixels: number;
    rows: Array<[number, number, number | null, number | null]>;
  }>;
}
const table = JSON.parse(
  readFileSync(new URL("./fixtures/smart-resize.json", import.meta.url), "utf8"),
) as Table;

describe("smartResize matches Python's smart_resize", () => {
  for (const p of table.policies) {
    it(`${p.resize} min ${p.minPixels} max ${p.maxPixels}: ${p.rows.length} sizes`, () => {
      const policy = resizePolicy({ resize: p.resize, minPixels: p.minPixels, maxPixels: p.maxPixels });
      expect(policy.factor).toBe(p.factor);
      const mismatches = p.rows.filter(([height, width, h, w]) => {
        const out = smartResize({ width, height }, policy);
        return h === null ? out !== null : out?.height !== h || out?.width !== w;
      });
      expect(mismatches).toEqual([]);
    });
  }

  it("the table covers every branch: halves rounded to even, max and min pixels, the ratio error", () => {
    const [first] = table.policies;
    const rows = first!.rows;
    const find = (height: number, width: number) => rows.find((r) => r[0] === height && r[1] === width);
    expect(find(1080, 1920)).toEqual([1080, 1920, 1092, 1932]); // nearest multiple of 28
    expect(find(70, 70)).toEqual([70, 70, 56, 56]); // 2.5 → 2 (JS Math.round would give 84)
    expect(find(8192, 8192)).toEqual([8192, 8192, 3584, 3584]); // over max_pixels: floor
    expect(find(14, 14)).toEqual([14, 14, 56, 56]); // under min_pixels: ceil
    expect(find(1, 201)).toEqual([1, 201, null, null]); // aspect ratio over 200
    expect(find(1, 200)?.[2]).not.toBeNull(); // exactly 200 is accepted
  });
});

describe("resizePolicy", () => {
  it("defaults are the checkpoints' preprocessor configs", () => {
    expect(resizePolicy({ resize: "qwen2.5-vl" })).toEqual({
      factor: 28,
      minPixels: 3136,
      maxPixels: 12845056,
    });
    expect(resizePolicy({ resize: "qwen2-vl" })).toEqual({
      factor: 28,
      minPixels: 3136,
      maxPixels: 12845056,
    });
    expect(resizePolicy({ resize: "qwen3-vl" })).toEqual({
      factor: 32,
      minPixels: 65536,
      maxPixels: 16777216,
    });
    expect(resizePolicy({ resize: "qwen2.5-vl", maxPixels: 1003520 }).maxPixels).toBe(1003520);
  });
});

describe("withInputImage", () => {
  const policy = resizePolicy({ resize: "qwen2.5-vl" });
  it("fills a missing input_image without changing the caller's sample", () => {
    const sample = { completion: "", image: { width: 1920, height: 1080 } };
    const issues: never[] = [];
    expect(withInputImage(sample, policy, issues).input_image).toEqual({ width: 1932, height: 1092 });
    expect(sample).not.toHaveProperty("input_image");
    expect(issues).toEqual([]);
  });
  it("keeps a sample's own input_image, and leaves samples without image alone", () => {
    const own = {
      completion: "",
      image: { width: 1920, height: 1080 },
      input_image: { width: 100, height: 50 },
    };
    expect(withInputImage(own, policy, [])).toBe(own);
    const bare = { completion: "" };
    expect(withInputImage(bare, policy, [])).toBe(bare);
  });
  it("a size the processor rejects is a data error", () => {
    const issues: Array<{ code: string }> = [];
    withInputImage({ completion: "", image: { width: 2010, height: 10 } }, policy, issues as never);
    withInputImage({ completion: "", image: { width: 100.5, height: 10 } }, policy, issues as never);
    expect(issues.map((i) => i.code)).toEqual(["invalid_image_size", "invalid_image_size"]);
  });
});

describe("recipe inputImage", () => {
  const recipe = {
    rewards: [
      {
        name: "iou",
        type: "grounding.iou",
        config: { pred: { frame: "input-pixel" }, ref: { frame: "pixel" }, threshold: 0 },
      },
    ],
    inputImage: { resize: "qwen2.5-vl" },
  };
  // The model answered in pixels of its 1932×1092 input; the reference is in 1920×1080 pixels.
  const sample = {
    completion: "<answer>[966, 546, 1932, 1092]</answer>",
    reference: [960, 540, 1920, 1080],
    image: { width: 1920, height: 1080 },
  };

  it("the scorer fills input_image, so an input-pixel prediction maps onto the reference", () => {
    const { results } = buildScorer(recipe).scoreSync([sample]);
    expect(results[0]!.components.iou).toBeCloseTo(1, 12);
    expect(results[0]!.issues).toEqual([]);
    // Without inputImage the same sample lacks the size: a data error, not a guess.
    const without = buildScorer({ rewards: recipe.rewards }).scoreSync([sample]);
    expect(without.results[0]!.components.iou).toBeNull();
    expect(without.results[0]!.issues.map((i) => i.code)).toContain("missing_image_size");
  });

  it("an extreme aspect ratio makes the sample a data error", () => {
    const { results, stats } = buildScorer(recipe).scoreSync([
      { ...sample, image: { width: 4020, height: 20 } },
    ]);
    expect(results[0]!.issues.map((i) => i.code)).toContain("invalid_image_size");
    expect(results[0]!.reward).toBeNull();
    expect(stats.dataErrors).toBe(1);
  });

  it("is inherited through extends, and validated at load", () => {
    const extended = buildScorer({
      extends: "vlm-r1/rec",
      inputImage: { resize: "qwen3-vl", maxPixels: 1048576 },
    });
    expect(extended.recipe.inputImage).toEqual({ resize: "qwen3-vl", maxPixels: 1048576 });
    expect(() => buildScorer({ ...recipe, inputImage: { resize: "qwen2.5vl" } })).toThrow(ConfigError);
    expect(() => buildScorer({ ...recipe, inputImage: { resize: "qwen2.5vl" } })).toThrow(
      /did you mean "qwen2.5-vl"/,
    );
    expect(() =>
      buildScorer({ ...recipe, inputImage: { resize: "qwen2.5-vl", minPixels: 10, maxPixels: 5 } }),
    ).toThrow(/inputImage.minPixels: minPixels must not exceed maxPixels/);
  });
});
