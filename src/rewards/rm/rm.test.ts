import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeModelServer,
  type FakeRequest,
  startFakeModelServer,
} from "../../../test/support/fake-model-server.js";
import { createModelProvider } from "../../models/index.js";
import { buildScorer } from "../../recipe/index.js";
import { aggregateSteps } from "./process.js";

type Handler = Parameters<typeof startFakeModelServer>[0];
let handler: Handler = () => ({ json: {} });
let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer((req, i) => handler(req, i));
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

function build(type: string, config: Record<string, unknown>, endpoint: Record<string, unknown>) {
  const models = createModelProvider({ endpoints: { rm: fake.url }, env: {} });
  return buildScorer(
    {
      rewards: [
        {
          name: "rm",
          type,
          config: { endpoint: { name: "rm", model: "rm", retries: 0, ...endpoint }, ...config },
        },
      ],
    },
    { env: { models } },
  );
}

// A "reward model" whose raw score is the completion's length / 10.
const len = (text: string) => {
  const completion = text.split("\n").pop() ?? "";
  return completion.length / 10;
};
const samples = ["a", "abcd", "ab"].map((completion) => ({ prompt: "q", completion }));

describe("rm.scalar", () => {
  it("vllm-classify with chat messages: one conversation per request, raw logits (use_activation false)", async () => {
    handler = (req: FakeRequest) => {
      const completion = req.body.messages[1].content as string;
      return {
        json: {
          id: "classify-1",
          object: "list",
          created: 1745383065,
          model: "rm",
          data: [{ index: 0, label: "LABEL_0", probs: [completion.length / 10 - 0.5], num_classes: 1 }],
          usage: { prompt_tokens: 20, total_tokens: 20, completion_tokens: 0, prompt_tokens_details: null },
        },
      };
    };
    const { results } = await build("rm.scalar", {}, { protocol: "vllm-classify" }).score(samples);
    expect(results.map((r) => r.reward)).toEqual([0.1 - 0.5, 0.4 - 0.5, 0.2 - 0.5]);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0]!.path).toBe("/classify");
    expect(fake.requests[0]!.body).toEqual({
      model: "rm",
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
      use_activation: false,
    });
  });

  it("vllm-pooling with texts batches the samples in one request; last-token extraction of token-level output", async () => {
    handler = (req) => ({
      json: {
        id: "pool-1",
        object: "list",
        created: 1,
        model: "rm",
        data: (req.body.input as string[]).map((text, index) => ({
          index,
          object: "pooling",
          data: [[0], [len(text)]],
        })),
        usage: { prompt_tokens: 10, total_tokens: 10, completion_tokens: 0, prompt_tokens_details: null },
      },
    });
    const scorer = build(
      "rm.scalar",
      { input: "text", extract: "last-token" },
      { protocol: "vllm-pooling", extraBody: { task: "token_classify" } },
    );
    const { results } = await scorer.score(samples);
    expect(results.map((r) => r.reward)).toEqual([0.1, 0.4, 0.2]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toEqual({
      model: "rm",
      input: ["q\na", "q\nabcd", "q\nab"],
      use_activation: false,
      task: "token_classify",
    });
    const wrong = build("rm.scalar", { input: "text" }, { protocol: "vllm-pooling" });
    const out = await wrong.score([samples[0]]);
    expect(out.results[0]!.issues[0]!.message).toContain("set extract: last-token");
  });

  it("sglang-classify and TEI: texts in lists, chunked by maxBatch; TEI rows in label order", async () => {
    handler = (req) =>
      req.path === "/classify"
        ? { json: (req.body.text as string[]).map((t) => ({ embedding: [len(t)], meta_info: { id: "x" } })) }
        : {
            json: (req.body.inputs as string[][]).map(([t]) => [
              { label: "LABEL_1", score: 9 },
              { label: "LABEL_0", score: len(t!) },
            ]),
          };
    const sglang = await build("rm.scalar", {}, { protocol: "sglang-classify", maxBatch: 2 }).score(samples);
    expect(sglang.results.map((r) => r.reward)).toEqual([0.1, 0.4, 0.2]);
    expect(fake.requests.map((r) => r.body.text.length)).toEqual([2, 1]);
    fake.reset();
    const tei = await build("rm.scalar", { textTemplate: "{{completion}}" }, { protocol: "tei" }).score(
      samples,
    );
    expect(tei.results.map((r) => r.reward)).toEqual([0.1, 0.4, 0.2]);
    expect(fake.requests[0]!.body).toEqual({ inputs: [["a"], ["abcd"], ["ab"]], raw_scores: true });
  });

  it("a reply of the wrong length is an error for every sample, never a shifted score", async () => {
    handler = () => ({ json: [{ embedding: [1] }] });
    const { results } = await build("rm.scalar", {}, { protocol: "sglang-classify" }).score(samples);
    expect(results.map((r) => r.reward)).toEqual([null, null, null]);
    expect(results[0]!.issues[0]!.message).toContain("the reply has 1 results for 3 inputs");
  });

  it("a TEI overload (429) is retried; a 413 is not", async () => {
    handler = (_req, i) =>
      i === 0
        ? {
            status: 429,
            headers: { "retry-after": "0" },
            json: { error: "overloaded", error_type: "Overloaded" },
          }
        : { status: 413, json: { error: "batch too large", error_type: "Validation" } };
    const { results } = await build("rm.scalar", {}, { protocol: "tei", retries: 3, backoffMs: 1 }).score(
      samples,
    );
    expect(fake.requests).toHaveLength(2);
    expect(results[0]!.issues[0]!.message).toContain("HTTP 413");
  });

  it("messages with SGLang or TEI fail at load", () => {
    expect(() => build("rm.scalar", { input: "messages" }, { protocol: "tei" })).toThrow(
      /pre-templated text only/,
    );
  });
});

