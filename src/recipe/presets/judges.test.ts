import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chatCompletion,
  type FakeModelServer,
  type FakeRequest,
  startFakeModelServer,
  userText,
} from "../../../test/support/fake-model-server.js";
import { createModelProvider } from "../../models/index.js";
import { buildScorer } from "../index.js";
import { judgePresets } from "./judges.js";

const PNG_HEAD = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const image = (k: number) => Buffer.concat([PNG_HEAD, Buffer.from([k])]).toString("base64");
const imageIndex = (url: string) => Buffer.from(url.split(",")[1]!, "base64").at(-1)!;

// §14 worked example: verdicts for (0,1),(0,2),(0,3),(1,2),(1,3),(2,3).
const VERDICTS: Record<string, string> = {
  "0,1": "Image 1 is better",
  "0,2": "Image 2 is better",
  "0,3": "no verdict",
  "1,2": "Image 2 is better",
  "1,3": "Image 1 is better",
  "2,3": "Image 1 is better",
};

function reply(req: FakeRequest) {
  if (req.path === "/classify") {
    const completion = req.body.messages.at(-1).content as string;
    return {
      json: {
        object: "list",
        data: [{ index: 0, label: "LABEL_0", probs: [completion.length - 2.5], num_classes: 1 }],
      },
    };
  }
  if (req.path === "/pooling") {
    const steps = (req.body.messages.at(-1).content as string).split("<extra_0>").filter(Boolean);
    return {
      json: {
        object: "list",
        data: [{ index: 0, object: "pooling", data: steps.map((_, i) => [0.1 * i, 1 - 0.1 * i]) }],
      },
    };
  }
  const text = userText(req.body);
  const images = (req.body.messages.at(-1).content as Array<{ type: string; image_url?: { url: string } }>)
    .filter?.((p) => p.type === "image_url")
    .map((p) => imageIndex(p.image_url!.url));
  if (text.includes("Wrap all reasoning")) {
    return { json: chatCompletion(`<think>…</think><answer>${VERDICTS[images!.join(",")]}</answer>`) };
  }
  if (text.includes("Final Score:")) return { json: chatCompletion("cat (object): 1\nFinal Score: 3") };
  if (text.includes("[Evaluation]:") && !text.includes("Score: X"))
    return { json: chatCompletion("Correct and clear.") };
  if (text.includes("Score: X")) return { json: chatCompletion("Score: 7") };
  if (text.includes("Yes or No"))
    return {
      json: chatCompletion("Yes", [
        ["Yes", Math.log(0.8)],
        ["No", Math.log(0.2)],
      ]),
    };
  return { status: 400, json: { error: "unexpected prompt" } };
}

let fake: FakeModelServer;
beforeAll(async () => {
  fake = await startFakeModelServer(reply);
});
afterAll(() => fake.close());

function scorer(preset: string, extra: Record<string, unknown> = {}) {
  const models = createModelProvider({
    endpoints: { judge: fake.url, rm: fake.url, prm: fake.url },
    env: {},
  });
  return buildScorer({ extends: preset, ...extra }, { env: { models } });
}

