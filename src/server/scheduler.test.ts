import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRegistry, defineReward } from "../core/index.js";
import { buildScorer } from "../recipe/index.js";
import { builtinRewards } from "../rewards/index.js";
import { RequestScope } from "./env.js";
import { ServerMetrics } from "./metrics.js";
import { ScoringQueue } from "./scheduler.js";

const order: string[] = [];
const recordReward = defineReward({
  type: "test.record",
  description: "Records meta.tag, scores meta.value (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) => {
      order.push(String(sample.meta?.tag));
      return Number(sample.meta?.value ?? 0);
    },
  }),
});
const registry = createRegistry([...builtinRewards, recordReward]);

function samples(tag: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}${i}`,
    group: `g${Math.floor(i / 8)}`,
    completion: "",
    meta: { tag, value: (i * 7) % 5 },
  }));
}

describe("ScoringQueue", () => {
  const grpo = buildScorer(
    { name: "r", rewards: [{ name: "v", type: "test.record" }], advantage: { type: "grpo" } },
    { registry },
  );

  it("scores in slices with results identical to scoreSync, advantages included", async () => {
    const queue = new ScoringQueue(
      { maxQueuedSamples: 10_000, sliceBudgetMs: 0.01, retryAfterSeconds: 1 },
      new ServerMetrics(),
    );
    const batch = samples("a", 1000);
    const ticket = queue.admit(batch.length);
    const sliced = await queue.score(grpo, batch, ticket, new RequestScope(60_000));
    queue.leave(ticket);
    expect(sliced).toEqual(grpo.scoreSync(batch));
    expect(await queue.stringifyList(sliced.results, ticket, new RequestScope(60_000))).toBe(
      JSON.stringify(sliced.results),
    );
    expect(queue.queuedSamples).toBe(0);
  });

  it("gives the oldest waiting request the next slice", async () => {
    const queue = new ScoringQueue(
      { maxQueuedSamples: 10_000, sliceBudgetMs: 0.01, retryAfterSeconds: 1 },
      new ServerMetrics(),
    );
    order.length = 0;
    const first = queue.admit(1000);
    const second = queue.admit(1000);
    await Promise.all([
      queue.score(grpo, samples("a", 1000), first, new RequestScope(60_000)),
      queue.score(grpo, samples("b", 1000), second, new RequestScope(60_000)),
    ]);
    expect(order.length).toBe(2000);
    expect(order.indexOf("b")).toBe(1000);
  });

  it("sheds past the queued-sample bound, and a waiting request leaves on abort", async () => {
    const metrics = new ServerMetrics();
    const queue = new ScoringQueue({ maxQueuedSamples: 10, sliceBudgetMs: 5, retryAfterSeconds: 2 }, metrics);
    const held = queue.admit(8);
    expect(() => queue.admit(3)).toThrow(/--max-queue/);
    const scope = new RequestScope(60_000);
    scope.abort("client_closed");
    await expect(queue.turn(held, scope)).rejects.toMatchObject({
      name: "RequestAborted",
      reason: "client_closed",
    });
    queue.leave(held);
    expect(queue.admit(10).samples).toBe(10);
    expect(metrics.render()).toMatch(/plaudit_rejected_requests_total\{reason="queue_full"\} 1/);
  });

  it("holds an estimate from the body size until the exact count is known", () => {
    const queue = new ScoringQueue(
      { maxQueuedSamples: 100, sliceBudgetMs: 5, retryAfterSeconds: 1 },
      new ServerMetrics(),
    );
    expect(queue.estimateSamples("/v1/score", 10_240, 1000)).toBe(10);
    queue.learn("/v1/score", 20_000, 100);
    expect(queue.estimateSamples("/v1/score", 10_000, 1000)).toBe(50);
    expect(queue.estimateSamples("/v1/score", 10_000, 20)).toBe(20);
    expect(queue.estimateSamples("/get_reward", 0, 20)).toBe(0);
    const first = queue.enter(60);
    expect(queue.queuedSamples).toBe(60);
    expect(() => queue.enter(50)).toThrow(/queue_full|--max-queue/);
    queue.reserve(first, 30);
    const second = queue.enter(50);
    expect(queue.queuedSamples).toBe(80);
    expect(() => queue.reserve(second, 71)).toThrow(/--max-queue/);
    queue.leave(first);
    queue.reserve(second, 100);
    expect(queue.queuedSamples).toBe(100);
    expect(() => queue.enter(0)).toThrow(/--max-queue/);
  });
});