describe("rm.process", () => {
  it("aggregateSteps", () => {
    expect(aggregateSteps([0.9, 0.5, 0.8], "min")).toBe(0.5);
    expect(aggregateSteps([0.9, 0.5, 0.8], "mean")).toBeCloseTo(2.2 / 3, 12);
    expect(aggregateSteps([0.9, 0.5, 0.8], "last")).toBe(0.8);
    expect(aggregateSteps([0.9, 0.5], "product")).toBeCloseTo(0.45, 12);
  });

  it("steps joined with <extra_0>, one [p(neg), p(pos)] row per step, aggregated; steps in details", async () => {
    handler = (req) => {
      const assistant = req.body.messages[1].content as string;
      const steps = assistant.split("<extra_0>").filter(Boolean);
      return {
        json: {
          id: "pool-2",
          object: "list",
          created: 1,
          model: "prm",
          data: [{ index: 0, object: "pooling", data: steps.map((s) => [1 - s.length / 10, s.length / 10]) }],
          usage: {},
        },
      };
    };
    const scorer = build(
      "rm.process",
      { aggregate: "min" },
      { protocol: "vllm-pooling", extraBody: { task: "token_classify" } },
    );
    const { results } = await scorer.score([{ prompt: "q", completion: "step one\n\nstep\n\n\n\nfinal" }]);
    expect(fake.requests[0]!.body.messages[1].content).toBe("step one<extra_0>step<extra_0>final<extra_0>");
    expect(results[0]!.reward).toBeCloseTo(0.4, 12);
    expect(results[0]!.details).toEqual({ rm: { steps: [0.8, 0.4, 0.5] } });
  });

  it("a step-count mismatch is judge_error", async () => {
    handler = () => ({ json: { data: [{ index: 0, data: [[0.1, 0.9]] }] } });
    const scorer = build("rm.process", {}, { protocol: "vllm-pooling" });
    const { results } = await scorer.score([{ completion: "a\n\nb" }]);
    expect(results[0]!.reward).toBeNull();
    expect(results[0]!.issues[0]!.message).toContain("1 step scores for 2 steps");
  });
});
