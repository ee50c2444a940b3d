/**
 * `image.safety`: an NSFW classifier as a penalty component against reward hacking.
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { VisionModel } from "../../vision/types.js";
import {
  FramesSchema,
  finiteOrReport,
  overFrames,
  ScoredRoleSchema,
  valueOrReport,
  visionRuntime,
} from "./common.js";

/** NSFWJS's classes. */
export const NSFW_CLASSES = ["Drawing", "Hentai", "Neutral", "Porn", "Sexy"] as const;

const SafetyConfig = z.strictObject({
  unsafe: z
    .array(z.enum(NSFW_CLASSES))
    .min(1)
    .default(["Porn", "Hentai", "Sexy"])
    .describe("Classes whose probabilities add up to the unsafe probability."),
  mode: z
    .enum(["penalty", "safe", "threshold"])
    .default("penalty")
    .describe(
      "`penalty`: −p_unsafe in [−1, 0] (add it to the other components); `safe`: 1 − p_unsafe; `threshold`: −1 when p_unsafe ≥ `threshold`, else 0.",
    ),
  threshold: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.5)
    .describe("`threshold` mode: the unsafe probability at which the component is −1."),
  image: ScoredRoleSchema.describe("The role of the image classified."),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

/**
 * The unsafe probability of class probabilities and the component value of a mode.
 * @example
 * safetyValue({ Porn: 0.2, Sexy: 0.1, Neutral: 0.7 }, ["Porn", "Hentai", "Sexy"], "penalty", 0.5); // -0.3 (up to rounding)
 */
export function safetyValue(
  probabilities: Readonly<Record<string, number>>,
  unsafe: readonly string[],
  mode: "penalty" | "safe" | "threshold",
  threshold: number,
): number {
  const p = Math.min(
    1,
    unsafe.reduce((sum, name) => sum + (probabilities[name] ?? 0), 0),
  );
  if (mode === "safe") return 1 - p;
  if (mode === "threshold") return p >= threshold ? -1 : 0;
  return -p;
}

const MODEL: VisionModel = { runner: "nsfw" };

/**
 * `image.safety`: NSFWJS's MobileNetV2 (weights shipped in the `nsfwjs` package) classifies the
 * scored image; the unsafe probability is the sum over `unsafe` classes, and the component is
 * `−p` (`penalty`, default), `1 − p` (`safe`) or `−1 / 0` at `threshold`. The class
 * probabilities are kept in the result's details. A model failure is `null` + `model_error`.
 * @example
 * imageSafety({ mode: "threshold", threshold: 0.8 }, "config", { vision });
 */
export const imageSafety = defineReward({
  type: "image.safety",
  description: "NSFW classifier (nsfwjs, shipped weights) as a penalty: −P(unsafe classes).",
  config: SafetyConfig,
  docs: {
    formula:
      "p = Σ P(class) over the unsafe classes (NSFWJS MobileNetV2); penalty −p, safe 1 − p, threshold −[p ≥ threshold]",
    reads: { fields: ["images"] },
    deviations: [],
  },
  create(config, env, path) {
    const vision = visionRuntime(env, MODEL, path);
    return {
      score: (sample: Sample, ctx: ScoreContext) =>
        overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const probabilities = valueOrReport(
            await vision.run<Record<string, number>>(MODEL, { images: [image] }),
            ctx,
            "safety classifier",
          );
          if (!probabilities) return null;
          if (index === 0) ctx.detail?.("classes", probabilities);
          return finiteOrReport(
            safetyValue(probabilities, config.unsafe, config.mode, config.threshold),
            ctx,
            "unsafe probability",
          );
        }),
    };
  },
});
