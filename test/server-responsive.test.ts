/**
 * One big request does not freeze the server: scoring runs in slices that yield, so /healthz
 * answers while a batch is being scored, and --timeout stops synchronous scoring between slices.
 * Proven by the order of events (the work counter when /healthz answers), not by timing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import { postJson, spinCounter, spinScorer, waitForInflight } from "./server-support.js";

const COUNT = 4000;
const spinning = (count: number, us: number) =>
  Array.from({ length: count }, (_, i) => ({ id: i, completion: "", meta: { spin_us: us } }));

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("a big synchronous batch", () => {
  it("lets /healthz answer while it is being scored, and still scores every sample", async () => {
    server = await startServer({
      recipes: [{ name: "spin", scorer: spinScorer() }],
      port: 0,
      timeoutMs: 600_000,
    });
    const start = spinCounter.scored;
    const big = postJson(`${server.url}/v1/score`, { samples: spinning(COUNT, 300) });
    let done = false;
    void big.then(() => {
      done = true;
    });
    const seenDuringScoring: number[] = [];
    while (!done) {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const progress = spinCounter.scored - start;
      if (!done && progress > 0 && progress < COUNT) seenDuringScoring.push(progress);
    }
    const reply = await big;
    expect(reply.status).toBe(200);
    expect((reply.body.results as unknown[]).length).toBe(COUNT);
    // Several health answers arrived at different points of the scoring.
    expect(new Set(seenDuringScoring).size).toBeGreaterThanOrEqual(2);
  });

  it("past --timeout gets 503 and stops scoring between slices", async () => {
    server = await startServer({
      recipes: [{ name: "spin", scorer: spinScorer() }],
      port: 0,
      timeoutMs: 200,
    });
    const start = spinCounter.scored;
    const reply = await postJson(`${server.url}/v1/score`, { samples: spinning(COUNT, 1000) });
    expect(reply.status).toBe(503);
    expect(reply.body).toMatchObject({ error: "deadline_exceeded", timeout_ms: 200 });
    await waitForInflight(server.url, 0);
    // The work has settled; it stopped well short of the batch (4 s of spinning).
    expect(spinCounter.scored - start).toBeLessThan(COUNT);
  });
});
