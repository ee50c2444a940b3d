import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import { exactScorer, PARITY_DIR, postJson, slowScorer } from "./server-support.js";

const weighted = resolve(PARITY_DIR, "value-weighted.json");
const grpo = resolve(PARITY_DIR, "value-grpo.json");

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    recipes: [
      weighted,
      `g=${grpo}`,
      { name: "slow", scorer: slowScorer() },
      { name: "exact", scorer: exactScorer() },
    ],
    host: "127.0.0.1",
    port: 0,
    maxInflight: 4,
    timeoutMs: 400,
    maxBodyBytes: 64 * 1024,
  });
});

afterAll(async () => {
  await server?.close();
});

async function waitForIdle(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { inflight: number };
    if (health.inflight === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("server never became idle");
}

describe("plaudit serve over a real socket", () => {
  it("binds loopback on a free port", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.recipes).toEqual(["parity-value-weighted", "g", "slow", "exact"]);
  });

  it("GET /healthz", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", recipes: server.recipes });
  });

  it("GET /v1/recipes lists recipes, components and the sample JSON Schema", async () => {
    const body = (await (await fetch(`${server.url}/v1/recipes`)).json()) as {
      default: string;
      sampleSchema: { properties: Record<string, unknown>; required: string[] };
      recipes: Array<{
        name: string;
        default: boolean;
        components: Array<{ name: string }>;
        advantage: string | null;
      }>;
    };
    expect(body.default).toBe("parity-value-weighted");
    expect(body.sampleSchema.required).toEqual(["completion"]);
    expect(Object.keys(body.sampleSchema.properties)).toContain("input_image");
    expect(body.recipes.map((r) => r.name)).toEqual(server.recipes);
    expect(body.recipes[0]!.default).toBe(true);
    expect(body.recipes[0]!.components.map((c) => c.name)).toEqual(["quality", "safety"]);
    expect(body.recipes[1]!.advantage).toBe("grpo");
  });

  it("POST /v1/score keeps order, echoes ids and turns a bad sample into a result with an issue", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, {
      samples: [
        { id: "a", completion: "x", meta: { quality: 1, safety: 0.5 } },
        { id: "b", prompt: 3, completion: "y" },
        { id: 7, completion: "z", meta: { quality: 0.25 } },
      ],
    });
    expect(status).toBe(200);
    const results = body.results as Array<{
      id: unknown;
      reward: number | null;
      issues: Array<{ code: string }>;
    }>;
    expect(results.map((r) => r.id)).toEqual(["a", "b", 7]);
    expect(results.map((r) => r.reward)).toEqual([1.25, null, 0.25]);
    expect(results[1]!.issues[0]!.code).toBe("invalid_sample");
    expect(results[2]!.issues.map((i) => i.code)).toEqual(["missing_meta"]);
    expect(body.recipe).toBe("parity-value-weighted");
    expect(body.stats).toMatchObject({ samples: 3, issues: { invalid_sample: 1, missing_meta: 1 } });
  });

  it("POST /v1/score selects a recipe by name and computes advantages", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, {
      recipe: "g",
      samples: [
        { group: "p", completion: "", meta: { quality: 1, bonus: 0 } },
        { group: "p", completion: "", meta: { quality: 0, bonus: 0 } },
      ],
    });
    expect(status).toBe(200);
    const advantages = (body.results as Array<{ advantage: number }>).map((r) => r.advantage);
    expect(advantages[0]).toBeCloseTo(0.707007, 5);
    expect(advantages[1]).toBeCloseTo(-0.707007, 5);
    expect(body.stats).toHaveProperty("advantage");
  });

  it("POST /v1/score accepts TRL's conversational completion (last assistant message, text parts)", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, {
      recipe: "exact",
      samples: [
        {
          completion: [
            { role: "assistant", content: "Rome" },
            {
              role: "assistant",
              content: [{ type: "text", text: "Par" }, { type: "image" }, { type: "text", text: "is" }],
            },
          ],
          reference: "Paris",
        },
        { completion: [{ role: "assistant", content: "Rome" }], reference: "Paris" },
        { completion: [{ role: "system", content: "Paris" }], reference: "Paris" },
      ],
    });
    expect(status).toBe(200);
    const results = body.results as Array<{ reward: number | null; issues: Array<{ code: string }> }>;
    expect(results.map((r) => r.reward)).toEqual([1, 0, null]);
    expect(results[2]!.issues[0]!.code).toBe("invalid_sample");
  });

  it("an empty batch is fine", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, { samples: [] });
    expect(status).toBe(200);
    expect(body.results).toEqual([]);
  });

  it("bad JSON is a 400 invalid_json", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, '{"samples": [');
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_json");
    expect(typeof body.message).toBe("string");
  });

  it("a bad envelope is a 400 listing {path, message}", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, { recipe: 3, sample: [] });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_request");
    expect(body.issues).toEqual([
      { path: "sample", message: "unknown field; expected recipe, samples" },
      { path: "samples", message: "required: an array of samples" },
      { path: "recipe", message: "expected a recipe name (string)" },
    ]);
    const notObject = await postJson(`${server.url}/v1/score`, [1, 2]);
    expect(notObject.status).toBe(400);
  });

  it("an unknown recipe is a 404 listing the loaded names", async () => {
    const { status, body } = await postJson(`${server.url}/v1/score`, { recipe: "nope", samples: [] });
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: "unknown_recipe", recipe: "nope", choices: server.recipes });
  });

  it("an unknown route is a JSON 404", async () => {
    const response = await fetch(`${server.url}/v2/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
  });

  it("a body over --max-body is a 413, declared or streamed", async () => {
    const big = JSON.stringify({ samples: [{ completion: "x".repeat(100 * 1024) }] });
    const declared = await postJson(`${server.url}/v1/score`, big);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: "body_too_large", max_bytes: 64 * 1024 });

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 8192) controller.enqueue(bytes.subarray(at, at + 8192));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}/get_reward`, {
      method: "POST",
      body: stream,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: string }).error).toBe("body_too_large");
  });

  it("a burst past --max-inflight gets 429 with Retry-After, the rest are scored", async () => {
    await waitForIdle();
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        postJson(`${server.url}/v1/score`, {
          recipe: "slow",
          samples: [{ completion: "", meta: { sleep_ms: 150 } }],
        }),
      ),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4);
    const rejected = burst.filter((r) => r.status === 429);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected[0]!.headers.get("retry-after")).toBe("1");
    expect(rejected[0]!.body).toMatchObject({ error: "too_many_requests", retry_after_seconds: 1 });
  });

  it("past --timeout the request is a 503 deadline_exceeded, and its slot is held until the work ends", async () => {
    await waitForIdle();
    const { status, headers, body } = await postJson(`${server.url}/v1/score`, {
      recipe: "slow",
      samples: [{ completion: "", meta: { sleep_ms: 900 } }],
    });
    // No clock here (the machine may be busy): the 503 itself, and the slot still held below,
    // show that the deadline answered before the 900 ms of work ended.
    expect(status).toBe(503);
    expect(body).toMatchObject({ error: "deadline_exceeded", timeout_ms: 400 });
    expect(headers.get("retry-after")).toBe("1");
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { inflight: number };
    expect(health.inflight).toBe(1);
    await waitForIdle();
  });
});

