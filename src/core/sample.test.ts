import { describe, expect, it } from "vitest";
import { seededRandom } from "../../test/support/fuzz.js";
import { isSampleFast, SampleSchema, sampleFast, validateSample } from "./sample.js";

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
    const roles = ["assistant", "assistant", "user", "tool", 3];
    const parts = [
      { type: "text", text: "A" },
      { type: "text", text: "B" },
      { type: "text" },
      { type: "text", text: 1 },
      { type: "image" },
      { type: 5 },
      { text: "C" },
      "D",
      null,
    ];
    const conversation = (): unknown[] =>
      Array.from({ length: Math.floor(rnd() * 4) }, () => {
        const message: Record<string, unknown> = { role: roles[Math.floor(rnd() * roles.length)] };
        const r = rnd();
        if (r < 0.4) message.content = rnd() < 0.5 ? "text" : pick();
        else if (r < 0.95)
          message.content = Array.from(
            { length: Math.floor(rnd() * 3) },
            () => parts[Math.floor(rnd() * parts.length)],
          );
        return rnd() < 0.97 ? message : pick();
      });
    let accepted = 0;
    for (let n = 0; n < 5000; n++) {
      const o: Record<string, unknown> = {};
      if (rnd() < 0.9) o.completion = rnd() < 0.8 ? "text" : pick();
      if (rnd() < 0.3) o.id = pick();
      if (rnd() < 0.3) o.group = pick();
      if (rnd() < 0.2) o.completion = conversation();
      if (rnd() < 0.3) {
        const message: Record<string, unknown> = { role: rnd() < 0.7 ? "user" : pick() };
        if (rnd() < 0.8) message.content = pick();
        o.prompt = rnd() < 0.5 ? pick() : [message];
      }
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
      const parsed = SampleSchema.safeParse(subject);
      expect(isSampleFast(subject), JSON.stringify(subject)).toBe(parsed.success);
      expect(validateSample(subject).ok, JSON.stringify(subject)).toBe(parsed.success);
      if (parsed.success) {
        accepted++;
        expect(sampleFast(subject)?.completion).toBe(parsed.data.completion);
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });
});

describe("conversational completion (TRL)", () => {
  const conversational = {
    id: "c1",
    completion: [
      { role: "assistant", content: "<think>look</think>" },
      { role: "tool", content: "result" },
      {
        role: "assistant",
        content: [
          { type: "image" },
          { type: "text", text: "<answer>" },
          { type: "text", text: "B</answer>" },
        ],
      },
    ],
  };

  it("is the last assistant message's text, text parts joined and other parts ignored", () => {
    const v = validateSample(conversational);
    expect(v).toEqual({ ok: true, sample: { id: "c1", completion: "<answer>B</answer>" } });
    expect(SampleSchema.parse(conversational).completion).toBe("<answer>B</answer>");
    // The input is not modified; a string completion is passed through as the same object.
    expect(Array.isArray(conversational.completion)).toBe(true);
    const plain = { completion: "x" };
    expect(sampleFast(plain)).toBe(plain);
  });

  it("a string content and a trailing non-assistant message", () => {
    const sample = sampleFast({
      completion: [
        { role: "assistant", content: "<answer>A</answer>" },
        { role: "tool", content: "ok" },
      ],
    });
    expect(sample?.completion).toBe("<answer>A</answer>");
  });

  it("rejects lists without an assistant message or with malformed parts, naming the path", () => {
    for (const completion of [
      [],
      [{ role: "user", content: "hi" }],
      [{ role: "assistant" }],
      [{ role: "assistant", content: [{ type: "text", text: 3 }] }],
      [{ role: "assistant", content: ["plain"] }],
    ]) {
      const v = validateSample({ completion });
      expect(v.ok, JSON.stringify(completion)).toBe(false);
      expect((v as { message: string }).message).toMatch(/completion/);
    }
  });
});
