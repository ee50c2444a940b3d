import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/fuzz.js";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { PYTHON_SPACE_CLASS } from "../../parse/python/index.js";
import { reasoningSteps } from "./reasoning-steps.js";
import { thinkAnswerFormat } from "./think-answer.js";
import {
  type MatchMode,
  matchesOpenR1Format,
  matchesThinkAnswer,
  matchesTrlThinkFormat,
  type Trailing,
} from "./think-answer-match.js";
import { tagCount, thinkFormat } from "./think-tags.js";

function run(reward: Reward, sample: Sample): { value: number | null; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as number | null;
  return { value, codes: issues.map((i) => i.code) };
}

describe("format.think-answer, R1 full match (VLM-R1, ReFine-RFT)", () => {
  const r1 = thinkAnswerFormat();
  it("scores the canonical format 1", () => {
    expect(run(r1, { completion: "<think>a</think>\n <answer>b</answer>" }).value).toBe(1);
    expect(run(r1, { completion: "<think></think><answer></answer>" }).value).toBe(1);
  });
  it("shared-pattern worked example: any leading or trailing text, even whitespace, gives 0", () => {
    expect(run(r1, { completion: " <think>a</think><answer>b</answer>" }).value).toBe(0);
    expect(run(r1, { completion: "<think>a</think><answer>b</answer>\n" }).value).toBe(0);
    expect(run(r1, { completion: "<think>a</think><answer>b</answer>x" }).codes).toEqual(["format_mismatch"]);
  });
  it("names the missing tag", () => {
    expect(run(r1, { completion: "<answer>b</answer>" }).codes).toEqual(["no_think_tag"]);
    expect(run(r1, { completion: "<think>a</think>" }).codes).toEqual(["no_answer_tag"]);
  });
  it("lets `.*?` span tags, as the regex does", () => {
    expect(run(r1, { completion: "<think>a</think>x</think> <answer>b</answer>c</answer>" }).value).toBe(1);
  });
  it("allows trailing whitespace when configured", () => {
    const r = thinkAnswerFormat({ trailing: "whitespace" });
    expect(run(r, { completion: "<think>a</think><answer>b</answer> \n" }).value).toBe(1);
  });
  it("rejects style open-r1 with mode or trailing, naming the field", () => {
    expect(() => thinkAnswerFormat({ style: "open-r1", mode: "search" })).toThrow(/style/);
    expect(() => thinkAnswerFormat({ mode: "prefix" as never })).toThrow(/fullmatch, match, search/);
  });
});

describe("format.think-answer, TW-GRPO variant", () => {
  const tw = thinkAnswerFormat({
    mode: "search",
    trailing: "whitespace-bang",
    strip: true,
    uniqueTags: true,
  });
  it("allows leading text and trailing whitespace or '!'", () => {
    expect(run(tw, { completion: "Sure. <think>a</think><answer>A,C</answer> !!\n" }).value).toBe(1);
  });
  it("rejects other trailing text", () => {
    expect(run(tw, { completion: "<think>a</think><answer>A</answer> ok" }).value).toBe(0);
  });
  it("scores 0 when <think> or <answer> occurs twice", () => {
    expect(run(tw, { completion: "<think>a</think><think>b</think><answer>A</answer>" }).value).toBe(0);
    expect(run(tw, { completion: "<think>a</think><answer>A</answer><answer>B</answer>" }).value).toBe(0);
  });
});

describe("format.think-answer, open-r1 strict newlines (§16c)", () => {
  const openR1 = thinkAnswerFormat({ style: "open-r1" });
  it("worked example: the multiline completion scores 1", () => {
    expect(
      run(openR1, { completion: "<think>\nSome reasoning\n</think>\n<answer>\n9\n</answer>" }).value,
    ).toBe(1);
  });
  it('worked example: "<think>Only thinking</think>" scores 0', () => {
    expect(run(openR1, { completion: "<think>Only thinking</think>" }).value).toBe(0);
  });
  it("MULTILINE `$` accepts text after a newline following </answer>, as the released regex", () => {
    expect(matchesOpenR1Format("<think>\na\n</think>\n<answer>\n9\n</answer>\nmore")).toBe(true);
    expect(matchesOpenR1Format("<think>\na\n</think>\n<answer>\n9\n</answer> more")).toBe(false);
  });
});

