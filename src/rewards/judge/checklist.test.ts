import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  type FakeRequest,
  judgeScorer,
  type SwitchableFake,
  useFakeModelServer,
  userText,
} from "../../../test/support/fake-model-server.js";
import { TINY_PNG_BASE64 } from "../../../test/support/png.js";
import { checklistParser, readChecklist } from "./checklist.js";

type Handler = SwitchableFake["handler"];
const fake = useFakeModelServer();

const PNG = TINY_PNG_BASE64;

function build(config: Record<string, unknown> = {}, endpoint: Record<string, unknown> = {}) {
  return judgeScorer(fake.url, "check", "judge.checklist", config, endpoint);
}

/** A judge that says yes to an item whose text the response contains. */
const reader: Handler = (req: FakeRequest) => {
  const text = userText(req.body);
  const response = /Response: (.*)\n/.exec(text)![1]!;
  const items = [...text.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => ({ k: m[1]!, item: m[2]! }));
  return {
    json: chatCompletion(
      items.map(({ k, item }) => `${k}. ${response.includes(item) ? "yes" : "no"}`).join("\n"),
    ),
  };
};

const DEFAULT_PARSE = {
  pattern: "^[ \\t*#>-]*(?:item[ \\t]*)?(\\d+)[ \\t]*[.):-]?[ \\t]*\\**[ \\t]*(yes|no)\\b",
  flags: "im",
  yes: ["yes"],
  no: ["no"],
};

describe("checklist (pure)", () => {
  it("reads texts and weighted items; says why an item is invalid", () => {
    expect(readChecklist(["a", { item: "b", weight: 2 }, { text: "c" }])).toEqual({
      ok: true,
      items: [
        { text: "a", weight: 1 },
        { text: "b", weight: 2 },
        { text: "c", weight: 1 },
      ],
    });
    expect(readChecklist([])).toMatchObject({ ok: false });
    expect(readChecklist([{ item: "b", weight: 0 }])).toEqual({
      ok: false,
      message: "item 1's weight must be a positive number",
    });
    expect(readChecklist("[oops")).toMatchObject({
      ok: false,
      message: "not a JSON list of checklist items",
    });
  });

  it("the default parser reads common line shapes; the last verdict per item wins; every item needs one", () => {
    const parse = checklistParser(DEFAULT_PARSE, "parse");
    expect(parse("1. yes\n- 2: No\n**3.** yes\nItem 4 - no", 4)).toEqual({
      ok: true,
      value: [true, false, true, false],
    });
    expect(parse("1. no\n1. yes", 1)).toEqual({ ok: true, value: [true] });
    expect(parse("1. yes", 2)).toEqual({ ok: false, message: "no verdict for item 2 of 2" });
    expect(parse("1. yes\n3. no", 2)).toEqual({ ok: false, message: "item 3 does not exist" });
  });
});

describe("judge.checklist over openai-chat", () => {
  it("worked example by hand: weights 1, 2, 1 with items 1 and 3 satisfied → (1 + 1)/4 = 0.5, one call", async () => {
    fake.handler = reader;
    const { results, stats } = await build().score([
      {
        prompt: "a red car next to a blue house",
        completion: "a red car, a green house, a blue sky",
        meta: { checklist: ["a red car", { item: "a blue house", weight: 2 }, "a blue sky"] },
      },
    ]);
    expect(results[0]!.reward).toBe(0.5);
    expect(results[0]!.details?.check).toEqual({ missed: [2] });
    expect(fake.requests).toHaveLength(1);
    expect(userText(fake.requests[0]!.body)).toContain(
      "Requirements:\n1. a red car\n2. a blue house\n3. a blue sky",
    );
    expect(stats.rewards?.check).toMatchObject({ scored: 1, items: 3, unparseable: 0 });
  });

  it("items from the reference; images attached first", async () => {
    fake.handler = reader;
    const { results } = await build().score([
      { completion: "a cat", reference: ["a cat", "a hat"], images: [{ data: PNG, role: "output" }] },
    ]);
    expect(results[0]!.reward).toBe(0.5);
    expect(fake.requests[0]!.body.messages[0].content[0].type).toBe("image_url");
  });

  it("missing or invalid checklists are broken data, not 0", async () => {
    const { results } = await build().score([
      { completion: "x" },
      { completion: "x", meta: { checklist: [{ weight: 1 }] } },
      { completion: "x", reference: 42 },
    ]);
    expect(results.map((r) => r.components.check)).toEqual([null, null, null]);
    expect(results.map((r) => r.issues[0]!.code)).toEqual([
      "missing_required_meta",
      "invalid_meta",
      "reference_unparseable",
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it("a reply missing an item is null + judge_unparseable with its start; 500 then success; a timeout", async () => {
    fake.handler = () => ({ json: chatCompletion("1. yes\nI am not sure about the rest.") });
    const sample = { completion: "a cat", reference: ["a cat", "a hat"] };
    const bad = await build().score([sample]);
    expect(bad.results[0]!.components.check).toBeNull();
    expect(bad.results[0]!.issues[0]!.code).toBe("judge_unparseable");
    expect(bad.results[0]!.issues[0]!.message).toContain(
      "no verdict for item 2 of 2; reply starts: 1. yes I am not sure",
    );
    fake.reset();
    fake.handler = (req, i) => (i === 0 ? { status: 500, json: { error: "boom" } } : reader(req, i));
    const ok = await build({}, { retries: 1 }).score([{ ...sample, completion: "a cat in a hat" }]);
    expect(ok.results[0]!.reward).toBe(1);
    expect(fake.requests).toHaveLength(2);
    fake.handler = () => ({ delayMs: 3000, json: chatCompletion("1. yes\n2. yes") });
    const slow = await build({}, { timeoutMs: 100 }).score([{ ...sample, completion: "slow" }]);
    expect(slow.results[0]!.components.check).toBeNull();
    expect(slow.results[0]!.issues[0]!.code).toBe("judge_timeout");
  });
});
