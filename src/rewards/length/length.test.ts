import { describe, expect, it } from "vitest";
import { createContext, type Reward, type Sample } from "../../core/index.js";
import { cosineLength } from "./cosine.js";
import { codePointLength } from "./measure.js";
import { overlongPunishment } from "./overlong.js";
import { lengthPenalty } from "./penalty.js";
import { repetition } from "./repetition.js";
import { thinkPunishment, thinkRange } from "./think-length.js";
import { findVlmR1DetectionJson } from "./vlm-r1-json.js";

function run(reward: Reward, sample: Sample): { value: number | null; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!(sample, ctx) as number | null;
  return { value, codes: issues.map((i) => i.code) };
}
const tokens = (n: number, extra: Record<string, unknown> = {}): Sample => ({
  completion: "",
  meta: { completion_tokens: n, ...extra },
});

describe("length.cosine, TRL worked example (§16b, max_len = 100)", () => {
  const r = cosineLength({ maxLength: 100 });
  it.each([
    [0, 1, -1],
    [25, 0.92678, -0.92678],
    [50, 0.75, -0.75],
    [75, 0.57322, -0.57322],
    [100, 0.5, -0.5],
    [200, 0.5, -0.5],
  ])("length %d → correct %d, wrong %d", (length, correct, wrong) => {
    expect(run(r, tokens(length, { correct: true })).value).toBeCloseTo(correct, 5);
    expect(run(r, tokens(length, { correct: false })).value).toBeCloseTo(wrong, 5);
  });
  it("reads token ids too, and reports missing lengths / correctness", () => {
    expect(
      run(r, { completion: "", meta: { completion_ids: new Array(50).fill(7), correct: 1 } }).value,
    ).toBeCloseTo(0.75, 12);
    expect(run(r, { completion: "abc", meta: { correct: true } })).toEqual({
      value: null,
      codes: ["missing_required_meta"],
    });
    expect(run(r, tokens(10))).toEqual({ value: null, codes: ["missing_meta"] });
  });
});

describe("length.cosine, open-r1 worked example (§16c, characters, no clamp)", () => {
  const r = cosineLength({ maxLength: 100, unit: "characters", clamp: false });
  const completion = "\\boxed{\\frac{63}{400}}";
  it("the completion is 22 characters, so the '20' case is unpadded", () =>
    expect(codePointLength(completion)).toBe(22));
  it.each([
    [22, true, 0.943],
    [80, true, 0.547],
    [22, false, -0.942],
    [80, false, -0.547],
  ])("length %d, correct %s → %d (2 decimals)", (length, correct, expected) => {
    const sample = { completion: completion.padEnd(length, " "), meta: { correct } };
    expect(run(r, sample).value).toBeCloseTo(expected, 2);
  });
});

describe("length.cosine, VLM-R1", () => {
  const vlm = { maxLength: 1024, minValueWrong: -0.5, maxValueWrong: 0, clamp: false } as const;
  it("worked example (§2b): L = 512 gives 0.75", () => {
    expect(run(cosineLength({ ...vlm, legacy: true }), tokens(512)).value).toBeCloseTo(0.75, 12);
  });
  it("legacy always takes the correct branch; the fix branches on correctness", () => {
    expect(run(cosineLength({ ...vlm, legacy: true }), tokens(0, { correct: false })).value).toBe(1);
    expect(run(cosineLength(vlm), tokens(0, { correct: false })).value).toBeCloseTo(-0.5, 12);
    expect(run(cosineLength(vlm), tokens(1024, { correct: false })).value).toBeCloseTo(0, 12);
  });
});

describe("length.repetition", () => {
  it.each([
    [[5, 5, 5, 5, 5], 2, -1, -0.75],
    [[1, 2, 1, 2, 1, 2], 2, -1, -0.6],
    [[1, 2, 3, 1, 2, 3], 2, -1, -0.4],
    [[1, 2, 3, 1, 2, 3], 3, -1, -0.25],
    [[5, 5, 5, 5, 5], 2, -0.5, -0.375],
    [[1, 2, 3, 4], 2, -1, 0],
    [[1], 2, -1, 0],
  ])("TRL worked example: ids %j, n = %d, p = %d → %d", (ids, n, p, expected) => {
    const r = repetition({ source: "token-ids", ngramSize: n, maxPenalty: p });
    expect(run(r, { completion: "", meta: { completion_ids: ids } }).value).toBeCloseTo(expected, 12);
  });
  it.each([
    ["this this this this this", 2, -1, -0.75],
    ["this is a this is a test", 2, -1, -1 / 3],
    ["this is a this is a test", 3, -2, -0.4],
    ["word word word word", 3, -1, -0.5],
    ["test test test test", 3, -0.5, -0.25],
    ["", 3, -1, 0],
    ["two words", 3, -1, 0],
  ])("open-r1 worked example: %j, n = %d, p = %d → %d", (completion, n, p, expected) => {
    expect(
      run(repetition({ source: "words", ngramSize: n, maxPenalty: p }), { completion }).value,
    ).toBeCloseTo(expected, 12);
  });
  it("rejects a positive max penalty", () =>
    expect(() => repetition({ maxPenalty: 1 })).toThrow(/maxPenalty/));
  it("token ids need meta", () => {
    expect(run(repetition({ source: "token-ids" }), { completion: "a b c" })).toEqual({
      value: null,
      codes: ["missing_required_meta"],
    });
  });
  it("VLM-R1: detection JSON items with n = 1, else 6-grams of words", () => {
    const r = repetition({ source: "vlm-r1" });
    const item = '{"bbox_2d": [1, 2, 3, 4], "label": "cat"}';
    const json = `\`\`\`json\n[${item}, ${item}, {"bbox_2d": [5, 6, 7, 8], "label": "dog"}, ${item}]\n\`\`\``;
    expect(run(r, { completion: json }).value).toBeCloseTo(-0.5, 12); // 2 unique of 4
    expect(run(r, { completion: `see [${item}, ${item}] here` }).value).toBeCloseTo(-0.5, 12);
    expect(run(r, { completion: "a b c d e f a b c d e f" }).value).toBeCloseTo(-(1 - 6 / 7), 12);
    expect(run(r, { completion: "a b c d e" }).value).toBe(0);
    expect(run(r, { completion: '```json\n[{"x": 1}]\n```' }).value).toBe(0);
  });
  it("VLM-R1 JSON lookup follows re.search on the bare list", () => {
    expect(findVlmR1DetectionJson('x [ {"bbox_2d": [1,2,3,4], "label": "a"} ] y')).toEqual(["[1,2,3,4]_a"]);
    expect(findVlmR1DetectionJson("no json")).toBeNull();
  });
});

