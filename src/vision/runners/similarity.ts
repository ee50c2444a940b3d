/**
 * Similarity runner: SSIM (`ssim.js`, the MATLAB reference algorithm) and the grey 32×32 pixels a
 * perceptual hash is computed from, for an output image against a reference image.
 * @module
 */
import { createRequire } from "node:module";
import { perceptualHash } from "../../rewards/image/phash.js";
import type { LoadedRunner, RunnerItem } from "../types.js";
import { eachItem, resizeExactly } from "./decode.js";

const require = createRequire(import.meta.url);

type SsimFn = (
  a: { data: Uint8Array | Uint8ClampedArray; width: number; height: number },
  b: { data: Uint8Array | Uint8ClampedArray; width: number; height: number },
  options: Record<string, unknown>,
) => { mssim: number };

/** What the runner returns per pair. */
export interface SimilarityValue {
  ssim?: number;
  /** 64-bit perceptual hashes as 16 hex digits. */
  hashes?: [string, string];
}

/**
 * Loads ssim.js.
 * @example
 * const runner = await load({});
 */
export async function load(): Promise<LoadedRunner> {
  const { ssim } = require("ssim.js") as { ssim: SsimFn };
  return {
    run: (items: RunnerItem[]) =>
      eachItem(
        items,
        async (item): Promise<SimilarityValue> => {
          const [output, reference] = item.images as [Uint8Array, Uint8Array];
          const metric = item.params?.metric;
          if (metric === "phash") {
            const [a, b] = await Promise.all([
              resizeExactly(output, 32, 32, 1),
              resizeExactly(reference, 32, 32, 1),
            ]);
            return { hashes: [perceptualHash(a.data), perceptualHash(b.data)] };
          }
          const size = typeof item.params?.size === "number" ? item.params.size : 256;
          const [a, b] = await Promise.all([
            resizeExactly(output, size, size, 4),
            resizeExactly(reference, size, size, 4),
          ]);
          const { mssim } = ssim(a, b, { ssim: "original", downsample: false, rgb2grayVersion: "integer" });
          return { ssim: mssim };
        },
        4,
      ),
  };
}
