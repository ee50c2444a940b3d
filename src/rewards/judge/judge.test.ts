import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chatCompletion, useFakeModelServer, userText } from "../../../test/support/fake-model-server.js";
import { TINY_PNG_BASE64 } from "../../../test/support/png.js";
import { ConfigError } from "../../core/index.js";
import { createModelProvider } from "../../models/index.js";
import { buildScorer } from "../../recipe/index.js";

const fake = useFakeModelServer();

const PNG = TINY_PNG_BASE64;

function scorerFor(
  config: Record<string, unknown>,
  endpoint: Record<string, unknown> = {},
  type = "judge.pointwise",
) {
  const models = createModelProvider({ endpoints: { judge: fake.url }, env: { JUDGE_KEY: "sk-secret-123" } });
  const scorer = buildScorer(
    {
      rewards: [
        {
          name: "judge",
          type,
          config: {
            endpoint: {
              model: "UnifiedReward",
              protocol: "openai-chat",
              retries: 2,
              backoffMs: 1,
              ...endpoint,
            },
            ...config,
          },
        },
      ],
    },
    { env: { models } },
  );
  return { scorer, models };
}

const pointwise = { template: "unified-reward/image-generation-pointwise" };

describe("judge.pointwise over openai-chat", () => {
  it("sends the released request shape and maps Final Score 1–5 to (s − 1)/4", async () => {
    fake.handler = () => ({ json: chatCompletion("cat (object): 1\nFinal Score: 4") });
    const { scorer } = scorerFor(pointwise);
    const { results, stats } = await scorer.score([
      { prompt: "a cat", completion: "", images: [{ data: PNG, role: "output" }] },
    ]);
    expect(results[0]!.reward).toBe(0.75);
    expect(results[0]!.issues).toEqual([]);
    const body = fake.requests[0]!.body;
    expect(fake.requests[0]!.path).toBe("/v1/chat/completions");
    expect(body.model).toBe("UnifiedReward");
    expect(body.max_tokens).toBe(512);
    expect(body.temperature).toBe(0);
    expect(body.messages[0].content[0]).toEqual({
      type: "image_url",
      image_url: { url: `data:image/png;base64,${PNG}` },
    });
    expect(body.messages[0].content[1].text).toMatch(/Text Caption: \[a cat\]$/);
    expect(stats.rewards?.judge).toMatchObject({ scored: 1, failed: 0, constant: false });
  });

  it("an inline template with a regex and scale; a reply out of format is null + judge_unparseable, never 0", async () => {
    fake.handler = (req) => ({
      json: chatCompletion(userText(req.body).includes("good") ? "Rating: 8/10" : "I cannot rate this."),
    });
    const { scorer } = scorerFor({
      template: "Rate the answer to {{prompt}}: {{completion}}",
      parse: { pattern: "Rating:\\s*(\\d+)", scale: [0, 10] },
    });
    const { results } = await scorer.score([
      { prompt: "q", completion: "good" },
      { prompt: "q", completion: "bad" },
    ]);
    expect(results[0]!.reward).toBe(0.8);
    expect(results[1]!.reward).toBeNull();
    expect(results[1]!.issues[0]).toMatchObject({ code: "judge_unparseable" });
    expect(results[1]!.issues[0]!.message).toContain("reply starts: I cannot rate this.");
  });

  it("a score outside the scale is unparseable (no clipping)", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 7") });
    const { results } = await scorerFor(pointwise).scorer.score([{ prompt: "p", completion: "" }]);
    expect(results[0]!.reward).toBeNull();
    expect(results[0]!.issues[0]!.message).toContain("score 7 is outside the scale [1, 5]");
  });

  it("ACS: the mean of three axes; a missing axis is unparseable", async () => {
    fake.handler = (req) => ({
      json: chatCompletion(
        userText(req.body).includes("[full]")
          ? "Alignment Score (1-5): 5\nCoherence Score (1-5): 2.6947\nStyle Score: 4"
          : "Alignment Score (1-5): 5",
      ),
    });
    const { scorer } = scorerFor({ template: "unified-reward/image-generation-acs" });
    const { results } = await scorer.score([
      { prompt: "full", completion: "" },
      { prompt: "short", completion: "" },
    ]);
    expect(results[0]!.reward).toBeCloseTo(((5 + 2.6947 + 4) / 3 - 1) / 4, 12);
    expect(results[1]!.issues[0]!.code).toBe("judge_unparseable");
  });

  it("retries 500s and then gives null + judge_error with the status", async () => {
    fake.handler = () => ({ status: 500, json: { error: "boom" } });
    const { results } = await scorerFor(pointwise).scorer.score([{ prompt: "p", completion: "" }]);
    expect(fake.requests).toHaveLength(3);
    expect(results[0]!.reward).toBeNull();
    expect(results[0]!.issues[0]!.code).toBe("judge_error");
    expect(results[0]!.issues[0]!.message).toContain("HTTP 500");
    expect(results[0]!.issues[0]!.message).toContain("after 3 tries");
  });

  it("honours Retry-After on 429, then succeeds", async () => {
    fake.handler = (_req, i) =>
      i === 0
        ? { status: 429, headers: { "retry-after": "1" }, json: {} }
        : { json: chatCompletion("Final Score: 5") };
    const { results } = await scorerFor(pointwise, { backoffMs: 0 }).scorer.score([
      { prompt: "p", completion: "" },
    ]);
    expect(results[0]!.reward).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.at - fake.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("does not retry other 4xx", async () => {
    fake.handler = () => ({ status: 400, json: { error: "bad request" } });
    const { results } = await scorerFor(pointwise).scorer.score([{ prompt: "p", completion: "" }]);
    expect(fake.requests).toHaveLength(1);
    expect(results[0]!.issues[0]!.message).toContain("HTTP 400");
  });

  it("a reply slower than timeoutMs is judge_timeout", async () => {
    fake.handler = () => ({ delayMs: 3000, json: chatCompletion("Final Score: 5") });
    const { results } = await scorerFor(pointwise, { timeoutMs: 100, retries: 0 }).scorer.score([
      { prompt: "p", completion: "" },
    ]);
    expect(results[0]!.reward).toBeNull();
    expect(results[0]!.issues[0]!.code).toBe("judge_timeout");
  });

  it("malformed JSON and a reply that breaks the protocol are judge_error", async () => {
    fake.handler = (req) =>
      userText(req.body).includes("[a]")
        ? { text: '{"choices": [' }
        : { json: { object: "chat.completion", choices: [] } };
    const { results } = await scorerFor(pointwise).scorer.score([
      { prompt: "a", completion: "" },
      { prompt: "b", completion: "" },
    ]);
    expect(results[0]!.issues[0]!.message).toContain("malformed JSON reply");
    expect(results[1]!.issues[0]!.message).toMatch(/does not match the protocol at choices/);
    expect(results.map((r) => r.reward)).toEqual([null, null]);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    fake.handler = () => ({ delayMs: 20, json: chatCompletion("Final Score: 3") });
    const { scorer } = scorerFor(pointwise, { concurrency: 3 });
    const samples = Array.from({ length: 24 }, (_, i) => ({ prompt: `p${i}`, completion: "" }));
    const { results } = await scorer.score(samples);
    expect(results.every((r) => r.reward === 0.5)).toBe(true);
    expect(fake.maxInflight).toBe(3);
  });

  it("sends the same request once per run (content-hash cache)", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 2") });
    const { scorer, models } = scorerFor(pointwise);
    await scorer.score([
      { prompt: "same", completion: "" },
      { prompt: "same", completion: "" },
      { prompt: "other", completion: "" },
    ]);
    await scorer.score([{ prompt: "same", completion: "" }]);
    expect(fake.requests).toHaveLength(2);
    expect(models.counters.cacheHits).toBe(2);
  });

  it("an on-disk cache answers a later run without a request", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 4") });
    const cacheDir = mkdtempSync(join(tmpdir(), "plaudit-cache-"));
    const run = async () => {
      const models = createModelProvider({ endpoints: { judge: fake.url }, env: {}, cacheDir });
      const scorer = buildScorer(
        {
          rewards: [
            {
              name: "j",
              type: "judge.pointwise",
              config: { endpoint: { model: "m", protocol: "openai-chat" }, ...pointwise },
            },
          ],
        },
        { env: { models } },
      );
      const { results } = await scorer.score([
        { prompt: "a", completion: "" },
        { prompt: "b", completion: "" },
      ]);
      return { rewards: results.map((r) => r.reward), counters: { ...models.counters } };
    };
    const first = await run();
    const second = await run();
    expect(first.rewards).toEqual([0.75, 0.75]);
    expect(second.rewards).toEqual([0.75, 0.75]);
    expect(fake.requests).toHaveLength(2);
    expect(second.counters).toMatchObject({ requests: 0, diskHits: 2 });
  });

  it("sends the key from apiKeyEnv and never shows it", async () => {
    fake.handler = () => ({ status: 503, json: { error: "down" } });
    const { scorer } = scorerFor(pointwise, { apiKeyEnv: "JUDGE_KEY", retries: 0 });
    const out = await scorer.score([{ prompt: "p", completion: "" }]);
    expect(fake.requests[0]!.headers.authorization).toBe("Bearer sk-secret-123");
    expect(JSON.stringify(out)).not.toContain("sk-secret-123");
    expect(JSON.stringify(scorer.recipe)).not.toContain("sk-secret-123");
  });

  it("two-step critique-then-score (MM-RLHF)", async () => {
    fake.handler = (req) =>
      userText(req.body).includes("[Evaluation]:") && !userText(req.body).includes("Score: X")
        ? { json: chatCompletion("The answer is correct and clear.") }
        : { json: chatCompletion("Score: 9") };
    const { scorer } = scorerFor({
      template: "mm-rlhf/score-from-critique",
      critique: { template: "mm-rlhf/critique" },
    });
    const { results } = await scorer.score([{ prompt: "2+2?", completion: "4" }]);
    expect(results[0]!.reward).toBe(0.9);
    expect(fake.requests).toHaveLength(2);
    expect(userText(fake.requests[1]!.body)).toContain("[Evaluation]: The answer is correct and clear.");
  });

  it("reports a judge that gives every sample the same value", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 1") });
    const { stats } = await scorerFor(pointwise).scorer.score([
      { prompt: "a", completion: "" },
      { prompt: "b", completion: "" },
    ]);
    expect(stats.rewards?.judge).toMatchObject({ constant: true, scored: 2 });
  });
});

