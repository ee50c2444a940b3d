/**
 * `image.embedding-similarity` and `image.clip-score`: cosine similarities of embeddings from a
 * local CLIP-style model folder (transformers.js, remote loading disabled).
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { VisionModel, VisionOutcome, VisionRuntime } from "../../vision/types.js";
import { promptText } from "../judge/common.js";
import {
  FramesSchema,
  finiteOrReport,
  imagesWithRole,
  overFrames,
  referenceCache,
  ScoredRoleSchema,
  valueOrReport,
  visionRuntime,
} from "./common.js";
import { cosineSimilarity } from "./face-score.js";

const ModelFolder = z.string().min(1);

function embeddingModel(folder: string): VisionModel {
  return { runner: "embedding", options: { model: folder } };
}

const EmbeddingSimilarityConfig = z.strictObject({
  model: ModelFolder.describe(
    "A local model folder in the Hugging Face layout with `onnx/vision_model.onnx` (`image_embeds`).",
  ),
  image: ScoredRoleSchema.describe(
    "The role of the image compared with the sample's first `reference` image.",
  ),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

/**
 * `image.embedding-similarity`: the cosine similarity, in [−1, 1], of the image embeddings
 * (`image_embeds` of the folder's vision tower) of the scored image and the sample's first
 * `reference` image — the reference-feature similarity of Adv-GRPO / RAPL-style rewards with any
 * CLIP, SigLIP or DINO-style tower exported to ONNX. A missing folder fails at load naming
 * `config.model`; no reference image → `null` + `reference_missing`.
 * @example
 * embeddingSimilarity({ model: "/models/clip-vit-b32" }, "config", { vision });
 */
export const embeddingSimilarity = defineReward({
  type: "image.embedding-similarity",
  description: "Cosine similarity of image embeddings (local ONNX model folder) to the reference image.",
  config: EmbeddingSimilarityConfig,
  docs: {
    formula: "cos(image_embeds(output), image_embeds(reference)) from the local model folder's vision tower",
    reads: { fields: ["images"] },
    deviations: [],
  },
  create(config, env, path) {
    const model = embeddingModel(config.model);
    const vision = visionRuntime(env, model, path);
    const references = referenceCache<number[]>(vision, model);
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const reference = imagesWithRole(sample, "reference")[0];
        if (imagesWithRole(sample, config.image).length > 0 && !reference) {
          ctx.report("reference_missing", 'no image with role "reference" to compare with');
          return null;
        }
        return overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const [output, ref] = await Promise.all([
            vision.run<number[]>(model, { images: [image] }),
            references.run(reference!),
          ]);
          const a = valueOrReport(output, ctx, `${config.image} image ${index} embedding`);
          const b = valueOrReport(ref, ctx, "reference image embedding");
          if (!a || !b) return null;
          return finiteOrReport(cosineSimilarity(a, b), ctx, "cosine similarity");
        });
      },
    };
  },
});

const ClipScoreConfig = z.strictObject({
  model: ModelFolder.describe("A local CLIP-style folder with both towers (`text_embeds`, `image_embeds`)."),
  text: z
    .enum(["prompt", "reference"])
    .default("prompt")
    .describe("The text compared with the image: the prompt (last user turn) or a string `reference`."),
  weight: z
    .number()
    .positive()
    .default(1)
    .describe(
      "Multiplier of the cosine: 1 (the cosine, as PickScore without `logit_scale`), 2.5 for CLIPScore.",
    ),
  clipAtZero: z.boolean().default(false).describe("Clip negative cosines to 0 (CLIPScore does)."),
  image: ScoredRoleSchema.describe("The role of the image compared with the text."),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

function textCache(vision: VisionRuntime, model: VisionModel, size = 1024) {
  const entries = new Map<string, Promise<VisionOutcome<number[]>>>();
  return (text: string) => {
    let entry = entries.get(text);
    if (!entry) {
      entry = vision.run<number[]>(model, { text });
      entries.set(text, entry);
      if (entries.size > size) entries.delete(entries.keys().next().value!);
      void entry.then((outcome) => {
        if (!outcome.ok) entries.delete(text);
      });
    }
    return entry;
  };
}

/**
 * `image.clip-score`: `weight · cos(image_embeds, text_embeds)` of the scored image and the prompt
 * (or a string reference), with negative cosines set to 0 when `clipAtZero`. CLIPScore (Hessel et
 * al., arXiv:2104.08718) is `{ weight: 2.5, clipAtZero: true }`; the default is the plain cosine of
 * the L2-normalised embeddings, as DanceGRPO's PickScore/CLIP rewards compute it. No text → `null`
 * + `reference_missing`.
 * @example
 * clipScore({ model: "/models/clip-vit-b32", weight: 2.5, clipAtZero: true }, "config", { vision });
 */
export const clipScore = defineReward({
  type: "image.clip-score",
  description: "CLIP score: cosine of image and text embeddings from a local ONNX CLIP folder.",
  config: ClipScoreConfig,
  docs: {
    formula:
      "weight · cos(image_embeds(output), text_embeds(text)), negative cosines set to 0 when clipAtZero",
    reads: (config) => ({
      fields: config.text === "prompt" ? ["prompt", "images"] : ["reference", "images"],
    }),
    deviations: [],
  },
  create(config, env, path) {
    const model = embeddingModel(config.model);
    const vision = visionRuntime(env, model, path);
    const texts = textCache(vision, model);
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        const text =
          config.text === "prompt"
            ? promptText(sample)
            : typeof sample.reference === "string"
              ? sample.reference
              : "";
        if (!text) {
          ctx.report(
            "reference_missing",
            config.text === "prompt" ? "the sample has no prompt text" : "no string reference",
          );
          return null;
        }
        return overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const [embedding, caption] = await Promise.all([
            vision.run<number[]>(model, { images: [image] }),
            texts(text),
          ]);
          const a = valueOrReport(embedding, ctx, `${config.image} image ${index} embedding`);
          const b = valueOrReport(caption, ctx, "text embedding");
          if (!a || !b) return null;
          const cosine = cosineSimilarity(a, b);
          if (index === 0) ctx.detail?.("cosine", cosine);
          return finiteOrReport(
            config.weight * (config.clipAtZero ? Math.max(0, cosine) : cosine),
            ctx,
            "CLIP score",
          );
        });
      },
    };
  },
});
