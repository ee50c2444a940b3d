/**
 * Embedding runner: a local model folder in the Hugging Face layout (CLIP / SigLIP style:
 * `config.json`, `tokenizer.json`, `preprocessor_config.json`, `onnx/text_model.onnx`,
 * `onnx/vision_model.onnx` with outputs `text_embeds` / `image_embeds`) through
 * `@huggingface/transformers` on onnxruntime-node (CPU), with remote loading disabled: a file
 * that is not in the folder is an error, never a download. Images and texts of one batch run as
 * one forward pass per tower.
 * @module
 */
import { basename, dirname, resolve } from "node:path";
import type { LoadedRunner, RunnerItem, RunnerResult } from "../types.js";
import { decodeImage } from "./decode.js";

interface Tensor {
  dims: number[];
  data: Float32Array;
}
type Model = (inputs: Record<string, unknown>) => Promise<Record<string, Tensor>>;
interface Transformers {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  AutoTokenizer: {
    from_pretrained(id: string): Promise<(texts: string[], o: object) => Record<string, unknown>>;
  };
  AutoProcessor: {
    from_pretrained(id: string): Promise<(images: unknown[]) => Promise<Record<string, unknown>>>;
  };
  CLIPTextModelWithProjection: { from_pretrained(id: string, o: object): Promise<Model> };
  CLIPVisionModelWithProjection: { from_pretrained(id: string, o: object): Promise<Model> };
  RawImage: new (data: Uint8Array, width: number, height: number, channels: number) => unknown;
}

let loading: Promise<unknown> = Promise.resolve();

function rows(tensor: Tensor): number[][] {
  const [n, d] = tensor.dims as [number, number];
  return Array.from({ length: n }, (_, i) => Array.from(tensor.data.subarray(i * d, (i + 1) * d)));
}

/**
 * Loads the folder's tokenizer, processor and both towers lazily (a text-only reward never loads
 * the vision tower).
 * @example
 * const runner = await load({ model: "/models/clip-vit-b32" });
 */
export async function load(options: Record<string, unknown>): Promise<LoadedRunner> {
  const folder = resolve(String(options.model));
  const transformers = (await import("@huggingface/transformers")) as unknown as Transformers;
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  const id = basename(folder);
  const settings = { dtype: "fp32", device: "cpu" };
  // transformers.js reads one global `localModelPath`: loads of different folders take turns.
  const locked = <T>(load: () => Promise<T>): Promise<T> => {
    const run = loading.then(() => {
      transformers.env.localModelPath = dirname(folder);
      return load();
    });
    loading = run.catch(() => undefined);
    return run;
  };
  let text:
    | Promise<[Awaited<ReturnType<Transformers["AutoTokenizer"]["from_pretrained"]>>, Model]>
    | undefined;
  let vision:
    | Promise<[Awaited<ReturnType<Transformers["AutoProcessor"]["from_pretrained"]>>, Model]>
    | undefined;
  const textTower = () =>
    (text ??= locked(() =>
      Promise.all([
        transformers.AutoTokenizer.from_pretrained(id),
        transformers.CLIPTextModelWithProjection.from_pretrained(id, settings),
      ]),
    ));
  const visionTower = () =>
    (vision ??= locked(() =>
      Promise.all([
        transformers.AutoProcessor.from_pretrained(id),
        transformers.CLIPVisionModelWithProjection.from_pretrained(id, settings),
      ]),
    ));

  async function embedTexts(texts: string[]): Promise<number[][]> {
    const [tokenizer, model] = await textTower();
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    return rows((await model(inputs)).text_embeds!);
  }

  async function embedImages(images: Uint8Array[]): Promise<number[][]> {
    const [processor, model] = await visionTower();
    const raws = await Promise.all(
      images.map(async (bytes) => {
        const image = await decodeImage(bytes, { channels: 3 });
        return new transformers.RawImage(image.data, image.width, image.height, 3);
      }),
    );
    const inputs = await processor(raws);
    return rows((await model(inputs)).image_embeds!);
  }

  return {
    async run(items: RunnerItem[]): Promise<RunnerResult[]> {
      const results: RunnerResult[] = new Array(items.length);
      const textIndex = items.flatMap((item, i) => (item.images.length === 0 ? [i] : []));
      const imageIndex = items.flatMap((item, i) => (item.images.length > 0 ? [i] : []));
      const towers: Array<[number[], () => Promise<number[][]>]> = [
        [textIndex, () => embedTexts(textIndex.map((i) => items[i]!.text ?? ""))],
        [imageIndex, () => embedImages(imageIndex.map((i) => items[i]!.images[0]!))],
      ];
      for (const [indices, embed] of towers) {
        if (indices.length === 0) continue;
        try {
          const vectors = await embed();
          indices.forEach((index, k) => {
            results[index] = { ok: true, value: vectors[k] };
          });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          for (const index of indices) results[index] = { ok: false, message };
        }
      }
      return results;
    },
  };
}
