import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  type SwitchableFake,
  useFakeModelServer,
  userText,
} from "../../../test/support/fake-model-server.js";
import { TINY_PNG_BASE64 } from "../../../test/support/png.js";
import { createModelProvider, type ModelProviderOptions } from "../../models/index.js";
import { buildScorer } from "../../recipe/index.js";
import { imagesWithRoles } from "./common.js";
import { labelMasses } from "./logprob.js";
import { judgedPairs, winRates } from "./pairwise.js";

type Handler = SwitchableFake["handler"];
const fake = useFakeModelServer();

const PNG = TINY_PNG_BASE64;

function build(
  type: string,
  config: Record<string, unknown>,
  options: ModelProviderOptions = {},
  extra: Record<string, unknown> = {},
) {
  const models = createModelProvider({ endpoints: { judge: fake.url }, env: {}, ...options });
  return buildScorer(
    {
      rewards: [
        {
          name: "judge",
          type,
          config: {
            endpoint: { model: "judge", protocol: "openai-chat", retries: 0, backoffMs: 1 },
            ...config,
          },
        },
      ],
      ...extra,
    },
    { env: { models } },
  );
}

describe("judge.logprob", () => {
  it("labelMasses sums case and leading-space variants; −∞ counts 0", () => {
    const top = [
      { token: "Yes", logprob: Math.log(0.5) },
      { token: " yes", logprob: Math.log(0.2) },
      { token: "No", logprob: Math.log(0.2) },
      { token: "YES", logprob: Number.NEGATIVE_INFINITY },
      { token: "Maybe", logprob: Math.log(0.1) },
    ];
    const [yes, no] = labelMasses(top, ["Yes", "No"], false);
    expect(yes).toBeCloseTo(0.7, 12);
    expect(no).toBeCloseTo(0.2, 12);
    expect(labelMasses(top, ["Yes"], true)[0]).toBeCloseTo(0.5, 12);
  });

  it("P(yes) = mass(yes) / (mass(yes) + mass(no)) over the first token's top_logprobs, with −9999 as probability 0", async () => {
    fake.handler = () => ({
      json: chatCompletion("Yes", [
        ["Yes", Math.log(0.6)],
        [" yes", Math.log(0.12)],
        ["No", Math.log(0.08)],
        ["Sure", Math.log(0.1)],
        [" no", -9999],
      ]),
    });
    const scorer = build("judge.logprob", { template: "rewarddance/pointwise-yes" });
    const { results } = await scorer.score([
      { prompt: "a red cube", completion: "", images: [{ data: PNG, role: "output" }] },
    ]);
    expect(results[0]!.reward).toBeCloseTo(0.72 / 0.8, 12);
    const body = fake.requests[0]!.body;
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 20, max_tokens: 1, temperature: 0 });
    expect(body.messages[0].content[0].type).toBe("image_url");
  });

  it("an expected score over numeric labels", async () => {
    fake.handler = () => ({
      json: chatCompletion("4", [
        ["4", Math.log(0.5)],
        ["5", Math.log(0.25)],
        ["3", Math.log(0.25)],
      ]),
    });
    const scorer = build("judge.logprob", {
      template: "Rate 1-5: {{completion}}. Answer with one digit.",
      labels: { "1": 0, "2": 0.25, "3": 0.5, "4": 0.75, "5": 1 },
    });
    const { results } = await scorer.score([{ completion: "x" }]);
    expect(results[0]!.reward).toBeCloseTo(0.5 * 0.75 + 0.25 * 1 + 0.25 * 0.5, 12);
  });

  it("no label in the top-k is null + judge_label_missing; all −9999 too; never 0 or 0.5", async () => {
    fake.handler = (req) =>
      userText(req.body).includes("[A]")
        ? {
            json: chatCompletion("Maybe", [
              ["Maybe", -0.1],
              ["Perhaps", -2.5],
            ]),
          }
        : {
            json: chatCompletion("Yes", [
              ["Yes", -9999],
              ["No", -9999],
            ]),
          };
    const scorer = build("judge.logprob", { template: "plaudit/answer-correct-yes" });
    const { results, stats } = await scorer.score([
      { prompt: "[A]", completion: "x" },
      { prompt: "[B]", completion: "x" },
    ]);
    expect(results.map((r) => r.reward)).toEqual([null, null]);
    expect(results.map((r) => r.issues[0]!.code)).toEqual(["judge_label_missing", "judge_label_missing"]);
    expect(results[0]!.issues[0]!.message).toContain('"Maybe"');
    expect(stats.rewards?.judge).toMatchObject({ labelMissing: 2 });
  });

  it("missing or truncated logprobs are judge_error", async () => {
    fake.handler = (req) => {
      if (userText(req.body).includes("[A]")) return { json: chatCompletion("Yes") };
      const reply = chatCompletion("Yes", [["Yes", -0.1]]);
      reply.choices[0]!.logprobs!.content![0]!.top_logprobs = [];
      return { json: reply };
    };
    const scorer = build("judge.logprob", { template: "plaudit/answer-correct-yes" });
    const { results } = await scorer.score([
      { prompt: "[A]", completion: "x" },
      { prompt: "[B]", completion: "x" },
    ]);
    expect(results.map((r) => r.issues[0]?.code)).toEqual(["judge_error", "judge_error"]);
    expect(results[0]!.issues[0]!.message).toContain("no top_logprobs");
  });

  it("position verdict: reads the first label token after the reasoning", async () => {
    fake.handler = () => ({
      json: chatCompletion(
        "Looks right. No",
        [["Looks", -0.1]],
        [
          [[" right", -0.1]],
          [[".", -0.1]],
          [
            [" No", Math.log(0.75)],
            [" Yes", Math.log(0.25)],
          ],
        ],
      ),
    });
    const scorer = build("judge.logprob", { template: "plaudit/answer-correct-yes", position: "verdict" });
    const { results } = await scorer.score([{ completion: "x" }]);
    expect(results[0]!.reward).toBeCloseTo(0.25, 12);
  });
});