describe("configuration", () => {
  it("an endpoint without a URL fails at load, naming the flag and the variable", () => {
    const models = createModelProvider({ env: {} });
    const build = () =>
      buildScorer(
        {
          rewards: [
            {
              name: "j",
              type: "judge.pointwise",
              config: { endpoint: { model: "m", protocol: "openai-chat" }, ...pointwise },
            },
          ],
        },
        { env: { models } },
      );
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/--endpoint judge=URL.*PLAUDIT_ENDPOINT_JUDGE/);
  });

  it("the URL may come from PLAUDIT_ENDPOINT_<NAME>", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 5") });
    const models = createModelProvider({ env: { PLAUDIT_ENDPOINT_GRADER: fake.url } });
    const scorer = buildScorer(
      {
        rewards: [
          {
            name: "j",
            type: "judge.pointwise",
            config: { endpoint: { name: "grader", model: "m", protocol: "openai-chat" }, ...pointwise },
          },
        ],
      },
      { env: { models } },
    );
    expect((await scorer.score([{ completion: "" }])).results[0]!.reward).toBe(1);
  });

  it("a judge recipe without a model provider, an unknown template, a bad regex and a wrong protocol fail at load", () => {
    const rewards = (config: Record<string, unknown>) => ({
      rewards: [
        {
          name: "j",
          type: "judge.pointwise",
          config: { endpoint: { url: fake.url, model: "m", protocol: "openai-chat" }, ...config },
        },
      ],
    });
    expect(() => buildScorer(rewards(pointwise))).toThrow(/no model provider/);
    const env = { models: createModelProvider({ env: {} }) };
    expect(() => buildScorer(rewards({ template: "unified-reward/nope" }), { env })).toThrow(
      /neither a shipped template/,
    );
    expect(() => buildScorer(rewards({ template: "{{prompt}}", parse: { pattern: "(" } }), { env })).toThrow(
      /invalid regular expression/,
    );
    expect(() =>
      buildScorer(rewards({ template: "{{prompt}}", parse: { pattern: "\\d+" } }), { env }),
    ).toThrow(/capture group/);
    expect(() =>
      buildScorer(rewards({ template: "{{prompt}} {{answer}}", parse: { pattern: "(\\d)" } }), { env }),
    ).toThrow(/unknown placeholder \{\{answer\}\}/);
    expect(() =>
      buildScorer(
        {
          rewards: [
            {
              name: "j",
              type: "judge.pointwise",
              config: { endpoint: { url: fake.url, model: "m", protocol: "tei" }, ...pointwise },
            },
          ],
        },
        { env },
      ),
    ).toThrow(/cannot use that protocol/);
  });
});
