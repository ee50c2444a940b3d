import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { inline, scoreAsync } from "../../../test/fixtures/vision/images.js";
import { ConfigError } from "../../core/errors.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { clipScore, embeddingSimilarity } from "./embedding.js";

const folder = fileURLToPath(new URL("../../../test/fixtures/vision/tiny-clip", import.meta.url));
const weights = JSON.parse(readFileSync(`${folder}/weights.json`, "utf8")) as {
  vocab: string[];
  W: number[][];
  E: number[][];
};

// The tiny model's embeddings computed here from its weights (no onnxruntime): a solid colour's
// normalised channel means times W; a text's mean token embedding ([CLS] … [SEP]).
function imageEmbedding([r, g, b]: [number, number, number]): number[] {
  const means = [r, g, b].map((c) => (c / 255 - 0.5) / 0.5);
  return [0, 1, 2, 3].map((j) => means.reduce((s, m, i) => s + m * weights.W[i]![j]!, 0));
}
function textEmbedding(text: string): number[] {
  const ids = ["[CLS]", ...text.toLowerCase().split(/\s+/), "[SEP]"].map((t) => weights.vocab.indexOf(t));
  return [0, 1, 2, 3].map((j) => ids.reduce((s, id) => s + weights.E[id]![j]!, 0) / ids.length);
}
function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, v, i) => s + v * b[i]!, 0);
  return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
}
async function solid(rgb: [number, number, number], width = 24, height = 16): Promise<Uint8Array> {
  const [r, g, b] = rgb;
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer(),
  );
}

describe("image.clip-score and image.embedding-similarity (tiny generated ONNX CLIP)", {
  timeout: 120_000,
}, () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());

  it("CLIP score is the cosine of the image and prompt embeddings computed from the weights", async () => {
    const reward = clipScore({ model: folder }, "config", { vision });
    const colours: Array<[number, number, number]> = [
      [255, 0, 0],
      [0, 255, 0],
      [30, 60, 200],
    ];
    const prompts = ["a red cat", "green", "a photo of a blue cat"];
    const results = await Promise.all(
      colours.flatMap((c) =>
        prompts.map(
          async (p) =>
            [
              c,
              p,
              await scoreAsync(reward, { prompt: p, completion: "", images: [inline(await solid(c))] }),
            ] as const,
        ),
      ),
    );
    for (const [colour, prompt, result] of results) {
      expect(result.codes).toEqual([]);
      expect(result.value).toBeCloseTo(cosine(imageEmbedding(colour), textEmbedding(prompt)), 5);
    }
    // The red image agrees best with "a red cat" of the three prompts.
    const red = results.filter(([c]) => c[0] === 255).map(([, , r]) => r.value as number);
    expect(red.indexOf(Math.max(...red))).toBe(0);
    // Requests that arrived together ran in batches, not one by one.
    const stats = vision.stats().find((s) => s.model.startsWith("embedding"))!;
    expect(stats.largestBatch).toBeGreaterThan(1);
  });

  it("CLIPScore settings: 2.5 · max(cos, 0)", async () => {
    const reward = clipScore({ model: folder, weight: 2.5, clipAtZero: true }, "config", { vision });
    const green = await solid([0, 255, 0]);
    const red = await scoreAsync(reward, { prompt: "red", completion: "", images: [inline(green)] });
    expect(cosine(imageEmbedding([0, 255, 0]), textEmbedding("red"))).toBeLessThan(0);
    expect(red.value).toBe(0);
    const match = await scoreAsync(reward, { prompt: "green", completion: "", images: [inline(green)] });
    expect(match.value).toBeCloseTo(2.5 * cosine(imageEmbedding([0, 255, 0]), textEmbedding("green")), 5);
  });

  it("embedding similarity is the cosine of the two image embeddings", async () => {
    const reward = embeddingSimilarity({ model: folder }, "config", { vision });
    const a: [number, number, number] = [200, 40, 90];
    const b: [number, number, number] = [20, 180, 60];
    const result = await scoreAsync(reward, {
      completion: "",
      images: [inline(await solid(a)), inline(await solid(b, 8, 30), "reference")],
    });
    expect(result.value).toBeCloseTo(cosine(imageEmbedding(a), imageEmbedding(b)), 5);
    const self = await scoreAsync(reward, {
      completion: "",
      images: [inline(await solid(a)), inline(await solid(a), "reference")],
    });
    expect(self.value).toBeCloseTo(1, 6);
  });

  it("a missing model folder is a config error at load naming the path", () => {
    expect(() => clipScore({ model: "/no/such/model" }, "rewards[2].config", { vision })).toThrow(
      ConfigError,
    );
    expect(() => clipScore({ model: "/no/such/model" }, "rewards[2].config", { vision })).toThrow(
      /rewards\[2\]\.config\.model: no local model folder at \/no\/such\/model/,
    );
  });

  it("a folder without the text tower fails that request with model_error (null), not 0", async () => {
    const { mkdtempSync, cpSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const partial = mkdtempSync(`${tmpdir()}/plaudit-clip-`);
    try {
      cpSync(folder, partial, { recursive: true });
      rmSync(`${partial}/onnx/text_model.onnx`);
      const reward = clipScore({ model: partial }, "config", { vision });
      const result = await scoreAsync(reward, {
        prompt: "red",
        completion: "",
        images: [inline(await solid([255, 0, 0]))],
      });
      expect(result.value).toBeNull();
      expect(result.codes).toEqual(["model_error"]);
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  });
});
