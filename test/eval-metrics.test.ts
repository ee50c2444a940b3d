import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accuracyWithoutTies, orderByAbsMargin, tieCalibratedAccuracy } from "../src/eval/metrics/ties.js";
import { genaiBenchVerdict, PythonRandom } from "../src/eval/metrics/verdicts.js";
import { pairCorrect } from "../src/eval/outcome.js";
import { DataVerdicts, JsonlPredictions } from "../src/eval/predictions.js";
import { runEval } from "../src/eval/run.js";
import { evalScores, fixtures, ListPredictions, writeVlRewardBenchParquet } from "./eval-support.js";

/** acc*_eq straight from its definition: every candidate ε, count every pair (an independent check). */
function bruteTieCalibrated(h: number[], m: number[]): number {
  const candidates = [-1, ...m.map(Math.abs)];
  let best = 0;
  for (const eps of candidates) {
    let good = 0;
    for (let i = 0; i < h.length; i++) {
      const modelTie = Math.abs(m[i]!) <= eps;
      if (h[i] === 0 && modelTie) good++;
      else if (h[i] !== 0 && !modelTie && Math.sign(m[i]!) === h[i]) good++;
    }
    best = Math.max(best, good / h.length);
  }
  return best;
}

describe("pairwise rules", () => {
  it("strict: a model tie is wrong; B-preferred pairs need a negative margin", () => {
    expect([pairCorrect("A", 0.1), pairCorrect("A", 0), pairCorrect("B", -0.1), pairCorrect("B", 0)]).toEqual(
      [1, 0, 1, 0],
    );
  });

  it("generic pairs: overall, by category and macro (hand-computed), length bias", async () => {
    const { metrics } = await evalScores("pairs.jsonl", [
      [1, 0],
      [0.5, 0.5],
      [0.2, 0.7],
      [0.9, 0.1],
      [0.8, 0.6],
    ]);
    expect(metrics.format).toBe("pairs");
    expect(metrics.accuracy).toBeCloseTo(3 / 5, 12);
    expect(metrics.by_category).toEqual({ chat: { n: 3, accuracy: 1 / 3 }, safety: { n: 2, accuracy: 1 } });
    expect(metrics.macro_accuracy).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(metrics.length_bias).toEqual({ pairs: 2, model_prefers_longer: 0.5, humans_prefer_longer: 0.5 });
    const [lo, hi] = metrics.ci.accuracy!;
    expect(lo).toBeLessThanOrEqual(0.6);
    expect(hi).toBeGreaterThanOrEqual(0.6);
  });

  it("rows without a score are skipped with a reason, never scored 0", async () => {
    const { metrics } = await evalScores("pairs.jsonl", [
      [1, 0],
      [null, 0.5],
      undefined,
      { reason: "judge: judge_http_error: 503" },
      [1, 0],
    ]);
    expect(metrics.n).toBe(2);
    expect(metrics.accuracy).toBe(1);
    expect(metrics.skipped).toEqual({
      count: 3,
      reasons: {
        "scores missing or not finite for some candidate": 1,
        "no prediction for this row": 1,
        "judge: judge_http_error: 503": 1,
      },
    });
  });

  it("a malformed row is skipped as a data error, visible in metrics", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-eval-"));
    const lines = [{ chosen: "a", rejected: "b" }, { chosen: "a" }, { chosen: "c", rejected: "d" }];
    writeFileSync(join(dir, "pairs.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n"));
    const { metrics } = await runEval({
      data: join(dir, "pairs.jsonl"),
      format: "pairs",
      sources: [
        new ListPredictions([
          [1, 0],
          [1, 0],
          [1, 0],
        ]),
      ],
    });
    expect(metrics.n).toBe(2);
    expect(metrics.data_errors).toBe(1);
    expect(metrics.data_error_ids).toEqual(["1"]);
    expect(metrics.skipped.reasons).toEqual({
      "malformed row: column rejected is missing or not a string": 1,
    });
  });

  it("VL-RewardBench: overall 5/7 and macro over the three query_source categories 2/3", async () => {
    const path = writeVlRewardBenchParquet(mkdtempSync(join(tmpdir(), "plaudit-eval-")));
    const { metrics } = await runEval({
      data: path,
      sources: [
        new ListPredictions([
          [1, 0],
          [0, 1],
          [1, 0],
          [0, 1],
          [0, 1],
          [0, 1],
          [1, 0],
        ]),
      ],
    });
    expect(metrics.accuracy).toBeCloseTo(5 / 7, 12);
    expect(metrics.macro_accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.by_category.reasoning).toEqual({ n: 2, accuracy: 0 });
  });

  it("MM-RLHF-RewardBench: ACC 4/6 and ACC+ 2/4 (a question counts only when all its pairs are right)", async () => {
    const { metrics } = await evalScores("mm-rlhf-rewardbench.jsonl", [
      [1, 0],
      [0.5, 0.6],
      [1, 0],
      [1, 0],
      [2, 1],
      [0, 0],
    ]);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.acc_plus).toBe(0.5);
    expect(metrics.by_category.mcq).toEqual({ n: 2, accuracy: 0.5, acc_plus: 0 });
    expect(metrics.by_category.short).toEqual({ n: 2, accuracy: 1, acc_plus: 1 });
    expect(metrics.by_category.video).toEqual({ n: 1, accuracy: 0, acc_plus: 0 });
    expect(metrics.ci.acc_plus).toBeDefined();
  });

  it("Multimodal RewardBench verdicts: [[A]] before [[B]], else Python's seeded random guess", async () => {
    expect(new PythonRandom(123).random()).toBe(0.052363598850944326);
    const dir = mkdtempSync(join(tmpdir(), "plaudit-eval-"));
    const verdicts = ["[[A]]", "[[B]]", "no verdict", "[[A]] then [[B]]", "nothing", "[[B]]"];
    const ids = ["general_001", "general_002", "pairs_003", "hateful_004", "math_005", "code_006"];
    writeFileSync(
      join(dir, "v.jsonl"),
      ids.map((id, k) => JSON.stringify({ id, verdict: verdicts[k] })).join("\n"),
    );
    const { metrics } = await runEval({
      data: join(fixtures, "multimodal-rewardbench.json"),
      sources: [new JsonlPredictions(join(dir, "v.jsonl"))],
    });
    // Guesses: 0.0524 < 0.5 → A (right), 0.0872 < 0.5 → A (right); hateful_004 says A, people B.
    expect(metrics.accuracy).toBeCloseTo(5 / 6, 12);
    expect(metrics.unparsed_verdicts).toBe(2);
    expect(metrics.by_category["safety/toxicity"]).toEqual({ n: 1, accuracy: 0 });
  });
});

