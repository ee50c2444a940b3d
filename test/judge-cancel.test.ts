/**
 * A `/v1/score` request that passes its deadline stops its judge calls: calls still waiting for
 * their turn are not sent, so a timed-out batch (which a trainer will retry) does not keep the
 * model server busy with work nobody will read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModelProvider } from "../src/models/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { startServer } from "../src/server/index.js";
import { chatCompletion, type FakeModelServer, startFakeModelServer } from "./support/fake-model-server.js";

const DELAY_MS = 300;
let judge: FakeModelServer;
let inflight = 0;
beforeAll(async () => {
  judge = await startFakeModelServer(async () => {
    inflight++;
    await new Promise((r) => setTimeout(r, DELAY_MS));
    inflight--;
    return { json: chatCompletion("Final Score: 4") };
  });
});
afterAll(() => judge.close());

const recipe = {
  name: "slow-judge",
  rewards: [
    {
      name: "judge",
      type: "judge.pointwise",
      config: {
        endpoint: { name: "judge", model: "judge", protocol: "openai-chat", concurrency: 2, retries: 0 },
        template: "unified-reward/image-generation-pointwise",
      },
    },
  ],
};

describe("a timed-out /v1/score request", () => {
  it("answers 503 and sends far fewer than its 40 judge calls", async () => {
    const models = createModelProvider({ endpoints: { judge: judge.url }, env: {} });
    const scorer = buildScorer(recipe, { env: { models } });
    const server = await startServer({ recipes: [{ name: "slow", scorer }], port: 0, timeoutMs: 500 });
    try {
      const samples = Array.from({ length: 40 }, (_, i) => ({ id: i, prompt: `p${i}`, completion: "" }));
      const response = await fetch(`${server.url}/v1/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ samples }),
      });
      expect(response.status).toBe(503);
      // Wait until the judge has been idle for three polls in a row: without cancellation the
      // 40 calls keep two connections busy for 40 / 2 × 300 ms = 6 s and all arrive.
      let idle = 0;
      while (idle < 3) {
        await new Promise((r) => setTimeout(r, DELAY_MS / 2));
        idle = inflight === 0 ? idle + 1 : 0;
      }
      expect(judge.requests.length).toBeGreaterThan(0);
      expect(judge.requests.length).toBeLessThan(20);
    } finally {
      await server.close();
      await models.close?.();
    }
  });
});