describe("judge presets", () => {
  it("every preset names no server and cites its source", () => {
    for (const preset of judgePresets) {
      expect(JSON.stringify(preset.recipe)).not.toMatch(/https?:\/\//);
      expect(preset.source.length).toBeGreaterThan(20);
      expect(preset.notes?.length).toBeGreaterThan(0);
    }
  });

  it("unified-reward/image-generation-pointwise: Final Score 3 → 0.5, raw kept", async () => {
    const { results } = await scorer("unified-reward/image-generation-pointwise").score([
      { prompt: "a cat", completion: "", images: [{ data: image(0), role: "output" }] },
    ]);
    expect(results[0]).toMatchObject({ reward: 0.5, details: { judge: { raw: 3 } } });
  });

  it("pref-grpo with legacy ties reproduces the §14 worked example end to end", async () => {
    const group = [0, 1, 2, 3].map((k) => ({
      group: "g",
      prompt: "a cat",
      completion: "",
      images: [{ data: image(k), role: "output" }],
    }));
    const { results, stats } = await scorer("pref-grpo", { override: { judge: { legacy: true } } }).score(
      group,
    );
    expect(results.map((r) => r.reward)).toEqual([0.5, 0.333, 1, 0.167]);
    [0, -0.4639, 1.3889, -0.925].forEach((a, i) => {
      expect(results[i]!.advantage).toBeCloseTo(a, 3);
    });
    expect(stats.issues.judge_unparseable).toBe(2);
    // Without legacy, the unparsed (0,3) comparison is left out: 0 → 1/2 (one win of two), 3 → 0/2.
    const strict = await scorer("pref-grpo").score(group);
    expect(strict.results.map((r) => r.reward)).toEqual([0.5, 0.333, 1, 0]);
  });

  it("rewarddance/pointwise: P(yes) = 0.8", async () => {
    const { results } = await scorer("rewarddance/pointwise").score([{ prompt: "a cat", completion: "" }]);
    expect(results[0]!.reward).toBeCloseTo(0.8, 12);
  });

  it("mm-rlhf/critique-score: two calls, Score 7 → 0.7", async () => {
    const { results } = await scorer("mm-rlhf/critique-score").score([{ prompt: "q", completion: "a" }]);
    expect(results[0]!.reward).toBeCloseTo(0.7, 12);
  });

  it("skywork-reward-v2: the raw classify logit", async () => {
    const { results } = await scorer("skywork-reward-v2").score([{ prompt: "q", completion: "abcd" }]);
    expect(results[0]!.reward).toBe(1.5);
  });

  it("qwen2.5-math-prm: min of per-step P(positive), steps in details", async () => {
    const { results } = await scorer("qwen2.5-math-prm").score([
      { prompt: "q", completion: "s1\n\ns2\n\ns3" },
    ]);
    expect(results[0]!.reward).toBeCloseTo(0.8, 12);
    expect((results[0]!.details!.prm!.steps as number[]).map((x) => Math.round(x * 10) / 10)).toEqual([
      1, 0.9, 0.8,
    ]);
  });

  it("hybrid/judge-rules: judge + rules in a weighted sum; a judge outage nulls the sample unless the recipe keeps the rules", async () => {
    const sample = {
      prompt: "2+2?",
      completion: "<think>easy</think><answer>4</answer>",
      reference: "4",
      meta: { completion_tokens: 1500 },
    };
    const { results } = await scorer("hybrid/judge-rules").score([sample]);
    expect(results[0]!.components.judge).toBeCloseTo(0.8, 12);
    expect(results[0]!.components.format).toBe(1);
    expect(results[0]!.components.accuracy).toBe(1);
    // 1500 tokens: 476 over the 1024 target, linear over 1024 → −0.4648 (weight 0.5).
    expect(results[0]!.components.length).toBeCloseTo(-476 / 1024, 12);
    const models = createModelProvider({ endpoints: { judge: "http://127.0.0.1:9" }, env: {} });
    const down = buildScorer(
      { extends: "hybrid/judge-rules", override: { judge: { endpoint: { retries: 0, timeoutMs: 2000 } } } },
      { env: { models } },
    );
    const out = await down.score([sample]);
    expect(out.results[0]!.components.judge).toBeNull();
    expect(out.results[0]!.issues.find((i) => i.reward === "judge")?.code).toBe("judge_error");
    // By default the rules alone are not this sample's reward (the scale would change silently).
    expect(out.results[0]!.reward).toBeNull();
    expect(out.results[0]!.components.format).toBe(1);
    expect(out.stats.serverErrors).toBe(1);
    expect(out.stats.dataErrors).toBe(0);
    // A recipe may choose to keep the rules when the judge is down.
    const keepRules = buildScorer(
      {
        extends: "hybrid/judge-rules",
        override: { judge: { endpoint: { retries: 0, timeoutMs: 2000 }, onDataError: "skip-component" } },
      },
      { env: { models } },
    );
    const kept = await keepRules.score([sample]);
    expect(kept.results[0]!.components.judge).toBeNull();
    expect(kept.results[0]!.reward).toBe(0.5 + 1 + (results[0]!.components.length ?? 0) * 0.5);
    expect(kept.stats.serverErrors).toBe(1);
  });
});
