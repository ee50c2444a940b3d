import { describe, expect, it } from "vitest";
import { createContext } from "../src/core/index.js";
import { contourRadii, gaussianOfBox, geometrySpecs, sampleOverlay } from "../src/inspect/index.js";
import { boxToPixels } from "../src/parse/index.js";
import { loadRecipe } from "../src/recipe/node.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { boxRect, overlayViewBox, strokeFor, toScreen } from "../ui/src/draw-math.js";

const image = { width: 1000, height: 720 };
const inputImage = { width: 700, height: 504 };

describe("overlay geometry (what the rewards saw, in image pixels)", () => {
  it("takes each geometry reward's frames from the recipe, default pixel", () => {
    const specs = geometrySpecs(loadRecipe("examples/grounding/recipe.yaml").rewards);
    expect(specs).toEqual([
      { reward: "iou", type: "grounding.iou", predFrame: "input-pixel", refFrame: "pixel" },
    ]);
    expect(
      geometrySpecs([
        { name: "g", type: "gui.gaussian-point" },
        { name: "f", type: "gui.g2-format" },
      ]),
    ).toEqual([{ reward: "g", type: "gui.gaussian-point", predFrame: "pixel", refFrame: "pixel" }]);
  });

  it("converts an input-pixel prediction with the rewards' own conversion (frames.ts worked example)", () => {
    const sample = {
      completion: "<think>t</think><answer>[100, 50, 300, 250]</answer>",
      reference: [142, 71, 428, 357],
      image,
      input_image: inputImage,
    };
    const overlay = sampleOverlay(sample, [
      { reward: "iou", type: "grounding.iou", predFrame: "input-pixel", refFrame: "pixel" },
    ]);
    const pred = overlay.shapes.find((s) => s.role === "pred")!;
    expect(pred.raw).toEqual([100, 50, 300, 250]);
    // 100 / 700 · 1000 = 142.857…, 50 / 504 · 720 = 71.428…
    expect(pred.pixels![0]).toBeCloseTo(142.857142, 5);
    expect(pred.pixels![1]).toBeCloseTo(71.428571, 5);
    const converted = boxToPixels([100, 50, 300, 250], "input-pixel", sample);
    expect(converted.ok && pred.pixels).toEqual(converted.ok && converted.value);
    expect(overlay.shapes.find((s) => s.role === "ref")!.pixels).toEqual([142, 71, 428, 357]);
    expect(overlay.frame).toEqual(image);
    expect(overlay.errors).toEqual([]);
  });

  it("draws exactly the box the IoU reward scored: IoU of the drawn boxes equals the component", () => {
    const registry = defaultRegistry();
    const config = { pred: { frame: "norm1000" }, ref: { frame: "pixel" } };
    const reward = registry.create("grounding.iou", config, "rewards[0]");
    const sample = {
      completion: "<answer>[100,100,500,500]</answer>",
      reference: [0, 0, 640, 360],
      image: { width: 1280, height: 720 },
    };
    const { ctx } = createContext();
    const scored = reward.score!(sample, ctx) as number;
    const [pred, ref] = sampleOverlay(sample, [
      { reward: "iou", type: "grounding.iou", predFrame: "norm1000", refFrame: "pixel" },
    ]).shapes;
    expect(pred!.pixels).toEqual([128, 72, 640, 360]);
    const [a, b] = [pred!.pixels!, ref!.pixels!];
    const inter =
      Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!)) *
      Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
    const union = (a[2]! - a[0]!) * (a[3]! - a[1]!) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter;
    expect(inter / union).toBeCloseTo(scored, 12);
  });

  it("shows a missing image size as the data error it is, and still draws what needs no size", () => {
    const overlay = sampleOverlay({ completion: "<answer>[1,2,3,4]</answer>", reference: [1, 2, 3, 4] }, [
      { reward: "iou", type: "grounding.iou", predFrame: "norm1000", refFrame: "pixel" },
    ]);
    expect(overlay.frame).toBeNull();
    expect(overlay.errors).toEqual([
      {
        reward: "iou",
        code: "missing_image_size",
        message: "iou: the pred box is in norm1000, which needs sample.image",
      },
    ]);
    expect(overlay.shapes.map((s) => [s.role, s.pixels])).toEqual([
      ["pred", null],
      ["ref", [1, 2, 3, 4]],
    ]);
  });

  it("draws points, and GUI-G² Gaussians with σ = ½ box size and contours at 0.9 / 0.5 / 0.1", () => {
    const point = sampleOverlay(
      { completion: "click(500, 500)", reference: [10, 20], image: { width: 1280, height: 720 } },
      [{ reward: "hit", type: "gui.click-hit", predFrame: "norm1000", refFrame: "pixel" }],
    );
    expect(point.shapes.map((s) => [s.kind, s.pixels])).toEqual([
      ["point", [640, 360]],
      ["point", [10, 20]],
    ]);
    const gaussian = sampleOverlay(
      { completion: "[1130,20,1210,50]", reference: [1122, 18, 1206, 48], image },
      [{ reward: "g", type: "gui.gaussian-point", predFrame: "pixel", refFrame: "pixel" }],
    ).gaussians;
    expect(gaussian.map((g) => [g.role, g.cx, g.cy, g.sigmaX, g.sigmaY])).toEqual([
      ["pred", 1170, 35, 40, 15],
      ["ref", 1164, 33, 42, 15],
    ]);
    expect(gaussianOfBox("g", "ref", [100, 100, 300, 200]).contours[1]).toEqual({
      level: 0.5,
      rx: 100 * Math.sqrt(2 * Math.LN2),
      ry: 50 * Math.sqrt(2 * Math.LN2),
    });
    // On the contour the Gaussian equals its level.
    const { rx } = contourRadii({ sigmaX: 42, sigmaY: 15 }, 0.1);
    expect(Math.exp(-0.5 * (rx / 42) ** 2)).toBeCloseTo(0.1, 12);
  });
});

describe("drawing math (ui/src/draw-math.ts)", () => {
  it("uses the sample's image size as viewBox, else the file's natural size", () => {
    expect(overlayViewBox(image, { width: 10, height: 10 })).toEqual(image);
    expect(overlayViewBox(null, { width: 10, height: 20 })).toEqual({ width: 10, height: 20 });
    expect(overlayViewBox(null, null)).toBeNull();
  });

  it("maps a box in image pixels to the screen position where the image shows it", () => {
    expect(boxRect([120, 80, 40, 20])).toEqual({ x: 40, y: 20, width: 80, height: 60 });
    const displayed = { left: 800, top: 300, width: 640, height: 320 };
    expect(toScreen([40, 20], { width: 400, height: 200 }, displayed)).toEqual([864, 332]);
    expect(toScreen([400, 200], { width: 400, height: 200 }, displayed)).toEqual([1440, 620]);
    expect(strokeFor({ width: 400 }, 640)).toBe(1.25);
  });
});
