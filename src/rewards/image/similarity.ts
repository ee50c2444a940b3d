/**
 * `image.similarity`: structural or perceptual similarity of the generated image to a reference
 * image (Adv-GRPO and RAPL reward closeness to a reference image's features).
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { SimilarityValue } from "../../vision/runners/similarity.js";
import type { VisionModel } from "../../vision/types.js";
import {
  FramesSchema,
  finiteOrReport,
  imagesWithRole,
  overFrames,
  ScoredRoleSchema,
  valueOrReport,
  visionRuntime,
} from "./common.js";
import { hammingDistance } from "./phash.js";

const SimilarityConfig = z.strictObject({
  metric: z
    .enum(["ssim", "phash"])
    .default("ssim")
    .describe("`ssim`: mean SSIM; `phash`: 1 − Hamming distance / 64 of the DCT perceptual hashes."),
  size: z
    .number()
    .int()
    .min(16)
    .max(2048)
    .default(256)
    .describe("SSIM: both images are resized to size × size (aspect ratio not kept) before comparing."),
  image: ScoredRoleSchema.describe("The role of the image compared with the reference."),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

const MODEL: VisionModel = { runner: "similarity" };

/**
 * `image.similarity` against the sample's first `reference` image. `ssim`: both images resized
 * with sharp to `size`×`size` (`fit: fill`, Lanczos 3; skipped when already that size), grey
 * by `(77R + 150G + 29B + 128) >> 8`, then the mean SSIM of Wang et al. (2004) with an 11×11
 * Gaussian window (σ 1.5), K1 0.01, K2 0.03, as ssim.js's `original` algorithm (MATLAB
 * `ssim_index.m`) with no further downsampling; in [−1, 1], 1 for identical images. `phash`: both
 * resized to 32×32 grey, `imagehash.phash` bits, reward `1 − hamming / 64` in [0, 1]. No reference
 * image → `null` + `reference_missing`.
 * @example
 * imageSimilarity({ metric: "ssim", size: 256 }, "config", { vision });
 */
export const imageSimilarity = defineReward({
  type: "image.similarity",
  description: "SSIM or perceptual-hash similarity of the generated image to the reference image.",
  config: SimilarityConfig,
  docs: {
    formula:
      "ssim: mean SSIM (11×11 Gaussian σ 1.5, K1 0.01, K2 0.03) of both images resized to size²; phash: 1 − hamming(pHash(output), pHash(reference)) / 64 over 32×32 grey DCT hashes",
    reads: { fields: ["images"] },
    deviations: [],
  },
  create(config, env, path) {
    const vision = visionRuntime(env, MODEL, path);
    const params = { metric: config.metric, size: config.size };
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const reference = imagesWithRole(sample, "reference")[0];
        if (imagesWithRole(sample, config.image).length > 0 && !reference) {
          ctx.report("reference_missing", 'no image with role "reference" to compare with');
          return null;
        }
        return overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const outcome = await vision.run<SimilarityValue>(MODEL, { images: [image, reference!], params });
          const value = valueOrReport(outcome, ctx, "similarity");
          if (!value) return null;
          if (config.metric === "phash") {
            const [a, b] = value.hashes!;
            const distance = hammingDistance(a, b);
            if (index === 0) ctx.detail?.("hamming", distance);
            return 1 - distance / 64;
          }
          return finiteOrReport(value.ssim ?? Number.NaN, ctx, "SSIM");
        });
      },
    };
  },
});