describe("images", () => {
  it("are attached in the order of the configured roles", () => {
    const images = [
      { data: "R", role: "reference" as const },
      { data: "I" },
      { data: "O", role: "output" as const },
    ];
    expect(
      imagesWithRoles({ completion: "", images }, ["output", "reference"]).map((i) =>
        "data" in i ? i.data : "",
      ),
    ).toEqual(["O", "R"]);
    expect(
      imagesWithRoles({ completion: "", images }, ["input", "output", "reference"]).map((i) =>
        "data" in i ? i.data : "",
      ),
    ).toEqual(["I", "O", "R"]);
  });

  const dir = mkdtempSync(join(tmpdir(), "plaudit-img-"));
  const png = join(dir, "a.png");
  writeFileSync(png, Buffer.from(PNG, "base64"));
  writeFileSync(join(dir, "note.txt"), "not an image");

  it("reads paths only under allowed roots, passes URLs only when allowed, checks inline data", async () => {
    fake.handler = () => ({ json: chatCompletion("Final Score: 5") });
    const config = { template: "unified-reward/image-generation-pointwise" };
    const allowed = build("judge.pointwise", config, { allowPaths: [dir] });
    const closed = build("judge.pointwise", config, {});
    const samples = [
      { id: "path", completion: "", images: [{ path: png }] },
      { id: "outside", completion: "", images: [{ path: "/etc/hostname" }] },
      { id: "url", completion: "", images: [{ url: "http://127.0.0.1:9/x.png" }] },
      { id: "text", completion: "", images: [{ path: join(dir, "note.txt") }] },
      { id: "b64", completion: "", images: [{ data: "not base64!" }] },
    ];
    const a = await allowed.score(samples);
    expect(a.results.map((r) => r.reward)).toEqual([1, null, null, null, null]);
    expect(a.results.map((r) => r.issues[0]?.code)).toEqual([
      undefined,
      "image_not_allowed",
      "image_not_allowed",
      "image_unreadable",
      "image_unreadable",
    ]);
    const sent = fake.requests[0]!.body.messages[0].content[0].image_url.url;
    expect(sent).toBe(`data:image/png;base64,${PNG}`);
    expect(fake.requests).toHaveLength(1);
    const b = await closed.score([samples[0]]);
    expect(b.results[0]!.issues[0]!.code).toBe("image_not_allowed");
    const withUrls = build("judge.pointwise", config, { allowUrls: true });
    fake.reset();
    await withUrls.score([samples[2]]);
    expect(fake.requests[0]!.body.messages[0].content[0].image_url.url).toBe("http://127.0.0.1:9/x.png");
  });
});

