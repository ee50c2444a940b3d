/**
 * Rejections reach the client: a 413, 415 or 429 sent before the body is read arrives with its
 * status line and headers even when the client sends its whole (large, slow) body before
 * reading, and batch and queue limits answer with messages naming the limit.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import {
  pacedUpload,
  postJson,
  rawRequest,
  releaseHeld,
  slowScorer,
  waitForInflight,
} from "./server-support.js";

let server: RunningServer | undefined;
afterEach(async () => {
  releaseHeld();
  await server?.close();
  server = undefined;
});

const MB = 1024 * 1024;

describe("early rejections", () => {
  it("a 413 for a declared 2 MB body reaches a client that sends it all before reading (4 of 4)", async () => {
    server = await startServer({
      recipes: [{ name: "slow", scorer: slowScorer() }],
      port: 0,
      maxBodyBytes: 64 * 1024,
    });
    for (let i = 0; i < 4; i++) {
      const reply = await pacedUpload(server.port, "/v1/score", 2 * MB, 64 * 1024, 25);
      expect(reply.error).toBeUndefined();
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toMatchObject({ error: "body_too_large", max_bytes: 64 * 1024 });
    }
  });

  it("a 429 with Retry-After reaches such a client while the server is full", async () => {
    server = await startServer({
      recipes: [{ name: "slow", scorer: slowScorer() }],
      port: 0,
      maxInflight: 1,
    });
    const holder = postJson(`${server.url}/v1/score`, {
      samples: [{ completion: "", meta: { hold: true } }],
    });
    await waitForInflight(server.url, 1);
    const reply = await pacedUpload(server.port, "/v1/score", 2 * MB, 64 * 1024, 25);
    expect(reply.error).toBeUndefined();
    expect(reply.status).toBe(429);
    expect(reply.headers["retry-after"]).toBe("1");
    releaseHeld();
    expect((await holder).status).toBe(200);
  });
});

describe("batch and queue limits", () => {
  it("more samples than --max-batch is a 413 naming the limit, on both scoring routes", async () => {
    server = await startServer({ recipes: [{ name: "slow", scorer: slowScorer() }], port: 0, maxBatch: 3 });
    const samples = Array.from({ length: 4 }, () => ({ completion: "" }));
    const score = await postJson(`${server.url}/v1/score`, { samples });
    expect(score.status).toBe(413);
    expect(score.body).toMatchObject({ error: "batch_too_large", samples: 4, max_batch: 3 });
    expect(score.body.message).toContain("--max-batch");
    const reward = await postJson(`${server.url}/get_reward`, { query: ["a", "b", "c", "d"] });
    expect(reward.status).toBe(413);
    expect((await postJson(`${server.url}/v1/score`, { samples: samples.slice(0, 3) })).status).toBe(200);
  });

  it("a request that would pass the queued-sample bound is shed at once with 429 queue_full", async () => {
    server = await startServer({
      recipes: [{ name: "slow", scorer: slowScorer() }],
      port: 0,
      maxBatch: 4,
      maxQueuedSamples: 6,
    });
    const queued = postJson(`${server.url}/v1/score`, {
      samples: Array.from({ length: 4 }, () => ({ completion: "", meta: { sleep_ms: 2000 } })),
    });
    await waitForInflight(server.url, 1);
    for (
      let i = 0;
      i < 50 && !/plaudit_queued_samples 4/.test(await (await fetch(`${server.url}/metrics`)).text());
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    const shed = await postJson(`${server.url}/v1/score`, {
      samples: Array.from({ length: 3 }, () => ({ completion: "" })),
    });
    expect(shed.status).toBe(429);
    expect(shed.headers.get("retry-after")).toBe("1");
    expect(shed.body).toMatchObject({ error: "queue_full", queued_samples: 4, max_queue: 6 });
    // Two more samples still fit beside the four queued.
    expect(
      (await postJson(`${server.url}/v1/score`, { samples: [{ completion: "" }, { completion: "" }] }))
        .status,
    ).toBe(200);
    expect((await queued).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/plaudit_rejected_requests_total\{reason="queue_full"\} 1/);
    expect(metrics).toMatch(/plaudit_queued_samples 0/);
  });

  it("a full queue answers 429 before the body is read", async () => {
    server = await startServer({
      recipes: [{ name: "slow", scorer: slowScorer() }],
      port: 0,
      maxBatch: 2,
      maxQueuedSamples: 2,
    });
    const queued = postJson(`${server.url}/v1/score`, {
      samples: [
        { completion: "", meta: { hold: true } },
        { completion: "", meta: { hold: true } },
      ],
    });
    for (
      let i = 0;
      i < 100 && !/plaudit_queued_samples 2/.test(await (await fetch(`${server.url}/metrics`)).text());
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    // The head promises 1000 bytes and none are sent: only an answer without the body can come back.
    const early = rawRequest(server.port, "/v1/score", { "content-length": "1000" });
    const reply = await early.reply;
    early.socket.destroy();
    expect(reply.status).toBe(429);
    expect(JSON.parse(reply.body)).toMatchObject({ error: "queue_full", queued_samples: 2 });
    releaseHeld();
    expect((await queued).status).toBe(200);
  });

  it("rejects a queue bound below the batch bound at start", async () => {
    await expect(
      startServer({
        recipes: [{ name: "slow", scorer: slowScorer() }],
        port: 0,
        maxBatch: 10,
        maxQueuedSamples: 5,
      }),
    ).rejects.toThrow(/maxQueuedSamples/);
  });
});
