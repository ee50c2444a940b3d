import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/core/index.js";
import { bootstrap, bootstrapCells, poissonSample } from "../src/eval/metrics/bootstrap.js";
import { averageRanks, kendallTauB, pearson, spearman } from "../src/eval/metrics/correlation.js";
import { rewardBenchSections, tiesScore } from "../src/eval/metrics/rewardbench.js";
import { bestOfN, rankingCorrect } from "../src/eval/outcome.js";
import { runEval } from "../src/eval/run.js";
import { evalScores, fixtures, ListPredictions } from "./eval-support.js";

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
