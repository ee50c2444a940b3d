import { describe, expect, it } from "vitest";
import type { ChatReply, ChatRequest, ModelOutcome, ModelProvider } from "../../models/client.js";
import { buildScorer } from "../../recipe/index.js";

/** An in-memory judge that counts the chat calls under way and answers them in a later turn. */
function countingModels(reply = "Final Score: 4") {
  const seen = { inFlight: 0, most: 0, calls: 0 };
  const models: ModelProvider = {
    client: () => ({
      label: "fake",
      chat(_request: ChatRequest): Promise<ModelOutcome<ChatReply>> {
        seen.calls++;
        seen.inFlight++;
        seen.most = Math.max(seen.most, seen.inFlight);
        return new Promise((resolve) =>
          setImmediate(() => {
            seen.inFlight--;
            resolve({ ok: true, value: { text: reply } });
          }),
        );
      },
      score: () => Promise.reject(new Error("not used")),
    }),
    image: () => Promise.reject(new Error("not used")),
  };
  return { models, seen };
}

describe("per-sample judge calls", () => {
  it("start at most twice the endpoint's concurrency at once, and every sample is scored", async () => {
    const { models, seen } = countingModels();
    const scorer = buildScorer(
      {
        rewards: [
          {
            name: "judge",
            type: "judge.pointwise",
            config: {
              endpoint: { model: "m", protocol: "openai-chat", url: "http://127.0.0.1:9", concurrency: 3 },
              template: "unified-reward/image-generation-pointwise",
            },
          },
        ],
      },
      { env: { models } },
    );
    const { results } = await scorer.score(Array.from({ length: 50 }, (_, i) => ({ id: i, completion: "" })));
    expect(seen.calls).toBe(50);
    expect(seen.most).toBe(6);
    expect(results.map((r) => r.reward)).toEqual(Array.from({ length: 50 }, () => 0.75));
  });

  it("are not sent once the batch's signal is aborted: null + cancelled, never 0", async () => {
    const { models, seen } = countingModels();
    const scorer = buildScorer(
      {
        rewards: [
          {
            name: "judge",
            type: "judge.pointwise",
            config: {
              endpoint: { model: "m", protocol: "openai-chat", url: "http://127.0.0.1:9", concurrency: 2 },
              template: "unified-reward/image-generation-pointwise",
            },
          },
        ],
      },
      { env: { models } },
    );
    const controller = new AbortController();
    const scoring = scorer.score(
      Array.from({ length: 40 }, (_, i) => ({ id: i, completion: "" })),
      { signal: controller.signal },
    );
    // The first 4 calls (twice the concurrency) are under way; the rest wait for the gate.
    controller.abort();
    const { results, stats } = await scoring;
    expect(seen.calls).toBe(4);
    expect(results.slice(0, 4).map((r) => r.reward)).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect(results.slice(4).every((r) => r.reward === null && r.issues[0]?.code === "cancelled")).toBe(true);
    expect(stats.issues.cancelled).toBe(36);
  });

  it("pairwise comparisons of many groups wait at the gate too, and every comparison is judged", async () => {
    const { models, seen } = countingModels("A is better");
    const scorer = buildScorer(
      {
        rewards: [
          {
            name: "judge",
            type: "judge.pairwise",
            config: {
              endpoint: { model: "m", protocol: "openai-chat", url: "http://127.0.0.1:9", concurrency: 2 },
              template: "Compare {{completion_a}} and {{completion_b}}",
              parse: { a: "A is better", b: "B is better" },
            },
          },
        ],
      },
      { env: { models } },
    );
    // 5 groups of 4: 6 pairs each, both orders → 60 comparisons.
    const samples = Array.from({ length: 20 }, (_, i) => ({
      id: i,
      group: `g${i % 5}`,
      completion: `c${i}`,
    }));
    const { results } = await scorer.score(samples);
    expect(seen.calls).toBe(60);
    expect(seen.most).toBe(4);
    // "A is better" in both orders: every completion wins half its comparisons.
    expect(results.map((r) => r.reward)).toEqual(Array.from({ length: 20 }, () => 0.5));
  });
});
