/**
 * Safety runner: NSFWJS (infinitered/nsfwjs) MobileNetV2 with the weights shipped in the npm
 * package, on the tfjs WebAssembly backend. Returns the five class probabilities (Drawing,
 * Hentai, Neutral, Porn, Sexy) per image.
 * @module
 */
import { createRequire } from "node:module";
import type { LoadedRunner, RunnerItem } from "../types.js";
import { decodeImage, eachItem } from "./decode.js";

const require = createRequire(import.meta.url);

interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(data: Uint8Array, shape: number[], dtype: string): { dispose(): void };
}
interface NsfwModel {
  classify(input: unknown, topk: number): Promise<Array<{ className: string; probability: number }>>;
}

/**
 * Loads the shipped MobileNetV2 model once (per worker).
 * @example
 * const runner = await load({});
 */
export async function load(): Promise<LoadedRunner> {
  const tf = require("@tensorflow/tfjs") as Tf;
  require("@tensorflow/tfjs-backend-wasm");
  if (tf.getBackend() !== "wasm") {
    await tf.setBackend("wasm");
    await tf.ready();
  }
  const nsfwjs = require("nsfwjs") as { load(name: string): Promise<NsfwModel> };
  const model = await nsfwjs.load("MobileNetV2");
  return {
    run: (items: RunnerItem[]) =>
      eachItem(items, async (item) => {
        const image = await decodeImage(item.images[0]!, { maxEdge: 512, channels: 3 });
        const tensor = tf.tensor3d(image.data, [image.height, image.width, 3], "int32");
        try {
          const predictions = await model.classify(tensor, 5);
          return Object.fromEntries(predictions.map((p) => [p.className, p.probability]));
        } finally {
          tensor.dispose();
        }
      }),
  };
}
