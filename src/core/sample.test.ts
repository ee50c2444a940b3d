import { describe, expect, it } from "vitest";
import { seededRandom } from "../../test/support/fuzz.js";
import { SampleSchema, validateSample } from "./sample.js";

describe("validateSample", () => {
  it("accepts the DESIGN.md sample", () => {
    const sample = {
      id: "s-17",
      group: "prompt-3",
      prompt: [{ role: "user", content: "find the cat" }],
      completion: "<think>..</think><answer>[12,40,88,120]</answer>",
      reference: [12, 40, 88, 120],
      image: { width: 1920, height: 1080 },
      input_image: { width: 1932, height: 1092 },
      meta: { step: 3 },
    };
    expect(validateSample(sample)).toEqual({ ok: true, sample });
  });

  it("explains every problem with its path", () => {
    const v = validateSample({ completion: 5, image: { width: -1, height: 2 } });
    expect(v.ok).toBe(false);
    expect((v as { message: string }).message).toMatch(/completion/);
    expect((v as { message: string }).message).toMatch(/image\.width/);
  });

  it("gives the same verdict as the zod schema on fuzzed objects", () => {
    const rnd = seededRandom(11);
    const values: unknown[] = [
      undefined,
      null,
      0,
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "",
      "x",
      [],
      {},
      true,
    ];
    const pick = () => values[Math.floor(rnd() * values.length)];
    const sizes = [
      { width: 1, height: 1 },
      { width: 0, height: 1 },
      { width: 1 },
      { width: "1", height: 1 },
      null,
      [],
      pick,
    ];
    for (let n = 0; n < 5000; n++) {
      const o: Record<string, unknown> = {};
      if (rnd() < 0.9) o.completion = rnd() < 0.8 ? "text" : pick();
      if (rnd() < 0.3) o.id = pick();
      if (rnd() < 0.3) o.group = pick();
      if (rnd() < 0.3)
        o.prompt = rnd() < 0.5 ? pick() : [{ role: rnd() < 0.7 ? "user" : pick(), content: pick() }];
      if (rnd() < 0.3) {
        const s = sizes[Math.floor(rnd() * sizes.length)];
        o.image = typeof s === "function" ? s() : s;
      }
      if (rnd() < 0.2) o.input_image = { width: rnd() < 0.8 ? 10 : pick(), height: 10 };
      if (rnd() < 0.3) o.meta = rnd() < 0.7 ? { a: 1 } : pick();
      if (rnd() < 0.1) o.reference = pick();
      if (rnd() < 0.3) {
        const images = [
          { path: "a.png" },
          { url: "http://127.0.0.1/a.png", role: "output" },
          { data: "aGk=", role: "reference" },
          { data: "" },
          { path: "a.png", url: "b" },
          { path: "a.png", role: "other" },
          { path: 3 },
          { role: "input" },
          { path: "a.png", extra: 1 },
          null,
        ];
        o.images =
          rnd() < 0.1 ? pick() : [images[Math.floor(rnd() * images.length)], images[Math.floor(rnd() * 3)]];
      }
      const subject = rnd() < 0.05 ? pick() : o;
      const expected = SampleSchema.safeParse(subject).success;
      expect(validateSample(subject).ok, JSON.stringify(subject)).toBe(expected);
    }
  });
});
