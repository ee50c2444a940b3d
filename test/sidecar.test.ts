/**
 * The Python sidecar (clients/python/plaudit_sidecar.py) wrapping a dummy scoring function,
 * started with python3 on a free loopback port, scored through `rm.scalar` over the `sidecar`
 * protocol. Skipped only when python3 is not installed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelProvider } from "../src/models/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { TINY_PNG_BASE64 } from "./support/png.js";

const hasPython = spawnSync("python3", ["--version"]).status === 0;
const PNG = TINY_PNG_BASE64;
const PNG_BYTES = Buffer.from(PNG, "base64").length;

describe.skipIf(!hasPython)("Python sidecar", () => {
  let child: ChildProcess;
  let url = "";
  beforeAll(async () => {
    child = spawn(
      "python3",
      [
        "-c",
        "import plaudit_sidecar, sidecar_dummy; plaudit_sidecar.serve(sidecar_dummy.score, port=0, model='dummy', max_batch=16, max_wait_ms=50)",
      ],
      {
        cwd: resolve(import.meta.dirname, "../clients/python"),
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      },
    );
    const lines = createInterface({ input: child.stdout! });
    url = await new Promise<string>((done, fail) => {
      child.once("exit", (code) => fail(new Error(`sidecar exited with ${code}`)));
      lines.on("line", (line) => {
        const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) done(match[1]!);
      });
    });
  }, 30_000);
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  function scorer(maxBatch = 32) {
    const models = createModelProvider({ env: {} });
    return buildScorer(
      {
        rewards: [
          {
            name: "dummy",
            type: "rm.scalar",
            config: {
              endpoint: { url, model: "dummy", protocol: "sidecar", maxBatch, retries: 0 },
              images: ["output"],
            },
          },
        ],
      },
      { env: { models } },
    );
  }

  it("scores a batch in order, with base64 images decoded for the function", async () => {
    const { results } = await scorer().score([
      { completion: "abc" },
      { completion: "", images: [{ data: PNG, role: "output" }] },
      { completion: "hello" },
    ]);
    expect(results.map((r) => r.reward)).toEqual([3, PNG_BYTES / 1000, 5]);
  });

  it("a non-finite score and a crashing function are null + judge_error with the reason, never 0", async () => {
    const nan = await scorer().score([{ completion: "ok" }, { completion: "nan" }]);
    expect(nan.results.map((r) => r.reward)).toEqual([2, null]);
    expect(nan.results[1]!.issues[0]).toMatchObject({ code: "judge_error" });
    expect(nan.results[1]!.issues[0]!.message).toContain("not a finite number");
    const boom = await scorer(1).score([{ completion: "boom" }]);
    expect(boom.results[0]!.reward).toBeNull();
    expect(boom.results[0]!.issues[0]!.message).toContain("RuntimeError: the model crashed");
  });

  it("a bad request is a 400 and an unknown route a 404; a bad image fails only its item", async () => {
    const bad = await fetch(`${url}/score`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("bad request");
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const mixed = await fetch(`${url}/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: [{ completion: "ab", images: ["!!"] }, { completion: "abc" }] }),
    });
    expect(await mixed.json()).toEqual({ scores: [null, 3], errors: ["an image is not valid base64", null] });
  });

  it("requests that arrive while the model is busy share one batch; /health counts them", async () => {
    const health = async () =>
      (await (await fetch(`${url}/health`)).json()) as { ok: boolean; batches: number; items: number };
    const before = await health();
    expect(before.ok).toBe(true);
    const post = (completion: string) =>
      fetch(`${url}/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "dummy", items: [{ prompt: "", completion, images: [], meta: {} }] }),
      }).then((r) => r.json() as Promise<{ scores: number[]; errors: unknown[] }>);
    const slow = post("slow");
    await new Promise((r) => setTimeout(r, 400));
    const rest = await Promise.all([post("a"), post("bb"), post("ccc")]);
    expect(await slow).toEqual({ scores: [4], errors: [null] });
    expect(rest.map((r) => r.scores[0])).toEqual([1, 2, 3]);
    const after = await health();
    expect(after.items - before.items).toBe(4);
    expect(after.batches - before.batches).toBe(2);
  });
});
