/**
 * Admission slots are released exactly once on every path: a response sent, the deadline, a
 * client that aborts, a body over the limit, a `Content-Length` longer than the bytes sent, a
 * trickled body. A leaked slot would turn every later request into a 429 until restart.
 */
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import { PARITY_DIR, postJson, rawRequest, slowScorer, waitForInflight } from "./server-support.js";

const weighted = resolve(PARITY_DIR, "value-weighted.json");
const ordinary = { samples: [{ completion: "x", meta: { quality: 1, safety: 0 } }] };

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(extra: Record<string, unknown> = {}): Promise<RunningServer> {
  server = await startServer({
    recipes: [weighted, { name: "slow", scorer: slowScorer() }],
    port: 0,
    maxInflight: 4,
    timeoutMs: 1000,
    maxBodyBytes: 64 * 1024,
    shutdownGraceMs: 600_000,
    ...extra,
  });
  return server;
}

describe("admission slots", () => {
  it("four stalled uploads get 503 and free their slots: the next request is a 200", async () => {
    const s = await start();
    const stalled = Array.from({ length: 4 }, () =>
      rawRequest(s.port, "/v1/score", { "content-length": "1000" }, '{"samples": ['),
    );
    const replies = await Promise.all(stalled.map((r) => r.reply));
    expect(replies.map((r) => r.status)).toEqual([503, 503, 503, 503]);
    expect(JSON.parse(replies[0]!.body)).toMatchObject({ error: "deadline_exceeded" });
    await waitForInflight(s.url, 0);
    const after = await postJson(`${s.url}/v1/score`, ordinary);
    expect(after.status).toBe(200);
    for (const r of stalled) r.socket.destroy();
  });

  it("a trickled body that outlives the deadline frees its slot", async () => {
    const s = await start({ maxInflight: 1 });
    const trickle = rawRequest(s.port, "/v1/score", { "content-length": "60000" }, "{");
    const timer = setInterval(() => trickle.socket.write(" "), 50);
    try {
      expect((await trickle.reply).status).toBe(503);
    } finally {
      clearInterval(timer);
      trickle.socket.destroy();
    }
    await waitForInflight(s.url, 0);
    expect((await postJson(`${s.url}/v1/score`, ordinary)).status).toBe(200);
  });

  it("a client that sends fewer bytes than its Content-Length and leaves frees its slot", async () => {
    const s = await start({ maxInflight: 1 });
    const short = rawRequest(s.port, "/get_reward", { "content-length": "5000" }, '{"query": [');
    await waitForInflight(s.url, 1);
    short.socket.end();
    await short.reply;
    await waitForInflight(s.url, 0);
    expect((await postJson(`${s.url}/get_reward`, { query: ["a"] })).status).toBe(200);
  });

  it("a client that aborts mid-upload or while being scored frees its slot and counts as a disconnect", async () => {
    const s = await start({ maxInflight: 1 });
    const upload = rawRequest(s.port, "/v1/score", { "content-length": "5000" }, "{");
    await waitForInflight(s.url, 1);
    upload.socket.destroy();
    await waitForInflight(s.url, 0);

    const body = JSON.stringify({ recipe: "slow", samples: [{ completion: "", meta: { sleep_ms: 300 } }] });
    const scoring = rawRequest(s.port, "/v1/score", { "content-length": String(body.length) }, body);
    await waitForInflight(s.url, 1);
    scoring.socket.destroy();
    await waitForInflight(s.url, 0);
    expect((await postJson(`${s.url}/v1/score`, ordinary)).status).toBe(200);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/plaudit_client_disconnects_total\{route="\/v1\/score"\} 2/);
    expect(metrics).not.toMatch(/status="500"/);
  });

  it("a streamed body over the limit frees its slot", async () => {
    const s = await start({ maxInflight: 1 });
    const big = rawRequest(s.port, "/v1/score", { "transfer-encoding": "chunked" });
    const chunk = "x".repeat(16 * 1024);
    for (let i = 0; i < 6; i++) big.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    expect((await big.reply).status).toBe(413);
    big.socket.destroy();
    await waitForInflight(s.url, 0);
    expect((await postJson(`${s.url}/v1/score`, ordinary)).status).toBe(200);
  });

  it("close() does not wait out the grace period for stalled uploads", async () => {
    const s = await start();
    const stalled = Array.from({ length: 4 }, () =>
      rawRequest(s.port, "/v1/score", { "content-length": "1000" }, "{"),
    );
    await waitForInflight(s.url, 4);
    // The grace period is 10 minutes; the test's own timeout (30 s) fails if close() waits it out.
    await s.close();
    server = undefined;
    for (const r of stalled) expect((await r.reply).status).toBe(503);
  });
});
