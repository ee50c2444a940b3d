/**
 * Any file in bounded memory (issue 10 item 5): with advantages, a spilled run and a contiguous
 * run hold a bucket / a few groups at a time — counted by the run's own `maxHeld` (samples in
 * memory at once), not measured in bytes — and give the output of scoring the file whole.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../src/core/random.js";
import { fixtures, parseResults, removeTempDirs, runCli, tempDir } from "./support/cli.js";

const grpo = join(fixtures, "value-grpo.json");

/** `groups` groups of `size` samples, interleaved at random, with a few broken lines. */
function interleaved(groups: number, size: number, seed = 3): string[] {
  const rnd = seededRandom(seed);
  const rows: string[] = [];
  for (let g = 0; g < groups; g++)
    for (let k = 0; k < size; k++)
      rows.push(
        JSON.stringify({
          id: `${g}-${k}`,
          group: `p${g}`,
          completion: "x",
          meta: { a: Math.round(rnd() * 10), b: k % 2 },
        }),
      );
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  rows.splice(17, 0, "{broken");
  rows.splice(400, 0, "");
  // Not samples, with and without a group: the scorer pools both as ungrouped, with the loners.
  rows.splice(901, 0, JSON.stringify({ id: "no-completion", group: "p3" }));
  rows.splice(1500, 0, JSON.stringify({ id: "nothing" }));
  rows.splice(60, 0, JSON.stringify({ id: "loner-1", completion: "x", meta: { a: 3, b: 1 } }));
  rows.push(JSON.stringify({ id: "loner-2", completion: "x", meta: { a: 1, b: 1 } }));
  return rows;
}

/** Numbers rounded to 12 significant digits, for stats accumulated in a different order. */
function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "number" ? Number(v.toPrecision(12)) : v)));
}

interface RunStats {
  run: { mode: string; maxHeld: number; buckets?: number; lines: number };
  advantage: { groups: Array<{ group: string }> };
}

function score(input: string, extra: string[], recipe = grpo) {
  const dir = tempDir();
  const out = join(dir, "out.jsonl");
  const statsFile = join(dir, "stats.json");
  const run = runCli(["score", "-r", recipe, "-i", input, "-o", out, "--stats", statsFile, "-q", ...extra]);
  expect(run.code, `${extra.join(" ")}: ${run.stderr}`).toBe(0);
  return {
    text: readFileSync(out, "utf8"),
    stats: JSON.parse(readFileSync(statsFile, "utf8")) as RunStats,
    stderr: run.stderr,
  };
}

afterAll(removeTempDirs);

