/**
 * Tests of the grounding rewards: properties.
 * @module
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/fuzz.js";
import type { Sample } from "../../core/sample.js";
import { type Box, boxToPixels, FRAMES, type Frame } from "../../parse/index.js";
import { giou, iouInclusivePixel, iouStandard } from "./geometry.js";
import { giouFloat32 } from "./vision-r1-parse.js";

const rnd = seededRandom(7);
function randomBox(scale = 1000): Box {
  const x1 = rnd() * scale;
  const y1 = rnd() * scale;
  return [x1, y1, x1 + rnd() * scale, y1 + rnd() * scale];
}

describe("IoU and GIoU properties (2,000 random pairs)", () => {
  const pairs = Array.from({ length: 2000 }, () => [randomBox(), randomBox()] as const);
  it("are symmetric", () => {
    for (const [a, b] of pairs) {
      expect(iouStandard(a, b)).toBe(iouStandard(b, a));
      expect(iouInclusivePixel(a, b)).toBe(iouInclusivePixel(b, a));
      expect(giou(a, b)).toBeCloseTo(giou(b, a), 12);
    }
  });
  it("IoU ∈ [0, 1], GIoU ∈ [−1, 1], GIoU ≤ IoU, and IoU(a, a) = 1", () => {
    for (const [a, b] of pairs) {
      const i = iouStandard(a, b);
      const g = giou(a, b);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThanOrEqual(1);
      expect(g).toBeGreaterThanOrEqual(-1);
      expect(g).toBeLessThanOrEqual(1);
      expect(g).toBeLessThanOrEqual(i + 1e-12);
      expect(iouStandard(a, a)).toBeCloseTo(1, 12);
      expect(Math.abs(giouFloat32(a, b) - g)).toBeLessThan(1e-4);
    }
  });
  it("scaling both boxes and the image together leaves IoU unchanged", () => {
    for (const [a, b] of pairs.slice(0, 500)) {
      const sx = 0.1 + rnd() * 10;
      const sy = 0.1 + rnd() * 10;
      const scale = (box: Box): Box => [box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy];
      expect(iouStandard(scale(a), scale(b))).toBeCloseTo(iouStandard(a, b), 9);
      expect(giou(scale(a), scale(b))).not.toBeNaN();
    }
  });
});

describe("frame conversions round-trip", () => {
  const sample: Sample = {
    completion: "",
    image: { width: 1932, height: 1092 },
    input_image: { width: 1288, height: 728 },
  };
  const inverse = (box: Box, frame: Frame): Box => {
    const W = sample.image!.width;
    const H = sample.image!.height;
    const [sx, sy] =
      frame === "pixel"
        ? [1, 1]
        : frame === "norm1"
          ? [W, H]
          : frame === "norm1000"
            ? [W / 1000, H / 1000]
            : [W / sample.input_image!.width, H / sample.input_image!.height];
    return [box[0] / sx, box[1] / sy, box[2] / sx, box[3] / sy];
  };
  it("pixel → frame → pixel is the identity (to 1e-9) for every frame", () => {
    for (const frame of FRAMES) {
      for (let i = 0; i < 200; i++) {
        const box = randomBox(1000);
        const back = boxToPixels(inverse(box, frame), frame, sample);
        expect(back.ok).toBe(true);
        if (back.ok) for (let k = 0; k < 4; k++) expect(back.value[k]).toBeCloseTo(box[k]!, 9);
      }
    }
  });
  it("IoU is the same in any common frame", () => {
    for (let i = 0; i < 200; i++) {
      const a = randomBox(1000);
      const b = randomBox(1000);
      for (const frame of FRAMES) {
        expect(iouStandard(inverse(a, frame), inverse(b, frame))).toBeCloseTo(iouStandard(a, b), 9);
      }
    }
  });
});
