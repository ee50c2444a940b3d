import { afterAll, describe, expect, it } from "vitest";
import { cropFace, demoPhoto, inline, renderText } from "../../../test/fixtures/vision/images.js";
import type { DetectedFace } from "../../vision/runners/face.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { buildScorer } from "../index.js";

describe("image presets end to end through the scorer", { timeout: 180_000 }, () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());

  it("flow-grpo/ocr: a group of renders scored, with GRPO advantages on top", async () => {
    const scorer = buildScorer(
      { extends: "flow-grpo/ocr", advantage: { type: "grpo" } },
      { env: { vision } },
    );
    const prompt = 'A chalkboard menu that says "Fresh Coffee"';
    const [exact, typo, other] = await Promise.all([
      renderText("Fresh Coffee"),
      renderText("Fresh Cofee"),
      renderText("Night Market"),
    ]);
    const { results } = await scorer.score([
      { group: "g", prompt, completion: "", images: [inline(exact)] },
      { group: "g", prompt, completion: "", images: [inline(typo)] },
      { group: "g", prompt, completion: "", images: [inline(other)] },
      { group: "g", prompt: "no quotes", completion: "", images: [inline(other)] },
    ]);
    expect(results[0]!.reward).toBe(1);
    expect(results[1]!.reward).toBeCloseTo(1 - 1 / 11, 12); // "freshcoffee" vs "freshcofee"
    expect(results[2]!.reward as number).toBeLessThan(0.5);
    expect(results[3]!.reward).toBeNull();
    expect(results[3]!.issues.map((i) => i.code)).toEqual(["reference_missing"]);
    expect(results[0]!.advantage as number).toBeGreaterThan(0);
    expect(results[2]!.advantage as number).toBeLessThan(0);
  });

  it("id-aligner/identity: the same face scores above another person's", async () => {
    const scorer = buildScorer("id-aligner/identity", { env: { vision } });
    const photo = await demoPhoto(3);
    const found = await vision.run<DetectedFace[]>(
      { runner: "face", options: { minConfidence: 0.5 } },
      { images: [inline(photo)] },
    );
    if (!found.ok) throw new Error(found.message);
    const [a, b] = found.value;
    const reference = inline(await cropFace(photo, a!.box, 1), "reference");
    const { results } = await scorer.score([
      { completion: "", images: [inline(await cropFace(photo, a!.box, 0.5, 0.9)), reference] },
      { completion: "", images: [inline(await cropFace(photo, b!.box, 1)), reference] },
    ]);
    expect(results[0]!.issues).toEqual([]);
    expect(results[0]!.reward as number).toBeGreaterThan(results[1]!.reward as number);
  });

  it("a recipe with an image reward but no vision runtime fails at load, naming the reward", () => {
    expect(() => buildScorer("flow-grpo/ocr")).toThrow(
      /rewards\[0\]\.config: this reward runs a local vision model/,
    );
  });
});