describe("plaudit score in bounded memory", () => {
  it("spills into buckets of whole groups: same output and stats as whole, a sixteenth held at once", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    const rows = interleaved(500, 8);
    writeFileSync(input, `${rows.join("\n")}\n`);
    const spillDir = tempDir("plaudit-spill-test-");
    const whole = score(input, ["--spill", "never"]);
    const spilled = score(input, ["--spill", "always", "--buckets", "16", "--spill-dir", spillDir]);
    expect(spilled.text).toBe(whole.text);
    expect(parseResults(spilled.text)).toHaveLength(rows.length);
    const { run: wholeRun, ...wholeStats } = whole.stats;
    const { run: spillRun, ...spillStats } = spilled.stats;
    expect(spillStats.advantage.groups.map((g) => g.group)).toEqual(
      wholeStats.advantage.groups.map((g) => g.group),
    );
    // Column means and stds are accumulated bucket by bucket: equal up to float rounding.
    expect(rounded(spillStats)).toEqual(rounded(wholeStats));
    expect(wholeRun).toMatchObject({ mode: "memory", maxHeld: rows.length - 2 });
    const pool = wholeStats.advantage.groups.find((g) => g.group === "(ungrouped)");
    // loner-1 (reward 3 + 2) and loner-2 (1 + 2), and the two lines that are not samples.
    expect(pool).toMatchObject({ size: 4, nulls: 2, mean: 4 });
    expect(spillRun).toMatchObject({ mode: "spill", buckets: 16 });
    // 4,002 samples in 16 buckets of whole groups: about 250 each, far from all of them.
    expect(spillRun.maxHeld).toBeLessThan((2 * rows.length) / 16);
    expect(readdirSync(spillDir)).toEqual([]);
  });

  it("doubling the file doubles the bucket count's worth, not what is held per bucket", () => {
    const dir = tempDir();
    const small = join(dir, "small.jsonl");
    const large = join(dir, "large.jsonl");
    writeFileSync(small, `${interleaved(200, 8, 5).join("\n")}\n`);
    writeFileSync(large, `${interleaved(800, 8, 5).join("\n")}\n`);
    // Buckets in proportion to the input (as the default does by input size): held per bucket stays flat.
    const heldSmall = score(small, ["--spill", "always", "--buckets", "8"]).stats.run.maxHeld;
    const heldLarge = score(large, ["--spill", "always", "--buckets", "32"]).stats.run.maxHeld;
    expect(heldLarge / heldSmall).toBeLessThan(1.6);
    const wholeLarge = score(large, ["--spill", "never"]).stats.run.maxHeld;
    expect(wholeLarge / heldLarge).toBeGreaterThan(16);
  });

  it("--groups contiguous scores a few groups at a time with the output of the whole file", () => {
    const dir = tempDir();
    const input = join(dir, "sorted.jsonl");
    const rows: string[] = [];
    for (let g = 0; g < 300; g++)
      for (let k = 0; k < 6; k++)
        rows.push(
          JSON.stringify({
            id: `${g}-${k}`,
            group: g,
            completion: "x",
            meta: { a: (g * 7 + k * 3) % 5, b: 0 },
          }),
        );
    rows.splice(10, 0, "{broken", "");
    // Not samples: one inside its group's run, one without a group between two groups.
    rows.splice(14, 0, JSON.stringify({ id: "no-completion", group: 1 }));
    rows.splice(30, 0, JSON.stringify({ id: "nothing" }));
    // Samples without a group, together at the end: the ungrouped pool.
    rows.push(...[1, 4].map((a) => JSON.stringify({ id: `loner-${a}`, completion: "x", meta: { a, b: 0 } })));
    writeFileSync(input, `${rows.join("\n")}\n`);
    const whole = score(input, ["--spill", "never"]);
    const contiguous = score(input, ["--groups", "contiguous", "--chunk-size", "50"]);
    expect(contiguous.text).toBe(whole.text);
    expect(contiguous.stats.run.mode).toBe("contiguous");
    // At least 50 samples per batch, ended at the next group boundary: at most 50 + 5.
    expect(contiguous.stats.run.maxHeld).toBeLessThanOrEqual(55);
    const { run: _a, ...a } = contiguous.stats;
    const { run: _b, ...b } = whole.stats;
    expect(a).toEqual(b);
  });

  it("groups of one get group_of_one in every mode, even alone in a bucket or a last batch", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    const sample = (id: string, group: string, a: number) =>
      JSON.stringify({ id, group, completion: "x", meta: { a, b: 0 } });
    const rows = [
      sample("a1", "a", 1),
      sample("a2", "a", 2),
      sample("a3", "a", 4),
      sample("b1", "b", 1),
      sample("c1", "c", 0),
      sample("c2", "c", 3),
      sample("d1", "d", 5),
    ];
    writeFileSync(input, `${rows.join("\n")}\n`);
    const whole = score(input, ["--spill", "never"]).text;
    const results = parseResults(whole);
    expect(results.map((r) => r.issues.map((i) => i.code))).toEqual([
      [],
      [],
      [],
      ["group_of_one"],
      [],
      [],
      ["group_of_one"],
    ]);
    expect(results.map((r) => r.advantage)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      0,
      expect.any(Number),
      expect.any(Number),
      0,
    ]);
    for (const buckets of ["2", "8", "64"])
      expect(score(input, ["--spill", "always", "--buckets", buckets]).text, `${buckets} buckets`).toBe(
        whole,
      );
    expect(score(input, ["--groups", "contiguous", "--chunk-size", "1"]).text).toBe(whole);
  });

  it("holds recipes with batch-wide steps in memory, says why, and refuses to spill or stream them by group", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    writeFileSync(input, `${interleaved(50, 4).join("\n")}\n`);
    const batchRecipe = join(dir, "batch.json");
    writeFileSync(
      batchRecipe,
      JSON.stringify({
        rewards: [
          { name: "a", type: "value", config: { key: "a" } },
          { name: "b", type: "value", weight: 2, config: { key: "b" } },
        ],
        combine: { type: "weighted" },
        advantage: { type: "grpo", scale: "batch" },
      }),
    );
    const viaStdin = runCli(["score", "-r", batchRecipe], readFileSync(input, "utf8"));
    expect(viaStdin.code).toBe(0);
    expect(viaStdin.stderr).toMatch(/note: held in memory: advantage grpo uses batch-wide statistics/);
    expect(viaStdin.stdout).toBe(
      runCli(["score", "-r", batchRecipe, "-i", input, "--spill", "never", "-q"]).stdout,
    );
    for (const extra of [
      ["--spill", "always"],
      ["--groups", "contiguous"],
    ]) {
      const refused = runCli(["score", "-r", batchRecipe, "-i", input, ...extra]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        /cannot be used with this recipe: advantage grpo uses batch-wide statistics/,
      );
    }
    expect(existsSync(join(dir, "in.jsonl"))).toBe(true);
  });
});
