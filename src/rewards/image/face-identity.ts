/**
 * `image.face-identity`: the identity of the face(s) in the generated image against the
 * reference face photo(s), with face-api's detector, landmarks and 128-d descriptor.
 * @module
 */
import { z } from "zod";
import { defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import type { DetectedFace } from "../../vision/runners/face.js";
import type { VisionModel } from "../../vision/types.js";
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
import { euclideanDistance, faceSimilarity } from "./face-score.js";

const FaceIdentityConfig = z.strictObject({
  faces: z
    .enum(["largest", "best-match", "all"])
    .default("largest")
    .describe("Which output face counts when the generated image shows several."),
  mapping: z
    .enum(["linear", "cosine"])
    .default("linear")
    .describe("Distance → similarity mapping (see `face-score.ts`)."),
  minConfidence: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.5)
    .describe("Detector confidence below which a face is ignored."),
  maxEdge: z
    .number()
    .int()
    .min(64)
    .max(4096)
    .default(640)
    .describe("Images are downscaled so the longer edge is at most this before detection."),
  image: ScoredRoleSchema.describe("The role of the image scored against the reference."),
  frames: FramesSchema.describe(
    "Several images of that role (video frames): the first, or the mean / min over all.",
  ),
});

function area(face: DetectedFace): number {
  return face.box[2] * face.box[3];
}

function largest(faces: readonly DetectedFace[]): DetectedFace {
  return faces.reduce((a, b) => (area(b) > area(a) ? b : a));
}

/**
 * `image.face-identity` (the identity reward of ID-Aligner, Chen et al., arXiv:2404.15449, with
 * face-api's 128-d descriptor in place of its face-recognition backbone): the largest face of
 * each `reference` image is compared with the face(s) of the scored image, similarity in [0, 1]
 * by `mapping` (`linear`: `max(0, 1 − d / 1.2)` of the Euclidean distance, `0.6 → 0.5`; or
 * `cosine`). Several output faces: `largest` (the largest face), `best-match` (the most similar)
 * or `all` (the mean over faces). Several references: the mean. No face in the scored image →
 * 0 + `no_face_found`; no face in a reference → `null` + `reference_no_face` (data); no reference
 * image → `null` + `reference_missing`; a model failure → `null` + `model_error`, never 0.
 * @example
 * faceIdentity({ faces: "best-match" }, "config", { vision: createVisionRuntime({ allowPaths: ["./ids"] }) });
 */
export const faceIdentity = defineReward({
  type: "image.face-identity",
  description: "Face identity similarity of the generated image to reference face photos (face-api, 128-d).",
  config: FaceIdentityConfig,
  docs: {
    formula:
      "mean over reference images of sim(output face, largest reference face); sim = max(0, 1 − d/1.2) of the Euclidean distance d of 128-d descriptors (linear) or max(0, cosine); output faces: largest, best-match (max) or all (mean); frames: first, mean or min",
    reads: { fields: ["images"] },
    deviations: [
      "face-api's 128-d descriptor (ResNet-34, dlib-style) in place of the paper's face-recognition backbone, so values are not comparable with ID-Aligner's numbers",
    ],
  },
  create(config, env, path) {
    const model: VisionModel = { runner: "face", options: { minConfidence: config.minConfidence } };
    const vision = visionRuntime(env, model, path);
    const references = referenceCache<DetectedFace[]>(vision, model);
    const params = { maxEdge: config.maxEdge };
    return {
      async score(sample: Sample, ctx: ScoreContext) {
        if (imagesWithRole(sample, config.image).length === 0) {
          ctx.report("no_image", `the sample has no image with role "${config.image}"`);
          return null;
        }
        const refs = imagesWithRole(sample, "reference");
        if (refs.length === 0) {
          ctx.report("reference_missing", 'no image with role "reference" (the identity photo)');
          return null;
        }
        const refOutcomes = await Promise.all(refs.map((ref) => references.run(ref, { params })));
        const refFaces: DetectedFace[] = [];
        for (const [i, outcome] of refOutcomes.entries()) {
          const faces = valueOrReport(outcome, ctx, `reference image ${i}`);
          if (!faces) return null;
          if (faces.length === 0) {
            ctx.report("reference_no_face", `no face found in reference image ${i}`);
            return null;
          }
          refFaces.push(largest(faces));
        }
        return overFrames(sample, config.image, config.frames, ctx, async (image, index) => {
          const output = await vision.run<DetectedFace[]>(model, { images: [image], params });
          const outputFaces = valueOrReport(output, ctx, `${config.image} image ${index}`);
          if (!outputFaces) return null;
          if (outputFaces.length === 0) {
            ctx.report("no_face_found", `no face found in ${config.image} image ${index}`);
            return 0;
          }
          return identity(outputFaces, refFaces, ctx, index === 0, config);
        });
      },
    };
  },
});

function identity(
  outputFaces: DetectedFace[],
  refFaces: DetectedFace[],
  ctx: ScoreContext,
  keepDetails: boolean,
  config: { faces: "largest" | "best-match" | "all"; mapping: "linear" | "cosine" },
): number | null {
  if (keepDetails) ctx.detail?.("faces", outputFaces.length);
  const candidates = config.faces === "largest" ? [largest(outputFaces)] : outputFaces;
  let total = 0;
  const distances: number[] = [];
  for (const ref of refFaces) {
    const sims = candidates.map((face) => faceSimilarity(face.descriptor, ref.descriptor, config.mapping));
    const dists = candidates.map((face) => euclideanDistance(face.descriptor, ref.descriptor));
    if (config.faces === "all") {
      total += sims.reduce((a, b) => a + b, 0) / sims.length;
      distances.push(Math.min(...dists));
    } else {
      const best = sims.indexOf(Math.max(...sims));
      total += sims[best]!;
      distances.push(dists[best]!);
    }
  }
  if (keepDetails) ctx.detail?.("distance", distances.length === 1 ? distances[0] : distances);
  return finiteOrReport(total / refFaces.length, ctx, "identity similarity");
}
