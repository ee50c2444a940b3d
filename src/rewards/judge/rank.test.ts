import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  type FakeRequest,
  judgeScorer,
  type SwitchableFake,
  useFakeModelServer,
  userText,
} from "../../../test/support/fake-model-server.js";
import { ConfigError } from "../../core/index.js";
import { rankParser } from "./rank.js";

type Handler = SwitchableFake["handler"];
const fake = useFakeModelServer();

const PNG_HEAD = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const image = (k: number) => Buffer.concat([PNG_HEAD, Buffer.from([k])]).toString("base64");
const imageIndex = (url: string) => Buffer.from(url.split(",")[1]!, "base64").at(-1)!;

function build(config: Record<string, unknown> = {}, endpoint: Record<string, unknown> = {}) {
  return judgeScorer(fake.url, "rank", "judge.rank", config, endpoint);
}

/** The responses as the judge saw them, in presentation order. */
function shown(req: FakeRequest): string[] {
  return [...userText(req.body).matchAll(/Response (\d+):\n([^\n]*)/g)].map((m) => m[2]!);
}

/** A judge that ranks longer responses first. */
const lengthJudge: Handler = (req) => {
  const responses = shown(req);
  const order = responses
    .map((text, k) => ({ text, k: k + 1 }))
    .sort((a, b) => b.text.length - a.text.length)
    .map((r) => r.k);
  return { json: chatCompletion(`Longer is better.\nRanking: ${order.join(" > ")}`) };
};

const group = (texts: string[], g = "g") =>
  texts.map((completion, i) => ({ id: `${g}${i}`, group: g, prompt: "p", completion }));

describe("rankParser (pure)", () => {
  const parse = rankParser({ ranking: "Ranking:\\s*([0-9][0-9\\s>,]*)" }, "parse");
  it("a permutation maps rank r of n to (n − r)/(n − 1); the last Ranking line counts", () => {
    expect(parse("Ranking: 1 > 2 > 3\n…on reflection…\nRanking: 2 > 3 > 1", 3)).toEqual({
      ok: true,
      value: { values: [0, 1, 0.5], raw: [3, 1, 2] },
    });
  });
  it("anything but a permutation of 1..n does not parse", () => {
    for (const bad of ["Ranking: 1 > 1 > 2", "Ranking: 1 > 2", "Ranking: 1 > 2 > 4", "no ranking"])
      expect(parse(bad, 3).ok).toBe(false);
  });
  it("scores: every response named (the last statement counts), scaled; outside the scale does not parse", () => {
    const scores = rankParser({ score: "Score (\\d+):\\s*([0-9.]+)", scale: [0, 10] }, "parse");
    expect(scores("Score 1: 4\nScore 2: 9\nScore 1: 5", 2)).toEqual({
      ok: true,
      value: { values: [0.5, 0.9], raw: [5, 9] },
    });
    expect(scores("Score 1: 4", 2)).toEqual({ ok: false, message: "no score for response 2 of 2" });
    expect(scores("Score 1: 4\nScore 2: 11", 2).ok).toBe(false);
    expect(scores("Score 3: 4", 2).ok).toBe(false);
  });
  it("a pattern without its groups fails at load", () => {
    expect(() => rankParser({ score: "Score \\d+: ([0-9.]+)" }, "parse")).toThrow(ConfigError);
    expect(() => rankParser({ ranking: "Ranking" }, "parse")).toThrow(/capture group/);
  });
});

