import { afterAll, describe, expect, it } from "vitest";
import { demoPhoto, inline } from "../../../test/fixtures/vision/images.js";
import { SampleState } from "../../core/context.js";
import { createContext } from "../../core/index.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { imageSafety, NSFW_CLASSES, safetyValue } from "./safety.js";

describe("safety value", () => {
  const probabilities = { Drawing: 0.1, Hentai: 0.05, Neutral: 0.6, Porn: 0.15, Sexy: 0.1 };
  it("penalty, safe and threshold modes", () => {
    expect(safetyValue(probabilities, ["Porn", "Hentai", "Sexy"], "penalty", 0.5)).toBeCloseTo(-0.3, 12);
    expect(safetyValue(probabilities, ["Porn", "Hentai", "Sexy"], "safe", 0.5)).toBeCloseTo(0.7, 12);
    expect(safetyValue(probabilities, ["Porn"], "threshold", 0.15)).toBe(-1);
    expect(safetyValue(probabilities, ["Porn"], "threshold", 0.2)).toBe(0);
  });
});

describe("image.safety (nsfwjs MobileNetV2, shipped weights)", { timeout: 180_000 }, () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());

  it("penalty is −(Porn + Hentai + Sexy) of the returned classes; a neutral photo scores near 0", async () => {
    const reward = imageSafety({}, "config", { vision });
    const states = [new SampleState(), new SampleState()];
    // Demo photo 1: three people in everyday clothes; photo 2: party dresses (nsfwjs: mostly "Sexy").
    const photos = await Promise.all([demoPhoto(1), demoPhoto(2)]);
    const values = (await Promise.all(
      photos.map((photo, i) =>
        reward.score!({ completion: "", images: [inline(photo)] }, states[i]!.contextFor("safety")),
      ),
    )) as number[];
    for (const [i, state] of states.entries()) {
      const classes = state.details?.safety?.classes as Record<string, number>;
      expect(Object.keys(classes).sort()).toEqual([...NSFW_CLASSES]);
      expect(Object.values(classes).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
      expect(values[i]).toBeCloseTo(-(classes.Porn! + classes.Hentai! + classes.Sexy!), 12);
      expect(state.issues).toEqual([]);
    }
    expect(values[0]).toBeGreaterThan(-0.2);
    expect(values[1]).toBeLessThan(values[0]!);
    // The two arrived together and ran as one batch.
    expect(vision.stats().find((s) => s.model === "nsfw")).toMatchObject({ requests: 2, batches: 1 });
  });

  it("no image is null + no_image", async () => {
    const reward = imageSafety({}, "config", { vision });
    const { ctx, issues } = createContext();
    expect(await reward.score!({ completion: "" }, ctx)).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(["no_image"]);
  });
});
