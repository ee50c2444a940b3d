/**
 * Every image reward against malformed samples (images with any roles and sources, prompts with
 * and without quotes, any references) and an in-memory vision runtime that answers with failures,
 * empty results and non-finite model outputs: no throw, no rejection, every value finite or null.
 */
import { describe, expect, it } from "vitest";
import { malformedReferences, seededRandom } from "../../../test/support/fuzz.js";
import { createContext, type ImageRef, type Sample } from "../../core/index.js";
import type { VisionModel, VisionOutcome, VisionRequest, VisionRuntime } from "../../vision/types.js";
import { imageRewards } from "./index.js";

const rnd = seededRandom(41);
const pick = <T>(values: readonly T[]): T => values[Math.floor(rnd() * values.length)]!;
const number = () => pick([rnd(), -rnd(), 0, 1, Number.NaN, Number.POSITIVE_INFINITY, 1e308, -1e-300]);
const vector = (n: number) => Array.from({ length: n }, number);
const hex = () => Array.from({ length: 16 }, () => pick([..."0123456789abcdef"])).join("");

function fakeValue(model: VisionModel, request: VisionRequest): unknown {
  switch (model.runner) {
    case "face":
      return Array.from({ length: pick([0, 0, 1, 2, 3]) }, () => ({
        score: number(),
        box: vector(4),
        descriptor: vector(128),
      }));
    case "ocr-ppocr":
    case "ocr-tesseract":
      return pick(["", "Hello World", "x".repeat(2000), "😀 naïve   text", '"quoted"', "\u0000\n\t"]);
    case "similarity":
      return request.params?.metric === "phash" ? { hashes: [hex(), hex()] } : { ssim: number() };
    case "embedding":
      return pick([vector(4), [0, 0, 0, 0], vector(4).map(() => Number.NaN)]);
    case "nsfw":
      return Object.fromEntries(["Drawing", "Hentai", "Neutral", "Porn", "Sexy"].map((c) => [c, number()]));
    default:
      throw new Error(`unexpected runner ${model.runner}`);
  }
}

const fakeVision: VisionRuntime = {
  prepare() {},
  async run<T>(model: VisionModel, request: VisionRequest): Promise<VisionOutcome<T>> {
    const roll = rnd();
    if (roll < 0.1)
      return { ok: false, code: pick(["model_error", "model_timeout"] as const), message: "fake failure" };
    if (roll < 0.15) return { ok: false, code: "image_unreadable", message: "fake unreadable" };
    return { ok: true, value: fakeValue(model, request) as T };
  },
  stats: () => [],
  close: async () => {},
};

const COUNT = 2_000;
const references = malformedReferences(COUNT, 17);
const image = (): ImageRef => {
  const role = pick(["output", "reference", "input", undefined] as const);
  const source = pick([{ data: "aGVsbG8=" }, { path: "/tmp/x.png" }, { url: "http://127.0.0.1/x.png" }]);
  return role ? { ...source, role } : source;
};
const samples: Sample[] = Array.from({ length: COUNT }, (_, i) => {
  const sample: Sample = { completion: pick(["", "a cat", "<answer>x</answer>"]), reference: references[i] };
  const prompt = pick([
    undefined,
    "",
    'say "Hello World"',
    'unbalanced "quote',
    '""',
    [{ role: "user", content: 'a "sign"' }],
  ]);
  if (prompt !== undefined) sample.prompt = prompt as Sample["prompt"];
  if (rnd() < 0.9) sample.images = Array.from({ length: pick([0, 1, 2, 3]) }, image);
  return sample;
});

describe("fuzz: image rewards with an in-memory vision runtime", () => {
  const configs: Record<string, Record<string, unknown>[]> = {
    "image.embedding-similarity": [{ model: "/models/clip" }],
    "image.clip-score": [
      { model: "/models/clip" },
      { model: "/models/clip", text: "reference", weight: 2.5, clipAtZero: true },
    ],
    "image.similarity": [{ metric: "ssim" }, { metric: "phash" }],
    "image.face-identity": [
      { faces: "largest" },
      { faces: "best-match", mapping: "cosine" },
      { faces: "all" },
    ],
    "image.safety": [{ mode: "penalty" }, { mode: "threshold" }],
  };
  it.each(imageRewards.map((f) => f.type))(
    "%s never throws and returns finite numbers or null",
    async (type) => {
      const factory = imageRewards.find((f) => f.type === type)!;
      for (const config of configs[type] ?? [{}]) {
        const reward = factory(config, "config", { vision: fakeVision });
        const values = await Promise.all(
          samples.map((sample) => reward.score!(sample, createContext(type).ctx)),
        );
        for (const [i, value] of values.entries()) {
          if (value !== null && !Number.isFinite(value)) {
            throw new Error(
              `${type} returned ${String(value)} for sample ${i}: ${JSON.stringify(samples[i]).slice(0, 300)}`,
            );
          }
        }
        expect(values).toHaveLength(COUNT);
      }
    },
  );
});
