import { describe, expect, it } from "vitest";
import type { Sample } from "../core/index.js";
import type { Box } from "./boxes.js";
import { alignBoxes, boxToPixels, FRAMES, pointToPixels } from "./frames.js";

const sample: Sample = {
  completion: "",
  image: { width: 1000, height: 720 },
  input_image: { width: 700, height: 504 },
};

describe("coordinate frames", () => {
  it("rescales input pixels to the original image as VLM-R1 does (reward-formulas §2a)", () => {
    const out = boxToPixels([100, 50, 300, 250], "input-pixel", sample);
    expect(out.ok).toBe(true);
    const box = (out as { value: Box }).value;
    expect(box[0]).toBeCloseTo(142.857, 3);
    expect(box[1]).toBeCloseTo(71.429, 3);
    expect(box[2]).toBeCloseTo(428.571, 3);
    expect(box[3]).toBeCloseTo(357.143, 3);
    // Divide first, then multiply: 61 / 476 · 476 is 60.99999999999999 in floating point.
    const odd = boxToPixels([61, 0, 61, 0], "input-pixel", {
      completion: "",
      image: { width: 476, height: 1 },
      input_image: { width: 476, height: 1 },
    });
    expect((odd as { value: Box }).value[0]).toBe(60.99999999999999);
  });

  it("maps norm1000 and norm1 with the image size", () => {
    expect(boxToPixels([500, 500, 1000, 1000], "norm1000", sample)).toEqual({
      ok: true,
      value: [500, 360, 1000, 720],
    });
    expect(boxToPixels([0.5, 0.5, 1, 1], "norm1", sample)).toEqual({
      ok: true,
      value: [500, 360, 1000, 720],
    });
    expect(pointToPixels([0.5, 0.25], "norm1", sample)).toEqual({ ok: true, value: [500, 180] });
  });

  it("never guesses a missing size", () => {
    expect(boxToPixels([1, 2, 3, 4], "norm1000", { completion: "" })).toEqual({
      ok: false,
      missing: "image",
    });
    expect(
      boxToPixels([1, 2, 3, 4], "input-pixel", { completion: "", image: { width: 1, height: 1 } }),
    ).toEqual({
      ok: false,
      missing: "input_image",
    });
    expect(boxToPixels([1, 2, 3, 4], "pixel", { completion: "" })).toEqual({ ok: true, value: [1, 2, 3, 4] });
  });

  it("compares equal frames unchanged and converts differing ones to pixels", () => {
    expect(alignBoxes([1, 1, 5, 5], "norm1000", [0, 0, 4, 4], "norm1000", { completion: "" })).toEqual({
      ok: true,
      value: { pred: [1, 1, 5, 5], ref: [0, 0, 4, 4] },
    });
    const mixed = alignBoxes([0, 0, 500, 500], "norm1000", [0, 0, 500, 360], "pixel", sample);
    expect(mixed).toEqual({ ok: true, value: { pred: [0, 0, 500, 360], ref: [0, 0, 500, 360] } });
  });

  it("round-trips every frame through pixels (property)", () => {
    const inverse: Record<string, (b: Box) => Box> = {
      pixel: (b) => b,
      "input-pixel": (b) => [
        (b[0] / 1000) * 700,
        (b[1] / 720) * 504,
        (b[2] / 1000) * 700,
        (b[3] / 720) * 504,
      ],
      norm1000: (b) => [(b[0] / 1000) * 1000, (b[1] / 720) * 1000, (b[2] / 1000) * 1000, (b[3] / 720) * 1000],
      norm1: (b) => [b[0] / 1000, b[1] / 720, b[2] / 1000, b[3] / 720],
    };
    for (let n = 0; n < 200; n++) {
      const box: Box = [
        Math.random() * 500,
        Math.random() * 300,
        500 + Math.random() * 500,
        300 + Math.random() * 400,
      ];
      for (const frame of FRAMES) {
        const there = inverse[frame]!(box);
        const back = boxToPixels(there, frame, sample);
        expect(back.ok).toBe(true);
        for (const [i, v] of (back as { value: Box }).value.entries()) expect(v).toBeCloseTo(box[i]!, 6);
      }
    }
  });
});
