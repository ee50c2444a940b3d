/**
 * The size of the image as the model saw it. Qwen-VL models answer grounding prompts in pixels of
 * their *resized* input (`input-pixel` frame), and the resize depends on the checkpoint's image
 * processor. A recipe's `inputImage: { resize: "qwen2.5-vl", minPixels?, maxPixels? }` fills a
 * sample's missing `input_image` from its `image` exactly as that processor's `smart_resize` does;
 * a sample that brings its own `input_image` keeps it.
 *
 * `smart_resize` (Hugging Face transformers, `src/transformers/models/qwen2_vl/image_processing_qwen2_vl.py`,
 * used by the Qwen2-VL, Qwen2.5-VL and Qwen3-VL image processors with factor = patch_size × merge_size):
 * 1. an aspect ratio max/min over 200 is an error (here: a data error, `invalid_image_size`);
 * 2. each side is rounded to the nearest multiple of the factor (Python's `round`: halves to even);
 * 3. if the rounded area exceeds `max_pixels`, β = √(h·w / max_pixels) and each side becomes
 *    max(factor, ⌊side / β / factor⌋ · factor);
 * 4. else if it is under `min_pixels`, β = √(min_pixels / (h·w)) and each side becomes
 *    ⌈side · β / factor⌉ · factor.
 * Older transformers releases also raised for a side shorter than the factor; current ones
 * compute it as above, and so does plaudit.
 *
 * Defaults are the checkpoints' `preprocessor_config.json`:
 * - `qwen2.5-vl`: patch 14 × merge 2 = factor 28; min_pixels 3136, max_pixels 12845056
 *   (Qwen/Qwen2.5-VL-7B-Instruct, also 3B / 32B / 72B).
 * - `qwen2-vl`: the same factor and limits (Qwen/Qwen2-VL-7B-Instruct).
 * - `qwen3-vl`: patch 16 × merge 2 = factor 32; `size.shortest_edge` 65536, `size.longest_edge`
 *   16777216 (Qwen/Qwen3-VL-8B-Instruct).
 * Trainers often set their own limits (R1-V / VLM-R1 configs pass `max_pixels`), hence both are
 * configurable.
 * @module
 */
import { z } from "zod";
import type { ImageSize, Issue, Sample } from "../core/index.js";

/** One model family's resize: the factor and the default pixel limits of its processor. */
export interface ResizeFamily {
  factor: number;
  minPixels: number;
  maxPixels: number;
  /** Where the numbers come from. */
  source: string;
}

/**
 * The resize policies by name.
 * @example
 * RESIZE_FAMILIES["qwen2.5-vl"].factor; // 28
 */
export const RESIZE_FAMILIES = {
  "qwen2.5-vl": {
    factor: 28,
    minPixels: 3136,
    maxPixels: 12845056,
    source: "Qwen/Qwen2.5-VL-7B-Instruct preprocessor_config.json (patch_size 14, merge_size 2)",
  },
  "qwen2-vl": {
    factor: 28,
    minPixels: 3136,
    maxPixels: 12845056,
    source: "Qwen/Qwen2-VL-7B-Instruct preprocessor_config.json (patch_size 14, merge_size 2)",
  },
  "qwen3-vl": {
    factor: 32,
    minPixels: 65536,
    maxPixels: 16777216,
    source: "Qwen/Qwen3-VL-8B-Instruct preprocessor_config.json (patch_size 16, merge_size 2)",
  },
} as const satisfies Record<string, ResizeFamily>;

/** A resize policy name. */
export type ResizeFamilyName = keyof typeof RESIZE_FAMILIES;

/**
 * The recipe's `inputImage` block.
 * @example
 * InputImageSchema.parse({ resize: "qwen2.5-vl", maxPixels: 1003520 });
 */