describe("format.think (TRL think_format_reward, §16b)", () => {
  const trl = thinkFormat();
  it.each([
    "<think>\nThis is my reasoning.\n</think>\nThis is my answer.",
    "<think></think>\nThis is my answer.",
  ])("worked example, valid: %j", (completion) => {
    expect(run(trl, { completion }).value).toBe(1);
  });
  it.each([
    "This<think>is my reasoning.</think>\nThis is my answer.",
    "<think>This is <think>my reasoning.</think></think>\nThis is my answer.",
    "<think>This is my reasoning.</think>\nThis is <think>my</think> answer.",
    "<think>\nThis is my reasoning.\nThis is my answer.",
  ])("worked example, invalid: %j", (completion) => {
    expect(run(trl, { completion }).value).toBe(0);
  });
});

describe("format.tag-count (open-r1)", () => {
  it("gives 0.25 per tag present exactly once", () => {
    expect(run(tagCount(), { completion: "<think>\nx\n</think>\n<answer>\ny\n</answer>" }).value).toBe(1);
    expect(run(tagCount(), { completion: "<think>\nx\n</think>\n" }).value).toBe(0.5);
    expect(run(tagCount(), { completion: "" }).value).toBe(0);
  });
});

describe("format.reasoning-steps (open-r1, §16c worked examples)", () => {
  const steps = reasoningSteps();
  it.each([
    ["Step 1: Do this\nStep 2: Then that\nStep 3: Done", 1],
    ["First, do this.\nFinally, that.", 2 / 3],
    ["Step 1: Only step", 1 / 3],
    ["Just some plain text without markers.", 0],
  ])("%j → %d", (completion, expected) => {
    expect(run(steps, { completion: completion as string }).value).toBeCloseTo(expected as number, 12);
  });
  it("counts ^\\d+\\. only at the very start (no MULTILINE)", () => {
    expect(run(steps, { completion: "1. a\n2. b\n3. c" }).value).toBeCloseTo(1 / 3, 12);
  });
});

describe("linear scans equal the Python regexes on fuzz inputs", () => {
  const W = `[${PYTHON_SPACE_CLASS}]`;
  const core = `<think>[\\s\\S]*?</think>${W}*<answer>[\\s\\S]*?</answer>`;
  const tails: Record<Trailing, string> = {
    any: "",
    none: "$",
    whitespace: `${W}*$`,
    "whitespace-bang": `[${PYTHON_SPACE_CLASS}!]*$`,
  };
  const fragments = [
    "<think>",
    "</think>",
    "<answer>",
    "</answer>",
    " ",
    "\n",
    "!",
    "a",
    "\u0085",
    "\ufeff",
    "<think>\n",
    "\n</think>\n<answer>\n",
    "\n</answer>",
    "\n",
  ];
  const rnd = seededRandom(7);
  const inputs = Array.from({ length: 20_000 }, () => {
    let s = "";
    const parts = Math.floor(rnd() * 9);
    for (let i = 0; i < parts; i++) s += fragments[Math.floor(rnd() * fragments.length)];
    return s;
  });
  for (const mode of ["fullmatch", "match", "search"] as MatchMode[]) {
    for (const trailing of Object.keys(tails) as Trailing[]) {
      it(`${mode} + ${trailing}`, () => {
        const anchor = mode === "search" ? "" : "^";
        const end = mode === "fullmatch" && trailing === "any" ? "" : tails[trailing];
        const regex = new RegExp(`${anchor}${core}${end}`);
        for (const input of inputs) {
          const expected = regex.test(input);
          if (matchesThinkAnswer(input, mode, trailing) !== expected)
            throw new Error(`mismatch on ${JSON.stringify(input)}`);
        }
      });
    }
  }
  it("open-r1 format", () => {
    const regex = /^<think>\n[\s\S]*?\n<\/think>\n<answer>\n[\s\S]*?\n<\/answer>(?=\n|$)/;
    for (const input of inputs)
      expect(matchesOpenR1Format(input), JSON.stringify(input)).toBe(regex.test(input));
  });
  it("TRL think format", () => {
    const regex = /^<think>(?![\s\S]*<think>)[\s\S]*?<\/think>[\s\S]*$/;
    for (const input of inputs)
      expect(matchesTrlThinkFormat(input), JSON.stringify(input)).toBe(regex.test(input));
  });
});

describe("huge inputs stay linear", () => {
  it.each(["<think>", "</think> ", "<think>a</think>\n", "<answer>", "\n</answer>"])("1 MB of %j", (unit) => {
    const steps = reasoningSteps();
    expectLinearTime(
      (n) => repeatTo(unit, n),
      (text) => {
        for (const mode of ["fullmatch", "match", "search"] as MatchMode[])
          matchesThinkAnswer(text, mode, "any");
        matchesOpenR1Format(text);
        matchesTrlThinkFormat(text);
        run(steps, { completion: text });
      },
    );
  });
});
