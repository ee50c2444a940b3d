/**
 * Fixture rollouts for the inspector tests, scored by the real scorer with a grounding recipe
 * whose prediction is in `input-pixel` and reference in `pixel` frame.
 * @module
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildScorer } from "../../src/recipe/index.js";
import { solidPng } from "./png.js";

/** The recipe of the fixtures (the bundled grounding example's rewards). */
export const GROUNDING_RECIPE = {
  name: "inspect-fixture",
  rewards: [
    { name: "format", type: "format.think-answer", config: { mode: "fullmatch" } },
    {
      name: "iou",
      type: "grounding.iou",
      config: { pred: { frame: "input-pixel" }, ref: { frame: "pixel" } },
    },
  ],
  combine: { type: "sum" },
  advantage: { type: "grpo" },
};

/** Original image 400×200, as the model saw it 200×100: input-pixel × 2 = pixel. */
export const IMAGE = { width: 400, height: 200 };
export const INPUT_IMAGE = { width: 200, height: 100 };

/** Writes samples, their scored results and the image into a fresh directory. */
export async function writeGroundingFixture(): Promise<{
  dir: string;
  images: string;
  samplesPath: string;
  scoredPath: string;
  mergedPath: string;
  samples: Array<Record<string, unknown>>;
}> {
  const dir = mkdtempSync(join(tmpdir(), "plaudit-inspect-"));
  const images = join(dir, "images");
  mkdirSync(images);
  writeFileSync(join(images, "white.png"), solidPng(IMAGE.width, IMAGE.height, [255, 255, 255]));
  const base = {
    image: IMAGE,
    input_image: INPUT_IMAGE,
    images: [{ path: "white.png" }],
    reference: [40, 20, 120, 80],
  };
  const samples: Array<Record<string, unknown>> = [
    // [20,10,60,40] in input pixels is [40,20,120,80] in pixels: IoU 1.
    {
      id: "hit",
      group: "g1",
      prompt: "find the cat",
      completion: "<think>there</think><answer>[20,10,60,40]</answer>",
      ...base,
    },
    {
      id: "half",
      group: "g1",
      prompt: "find the cat",
      completion: "<think>left</think><answer>[20,10,40,40]</answer>",
      ...base,
    },
    {
      id: "none",
      group: "g1",
      prompt: "find the cat",
      completion: "<think>?</think><answer>no box</answer>",
      ...base,
    },
    {
      id: "xss",
      group: "g2",
      prompt: "find the dog",
      completion: '<think><img src=x onerror="window.__pwned=1"></think><answer>[0,0,10,10]</answer>',
      ...base,
    },
    {
      id: "nosize",
      group: "g2",
      prompt: "find the dog",
      completion: "<think>a</think><answer>[20,10,60,40]</answer>",
      reference: [40, 20, 120, 80],
      images: [{ path: "white.png" }],
    },
  ];
  const scorer = buildScorer(GROUNDING_RECIPE);
  const { results } = await scorer.score(samples);
  await scorer.close();
  const samplesPath = join(dir, "rollouts.jsonl");
  const scoredPath = join(dir, "scored.jsonl");
  const mergedPath = join(dir, "merged.jsonl");
  writeFileSync(samplesPath, `${samples.map((s) => JSON.stringify(s)).join("\n")}\n`);
  writeFileSync(scoredPath, `${results.map((r) => JSON.stringify(r)).join("\n")}\n`);
  writeFileSync(mergedPath, `${results.map((r, i) => JSON.stringify({ ...samples[i], ...r })).join("\n")}\n`);
  return { dir, images, samplesPath, scoredPath, mergedPath, samples };
}
