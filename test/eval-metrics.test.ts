import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/core/index.js";
import { bootstrap, bootstrapCells, poissonSample } from "../src/eval/metrics/bootstrap.js";
import { averageRanks, kendallTauB, pearson, spearman } from "../src/eval/metrics/correlation.js";
import { rewardBenchSections, tiesScore } from "../src/eval/metrics/rewardbench.js";
import { accuracyWithoutTies, orderByAbsMargin, tieCalibratedAccuracy } from "../src/eval/metrics/ties.js";
import { genaiBenchVerdict, PythonRandom } from "../src/eval/metrics/verdicts.js";
import { bestOfN, pairCorrect, rankingCorrect } from "../src/eval/outcome.js";
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

describe("RewardBench", () => {
  it("v1: subset accuracy, example-count-weighted sections (math-prm 984, hep-* 164), mean of sections", async () => {
    const { metrics } = await evalScores("rewardbench.jsonl", [
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.by_category["alpacaeval-easy"]).toEqual({ n: 2, accuracy: 0.5 });
    expect(metrics.sections).toEqual({ Chat: 0.5, "Chat Hard": 1, Safety: 0, Reasoning: 984 / 1148 });
    expect(metrics.score).toBeCloseTo((0.5 + 1 + 0 + 984 / 1148) / 4, 12);
    expect(rewardBenchSections({ "hep-go": 1, "hep-rust": 0 }).sections.Reasoning).toBe(0.5);
  });

  it("v1 generative verdicts: [[A]] / [[B]], anything else scores 0.5 (run_generative.py)", async () => {
    const verdicts = ["[[A]]", "[[B]]", "tie", "[[A]]", "[[B]] or [[A]]", "??"];
    const { metrics } = await evalScores(
      "rewardbench.jsonl",
      verdicts.map((verdict) => ({ verdict })),
    );
    // Rows: 1, 0, 0.5, 1, 1 ([[A]] is looked for first), 0.5.
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.by_category["alpacaeval-easy"]).toEqual({ n: 2, accuracy: 0.5 });
    expect(metrics.unparsed_verdicts).toBe(2);
  });

  it("v2 best-of-4 with 1/k credit for ties at the maximum (protocols.md worked examples)", () => {
    expect([
      bestOfN([0.9, 0.1, 0.2, 0.3]),
      bestOfN([0.9, 0.9, 0.2, 0.3]),
      bestOfN([0.9, 0.9, 0.9, 0.9]),
      bestOfN([0.5, 0.9, 0.2, 0.3]),
    ]).toEqual([1, 0.5, 0.25, 0]);
  });

  it("v2 on the fixture: per subset, the Ties formula, overall = unweighted subset mean", async () => {
    const { metrics } = await evalScores("rewardbench2.jsonl", [
      [0.9, 0.1, 0.2, 0.3],
      [0.9, 0.9, 0.2, 0.3],
      [0.9, 0.9, 0.9, 0.9],
      [0.5, 0.9, 0.2, 0.3],
      [2, 1, 0.5],
      [3, 2.6, 2.8, 1, 2],
    ]);
    // Ties: ref and tied accurate (0.3 + 0.3); margin 2.6 − 2 = 0.6 > spread 0.4 (0.2), min(1, 0.6) > 0.4 (0.2);
    // 0.01 · tanh(0.6 / 0.4 − 1).
    const ties = 1 + 0.01 * Math.tanh((2.6 - 2) / (3 - 2.6) - 1);
    expect(metrics.by_category.Factuality!.accuracy).toBe(0.75);
    expect(metrics.by_category.Math!.accuracy).toBe(0.125);
    expect(metrics.by_category.Ties!.accuracy).toBeCloseTo(ties, 12);
    expect(metrics.best_of_n).toBeCloseTo((0.75 + 0.125 + ties) / 3, 12);
    expect(metrics.accuracy).toBe(metrics.best_of_n);
    expect(metrics.best_of_n_variant).toMatch(/1\/k/);
  });

  it("Ties: a zero spread gives tanh(±inf) = ±1 and 0/0 counts 0, as numpy's nan_to_num", () => {
    const rows = (tied: number[]) => [
      { id: "ref:1", numCorrect: 1, scores: [2, 1], weightIndex: 0 },
      { id: "tied:1", numCorrect: 2, scores: tied, weightIndex: 1 },
    ];
    expect(tiesScore(rows([3, 3, 1]))).toBeCloseTo(0.3 + 0.3 + 0.2 + 0.2 + 0.01, 12);
    // [3, 3 | 3]: the tied prompt is not accurate (margin 0), 0 > 0 fails twice, 0/0 → 0.
    expect(tiesScore(rows([3, 3, 3]))).toBeCloseTo(0.3, 12);
  });
});

