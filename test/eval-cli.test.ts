import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createRegistry, defineReward } from "../src/core/index.js";
import { OutcomeColumns } from "../src/eval/metrics/columns.js";
import { computeMetrics } from "../src/eval/metrics/summary.js";
import { RecipePredictions, rowSamples } from "../src/eval/predictions.js";
import { reportHtml } from "../src/eval/report/index.js";
import { runEval } from "../src/eval/run.js";
import type { RowOutcome } from "../src/eval/types.js";
import { buildScorer } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { fixtures, root } from "./eval-support.js";

const cli = join(root, "dist/cli/main.js");

function run(args: string[]) {
  const out = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root, timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "plaudit-eval-"));
}

function readRows(path: string): RowOutcome[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as RowOutcome);
}

describe("plaudit eval (CLI)", () => {
  it("--scores: metrics.json with the contract's names, per-row JSONL beside it that recomputes every metric", () => {
    const dir = tmp();
    const scores = [
      [1, 0],
      [0.5, 0.5],
      [0.2, 0.7],
      [0.9, 0.1],
      [0.8, 0.6],
    ];
    writeFileSync(
      join(dir, "scores.jsonl"),
      // Out of order on purpose: lines are joined by id.
      [4, 0, 1, 2, 3].map((k) => JSON.stringify({ id: `p${k + 1}`, scores: scores[k] })).join("\n"),
    );
    const out = join(dir, "metrics.json");
    const { code, stderr } = run([
      "eval",
      "--data",
      join(fixtures, "pairs.jsonl"),
      "--scores",
      join(dir, "scores.jsonl"),
      "--out",
      out,
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/pairs \(detected from chosen, rejected\): 5 rows, accuracy 0\.6000/);
    const metrics = JSON.parse(readFileSync(out, "utf8"));
    expect(metrics).toMatchObject({ format: "pairs", n: 5, accuracy: 0.6, skipped: { count: 0 } });
    expect(metrics.by_category.safety).toEqual({ n: 2, accuracy: 1 });
    const rows = readRows(join(dir, "metrics.rows.jsonl"));
    expect(rows.map((r) => r.margin)).toEqual(scores.map(([a, b]) => a! - b!));
    const columns = new OutcomeColumns();
    for (const row of rows) columns.add(row);
    const again = computeMetrics("pairs", columns, { resamples: 1000, seed: 0 });
    expect(again.accuracy).toBe(metrics.accuracy);
    expect(again.macro_accuracy).toBe(metrics.macro_accuracy);
    expect(again.ci).toEqual(metrics.ci);
  });

  it("--scores lines without ids are matched by position; a verdicts file may name the text response", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "s.jsonl"),
      [
        [1, 0],
        [0, 1],
        [1, 0],
        [1, 0],
        [1, 0],
      ]
        .map((scores) => JSON.stringify({ scores }))
        .join("\n"),
    );
    const scored = run([
      "eval",
      "--data",
      join(fixtures, "pairs.jsonl"),
      "--scores",
      join(dir, "s.jsonl"),
      "-q",
    ]);
    expect(JSON.parse(scored.stdout)).toMatchObject({ n: 5, accuracy: 0.8 });
    const verdicts = ["[[A>B]]", "[[B>A]]", "[[A=B=Good]]", "[[A=B]]", "none", "[[A>B]]"];
    writeFileSync(
      join(dir, "v.jsonl"),
      verdicts.map((response, idx) => JSON.stringify({ idx, response })).join("\n"),
    );
    const judged = run([
      "eval",
      "--data",
      join(fixtures, "genai-bench.jsonl"),
      "--verdicts",
      join(dir, "v.jsonl"),
      "-q",
    ]);
    // Gold: left, right, tie, both-bad, left → right, right, right, right, wrong.
    expect(JSON.parse(judged.stdout)).toMatchObject({
      format: "genai-bench",
      n: 5,
      accuracy: 0.8,
      unparsed_verdicts: 1,
    });
  });

  it("--verdicts reads the data's own response column; metrics go to stdout without --out", () => {
    const { code, stdout } = run([
      "eval",
      "--data",
      join(fixtures, "genai-bench-results.jsonl"),
      "--verdicts",
      "-q",
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      format: "genai-bench",
      n: 6,
      accuracy: 0.5,
      unparsed_verdicts: 2,
    });
  });

  it("fails with exit 2 naming what is wrong: no predictions, an unknown format", () => {
    const none = run(["eval", "--data", join(fixtures, "pairs.jsonl")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/one of --recipe, --scores or --verdicts is required/);
    const bad = run(["eval", "--data", join(fixtures, "pairs.jsonl"), "--format", "vlrb", "--verdicts"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/vl-rewardbench/);
  });

  it("broken input data is reported at the door; a strict recipe fails the run (exit 1)", () => {
    const dir = tmp();
    const lines = [
      { chosen: "[1,2,3,4]", rejected: "none", reference: "garbage" },
      { chosen: "[1,2,3,4]", rejected: "none", reference: [1, 2, 3, 4] },
    ];
    writeFileSync(join(dir, "pairs.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n"));
    const recipe = "rewards:\n  - { name: iou, type: grounding.iou }\n";
    writeFileSync(join(dir, "lenient.yaml"), recipe);
    writeFileSync(join(dir, "strict.yaml"), `strict: true\n${recipe}`);
    const args = [
      "eval",
      "--data",
      join(dir, "pairs.jsonl"),
      "--out",
      join(dir, "m.json"),
      "--fresh",
      "--recipe",
    ];
    const lenient = run([...args, join(dir, "lenient.yaml")]);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toMatch(/1 rows with broken input data \(first: 0\)/);
    const metrics = JSON.parse(readFileSync(join(dir, "m.json"), "utf8"));
    expect(metrics).toMatchObject({ n: 1, accuracy: 1, data_errors: 1, data_error_ids: ["0"] });
    expect(Object.keys(metrics.skipped.reasons)[0]).toMatch(/reference_unparseable/);
    expect(run([...args, join(dir, "strict.yaml")]).code).toBe(1);
  });

  it("--recipe scores each candidate through the normal scorer", () => {
    const dir = tmp();
    const good = "<think>a</think><answer>b</answer>";
    writeFileSync(
      join(dir, "pairs.jsonl"),
      [
        { chosen: good, rejected: "b" },
        { chosen: "b", rejected: good },
        { chosen: good, rejected: good },
      ]
        .map((r) => JSON.stringify(r))
        .join("\n"),
    );
    writeFileSync(join(dir, "recipe.yaml"), "rewards:\n  - { name: format, type: format.think-answer }\n");
    const { code, stdout } = run([
      "eval",
      "--data",
      join(dir, "pairs.jsonl"),
      "--recipe",
      join(dir, "recipe.yaml"),
      "-q",
    ]);
    expect(code).toBe(0);
    const metrics = JSON.parse(stdout);
    expect(metrics.accuracy).toBeCloseTo(1 / 3, 12);
  });
});

