import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/support/fuzz.js";
import { createContext, type Sample } from "../../core/index.js";
import { pythonSplit, pythonStrip } from "../../parse/python/index.js";
import { boundedLevenshteinRatio, lcsLength, levenshteinRatio } from "./lcs.js";
import { bleu, rougeL, rougeN, rougeTokens, squadNormalize, tokenF1, tokenize13a } from "./metrics.js";
import { TextMetricSchema, textSimilarity } from "./similarity.js";

function naiveLcs(a: readonly number[], b: readonly number[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

describe("lcsLength (bit-parallel)", () => {
  it("equals the dynamic programme on random sequences across word boundaries", () => {
    const rnd = seededRandom(11);
    for (let t = 0; t < 2000; t++) {
      const a = Array.from({ length: Math.floor(rnd() * 100) }, () => Math.floor(rnd() * 4));
      const b = Array.from({ length: Math.floor(rnd() * 100) }, () => Math.floor(rnd() * 4));
      expect(lcsLength(a, b)).toBe(naiveLcs(a, b));
    }
  });
});

describe("levenshteinRatio (python-Levenshtein ratio = indel similarity)", () => {
  it.each([
    ["kitten", "sitting", 0.6153846153846154],
    ["", "", 1],
    ["abc", "", 0],
    ["abc", "abd", 2 / 3],
    ["a😀b", "ab", 0.8],
  ])("ratio(%j, %j) = %d", (a, b, expected) => {
    expect(levenshteinRatio(a, b)).toBeCloseTo(expected, 12);
  });
  it("is not 1 − edit distance / max length (a substitution costs 2)", () => {
    expect(levenshteinRatio("ab", "ac")).toBe(0.5);
  });
  it("refuses only when both sides are huge", () => {
    expect(boundedLevenshteinRatio("x".repeat(1_000_000), "x".repeat(100))).toBeCloseTo(200 / 1_000_100, 12);
    expect(boundedLevenshteinRatio("x".repeat(1_000_000), "y".repeat(1_000_000))).toBeNull();
  });
});

describe("python text helpers", () => {
  it("strip/split use Python's whitespace set", () => {
    expect(pythonStrip("\u0085\u001c a \ufeff")).toBe("a \ufeff");
    expect(pythonSplit(" a\u0085b  c ")).toEqual(["a", "b", "c"]);
  });
});

describe("metrics (hand-computed values)", () => {
  it("SQuAD normalisation and token F1", () => {
    expect(squadNormalize("The  Cat's hat.")).toBe("cats hat");
    // pred {cat, sat}, gold {cat, sat, down}: P = 1, R = 2/3, F1 = 0.8.
    expect(tokenF1("the cat sat", "a cat sat down")).toBeCloseTo(0.8, 12);
    expect(tokenF1("", "")).toBe(1);
    expect(tokenF1("the", "cat")).toBe(0);
  });
  it("ROUGE (rouge-score tokenizer)", () => {
    expect(rougeTokens("Hello, World-2! 数")).toEqual(["hello", "world", "2"]);
    expect(rougeTokens("数学 ok", "unicode")).toEqual(["数学", "ok"]);
    // 3 of 3 unigrams, 3 of 4: F = 2·1·0.75 / 1.75.
    expect(rougeN("the cat sat", "the cat sat down", 1)).toBeCloseTo(6 / 7, 12);
    // bigrams: {the cat, cat sat} vs {the cat, cat sat, sat down}: P = 1, R = 2/3.
    expect(rougeN("the cat sat", "the cat sat down", 2)).toBeCloseTo(0.8, 12);
    // LCS 5 of 6 tokens each side.
    expect(rougeL("the cat sat on the mat", "the cat lay on the mat")).toBeCloseTo(5 / 6, 12);
    expect(rougeL("", "x")).toBe(0);
  });
  it("BLEU (sacrebleu sentence_bleu / 100)", () => {
    expect(tokenize13a("Hello, world. 3.5-4")).toEqual(["Hello", ",", "world", ".", "3.5", "-", "4"]);
    expect(bleu("the cat sat on the mat", ["the cat sat on the mat"])).toBeCloseTo(1, 12);
    // p1 = 5/6, p2 = 2/5, p3 = 1/4, p4 smoothed = 1/(2·3); BP = exp(1 − 7/6).
    const expected = Math.exp(1 - 7 / 6) * ((5 / 6) * (2 / 5) * (1 / 4) * (1 / 6)) ** 0.25;
    expect(bleu("the cat is on the mat", ["there is a cat on the mat"])).toBeCloseTo(expected, 12);
    // Effective order: a two-token hypothesis uses 1- and 2-grams only.
    expect(bleu("the cat", ["the cat"])).toBeCloseTo(1, 12);
    expect(bleu("", ["the cat"])).toBe(0);
  });
});

describe("text.similarity", () => {
  const score = (config: Parameters<typeof textSimilarity>[0], sample: Sample) => {
    const { ctx, issues } = createContext();
    return { value: textSimilarity(config).score!(sample, ctx), codes: issues.map((i) => i.code) };
  };
  it("exact uses SQuAD normalisation by default", () => {
    expect(
      score({ metric: "exact" }, { completion: "<answer>The Cat.</answer>", reference: "cat" }).value,
    ).toBe(1);
  });
  it("levenshtein is raw by default, lowercase on request", () => {
    expect(
      score({ metric: "levenshtein" }, { completion: "<answer>Cat</answer>", reference: "cat" }).value,
    ).toBeCloseTo(2 / 3, 12);
    expect(
      score({ metric: "levenshtein", normalize: "lowercase" }, { completion: "Cat", reference: "cat" }).value,
    ).toBe(1);
  });
  it("keeps the best reference", () => {
    expect(
      score({ metric: "token-f1" }, { completion: "a red car", reference: ["blue", "red car"] }).value,
    ).toBe(1);
  });
  it("every metric gives a number in [0, 1]", () => {
    for (const metric of TextMetricSchema.options) {
      const { value } = score({ metric }, { completion: "<answer>a b c d</answer>", reference: "a b x d" });
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
  it("no reference → null; empty answer → 0", () => {
    expect(score({}, { completion: "x" })).toEqual({ value: null, codes: ["reference_missing"] });
    expect(score({ metric: "rouge-l" }, { completion: "<answer></answer>", reference: "x" }).value).toBe(0);
  });
  it("rejects an unknown metric, listing the choices", () => {
    expect(() => textSimilarity({ metric: "meteor" as never })).toThrow(
      /exact, levenshtein, token-f1, rouge-1, rouge-2, rouge-l, bleu/,
    );
  });
});