export const InputImageSchema = z
  .strictObject({
    resize: z
      .enum(Object.keys(RESIZE_FAMILIES) as [ResizeFamilyName, ...ResizeFamilyName[]])
      .describe("the image processor whose smart_resize computes `input_image` from `image`"),
    minPixels: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("the processor's min_pixels (default: the checkpoint's preprocessor config)"),
    maxPixels: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("the processor's max_pixels (default: the checkpoint's preprocessor config)"),
  })
  .refine(
    (v) =>
      (v.minPixels ?? RESIZE_FAMILIES[v.resize].minPixels) <=
      (v.maxPixels ?? RESIZE_FAMILIES[v.resize].maxPixels),
    {
      message: "minPixels must not exceed maxPixels",
      path: ["minPixels"],
    },
  );

/** The `inputImage` block as written in a recipe. */
export type InputImageConfig = z.input<typeof InputImageSchema>;

/** A resolved resize: factor and limits. */
export interface ResizePolicy {
  factor: number;
  minPixels: number;
  maxPixels: number;
}

/**
 * The factor and limits an `inputImage` block stands for, defaults filled in.
 * @example
 * resizePolicy({ resize: "qwen3-vl" }); // { factor: 32, minPixels: 65536, maxPixels: 16777216 }
 */
export function resizePolicy(config: InputImageConfig): ResizePolicy {
  const family: ResizeFamily = RESIZE_FAMILIES[config.resize];
  return {
    factor: family.factor,
    minPixels: config.minPixels ?? family.minPixels,
    maxPixels: config.maxPixels ?? family.maxPixels,
  };
}

/** Python's `round(x)` for a float: to the nearest integer, halves to even. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor; // exact for |x| < 2^52
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `smart_resize` of the Qwen-VL image processors, value for value (IEEE double arithmetic is the
 * same in Python and JavaScript for these operations). Returns `null` when the aspect ratio
 * exceeds 200, where the processor raises.
 * @example
 * smartResize({ width: 1920, height: 1080 }, { factor: 28, minPixels: 3136, maxPixels: 12845056 });
 * // { width: 1932, height: 1092 }
 * smartResize({ width: 70, height: 70 }, { factor: 28, minPixels: 3136, maxPixels: 12845056 });
 * // { width: 56, height: 56 } (2.5 rounds to 2, as in Python)
 */
export function smartResize(image: ImageSize, policy: ResizePolicy): ImageSize | null {
  const { height, width } = image;
  const { factor, minPixels, maxPixels } = policy;
  if (Math.max(height, width) / Math.min(height, width) > 200) return null;
  let h = roundHalfEven(height / factor) * factor;
  let w = roundHalfEven(width / factor) * factor;
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return { width: w, height: h };
}

/**
 * Fills a sample's missing `input_image` from its `image` (the sample is copied, not changed).
 * A sample with its own `input_image`, or without `image`, is returned as is. An image whose
 * size the processor rejects (aspect ratio over 200, or not whole pixels) gets a data-error
 * issue `invalid_image_size` on `issues` and no `input_image`.
 * @example
 * withInputImage({ completion: "", image: { width: 1920, height: 1080 } }, resizePolicy({ resize: "qwen2.5-vl" }), []);
 * // { completion: "", image: { width: 1920, height: 1080 }, input_image: { width: 1932, height: 1092 } }
 */
export function withInputImage(sample: Sample, policy: ResizePolicy, issues: Issue[]): Sample {
  const image = sample.image;
  if (sample.input_image || !image) return sample;
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height)) {
    issues.push({
      reward: "sample",
      code: "invalid_image_size",
      message: `inputImage: image size ${image.width}×${image.height} is not whole pixels`,
    });
    return sample;
  }
  const resized = smartResize(image, policy);
  if (!resized) {
    issues.push({
      reward: "sample",
      code: "invalid_image_size",
      message: `inputImage: aspect ratio of ${image.width}×${image.height} exceeds 200, which the image processor rejects`,
    });
    return sample;
  }
  return { ...sample, input_image: resized };
}