describe("GenAI-Bench rules", () => {
  it("verdict parse: greedy first match within one line", () => {
    expect(genaiBenchVerdict("a\n[[A>B]] and [[B>A]]")).toBe("[[A>B]] and [[B>A]]");
    expect(genaiBenchVerdict("[[\nA>B]]")).toBeNull();
    expect(genaiBenchVerdict("x [[ y\n [[B>A]]")).toBe("[[B>A]]");
    expect(genaiBenchVerdict("]] [[")).toBeNull();
    expect(genaiBenchVerdict(`${"[[".repeat(5000)}x`)).toBeNull();
  });

  it("verdicts: 4-way accuracy over every row, ties and both-bad are classes, a greedy non-standard match is wrong", async () => {
    const { metrics } = await runEval({
      data: join(fixtures, "genai-bench-results.jsonl"),
      sources: [new DataVerdicts()],
    });
    expect(metrics.n).toBe(6);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.unparsed_verdicts).toBe(2);
  });

  it("scores: tie and both-bad votes are dropped (counted as skipped), the rest strict", async () => {
    const { metrics } = await evalScores("genai-bench.jsonl", [
      [1, 0],
      [0.2, 0.1],
      [0.5, 0.5],
      [0.1, 0.2],
      [0.3, 0.9],
    ]);
    expect(metrics.n).toBe(3);
    expect(metrics.accuracy).toBeCloseTo(1 / 3, 12);
    expect(metrics.skipped.reasons).toEqual({
      "tie or both-bad vote (dropped, as the benchmark's pairwise scripts do)": 2,
    });
  });
});

describe("VideoGen-RewardBench with and without ties", () => {
  it("tie-calibrated accuracy on a worked example (ε = 0.05)", () => {
    const h = Int8Array.of(1, -1, 0, 1);
    const m = Float64Array.of(0.8, -0.3, 0.05, -0.02);
    expect(tieCalibratedAccuracy(h, m, orderByAbsMargin(m))).toEqual({ accuracy: 0.75, epsilon: 0.05 });
    expect(accuracyWithoutTies(h, m)).toBeCloseTo(2 / 3, 12);
  });

  it("matches the definition computed pair by pair on random data with ties on both sides", () => {
    const random = new PythonRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const h: number[] = [];
      const m: number[] = [];
      for (let i = 0; i < 60; i++) {
        const u = random.random();
        h.push(u < 0.3 ? 0 : u < 0.65 ? 1 : -1);
        m.push(Math.round((random.random() - 0.45) * 10) / 10);
      }
      const margins = Float64Array.from(m);
      const got = tieCalibratedAccuracy(Int8Array.from(h), margins, orderByAbsMargin(margins))!;
      expect(got.accuracy).toBeCloseTo(bruteTieCalibrated(h, m), 12);
    }
  });

  it("on the CSV fixture: w/ ties 4/5, w/o ties 2/3 (an exact model tie is discordant)", async () => {
    const { metrics } = await evalScores("videogen-rewardbench.csv", [
      [0.9, 0.1],
      [0.2, 0.5],
      [0.5, 0.45],
      [0.4, 0.42],
      [0.3, 0.3],
    ]);
    expect(metrics.accuracy_with_ties).toBeCloseTo(0.8, 12);
    expect(metrics.tie_epsilon).toBeCloseTo(0.05, 12);
    expect(metrics.accuracy_without_ties).toBeCloseTo(2 / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.n).toBe(5);
    expect(metrics.ci.accuracy_with_ties).toBeDefined();
  });

  it("per dimension (VQ, MQ, TA) when the scores carry them", async () => {
    // VQ labels: A, B, same, A, B. Model VQ margins: 1, −1, 0, −1, −0.5 → w/o ties 3/4;
    // with ties ε = 0 makes row 2 a tie both ways: (3 + 1) / 5.
    const vq = [
      [1, 0],
      [0, 1],
      [0.5, 0.5],
      [0, 1],
      [0, 0.5],
    ];
    const { metrics } = await evalScores(
      "videogen-rewardbench.csv",
      vq.map((scores) => ({ scores, dimensions: { VQ: scores } })),
    );
    expect(metrics.by_dimension!.VQ).toEqual({
      n: 5,
      accuracy_with_ties: 0.8,
      tie_epsilon: 0,
      accuracy_without_ties: 0.75,
    });
  });
});