describe("judge.pairwise", () => {
  it("judgedPairs: all pairs, or the union of k seeded opponents", () => {
    expect(judgedPairs(4, "all", 0)).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    const k1 = judgedPairs(6, 1, 7);
    expect(k1.length).toBeGreaterThanOrEqual(3);
    expect(k1.length).toBeLessThanOrEqual(6);
    const covered = new Set(k1.flat());
    expect(covered.size).toBe(6);
    expect(judgedPairs(6, 1, 7)).toEqual(k1);
  });

  it("winRates reproduces the Pref-GRPO worked example (one order, N = 4)", () => {
    const outcomes = [1, 0, 0.5, 0, 1, 1];
    const pairs = judgedPairs(4, "all", 0);
    const rates = winRates(
      4,
      pairs.map(([i, j], k) => ({ first: i, second: j, score: outcomes[k]! })),
    );
    expect(rates.map((r) => Math.round(r! * 1000) / 1000)).toEqual([0.5, 0.333, 1, 0.167]);
  });

  // A judge that prefers longer completions, but always says "Image 1" when the lengths tie.
  const lengthJudge: Handler = (req) => {
    const text = userText(req.body);
    const a = /A=<([^>]*)>/.exec(text)![1]!;
    const b = /B=<([^>]*)>/.exec(text)![1]!;
    const verdict =
      a.length > b.length
        ? "Image 1 is better"
        : a.length < b.length
          ? "Image 2 is better"
          : "Image 1 is better";
    return { json: chatCompletion(`<think>…</think><answer>${verdict}</answer>`) };
  };

  it("both orders by default; win rates; the position-bias rate in stats", async () => {
    fake.handler = lengthJudge;
    const scorer = build("judge.pairwise", {
      template: "Compare A=<{{completion_a}}> and B=<{{completion_b}}> for {{prompt}}",
      parse: { a: "Image 1 is better", b: "Image 2 is better", tag: "answer" },
    });
    const group = ["xxx", "x", "xx", "yy"].map((completion, i) => ({
      id: i,
      group: "g",
      prompt: "p",
      completion,
    }));
    const { results, stats } = await scorer.score(group);
    expect(fake.requests).toHaveLength(12);
    // "xxx" beats all; "x" loses all; "xx" and "yy" tie on length: each wins once as A → ½ each.
    expect(results.map((r) => r.reward)).toEqual([1, 0, 0.5, 0.5]);
    expect(stats.rewards?.judge).toMatchObject({ comparisons: 12, positionBiasRate: 1 / 6 });
  });

  it("a failed or unparseable comparison is left out and reported on both sides; a group of one is null", async () => {
    fake.handler = (req) => {
      const text = userText(req.body);
      if (text.includes("A=<bad>") || text.includes("B=<bad>"))
        return { json: chatCompletion("I like both.") };
      return lengthJudge(req, 0);
    };
    const scorer = build("judge.pairwise", {
      template: "Compare A=<{{completion_a}}> and B=<{{completion_b}}>",
      parse: { a: "Image 1 is better", b: "Image 2 is better", tag: "answer" },
      bothOrders: false,
    });
    const { results } = await scorer.score([
      { id: "long", group: "g", completion: "long" },
      { id: "bad", group: "g", completion: "bad" },
      { id: "s", group: "g", completion: "s" },
      { id: "alone", group: "h", completion: "zz" },
    ]);
    expect(results.map((r) => r.reward)).toEqual([1, null, 0, null]);
    expect(results[1]!.issues.map((i) => i.code)).toEqual(["judge_unparseable", "judge_unparseable"]);
    expect(results[0]!.issues[0]!.message).toContain("vs bad: no <answer>");
    expect(results[3]!.issues[0]!.code).toBe("group_of_one");
  });

  it("pair scores (UnifiedReward 2.0): A's share of the summed per-dimension scores; mismatched counts are unparseable", async () => {
    fake.handler = (req) => {
      const text = userText(req.body);
      const a = /A=<([^>]*)>/.exec(text)![1]!;
      if (a === "odd") return { json: chatCompletion("Alignment: Image 1: 0.5") };
      // The judge favours the first position slightly on every dimension.
      return {
        json: chatCompletion(`Alignment: Image 1: 0.7 / Image 2: 0.3\nStyle: Image 1: 0.5 / Image 2: 0.5`),
      };
    };
    const scorer = build("judge.pairwise", {
      template: "A=<{{completion_a}}> B=<{{completion_b}}>",
      parse: { scoreA: "Image 1:\\s*([0-9.]+)", scoreB: "Image 2:\\s*([0-9.]+)" },
    });
    const { results, stats } = await scorer.score([
      { group: "g", completion: "x" },
      { group: "g", completion: "y" },
    ]);
    // Each side scores 0.6 when shown first and 0.4 when shown second: win rate ½ each, position bias 1.
    expect(results.map((r) => r.reward)).toEqual([0.5, 0.5]);
    expect(stats.rewards?.judge).toMatchObject({ positionBiasRate: 1 });
    fake.reset();
    const odd = await scorer.score([
      { group: "h", completion: "odd" },
      { group: "h", completion: "z" },
    ]);
    expect(odd.results[0]!.issues.map((i) => i.code)).toContain("judge_unparseable");
    expect(odd.results[0]!.issues[0]!.message).toContain("as many scores for A as for B");
  });

  it("the shipped pair-score template is accepted", () => {
    expect(() =>
      build("judge.pairwise", { template: "unified-reward/image-generation-pair-score" }),
    ).not.toThrow();
  });

  it("attaches shared input images once, then A's and B's output images", async () => {
    fake.handler = () => ({ json: chatCompletion("Image 1 is better.") });
    const scorer = build("judge.pairwise", {
      template: "unified-reward/image-generation-pairwise",
      bothOrders: false,
    });
    const img = (role: string) => ({ data: PNG, role });
    await scorer.score([
      { group: "g", prompt: "a cat", completion: "", images: [img("input"), img("output")] },
      { group: "g", prompt: "a cat", completion: "", images: [img("output")] },
    ]);
    const parts = fake.requests[0]!.body.messages[0].content;
    expect(parts.map((p: { type: string }) => p.type)).toEqual([
      "image_url",
      "image_url",
      "image_url",
      "text",
    ]);
  });
});
