import { describe, expect, it } from "vitest";
import {
  chatCompletion,
  type FakeRequest,
  judgeScorer,
  type SwitchableFake,
  useFakeModelServer,
  userText,
} from "../../../test/support/fake-model-server.js";
import { createModelProvider } from "../../models/index.js";
import { buildScorer } from "../../recipe/index.js";
import { drawQuestions, readQuestions, renderQuestion, replyLetter } from "./questions.js";

type Handler = SwitchableFake["handler"];
const fake = useFakeModelServer();

function build(config: Record<string, unknown> = {}, endpoint: Record<string, unknown> = {}) {
  return judgeScorer(fake.url, "qa", "judge.caption-qa", config, { name: "qa", model: "qwen", ...endpoint });
}

/** The caption and the question block the judge was given (the last ones: the prompt's examples come first). */
function asked(req: FakeRequest) {
  const text = userText(req.body);
  const caption = text.slice(text.lastIndexOf("<Caption Start> ") + 16, text.lastIndexOf(" <Caption End>"));
  const block = text.slice(text.lastIndexOf("Question: ") + 10, text.indexOf("  \n\nYou must output"));
  const options = [...block.matchAll(/^ {3}- ([A-I])\) (.+)$/gm)].map((m) => ({
    letter: m[1]!,
    text: m[2]!,
  }));
  return { caption, question: block.split("\n")[0]!, options };
}

/** A reader that answers from the caption: the option whose text the caption contains, else F. */
const reader: Handler = (req) => {
  const { caption, options } = asked(req);
  const hit = options.find((o) => !o.text.startsWith("Can not") && caption.includes(o.text));
  return { json: chatCompletion(`The answer is ${hit ? hit.letter : "F"}.`) };
};

const QUESTIONS = [
  { question: "What color is the car?", options: ["red", "blue", "green", "black"], answer: "A" },
  { question: "How many dogs are there?", options: ["one", "two", "three"], answer: 1 },
  { question: "What is on the table?", options: ["a cup", "a lamp", "a book"], answer: "a book" },
];

describe("questions (pure)", () => {
  it("reads letters, indices and texts; CapRL's text format; drops a given 'cannot answer' option", () => {
    const read = readQuestions(QUESTIONS);
    expect(read.ok && read.questions.map((q) => q.answer)).toEqual([0, 1, 2]);
    const caprl = readQuestions(
      JSON.stringify([
        {
          question:
            "What color is the car?\n   - A) red\n   - B) blue\n   - C) green\n   - E) Can not answer based on the caption",
          answer: "B",
        },
      ]),
    );
    expect(caprl).toEqual({
      ok: true,
      questions: [{ question: "What color is the car?", options: ["red", "blue", "green"], answer: 1 }],
    });
    const withCannot = readQuestions([
      { question: "q", options: ["x", "Can not answer based on the caption", "y"], answer: 2 },
    ]);
    expect(withCannot.ok && withCannot.questions[0]).toEqual({
      question: "q",
      options: ["x", "y"],
      answer: 1,
    });
    // CapRL++'s ground truth: `choices` (labels kept or added), a lower-case letter; CapRL's [question, answer] pairs.
    const caprlpp = readQuestions([
      { question: "q", choices: ["A) x", "B) y", "C) Can not answer based on the caption"], answer: "b" },
      ["Which?\n   - A) left\n   - B) right", "A"],
    ]);
    expect(caprlpp).toEqual({
      ok: true,
      questions: [
        { question: "q", options: ["x", "y"], answer: 1 },
        { question: "Which?", options: ["left", "right"], answer: 0 },
      ],
    });
  });

  it("invalid questions say why", () => {
    const bad = (v: unknown) => {
      const r = readQuestions(v);
      return r.ok ? "ok" : r.message;
    };
    expect(bad([])).toMatch(/non-empty list/);
    expect(bad("{oops")).toMatch(/not a JSON list/);
    expect(bad([{ question: "q", options: ["a"], answer: 0 }])).toMatch(/has 1 options/);
    expect(bad([{ question: "q", options: ["a", "b"], answer: "C" }])).toMatch(/not an option letter/);
    expect(bad([{ question: "q", options: ["a", "b"], answer: 5 }])).toMatch(/index 5/);
    expect(bad([{ question: "q\n   - A) x\n   nonsense", answer: "A" }])).toMatch(/not an option line/);
  });

  it("renders CapRL's block: shuffled options, then F) Can not answer (F even after four options)", () => {
    const q = { question: "Color?", options: ["red", "blue", "green", "black"], answer: 2 };
    expect(renderQuestion(q, [2, 0, 3, 1], true)).toEqual({
      text: "Color?\n   - A) green\n   - B) red\n   - C) black\n   - D) blue\n   - F) Can not answer based on the caption",
      answer: "A",
    });
    expect(renderQuestion({ ...q, answer: -1 }, [0, 1, 2, 3], true).answer).toBe("F");
    expect(renderQuestion({ ...q, answer: -1 }, [0, 1, 2, 3], false).answer).toBeUndefined();
  });

  it("draws with replacement, seeded; `all` asks each once in order", () => {
    const qs = (readQuestions(QUESTIONS) as { questions: Parameters<typeof drawQuestions>[0] }).questions;
    const a = drawQuestions(qs, 8, true, 42);
    expect(a).toHaveLength(8);
    expect(drawQuestions(qs, 8, true, 42)).toEqual(a);
    expect(
      a.every((d) => [...d.order].sort().join() === qs[d.question]!.options.map((_, k) => k).join()),
    ).toBe(true);
    expect(drawQuestions(qs, "all", false, 1).map((d) => d.question)).toEqual([0, 1, 2]);
  });

  it("CapRL's letter rule: the first capital A–I anywhere", () => {
    expect(replyLetter("The answer is C.", "first-letter")).toBe("C");
    expect(replyLetter(" C", "first-letter")).toBe("C");
    expect(replyLetter("Based on it, D", "first-letter")).toBe("B");
    expect(replyLetter("no idea", "first-letter")).toBeUndefined();
    expect(replyLetter("Based on it, the answer is D.", "answer-is")).toBe("D");
  });
});