describe("length.overlong (DAPO, §16b worked example, (100, 20))", () => {
  const r = overlongPunishment({ maxLength: 100, cache: 20 });
  it.each([
    [50, 0],
    [80, 0],
    [90, -0.5],
    [100, -1],
    [110, -1],
  ])("length %d → %d", (length, expected) => {
    expect(run(r, { completion: "", meta: { completion_ids: new Array(length).fill(1) } }).value).toBeCloseTo(
      expected,
      12,
    );
  });
  it("cache 0 never divides by zero", () => {
    expect(run(overlongPunishment({ maxLength: 10, cache: 0 }), tokens(10)).value).toBe(0);
    expect(run(overlongPunishment({ maxLength: 10, cache: 0 }), tokens(11)).value).toBe(-1);
  });
  it("rejects cache > maxLength", () =>
    expect(() => overlongPunishment({ maxLength: 10, cache: 20 })).toThrow(/cache/));
});

describe("length.penalty (generalised)", () => {
  const base = { target: 100, tolerance: 10, scale: 50, unit: "characters" } as const;
  it("is 0 inside the band, linear outside, capped at −maxPenalty", () => {
    const r = lengthPenalty(base);
    expect(run(r, { completion: "x".repeat(105) }).value).toBe(0);
    expect(run(r, { completion: "x".repeat(135) }).value).toBeCloseTo(-0.5, 12);
    expect(run(r, { completion: "x".repeat(65) }).value).toBeCloseTo(-0.5, 12);
    expect(run(r, { completion: "x".repeat(1000) }).value).toBe(-1);
  });
  it("cosine shape and one-sided penalties", () => {
    expect(
      run(lengthPenalty({ ...base, shape: "cosine" }), { completion: "x".repeat(135) }).value,
    ).toBeCloseTo(-0.5, 12);
    expect(
      run(lengthPenalty({ ...base, shape: "cosine" }), { completion: "x".repeat(122) }).value,
    ).toBeCloseTo(-(1 - Math.cos(Math.PI * 0.24)) / 2, 12);
    expect(run(lengthPenalty({ ...base, side: "over" }), { completion: "x".repeat(10) }).value).toBe(0);
    expect(run(lengthPenalty({ ...base, side: "under" }), { completion: "x".repeat(10) }).value).toBe(-1);
  });
});

describe("ReFine-RFT think length", () => {
  it("think_punishment: 1 when the stripped think is shorter than 10 characters", () => {
    expect(run(thinkPunishment(), { completion: "<think>  short  </think><answer>A</answer>" }).value).toBe(
      1,
    );
    expect(run(thinkPunishment(), { completion: "<think>0123456789</think>" }).value).toBe(0);
    expect(run(thinkPunishment(), { completion: "<answer>A</answer>" })).toEqual({
      value: 0,
      codes: ["no_think_tag"],
    });
  });
  it("think_length: 1 within [10, 20]", () => {
    expect(run(thinkRange(), { completion: "<think>0123456789</think>" }).value).toBe(1);
    expect(run(thinkRange(), { completion: "<think>012345678</think>" }).value).toBe(0);
    expect(run(thinkRange(), { completion: `<think>${"x".repeat(21)}</think>` }).value).toBe(0);
  });
});

describe("length.cosine: an unparseable gold answer", () => {
  it("refuses open-r1's unparseableGold: one at load, naming the field and why", async () => {
    const { buildScorer } = await import("../../recipe/index.js");
    const recipe = (extra: Record<string, unknown>) => ({
      rewards: [{ name: "len", type: "length.cosine", config: { correctness: "math", ...extra } }],
    });
    expect(() => buildScorer(recipe({ unparseableGold: "one" }))).toThrow(
      /rewards\[0\]\.config\.unparseableGold: open-r1 scores an unparseable gold answer 1; plaudit refuses/,
    );
    // The default: the sample is null with a data error, never a reward.
    const { results, stats } = buildScorer(recipe({})).scoreSync([{ completion: "x", reference: "\\frac{" }]);
    expect(results[0]!.reward).toBeNull();
    expect(stats.dataErrors).toBe(1);
  });
});