describe("POST /get_reward (OpenRLHF)", () => {
  it("answers an empty batch with 200 and empty arrays", async () => {
    const { status, body } = await postJson(`${server.url}/get_reward`, {
      query: [],
      prompts: [],
      labels: [],
    });
    expect(status).toBe(200);
    expect(body).toEqual({ rewards: [], scores: [], extra_logs: {} });
  });

  it("strips the prompt prefix and chat special tokens, and maps labels to references", async () => {
    const prompt = "<|im_start|>user\nWhat is 2+1?<|im_end|>\n<|im_start|>assistant\n";
    const { status, body } = await postJson(`${server.url}/get_reward?recipe=exact`, {
      query: [
        `${prompt}<answer>3</answer><|im_end|><|endoftext|>`,
        "<|im_start|>system\nx<|im_end|>\n<|im_start|>assistant\n<answer>3</answer><|im_end|>",
        `${prompt}<answer>4</answer><|im_end|>`,
      ],
      prompts: [prompt, "a prompt that is not a prefix"],
      labels: ["<answer>3</answer>", { reference: "<answer>3</answer>", image: { width: 640, height: 480 } }],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      rewards: [1, 1, 0],
      scores: [1, 1, 0],
      extra_logs: { exact: [1, 1, 0] },
    });
  });

  it("spreads label objects into the sample, sends a null reward as 0 and counts it", async () => {
    const { status, body } = await postJson(`${server.url}/get_reward`, {
      query: ["q1 answer", "q2 answer", 42],
      prompts: ["q1 ", "q2 "],
      labels: [{ meta: { quality: 0.5, safety: 1 } }, "plain label"],
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      rewards: [1, 0, 0],
      scores: [1, 0, 0],
      extra_logs: { quality: [0.5, 0, 0], safety: [1, 0, 0] },
    });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(
      /plaudit_null_rewards_sent_as_number_total\{recipe="parity-value-weighted"\} [2-9]/,
    );
  });

  it("tolerates missing prompts and labels and a bare string query", async () => {
    const bare = await postJson(`${server.url}/get_reward`, { query: "just text" });
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual({ rewards: [0], scores: [0], extra_logs: { quality: [0], safety: [0] } });
  });

  it("a body without query is a 400; an unknown ?recipe= is a 404", async () => {
    expect((await postJson(`${server.url}/get_reward`, { prompts: [] })).status).toBe(400);
    const unknown = await postJson(`${server.url}/get_reward?recipe=zzz`, { query: [] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.choices).toEqual(server.recipes);
  });
});

describe("GET /metrics", () => {
  it("exposes requests, latency, samples, component means, issues, in-flight and rejections", async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    for (const pattern of [
      /plaudit_http_requests_total\{route="\/v1\/score",method="POST",status="200"\} \d+/,
      /plaudit_http_requests_total\{route="\/v1\/score",method="POST",status="429"\} \d+/,
      /plaudit_http_request_duration_seconds_bucket\{route="\/get_reward",le="\+Inf"\} \d+/,
      /plaudit_samples_scored_total\{recipe="parity-value-weighted"\} \d+/,
      /plaudit_component_mean\{recipe="parity-value-weighted",component="quality"\} [\d.]+/,
      /plaudit_issues_total\{recipe="parity-value-weighted",code="invalid_sample"\} \d+/,
      /plaudit_inflight_requests 0/,
      /plaudit_rejected_requests_total\{reason="inflight"\} \d+/,
      /plaudit_rejected_requests_total\{reason="body_too_large"\} 2/,
      /plaudit_rejected_requests_total\{reason="deadline"\} 1/,
      /plaudit_http_requests_total\{route="other",method="GET",status="404"\} 1/,
    ]) {
      expect(text).toMatch(pattern);
    }
  });
});
