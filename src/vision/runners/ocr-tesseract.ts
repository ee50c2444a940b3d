/**
 * OCR runner with tesseract.js and the English LSTM data shipped in `@tesseract.js-data/eng`
 * (read from disk; nothing is fetched). Returns the recognised text without line breaks.
 * @module
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { LoadedRunner, RunnerItem } from "../types.js";
import { eachItem } from "./decode.js";

const require = createRequire(import.meta.url);

interface TesseractWorker {
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
}

/**
 * Starts one tesseract worker with the shipped English data.
 * @example
 * const runner = await load({});
 */
export async function load(): Promise<LoadedRunner> {
  const tesseract = require("tesseract.js") as {
    createWorker(lang: string, oem: number, options: object): Promise<TesseractWorker>;
  };
  const langPath = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const worker = await tesseract.createWorker("eng", 1, { langPath, cacheMethod: "none", gzip: true });
  return {
    run: (items: RunnerItem[]) =>
      eachItem(items, async (item) => {
        const { data } = await worker.recognize(Buffer.from(item.images[0]!));
        return data.text.replace(/\s*\n\s*/g, " ").trim();
      }),
  };
}
