/**
 * `image.ocr-text`: is the text the prompt asked for rendered in the generated image?
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { VisionModel } from "../../vision/types.js";
import { promptText } from "../judge/common.js";
import { FramesSchema, overFrames, ScoredRoleSchema, valueOrReport, visionRuntime } from "./common.js";
import { ocrTextReward, quotedTarget } from "./ocr-score.js";

const OcrTextConfig = z.strictObject({
  engine: z
    .enum(["ppocr", "tesseract"])
    .default("ppocr")
    .describe(
      "The OCR engine: `ppocr` (PP-OCRv4 ONNX from `@gutenye/ocr-node`, PaddleOCR's models, as the released reward uses) or `tesseract` (tesseract.js with its English LSTM data).",
    ),
  target: z
    .enum(["auto", "prompt", "reference"])
    .default("auto")
    .describe(
      "Where the target text comes from: `prompt` (between the first two double quotes, as released), `reference` (the sample's `reference` string) or `auto` (the reference if it is a string, else the prompt's quotes).",
    ),
  image: ScoredRoleSchema.describe("The role of the image read."),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

function targetText(sample: Sample, source: "auto" | "prompt" | "reference"): string | undefined {
  if (source !== "prompt" && typeof sample.reference === "string") return sample.reference;
  if (source === "reference") return undefined;
  return quotedTarget(promptText(sample));
}

/**
 * `image.ocr-text`, Flow-GRPO's OCR reward (Liu et al., arXiv:2505.05470;
 * yifan123/flow_grpo@ac4c86e: flow_grpo/ocr.py): the recognised lines are joined, spaces removed
 * and lower-cased on both sides; a target contained in the text scores 1, else
 * `1 − min(levenshtein, |target|) / |target|`. Deviations: an OCR failure is `null` +
 * `model_error` (the released code scores it 0); a prompt without quotes is `null` +
 * `reference_missing` (the released code raises); an empty target is `null` +
 * `reference_unparseable` (it divides by zero). Lines are read with any confidence (the released
 * code keeps lines with confidence > 0).
 * @example
 * ocrText({ engine: "ppocr" }, "config", { vision }); // prompt 'a sign that says "OPEN"'
 */
export const ocrText = defineReward({
  type: "image.ocr-text",
  description:
    "Flow-GRPO OCR reward: 1 − edit distance / length of the prompt's quoted text vs the text read.",
  config: OcrTextConfig,
  docs: {
    formula:
      "t = target, r = text read, both without spaces and lower-cased; 1 if t ⊆ r, else 1 − min(levenshtein(r, t), |t|) / |t|",
    reads: (config) => ({
      fields:
        config.target === "prompt"
          ? ["prompt", "images"]
          : config.target === "reference"
            ? ["reference", "images"]
            : ["reference", "prompt", "images"],
    }),
    deviations: [
      "an OCR failure is null + model_error (released: scored 0)",
      "a prompt without quoted text is null + reference_missing (released: IndexError)",
      "an empty target is null + reference_unparseable (released: ZeroDivisionError)",
      "PP-OCRv4 through ONNX (@gutenye/ocr-node), not the PaddleOCR Python package; lines are kept whatever their confidence",
    ],
  },
  create(config, env, path) {
    const model: VisionModel = { runner: config.engine === "ppocr" ? "ocr-ppocr" : "ocr-tesseract" };
    const vision = visionRuntime(env, model, path);
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const target = targetText(sample, config.target);
        if (target === undefined) {
          ctx.report(
            "reference_missing",
            config.target === "reference"
              ? "the sample has no string reference with the text to render"
              : 'no text to render: no string reference and no "quoted text" in the prompt',
          );
          return null;
        }
        if (ocrTextReward("", target) === undefined) {
          ctx.report("reference_unparseable", "the text to render is empty once spaces are removed");
          return null;
        }
        return overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const text = valueOrReport(await vision.run<string>(model, { images: [image] }), ctx, "OCR");
          if (text === undefined) return null;
          if (index === 0) ctx.detail?.("text", text);
          return ocrTextReward(text, target)!;
        });
      },
    };
  },
});