describe("ranking and correlation", () => {
  it("Pearson, Spearman, Kendall τ-b agree with scipy 1.17.1 (ties on both sides)", () => {
    const x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
    const y = [2, 1, 3, 3, 5, 4, 4, 6, 6, 8];
    expect(pearson(x, y)).toBeCloseTo(0.9441811647442553, 12);
    expect(spearman(x, y)).toBeCloseTo(0.9596458403436596, 12);
    expect(kendallTauB(x, y)).toBeCloseTo(0.8916309815169777, 12);
    const a = Array.from({ length: 300 }, (_, i) => (i * 7 + 3) % 5);
    const b = a.map((v, i) => v + ((i * i + Math.floor(i / 3)) % 4));
    expect(kendallTauB(a, b)).toBeCloseTo(0.6714542317539701, 12);
    expect(spearman(a, b)).toBeCloseTo(0.7912012335713741, 12);
    expect(pearson(a, b)).toBeCloseTo(0.7878385971583354, 12);
    expect(averageRanks([10, 20, 10])).toEqual(Float64Array.of(1.5, 3, 1.5));
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it("N-way ranking accuracy, top-1, pairwise, correlations over rated rows", async () => {
    expect(rankingCorrect([1, 2, 3], [0.9, 0.9, 0.1])).toBe(0);
    const { metrics } = await evalScores("ranked.jsonl", [
      [0.9, 0.5, 0.1],
      [0.9, 0.5, 0.1],
      [0.8, 0.5, 0.6, 0.1],
    ]);
    expect(metrics.accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.top1_accuracy).toBeCloseTo(2 / 3, 12);
    expect(metrics.pairwise_accuracy).toBeCloseTo(10 / 11, 12);
    expect(metrics.pearson).toBeCloseTo(0.8998425413316953, 12);
    expect(metrics.spearman).toBeCloseTo(0.9486832980505139, 12);
    expect(metrics.kendall_tau_b).toBeCloseTo(0.9128709291752769, 12);
    expect(metrics.mean_row_kendall_tau_b).toBeCloseTo((1 + 1 / 3 + 0.9128709291752769) / 3, 12);
  });
});

describe("judge metrics", () => {
  it("position bias, self-consistency (SCIR consistent-pair accuracy) and ensemble preference strength", async () => {
    const { metrics } = await runEval({
      data: join(fixtures, "pairs.jsonl"),
      sources: [
        new ListPredictions([
          { scores: [1, 0], swapped: [1, 0], repeats: [[1, 0]] },
          { scores: [1, 0], swapped: [0, 1], repeats: [[0, 1]] },
          {
            scores: [0, 1],
            swapped: [0, 1],
            repeats: [
              [0, 1],
              [0, 1],
            ],
          },
          {
            scores: [1, 0],
            swapped: [1, 0],
            repeats: [
              [1, 0],
              [0, 1],
            ],
          },
          { scores: [1, 0] },
        ]),
        new ListPredictions([
          [0.5, 0],
          [0.5, 0],
          [0.5, 0],
          [0, 1],
          [3, 0],
        ]),
      ],
    });
    expect(metrics.position_bias_rate).toBe(0.25);
    expect(metrics.self_consistency).toBe(0.5);
    expect(metrics.consistent_pairs).toBe(2);
    expect(metrics.consistent_accuracy).toBe(0.5);
    // Margins toward the chosen side per model: [1, .5], [1, .5], [-1, .5], [1, -1], [1, 3].
    const means = [0.75, 0.75, -0.25, 0, 2];
    const stds = [0.25, 0.25, 0.75, 1, 1];
    const s = metrics.preference_strength!;
    expect(s.models).toBe(2);
    expect(s.mean).toBeCloseTo(means.reduce((a, b) => a + b) / 5, 12);
    expect(s.std).toBeCloseTo(stds.reduce((a, b) => a + b) / 5, 12);
    expect(s.flipped_ids).toEqual(["p3"]);
    expect(s.low_strength_ids).toEqual(["p4"]);
  });
});

describe("bootstrap", () => {
  it("is seeded (same seed, same interval), brackets the estimate and narrows with more data", () => {
    const correct = Array.from({ length: 400 }, (_, i) => (i % 10 < 7 ? 1 : 0));
    const stat = (values: number[]) => (w: Float64Array) => {
      let s = 0;
      let t = 0;
      for (let i = 0; i < w.length; i++) {
        s += w[i]! * values[i]!;
        t += w[i]!;
      }
      return { accuracy: s / t };
    };
    const a = bootstrap(400, stat(correct), { seed: 3 });
    expect(bootstrap(400, stat(correct), { seed: 3 })).toEqual(a);
    const [lo, hi] = a.intervals.accuracy!;
    expect(lo).toBeLessThan(0.7);
    expect(hi).toBeGreaterThan(0.7);
    // Binomial standard error sqrt(.7·.3/400) ≈ 0.0229: the 95 % width is about 4 of them.
    expect(hi - lo).toBeGreaterThan(0.07);
    expect(hi - lo).toBeLessThan(0.11);
    const big = Array.from({ length: 4000 }, (_, i) => correct[i % 400]!);
    const [blo, bhi] = bootstrap(4000, stat(big), { seed: 3 }).intervals.accuracy!;
    expect(bhi - blo).toBeLessThan((hi - lo) / 2);
  });

  it("caps replicates × rows at the work budget (at least 100 replicates)", () => {
    const r = bootstrap(1000, () => ({ x: 1 }), { resamples: 1000, maxDraws: 200_000 });
    expect(r.resamples).toBe(200);
    expect(bootstrap(1000, () => ({ x: 1 }), { resamples: 1000, maxDraws: 1 }).resamples).toBe(100);
  });

  it("Poisson draws have mean and variance λ (small λ by products, large by PTRS)", () => {
    const random = seededRandom(11);
    for (const lambda of [0.5, 4, 30, 5000]) {
      const n = 20_000;
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < n; i++) {
        const k = poissonSample(lambda, random);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        sum += k;
        sq += k * k;
      }
      const mean = sum / n;
      const variance = sq / n - mean * mean;
      // Standard error of the mean is sqrt(λ/n); allow 5 of them.
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.06);
    }
  });

  it("cells give the same intervals as rows: exact multinomial and Poisson mode", () => {
    const stat = (w: Float64Array) => ({ accuracy: w[0]! / (w[0]! + w[1]!) });
    const small = bootstrapCells(Float64Array.of(280, 120), stat, { seed: 3 });
    expect(small.method).toBe("multinomial");
    const correct = Array.from({ length: 400 }, (_, i) => (i < 280 ? 1 : 0));
    const rows = bootstrap(
      400,
      (w) => {
        let s = 0;
        let t = 0;
        for (let i = 0; i < 400; i++) {
          s += w[i]! * correct[i]!;
          t += w[i]!;
        }
        return { accuracy: s / t };
      },
      { seed: 3 },
    );
    const width = (r: typeof rows) => r.intervals.accuracy![1] - r.intervals.accuracy![0];
    expect(Math.abs(width(small) / width(rows) - 1)).toBeLessThan(0.15);
    const big = bootstrapCells(Float64Array.of(700_000, 300_000), stat, { seed: 3 });
    expect(big.method).toBe("poisson");
    expect(big.resamples).toBe(1000);
    // sqrt(.7·.3/1e6) ≈ 4.58e-4: the 95 % width is about 3.92 of them.
    expect(width(big) / (3.92 * Math.sqrt(0.21 / 1e6))).toBeGreaterThan(0.85);
    expect(width(big) / (3.92 * Math.sqrt(0.21 / 1e6))).toBeLessThan(1.15);
  });
});
