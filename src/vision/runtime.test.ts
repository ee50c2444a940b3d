import { afterAll, describe, expect, it } from "vitest";
import { TINY_PNG_BASE64 } from "../../test/support/png.js";
import { ConfigError } from "../core/errors.js";
import { createVisionRuntime } from "./runtime.js";

const echo = new URL("../../test/fixtures/vision/echo-runner.ts", import.meta.url).href;
interface Echo {
  text: string;
  batch: number;
  loads: number;
  bytes: number[];
}
const PNG_1x1 = TINY_PNG_BASE64;

describe("vision runtime: worker pool and micro-batching", () => {
  const vision = createVisionRuntime({ workers: 1, maxBatch: 4, deadlineMs: 10_000, runners: { echo } });
  afterAll(() => vision.close());

  it("runs requests arriving together as batches of at most maxBatch, loading the model once", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => vision.run<Echo>({ runner: "echo" }, { text: `t${i}` })),
    );
    const values = outcomes.map((o) => (o.ok ? o.value : undefined));
    expect(values.map((v) => v?.text)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`));
    // 10 requests, maxBatch 4: batches of 4, 4, 2 (order kept), one model load.
    expect(values.map((v) => v?.batch)).toEqual([4, 4, 4, 4, 4, 4, 4, 4, 2, 2]);
    expect(new Set(values.map((v) => v?.loads))).toEqual(new Set([1]));
    const stats = vision.stats().find((s) => s.model === "echo");
    expect(stats).toMatchObject({ requests: 10, batches: 3, largestBatch: 4, failedBatches: 0 });
  });

  it("sends inline image bytes to the worker and refuses URLs and paths outside the roots", async () => {
    const ok = await vision.run<Echo>({ runner: "echo" }, { images: [{ data: PNG_1x1 }], text: "img" });
    expect(ok.ok && ok.value.bytes).toEqual([Buffer.from(PNG_1x1, "base64").length]);
    const url = await vision.run({ runner: "echo" }, { images: [{ url: "http://127.0.0.1/a.png" }] });
    expect(url).toMatchObject({ ok: false, code: "image_not_allowed" });
    const path = await vision.run({ runner: "echo" }, { images: [{ path: "/etc/passwd" }] });
    expect(path).toMatchObject({ ok: false, code: "image_not_allowed" });
  });

  it("a failed item is model_error for that item only", async () => {
    const [a, b] = await Promise.all([
      vision.run<Echo>({ runner: "echo" }, { text: "fail" }),
      vision.run<Echo>({ runner: "echo" }, { text: "fine" }),
    ]);
    expect(a).toMatchObject({ ok: false, code: "model_error" });
    expect(b.ok && b.value.text).toBe("fine");
  });

  it("a crashed worker fails its batch with model_error and is replaced", async () => {
    const [crashed, sibling] = await Promise.all([
      vision.run({ runner: "echo" }, { text: "crash" }),
      vision.run({ runner: "echo" }, { text: "same batch" }),
    ]);
    expect(crashed).toMatchObject({ ok: false, code: "model_error" });
    expect(sibling).toMatchObject({ ok: false, code: "model_error" });
    expect(crashed.ok || crashed.message).toMatch(/exited with code 3; the worker was replaced/);
    const after = await vision.run<Echo>({ runner: "echo" }, { text: "after" });
    // A new worker: the model loaded again, once.
    expect(after.ok && after.value).toMatchObject({ text: "after", loads: 1 });
  });

  it("a model that fails to load fails its batch and is retried on the next", async () => {
    const broken = await vision.run({ runner: "echo", options: { broken: true } }, { text: "x" });
    expect(broken).toMatchObject({ ok: false, code: "model_error", message: "this model cannot load" });
  });
});

describe("vision runtime: deadline per batch", () => {
  const vision = createVisionRuntime({ workers: 1, deadlineMs: 3_000, runners: { echo } });
  afterAll(() => vision.close());

  it("a batch that misses its deadline is model_timeout; the next batch runs on a new worker", async () => {
    const hung = await vision.run({ runner: "echo" }, { text: "hang" });
    expect(hung).toMatchObject({ ok: false, code: "model_timeout" });
    const after = await vision.run<Echo>({ runner: "echo" }, { text: "after" });
    expect(after.ok && after.value.text).toBe("after");
  });
});

describe("vision runtime: prepare", () => {
  const vision = createVisionRuntime({ runners: { echo } });
  it("names an unknown runner with the choices", () => {
    expect(() => vision.prepare({ runner: "nope" }, "rewards[0].config")).toThrow(ConfigError);
    try {
      vision.prepare({ runner: "nope" }, "rewards[0].config");
    } catch (error) {
      expect((error as ConfigError).problems[0]?.choices).toContain("face");
    }
  });
  it("a runner whose package is missing fails at load with the install command", () => {
    const bare = createVisionRuntime({ isInstalled: (name) => name !== "@vladmandic/face-api" });
    expect(() => bare.prepare({ runner: "face" }, "rewards[0].config")).toThrow(
      /rewards\[0\]\.config: this reward runs a local model that needs @vladmandic\/face-api, which is not installed; install it with: npm install --save-exact sharp@0\.35\.5 @tensorflow\/tfjs@4\.22\.0 @tensorflow\/tfjs-backend-wasm@4\.22\.0 @vladmandic\/face-api@1\.7\.15/,
    );
    // Every built-in runner's packages are installed here (they are optionalDependencies).
    for (const runner of ["face", "ocr-tesseract", "ocr-ppocr", "nsfw", "similarity"]) {
      expect(() => vision.prepare({ runner }, "config")).not.toThrow();
    }
  });
  it("a missing model folder is a config error naming the path", () => {
    expect(() =>
      vision.prepare({ runner: "embedding", options: { model: "/no/such/clip" } }, "rewards[1].config"),
    ).toThrow(/rewards\[1\]\.config\.model: no local model folder at \/no\/such\/clip/);
  });
});