describe("judge.caption-qa over openai-chat", () => {
  it("worked example by hand: 3 questions asked once each, unshuffled; 2 of 3 found in the caption → 2/3", async () => {
    fake.handler = reader;
    const { results, stats } = await build({ draws: "all", shuffle: false }).score([
      { completion: "A red car parked next to a table with a book on it.", reference: QUESTIONS },
    ]);
    // red → A (right); dogs: none named → F (right answer "two" = B: wrong); a book → C (right).
    expect(results[0]!.reward).toBeCloseTo(2 / 3, 12);
    expect(results[0]!.details?.qa).toEqual({ asked: 3, correct: 2 });
    expect(fake.requests).toHaveLength(3);
    const first = asked(fake.requests.find((r) => userText(r.body).includes("car?"))!);
    expect(first.options.map((o) => `${o.letter}) ${o.text}`)).toEqual([
      "A) red",
      "B) blue",
      "C) green",
      "D) black",
      "F) Can not answer based on the caption",
    ]);
    expect(stats.rewards?.qa).toMatchObject({ scored: 1, answers: 3, unparseable: 0 });
  });

  it("CapRL defaults: 8 seeded draws, shuffled, text only, temperature 0.6, 10 tokens, one seed per draw", async () => {
    fake.handler = reader;
    const meta = { questions: QUESTIONS };
    const { results } = await build().score([
      { completion: "a red car, two dogs and a book on the table", meta },
      { completion: "", meta },
    ]);
    expect(results.map((r) => r.reward)).toEqual([1, 0]);
    expect(fake.requests).toHaveLength(16);
    const body = fake.requests[0]!.body;
    expect(body).toMatchObject({ model: "qwen", max_tokens: 10, temperature: 0.6, top_p: 1 });
    expect(typeof body.messages[0].content).toBe("string");
    const forCaption = (caption: string) =>
      fake.requests
        .filter((r) => asked(r).caption === caption)
        .map((r) =>
          [
            r.body.seed,
            asked(r).question,
            asked(r)
              .options.map((o) => o.text)
              .join("|"),
          ].join(" "),
        )
        .sort();
    // Both captions were asked the same draws in the same orders (common random numbers).
    expect(forCaption("")).toEqual(forCaption("a red car, two dogs and a book on the table"));
    expect(new Set(forCaption("").map((s) => s.split(" ")[0]))).toEqual(
      new Set(["0", "1", "2", "3", "4", "5", "6", "7"]),
    );
  });

  it("per-draw seeds keep repeated draws apart; without them the reply cache merges them", async () => {
    fake.handler = () => ({ json: chatCompletion("The answer is A.") });
    // 2 questions × 2 option orders: at most 4 distinct prompts among 8 draws.
    const small = [0, 1].map((k) => ({ question: `q${k}?`, options: ["a", "b"], answer: 0 }));
    await build().score([{ completion: "c", reference: small }]);
    expect(fake.requests).toHaveLength(8);
    fake.reset();
    await build({ requestSeeds: false }).score([{ completion: "c", reference: small }]);
    expect(fake.requests.length).toBeLessThanOrEqual(4);
    expect(fake.requests.every((r) => r.body.seed === undefined)).toBe(true);
  });

  it("missing or invalid questions are broken data, not 0", async () => {
    fake.handler = reader;
    const { results } = await build().score([
      { completion: "a car" },
      { completion: "a car", meta: { questions: [{ question: "q", options: ["a"], answer: 0 }] } },
      { completion: "a car", reference: "not json" },
    ]);
    expect(results.map((r) => r.components.qa)).toEqual([null, null, null]);
    expect(results.map((r) => r.issues[0]!.code)).toEqual([
      "missing_required_meta",
      "invalid_meta",
      "reference_unparseable",
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it("a 500 then success is retried; a timeout is null + judge_timeout", async () => {
    fake.handler = (req, i) => (i === 0 ? { status: 500, json: { error: "boom" } } : reader(req, i));
    const ok = await build({ draws: "all", shuffle: false }, { retries: 1 }).score([
      { completion: "a red car, two dogs, a book", reference: QUESTIONS },
    ]);
    expect(ok.results[0]!.reward).toBe(1);
    expect(fake.requests).toHaveLength(4);
    fake.reset();
    fake.handler = () => ({ delayMs: 3000, json: chatCompletion("The answer is A.") });
    const slow = await build({ draws: 2 }, { timeoutMs: 100 }).score([
      { completion: "x", reference: QUESTIONS },
    ]);
    expect(slow.results[0]!.components.qa).toBeNull();
    expect(slow.results[0]!.issues[0]!.code).toBe("judge_timeout");
    expect(slow.results[0]!.issues[0]!.message).toContain("2 of 2 answers failed");
  });

  it("a reply without a letter counts as wrong (CapRL), reported; all unparseable or unparseable: null → null", async () => {
    fake.handler = (req) =>
      asked(req).question.startsWith("How many") ? { json: chatCompletion("no idea") } : reader(req, 0);
    const sample = { completion: "a red car and a book", reference: QUESTIONS };
    const { results, stats } = await build({ draws: "all", shuffle: false }).score([sample]);
    expect(results[0]!.reward).toBeCloseTo(2 / 3, 12);
    expect(results[0]!.details?.qa).toMatchObject({ unparsed: 1 });
    expect(stats.rewards?.qa).toMatchObject({ unparseable: 1 });
    const strict = await build({ draws: "all", shuffle: false, unparseable: "null" }).score([sample]);
    expect(strict.results[0]!.components.qa).toBeNull();
    expect(strict.results[0]!.issues[0]).toMatchObject({ code: "judge_unparseable" });
    expect(strict.results[0]!.issues[0]!.message).toContain("reply starts: no idea");
    fake.handler = () => ({ json: chatCompletion("no idea") });
    const none = await build({ draws: 3 }).score([sample]);
    expect(none.results[0]!.components.qa).toBeNull();
    expect(none.results[0]!.issues[0]!.message).toContain("3 of 3 answers have no option letter");
  });
});

describe("the caprl preset", () => {
  it("scores end to end through the `judge` endpoint with CapRL's defaults", async () => {
    fake.handler = reader;
    const models = createModelProvider({ endpoints: { judge: fake.url }, env: {} });
    const scorer = buildScorer("caprl", { env: { models } });
    const { results } = await scorer.score([
      { completion: "a red car, two dogs and a book on the table", reference: QUESTIONS },
    ]);
    expect(results[0]!.reward).toBe(1);
    expect(fake.requests).toHaveLength(8);
    expect(fake.requests[0]!.body).toMatchObject({ model: "judge", temperature: 0.6, max_tokens: 10 });
  });
});
