/**
 * Coordinate frames. A reward that compares boxes or points takes, for the prediction and for the
 * reference separately, one of:
 * - `pixel`: pixels of the original image (`sample.image`);
 * - `input-pixel`: pixels of the image as the model saw it after resizing (`sample.input_image`),
 *   as Qwen2.5-VL emits;
 * - `norm1000`: 0–1000 normalised, as Qwen2-VL and InternVL emit;
 * - `norm1`: 0–1 normalised.
 *
 * When the two frames differ, both sides are converted to the `image` pixel frame before any
 * geometry; a frame that needs a size the sample lacks yields `missing_image_size`, never a guess.
 * When both sides share a frame, they are compared in that frame unchanged: IoU, GIoU, hit tests
 * and the Gaussian rewards are invariant under the per-axis scaling a conversion applies, and the
 * released code of the presets (e.g. Visual-RFT in 0–1000 space) needs no image size.
 * @module
 */
import type { Sample } from "../core/index.js";
import type { Box } from "./boxes.js";
import type { Point } from "./points.js";

/**
 * Every coordinate frame.
 * @example
 * z.enum(FRAMES).parse("norm1000"); // "norm1000" (the `pred.frame` / `ref.frame` of reward configs)
 */
export const FRAMES = ["pixel", "input-pixel", "norm1000", "norm1"] as const;
export type Frame = (typeof FRAMES)[number];

/** Per-axis factors taking a frame to `image` pixels, or the name of the missing size. */
type Scale = { sx: number; sy: number; divide: boolean } | { missing: string };

function scaleOf(frame: Frame, sample: Sample): Scale {
  switch (frame) {
    case "pixel":
      return { sx: 1, sy: 1, divide: false };
    case "norm1": {
      if (!sample.image) return { missing: "image" };
      return { sx: sample.image.width, sy: sample.image.height, divide: false };
    }
    case "norm1000": {
      if (!sample.image) return { missing: "image" };
      // x / 1000 · W, as Visual-RFT's COCO evaluation maps boxes back to pixels.
      return { sx: sample.image.width / 1000, sy: sample.image.height / 1000, divide: false };
    }
    case "input-pixel": {
      if (!sample.image || !sample.input_image) {
        return { missing: !sample.input_image ? "input_image" : "image" };
      }
      return { sx: sample.input_image.width, sy: sample.input_image.height, divide: true };
    }
  }
}

function applyX(
  x: number,
  frame: Frame,
  scale: { sx: number; sy: number; divide: boolean },
  sample: Sample,
): number {
  // input-pixel: x / w_input · W_orig, dividing first, exactly as VLM-R1 rescales (the order
  // changes the last bit on some inputs, e.g. 61 / 476 · 476).
  if (scale.divide) return (x / scale.sx) * sample.image!.width;
  if (frame === "norm1000") return (x / 1000) * sample.image!.width;
  return x * scale.sx;
}

function applyY(
  y: number,
  frame: Frame,
  scale: { sx: number; sy: number; divide: boolean },
  sample: Sample,
): number {
  if (scale.divide) return (y / scale.sy) * sample.image!.height;
  if (frame === "norm1000") return (y / 1000) * sample.image!.height;
  return y * scale.sy;
}

/** A conversion outcome: the converted value, or the size that was missing. */
export type Converted<T> = { ok: true; value: T } | { ok: false; missing: string };

/**
 * Converts a box from `frame` to `image` pixels.
 * @example
 * boxToPixels([100, 50, 300, 250], "input-pixel", { completion: "", image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 } });
 * // { ok: true, value: [142.857…, 71.428…, 428.571…, 357.142…] }
 */
export function boxToPixels(box: Box, frame: Frame, sample: Sample): Converted<Box> {
  const scale = scaleOf(frame, sample);
  if ("missing" in scale) return { ok: false, missing: scale.missing };
  if (frame === "pixel") return { ok: true, value: box };
  return {
    ok: true,
    value: [
      applyX(box[0], frame, scale, sample),
      applyY(box[1], frame, scale, sample),
      applyX(box[2], frame, scale, sample),
      applyY(box[3], frame, scale, sample),
    ],
  };
}

/**
 * Converts a point from `frame` to `image` pixels.
 * @example
 * const sample = { completion: "", image: { width: 1280, height: 720 } };
 * pointToPixels([500, 500], "norm1000", sample); // { ok: true, value: [640, 360] }
 * pointToPixels([0.5, 0.5], "norm1", { completion: "" }); // { ok: false, missing: "image" }
 */
export function pointToPixels(point: Point, frame: Frame, sample: Sample): Converted<Point> {
  const scale = scaleOf(frame, sample);
  if ("missing" in scale) return { ok: false, missing: scale.missing };
  if (frame === "pixel") return { ok: true, value: point };
  return {
    ok: true,
    value: [applyX(point[0], frame, scale, sample), applyY(point[1], frame, scale, sample)],
  };
}

/**
 * Brings a predicted and a reference geometry into one frame: unchanged when the frames are
 * equal, else both converted to `image` pixels.
 * @example
 * alignBoxes([1, 1, 5, 5], "norm1000", [0, 0, 4, 4], "norm1000", sample); // unchanged, no size needed
 */
export function alignBoxes(
  pred: Box,
  predFrame: Frame,
  ref: Box,
  refFrame: Frame,
  sample: Sample,
): Converted<{ pred: Box; ref: Box }> {
  if (predFrame === refFrame) return { ok: true, value: { pred, ref } };
  const p = boxToPixels(pred, predFrame, sample);
  if (!p.ok) return p;
  const r = boxToPixels(ref, refFrame, sample);
  if (!r.ok) return r;
  return { ok: true, value: { pred: p.value, ref: r.value } };
}

/**
 * Like {@link alignBoxes} for a predicted point and a reference box.
 * @example
 * const sample = { completion: "", image: { width: 400, height: 300 } };
 * alignPointToBox([0.5, 0.5], "norm1", [100, 100, 200, 200], "pixel", sample);
 * // { ok: true, value: { pred: [200, 150], ref: [100, 100, 200, 200] } }
 */
export function alignPointToBox(
  pred: Point,
  predFrame: Frame,
  ref: Box,
  refFrame: Frame,
  sample: Sample,
): Converted<{ pred: Point; ref: Box }> {
  if (predFrame === refFrame) return { ok: true, value: { pred, ref } };
  const p = pointToPixels(pred, predFrame, sample);
  if (!p.ok) return p;
  const r = boxToPixels(ref, refFrame, sample);
  if (!r.ok) return r;
  return { ok: true, value: { pred: p.value, ref: r.value } };
}

/**
 * The image sizes a pair of frames needs (none when both sides share a frame, which is compared
 * unchanged): `image` for normalised frames, `image` and `input_image` for `input-pixel`.
 * @example
 * frameSizeFields("input-pixel", "pixel"); // ["image", "input_image"]
 * frameSizeFields("norm1000", "norm1000"); // []
 */
export function frameSizeFields(pred: Frame, ref: Frame): Array<"image" | "input_image"> {
  if (pred === ref) return [];
  const fields = new Set<"image" | "input_image">();
  for (const frame of [pred, ref]) {
    if (frame !== "pixel") fields.add("image");
    if (frame === "input-pixel") fields.add("input_image");
  }
  return (["image", "input_image"] as const).filter((f) => fields.has(f));
}
