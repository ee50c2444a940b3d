/**
 * The contract between image rewards and the local vision models that serve them. Pure types:
 * the Node implementation (worker pool, micro-batching, image loading) lives in `runtime.ts`, so
 * reward factories stay pure given a runtime and tests may pass an in-memory fake.
 * @module
 */
import type { ImageRef } from "../core/sample.js";

/** The built-in local model runners; see the README section "Rewards from local vision models". */
export type BuiltinRunner = "face" | "ocr-tesseract" | "ocr-ppocr" | "embedding" | "nsfw" | "similarity";

/**
 * Which model a request goes to: a runner and its options (a model folder, a detector). Requests
 * with the same runner and options share one loaded model and are batched together.
 */
export interface VisionModel {
  runner: string;
  options?: Record<string, unknown>;
}

/** One request: the images (resolved under the operator's policy) and any text it needs. */
export interface VisionRequest {
  images?: readonly ImageRef[];
  text?: string;
  /** Per-request parameters passed to the runner (for example a resize edge). */
  params?: Record<string, unknown>;
}

/**
 * A request's outcome: the runner's value, or why there is none. `image_*` codes are data errors
 * (the sample's image is missing or outside the allowed roots); `model_error` and `model_timeout`
 * mean the local model failed (a crashed worker, a missed deadline) and are never scored 0.
 */
export type VisionOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: "image_not_allowed" | "image_unreadable" | "model_error" | "model_timeout";
      message: string;
    };

/** Counters of one model (runner + options) since the runtime started. */
export interface VisionModelStats {
  model: string;
  requests: number;
  batches: number;
  largestBatch: number;
  failedBatches: number;
}

/**
 * Local vision models behind one small interface: `prepare` checks at load time that a model can
 * run here (its packages are installed, its folder exists) and throws a `ConfigError` naming the
 * field otherwise; `run` queues one request, micro-batched with the other requests to the same
 * model. `run` never rejects: failures are outcomes.
 * @example
 * const vision = createVisionRuntime({ allowPaths: ["./images"] });
 * vision.prepare({ runner: "face" }, "rewards[0].config");
 * const faces = await vision.run({ runner: "face" }, { images: [{ path: "images/a.png" }] });
 */
export interface VisionRuntime {
  prepare(model: VisionModel, path: string): void;
  run<T>(model: VisionModel, request: VisionRequest): Promise<VisionOutcome<T>>;
  /** Counters per model, for tests, the bench and `/metrics`. */
  stats(): VisionModelStats[];
  /** Stops the workers. */
  close(): Promise<void>;
}

/** One request as a runner receives it inside a worker: image bytes already read. */
export interface RunnerItem {
  images: Uint8Array[];
  text?: string;
  params?: Record<string, unknown>;
}

/** A runner's result for one item: a value, or a per-item model failure. */
export type RunnerResult = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A loaded model inside a worker: runs one batch and returns one result per item, in order.
 * A runner module exports `load(options)` returning this.
 * @example
 * export async function load() {
 *   return { run: async (items) => items.map((item) => ({ ok: true, value: item.text?.length ?? 0 })) };
 * }
 */
export interface LoadedRunner {
  run(items: RunnerItem[]): Promise<RunnerResult[]>;
}
