/**
 * What the image rewards share: the vision runtime from the scorer's environment (checked at
 * load), the sample's images by role, failures turned into issues, and a small cache of reference
 * results (a GRPO group shares one reference photo).
 * @module
 */
import { z } from "zod";
import {
  ConfigError,
  type ImageRef,
  type ImageRole,
  type RewardEnvironment,
  type Sample,
  type ScoreContext,
} from "../../core/index.js";
import type { VisionModel, VisionOutcome, VisionRequest, VisionRuntime } from "../../vision/types.js";

/** Which image role a reward scores (default `output`: what a generator produced). */
export const ScoredRoleSchema = z.enum(["output", "input"]).default("output");

/**
 * Which images of the scored role count when there are several (video frames, several samples of
 * one prompt in one row): `first`, or every one, aggregated by `mean` or `min` (the worst frame).
 */
export const FramesSchema = z.enum(["first", "mean", "min"]).default("first");

/**
 * Scores the images of `role` one by one with `one` and aggregates them by `frames`; `null` when
 * there is none (`no_image`, a data error) or when any frame is `null` (its issue says why).
 * @example
 * return overFrames(sample, "output", "mean", ctx, async (image) => ocrOf(image));
 */
export async function overFrames(
  sample: Sample,
  role: ImageRole,
  frames: "first" | "mean" | "min",
  ctx: ScoreContext,
  one: (image: ImageRef, index: number) => Promise<number | null>,
): Promise<number | null> {
  const all = imagesWithRole(sample, role);
  if (all.length === 0) {
    ctx.report("no_image", `the sample has no image with role "${role}"`);
    return null;
  }
  const chosen = frames === "first" ? all.slice(0, 1) : all;
  const values = await Promise.all(chosen.map(one));
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  for (const value of values) {
    if (value === null) return null;
    sum += value;
    if (value < min) min = value;
  }
  return frames === "min" ? min : sum / values.length;
}

/**
 * The vision runtime for a reward's model, checked at load (packages installed, folder present).
 * @example
 * const vision = visionRuntime(env, { runner: "face" }, "rewards[0].config");
 */
export function visionRuntime(env: RewardEnvironment, model: VisionModel, path: string): VisionRuntime {
  if (!env.vision) {
    throw new ConfigError([
      {
        path,
        message:
          "this reward runs a local vision model, but the scorer has no vision runtime: build it with { env: { vision: createVisionRuntime({ allowPaths }) } } (the CLI and server do this)",
      },
    ]);
  }
  env.vision.prepare(model, path);
  return env.vision;
}

/**
 * The sample's images with a role; an image without a role is an `input` image.
 * @example
 * imagesWithRole({ completion: "", images: [{ path: "a.png", role: "output" }] }, "output"); // [{ path: "a.png", role: "output" }]
 */
export function imagesWithRole(sample: Sample, role: ImageRole): ImageRef[] {
  return (sample.images ?? []).filter((image) => (image.role ?? "input") === role);
}

/**
 * Reports a failed outcome and returns `undefined`, or returns the value.
 * @example
 * const faces = valueOrReport(await vision.run(model, request), ctx, "output image");
 */
export function valueOrReport<T>(outcome: VisionOutcome<T>, ctx: ScoreContext, what: string): T | undefined {
  if (outcome.ok) return outcome.value;
  ctx.report(outcome.code, `${what}: ${outcome.message}`);
  return undefined;
}

/**
 * The value when finite; otherwise `null` after reporting `non_finite` (a model that returned NaN).
 * @example
 * finiteOrReport(Number.NaN, ctx, "cosine"); // null, with a non_finite issue
 */
export function finiteOrReport(value: number, ctx: ScoreContext, what: string): number | null {
  if (Number.isFinite(value)) return value;
  ctx.report("non_finite", `${what} is ${value}: the model returned a non-finite value`);
  return null;
}

/**
 * Runs requests through the runtime, remembering the last `size` results by image (reference
 * photos repeat across a group); failures are not remembered.
 * @example
 * const faces = referenceCache(vision, { runner: "face" });
 * await faces.run({ path: "id/alice.jpg" });
 */
export function referenceCache<T>(vision: VisionRuntime, model: VisionModel, size = 256) {
  const entries = new Map<string, Promise<VisionOutcome<T>>>();
  return {
    run(image: ImageRef, request: Omit<VisionRequest, "images"> = {}): Promise<VisionOutcome<T>> {
      const { role: _role, ...source } = image;
      const key = JSON.stringify([source, request]);
      let entry = entries.get(key);
      if (!entry) {
        entry = vision.run<T>(model, { ...request, images: [image] });
        entries.set(key, entry);
        if (entries.size > size) entries.delete(entries.keys().next().value!);
        void entry.then((outcome) => {
          if (!outcome.ok) entries.delete(key);
        });
      }
      return entry;
    },
  };
}
