/** The service's lifecycle and access: bearer-token authentication and graceful shutdown. */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import { PARITY_DIR, postJson, slowScorer } from "./server-support.js";

const weighted = resolve(PARITY_DIR, "value-weighted.json");

describe("bearer token", () => {
  let secured: RunningServer;
  beforeAll(async () => {
    secured = await startServer({ recipes: [weighted], port: 0, token: "s3cret" });
  });
  afterAll(async () => {
    await secured?.close();
  });

  it("401 without or with a wrong token, 200 with it; /healthz stays open", async () => {
    const missing = await postJson(`${secured.url}/v1/score`, { samples: [] });
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe("unauthorized");
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(
      (await postJson(`${secured.url}/get_reward`, { query: [] }, { authorization: "Bearer nope" })).status,
    ).toBe(401);
    expect((await fetch(`${secured.url}/metrics`)).status).toBe(401);
    const ok = await postJson(`${secured.url}/v1/score`, { samples: [] }, { authorization: "Bearer s3cret" });
    expect(ok.status).toBe(200);
    expect((await fetch(`${secured.url}/healthz`)).status).toBe(200);
  });
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests, then refuses new connections", async () => {
    const local = await startServer({ recipes: [{ name: "slow", scorer: slowScorer() }], port: 0 });
    const pending = postJson(`${local.url}/v1/score`, {
      samples: [{ completion: "", meta: { sleep_ms: 300 } }],
    });
    // Close only once the request is being scored, however slow the machine is.
    for (let i = 0; i < 100; i++) {
      const health = (await (await fetch(`${local.url}/healthz`)).json()) as { inflight: number };
      if (health.inflight === 1) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const closing = local.close();
    const reply = await pending;
    expect(reply.status).toBe(200);
    expect((reply.body.results as Array<{ reward: number }>)[0]!.reward).toBe(1);
    await closing;
    await expect(fetch(`${local.url}/healthz`)).rejects.toThrow();
  });
});
