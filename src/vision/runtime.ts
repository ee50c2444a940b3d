/**
 * The Node implementation of {@link VisionRuntime}: images read under the operator's policy,
 * optional packages checked at load time, requests micro-batched onto a worker pool.
 * @module
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../core/errors.js";
import type { ImageRef } from "../core/sample.js";
import { type ImagePolicy, imageLoader } from "../models/images.js";
import { WorkerPool } from "./pool.js";
import type { VisionModel, VisionOutcome, VisionRequest, VisionRuntime } from "./types.js";

/** Options of {@link createVisionRuntime}. */
export interface VisionRuntimeOptions extends ImagePolicy {
  /** Worker threads; default `availableParallelism() - 1`, at least 1 and at most 4. */
  workers?: number;
  /** Largest batch per model; default 16. */
  maxBatch?: number;
  /** How long an idle model waits for more requests before it runs, in ms; default 5. */
  batchWindowMs?: number;
  /** Deadline of one batch, a model's first load included, in ms; default 120 000. */
  deadlineMs?: number;
  /** Extra runners by name: the URL of a module exporting `load(options)` (see `LoadedRunner`). */
  runners?: Record<string, string>;
  /** Whether an npm package is installed; default: a walk up the `node_modules` folders. */
  isInstalled?: (name: string) => boolean;
}

interface RunnerInfo {
  module: string;
  /** npm packages the runner needs, with the pinned versions plaudit is tested with. */
  packages: Record<string, string>;
  check?(options: Record<string, unknown>, path: string): void;
}

const EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const runnerUrl = (name: string) => new URL(`./runners/${name}${EXT}`, import.meta.url).href;

const SHARP = { sharp: "0.35.5" };
const TFJS = { "@tensorflow/tfjs": "4.22.0", "@tensorflow/tfjs-backend-wasm": "4.22.0" };

function checkModelFolder(options: Record<string, unknown>, path: string): void {
  const folder = options.model;
  if (typeof folder !== "string" || !existsSync(join(folder, "config.json"))) {
    throw new ConfigError([
      {
        path: `${path}.model`,
        message: `no local model folder at ${String(folder)} (expected config.json and onnx/*.onnx in the Hugging Face layout; plaudit never downloads models)`,
        value: folder,
      },
    ]);
  }
}

/**
 * The built-in runners: module and the packages each needs.
 * @example
 * Object.keys(BUILTIN_RUNNERS); // ["face", "ocr-tesseract", "ocr-ppocr", "embedding", "nsfw", "similarity"]
 */
export const BUILTIN_RUNNERS: Readonly<Record<string, RunnerInfo>> = {
  face: { module: runnerUrl("face"), packages: { ...SHARP, ...TFJS, "@vladmandic/face-api": "1.7.15" } },
  "ocr-tesseract": {
    module: runnerUrl("ocr-tesseract"),
    packages: { ...SHARP, "tesseract.js": "7.0.0", "@tesseract.js-data/eng": "1.0.0" },
  },
  "ocr-ppocr": {
    module: runnerUrl("ocr-ppocr"),
    packages: { ...SHARP, "@gutenye/ocr-node": "1.4.8", "onnxruntime-node": "1.30.0" },
  },
  embedding: {
    module: runnerUrl("embedding"),
    packages: { ...SHARP, "@huggingface/transformers": "4.3.2", "onnxruntime-node": "1.30.0" },
    check: checkModelFolder,
  },
  nsfw: { module: runnerUrl("nsfw"), packages: { ...SHARP, ...TFJS, nsfwjs: "4.3.0", buffer: "6.0.3" } },
  similarity: { module: runnerUrl("similarity"), packages: { ...SHARP, "ssim.js": "3.5.0" } },
};

/** Whether an npm package is installed where plaudit can load it (a walk up the node_modules folders). */
function installed(name: string): boolean {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "node_modules", name, "package.json"))) return true;
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/** A stable key for a model: runner plus options with sorted keys. */
function modelKey(model: VisionModel): string {
  const options = model.options ?? {};
  const sorted = Object.keys(options)
    .sort()
    .map((k) => [k, options[k]]);
  return `${model.runner}${sorted.length ? ` ${JSON.stringify(sorted)}` : ""}`;
}

/**
 * Local vision models for the image rewards: a worker pool (created on first use), images read
 * under `allowPaths`, never from URLs.
 * @example
 * const vision = createVisionRuntime({ allowPaths: ["./images"] });
 * const scorer = new Scorer(loadRecipe("id-aligner/identity"), { env: { vision } });
 */
export function createVisionRuntime(options: VisionRuntimeOptions = {}): VisionRuntime {
  const load = imageLoader({ ...options, allowUrls: false });
  const runners: Record<string, RunnerInfo> = { ...BUILTIN_RUNNERS };
  for (const [name, url] of Object.entries(options.runners ?? {}))
    runners[name] = { module: url, packages: {} };
  let pool: WorkerPool | undefined;
  const getPool = () =>
    (pool ??= new WorkerPool({
      size: options.workers ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
      maxBatch: options.maxBatch ?? 16,
      batchWindowMs: options.batchWindowMs ?? 5,
      deadlineMs: options.deadlineMs ?? 120_000,
    }));

  async function readImage(ref: ImageRef): Promise<Uint8Array | VisionOutcome<never>> {
    if ("url" in ref) {
      return {
        ok: false,
        code: "image_not_allowed",
        message: "local vision models read image paths and inline data only; plaudit never downloads URLs",
      };
    }
    const outcome = await load(ref);
    if (!outcome.ok) return outcome;
    // A fresh buffer of its own, so it can be transferred to the worker without detaching others.
    return new Uint8Array(Buffer.from(outcome.base64!, "base64"));
  }

  return {
    prepare(model, path) {
      const info = runners[model.runner];
      if (!info) {
        throw new ConfigError([
          { path, message: "unknown vision runner", value: model.runner, choices: Object.keys(runners) },
        ]);
      }
      const missing = Object.keys(info.packages).filter((name) => !(options.isInstalled ?? installed)(name));
      if (missing.length) {
        const install = Object.entries(info.packages)
          .map(([name, version]) => `${name}@${version}`)
          .join(" ");
        throw new ConfigError([
          {
            path,
            message: `this reward runs a local model that needs ${missing.join(", ")}, which is not installed; install it with: npm install --save-exact ${install}`,
          },
        ]);
      }
      info.check?.(model.options ?? {}, path);
    },
    async run<T>(model: VisionModel, request: VisionRequest): Promise<VisionOutcome<T>> {
      const info = runners[model.runner];
      if (!info) return { ok: false, code: "model_error", message: `unknown vision runner ${model.runner}` };
      const images: Uint8Array[] = [];
      for (const ref of request.images ?? []) {
        const bytes = await readImage(ref);
        if (!(bytes instanceof Uint8Array)) return bytes;
        images.push(bytes);
      }
      const outcome = await getPool().submit(
        { key: modelKey(model), module: info.module, options: model.options ?? {} },
        {
          images,
          ...(request.text === undefined ? {} : { text: request.text }),
          ...(request.params ? { params: request.params } : {}),
        },
      );
      if (!outcome.ok) return outcome;
      if (!outcome.result.ok)
        return { ok: false, code: "model_error", message: `${model.runner}: ${outcome.result.message}` };
      return { ok: true, value: outcome.result.value as T };
    },
    stats: () => pool?.stats() ?? [],
    close: async () => {
      await pool?.close();
      pool = undefined;
    },
  };
}