/** A fake pairwise judge: an async group reward giving each side its win rate (longer wins). */
function judgeRegistry(calls: number[][]) {
  const judge = defineReward({
    type: "test.pairwise",
    description: "longer completion wins",
    config: z.object({}),
    create: () => ({
      async scoreGroup(samples) {
        calls.push(samples.map((s) => s.completion.length));
        await new Promise((r) => setTimeout(r, 1));
        return samples.map((s, i) => {
          const others = samples.filter((_, j) => j !== i);
          return others.filter((o) => s.completion.length > o.completion.length).length / others.length;
        });
      },
    }),
  });
  const registry = defaultRegistry();
  return createRegistry([...registry.types().map((t) => registry.get(t)!), judge]);
}

describe("eval with a recipe", () => {
  it("each candidate becomes a sample: prompt, completion, reference, input and output media with roles", () => {
    const samples = rowSamples(
      {
        index: 2,
        id: "q",
        prompt: "p",
        candidates: ["a", "b"],
        images: [{ path: "/in.png" }],
        outputs: [[{ path: "/a.png" }], []],
        reference: 7,
        category: "c",
      },
      "main",
    );
    expect(samples[0]).toEqual({
      id: "q#0",
      group: "main:2",
      completion: "a",
      prompt: "p",
      reference: 7,
      images: [
        { path: "/in.png", role: "input" },
        { path: "/a.png", role: "output" },
      ],
      meta: { category: "c" },
    });
    expect(samples[1]!.images).toEqual([{ path: "/in.png", role: "input" }]);
  });

  it("a pair is one group of 2: a pairwise judge gives each side a win rate; --swap measures position bias", async () => {
    const calls: number[][] = [];
    const scorer = buildScorer(
      { rewards: [{ name: "judge", type: "test.pairwise" }] },
      { registry: judgeRegistry(calls) },
    );
    const run = await runEval({
      data: join(fixtures, "pairs.jsonl"),
      sources: [new RecipePredictions(scorer, { swap: true })],
    });
    const { metrics } = run;
    expect(calls.every((c) => c.length === 2)).toBe(true);
    expect(calls).toHaveLength(10);
    const html = await reportHtml(run);
    expect(html).toMatch(/<figure data-chart="judge-bias"><svg/);
    // Longer wins: p1 right, p2 wrong, p3 tie (wrong), p4 "unsafe" longer (wrong), p5 tie (wrong).
    expect(metrics.accuracy).toBeCloseTo(1 / 5, 12);
    expect(metrics.position_bias_rate).toBe(0);
  });

  it("resumes: rows already in the rows file are not scored again, a torn last line is rescored", async () => {
    const dir = tmp();
    const rowsPath = join(dir, "rows.jsonl");
    const calls: number[][] = [];
    const registry = judgeRegistry(calls);
    const evaluate = () =>
      runEval({
        data: join(fixtures, "pairs.jsonl"),
        sources: [
          new RecipePredictions(
            buildScorer({ rewards: [{ name: "judge", type: "test.pairwise" }] }, { registry }),
          ),
        ],
        rowsPath,
        resume: true,
        chunkSize: 2,
      });
    const full = await evaluate();
    expect(calls).toHaveLength(5);
    const lines = readFileSync(rowsPath, "utf8").split("\n");
    writeFileSync(rowsPath, `${lines.slice(0, 2).join("\n")}\n${lines[2]!.slice(0, 20)}`);
    calls.length = 0;
    const resumed = await evaluate();
    expect(calls).toHaveLength(3);
    expect(resumed.metrics).toEqual(full.metrics);
    expect(
      readRows(rowsPath)
        .map((r) => r.index)
        .sort(),
    ).toEqual([0, 1, 2, 3, 4]);
    calls.length = 0;
    await evaluate();
    expect(calls).toHaveLength(0);
  });
});