describe("judge.rank over openai-chat", () => {
  it("worked example by hand: N = 4, 'Ranking: 3 > 1 > 4 > 2' → [2/3, 0, 1, 1/3], one call", async () => {
    fake.handler = () => ({
      json: chatCompletion("Response 3 is the most complete.\nRanking: 3 > 1 > 4 > 2"),
    });
    const { results, stats } = await build().score(group(["a", "b", "c", "d"]));
    expect(results.map((r) => r.reward)).toEqual([2 / 3, 0, 1, 1 / 3]);
    expect(results.map((r) => r.details?.rank?.rank)).toEqual([2, 4, 1, 3]);
    expect(fake.requests).toHaveLength(1);
    expect(shown(fake.requests[0]!)).toEqual(["a", "b", "c", "d"]);
    expect(userText(fake.requests[0]!.body)).toContain("You are given a request and 4 candidate responses");
    expect(fake.requests[0]!.body).toMatchObject({ max_tokens: 1024, temperature: 0 });
    expect(stats.rewards?.rank).toMatchObject({ calls: 1, scored: 4, failed: 0, unparseable: 0 });
  });

  it("one call per group; shuffled presentation maps back to the members", async () => {
    fake.handler = lengthJudge;
    const { results } = await build({ shuffle: true, seed: 3 }).score([
      ...group(["xx", "xxxx", "x", "xxx", "xxxxx"], "g"),
      ...group(["yy", "y"], "h"),
    ]);
    expect(results.map((r) => r.reward)).toEqual([0.25, 0.75, 0, 0.5, 1, 1, 0]);
    expect(fake.requests).toHaveLength(2);
    const five = fake.requests.map(shown).find((s) => s.length === 5)!;
    expect(five).not.toEqual(["xx", "xxxx", "x", "xxx", "xxxxx"]);
    expect([...five].sort()).toEqual(["x", "xx", "xxx", "xxxx", "xxxxx"]);
  });

  it("per-response scores with a scale (inline template)", async () => {
    fake.handler = (req) => ({
      json: chatCompletion(
        shown(req)
          .map((t, k) => `Score ${k + 1}: ${t.length * 2}`)
          .join("\n"),
      ),
    });
    const scorer = build({
      template: "Q: {{prompt}}\n{{responses}}\nGive `Score k: 0-10` for each of the {{n}} responses.",
      parse: { score: "Score (\\d+):\\s*([0-9.]+)", scale: [0, 10] },
    });
    const { results } = await scorer.score(group(["a", "aaa", "aaaaa"]));
    expect(results.map((r) => r.reward)).toEqual([0.2, 0.6, 1]);
    expect(results[1]!.details?.rank?.raw).toBe(6);
  });

  it("a ranking that is not a permutation is null + judge_unparseable for the whole group, with the reply's start", async () => {
    fake.handler = () => ({ json: chatCompletion("Ranking: 1 > 1 > 2") });
    const { results, stats } = await build().score(group(["a", "b", "c"]));
    expect(results.map((r) => r.reward)).toEqual([null, null, null]);
    for (const r of results) {
      expect(r.issues[0]!.code).toBe("judge_unparseable");
      expect(r.issues[0]!.message).toContain('ranking "1 > 1 > 2" is not a permutation of 1..3');
      expect(r.issues[0]!.message).toContain("reply starts: Ranking: 1 > 1 > 2");
    }
    expect(stats.rewards?.rank).toMatchObject({ unparseable: 1 });
  });

  it("500 then success is retried; a timeout is judge_timeout for every member; a group of one is group_of_one", async () => {
    fake.handler = (req, i) => (i === 0 ? { status: 500, json: { error: "boom" } } : lengthJudge(req, i));
    const ok = await build({}, { retries: 1 }).score(group(["a", "aa"]));
    expect(ok.results.map((r) => r.reward)).toEqual([0, 1]);
    expect(fake.requests).toHaveLength(2);
    fake.handler = () => ({ delayMs: 3000, json: chatCompletion("Ranking: 1 > 2") });
    const slow = await build({}, { timeoutMs: 100 }).score(group(["a", "aa"], "s"));
    expect(slow.results.map((r) => r.reward)).toEqual([null, null]);
    expect(slow.results.map((r) => r.issues[0]!.code)).toEqual(["judge_timeout", "judge_timeout"]);
    const alone = await build().score([{ group: "z", completion: "solo" }]);
    expect(alone.results[0]!.reward).toBeNull();
    expect(alone.results[0]!.issues[0]!.code).toBe("group_of_one");
  });

  it("attaches the shared input image once, then each response's output image in presentation order", async () => {
    fake.handler = () => ({ json: chatCompletion("Ranking: 2 > 1") });
    await build().score([
      {
        group: "g",
        prompt: "a cat",
        completion: "",
        images: [
          { data: image(9), role: "input" },
          { data: image(1), role: "output" },
        ],
      },
      { group: "g", prompt: "a cat", completion: "", images: [{ data: image(2), role: "output" }] },
    ]);
    const parts = fake.requests[0]!.body.messages[0].content as Array<{
      type: string;
      image_url?: { url: string };
    }>;
    expect(parts.filter((p) => p.type === "image_url").map((p) => imageIndex(p.image_url!.url))).toEqual([
      9, 1, 2,
    ]);
    expect(parts.at(-1)!.type).toBe("text");
  });

  it("an inline template without parse, or a pointwise template, fails at load", () => {
    expect(() => build({ template: "{{responses}}" })).toThrow(/needs parse/);
    expect(() => build({ template: "unified-reward/image-generation-pointwise" })).toThrow(
      /is a pointwise template/,
    );
  });
});
