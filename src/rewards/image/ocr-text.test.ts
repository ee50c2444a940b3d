import { afterAll, describe, expect, it } from "vitest";
import { inline, renderText, scoreAsync } from "../../../test/fixtures/vision/images.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { levenshtein, normalizeOcrText, ocrTextReward, quotedTarget } from "./ocr-score.js";
import { ocrText } from "./ocr-text.js";

// Levenshtein from its recursive definition, memoised: the independent check of the two-row DP.
function definitionLevenshtein(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const value = Math.min(
      d(i - 1, j) + 1,
      d(i, j - 1) + 1,
      d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1),
    );
    memo.set(key, value);
    return value;
  };
  return d(a.length, b.length);
}

describe("Flow-GRPO OCR reward formula (flow_grpo/ocr.py)", () => {
  it("takes the text between the first two double quotes of the prompt", () => {
    expect(quotedTarget('New York Skyline with "Hello World" written with fireworks on the sky')).toBe(
      "Hello World",
    );
    expect(quotedTarget('a "one" and "two"')).toBe("one");
    expect(quotedTarget("no quotes here")).toBeUndefined();
  });
  it("removes spaces and lower-cases", () => {
    expect(normalizeOcrText("Hello World  X")).toBe("helloworldx");
  });
  it("Levenshtein matches its definition", () => {
    const words = ["", "a", "kitten", "sitting", "flaw", "lawn", "helloworld", "hellowrld", "ab", "ba"];
    for (const a of words) for (const b of words) expect(levenshtein(a, b)).toBe(definitionLevenshtein(a, b));
  });
  it("worked examples: containment scores 1, one edit of ten scores 0.9, clipped at |target|", () => {
    expect(ocrTextReward("Night market HELLO WORLD sale", "Hello World")).toBe(1);
    expect(ocrTextReward("Hello Wrld", "Hello World")).toBeCloseTo(0.9, 12); // d = 1, |target| = 10
    expect(ocrTextReward("Helo Wrld", "Hello World")).toBeCloseTo(0.8, 12);
    // Nothing like the target: d clipped to |target| → 0, however long the text read.
    expect(ocrTextReward("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "abc")).toBe(0);
    expect(ocrTextReward("", "abc")).toBe(0);
    expect(ocrTextReward("anything", "   ")).toBeUndefined();
  });
});

describe("image.ocr-text on text rendered with sharp", { timeout: 180_000 }, () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());

  for (const engine of ["ppocr", "tesseract"] as const) {
    it(`${engine}: reads rendered text; the reward follows the released formula`, async () => {
      const reward = ocrText({ engine }, "config", { vision });
      const [exact, missing] = await Promise.all([renderText("Hello World"), renderText("Hello Wrld")]);
      const prompt = 'A poster that says "Hello World" in bold letters';
      const [a, b] = await Promise.all([
        scoreAsync(reward, { prompt, completion: "", images: [inline(exact)] }),
        scoreAsync(reward, { prompt, completion: "", images: [inline(missing)] }),
      ]);
      expect(a).toMatchObject({ value: 1, codes: [] });
      expect(b.value).toBeCloseTo(0.9, 12);
      // A string reference wins over the prompt with target: auto.
      const c = await scoreAsync(reward, {
        prompt,
        reference: "Hello Wrld",
        completion: "",
        images: [inline(missing)],
      });
      expect(c.value).toBe(1);
    });
  }

  it("no text to render is null + reference_missing; no output image is null + no_image", async () => {
    const reward = ocrText({ engine: "tesseract" }, "config", { vision });
    const png = await renderText("x");
    expect(
      await scoreAsync(reward, { prompt: "a cat", completion: "", images: [inline(png)] }),
    ).toMatchObject({
      value: null,
      codes: ["reference_missing"],
    });
    expect(await scoreAsync(reward, { prompt: 'say "x"', completion: "" })).toMatchObject({
      value: null,
      codes: ["no_image"],
    });
    expect(
      await scoreAsync(reward, { prompt: 'say " "', completion: "", images: [inline(png)] }),
    ).toMatchObject({
      value: null,
      codes: ["reference_unparseable"],
    });
  });
});
