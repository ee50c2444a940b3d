/**
 * `plaudit score` says what happened (issue 9 item 6 summary, item 4 `--strict`, issue 10 item 5
 * progress): the stderr summary, `--stats`, `-q`, `--strict` / recipe `strict`, and the progress
 * line only on a terminal.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildScorer } from "../src/recipe/index.js";
import { loadRecipe } from "../src/recipe/node.js";
import { cli, fixtures, parseResults, removeTempDirs, root, runCli, tempDir } from "./support/cli.js";

const recipe = join(fixtures, "value.yaml");
const grpo = join(fixtures, "value-grpo.json");
const row = (id: number, group: string, meta: Record<string, unknown>) =>
  JSON.stringify({ id, group, completion: "x", meta });

// Rewards a + 2b: x → 1, 2; y → 2 (b missing: not applicable), 4.
const clean = [
  row(1, "x", { a: 1, b: 0 }),
  row(2, "x", { a: 0, b: 1 }),
  row(3, "y", { a: 2 }),
  row(4, "y", { a: 4, b: 0 }),
];
// Data errors on lines 2 (invalid_meta), 3 (blank: invalid_sample) and 5 (invalid_meta).
const broken = [
  row(1, "x", { a: 1, b: 0 }),
  row(2, "x", { a: "oops", b: 1 }),
  "",
  row(4, "y", { a: 4, b: 0 }),
  row(5, "y", { a: 1, b: [] }),
];

afterAll(removeTempDirs);

describe("plaudit score summary", () => {
  it("prints per-component mean/std/nulls, issues by code and group stats to stderr", () => {
    const { code, stderr } = runCli(
      ["score", "-r", grpo, "-o", join(tempDir(), "o.jsonl")],
      clean.join("\n"),
    );
    expect(code).toBe(0);
    const lines = stderr.split("\n");
    expect(lines[0]).toMatch(/^plaudit: scored 4 samples \(0 invalid\) from stdin to .*o\.jsonl in [\d.]+s/);
    // a: 1, 0, 2, 4 → mean 1.75, population std √2.1875; b: 0, 1, –, 0; reward 1, 2, 2, 4.
    expect(lines).toContain("  a            1.750   1.479       0");
    expect(lines).toContain("  b            0.333   0.471       1");
    expect(lines).toContain("  reward       2.250   1.090       0");
    expect(lines).toContain("  issues: missing_meta ×1");
    expect(lines).toContain("  data errors: none");
    expect(stderr).toMatch(
      / {2}groups: 2, size 2; 0 collapsed \(all rewards equal: no learning signal\), 0 with null rewards/,
    );
  });

  it("writes --stats as the scorer's batch stats JSON (plus what the run did)", () => {
    const dir = tempDir();
    const statsFile = join(dir, "stats.json");
    const { code } = runCli(["score", "-r", grpo, "-q", "--stats", statsFile], clean.join("\n"));
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(statsFile, "utf8"));
    const inProcess = buildScorer(loadRecipe(grpo)).scoreSync(clean.map((l) => JSON.parse(l))).stats;
    const { run, ...stats } = written;
    expect(stats).toEqual(JSON.parse(JSON.stringify(inProcess)));
    expect(run).toMatchObject({ lines: 4, mode: "spill", maxHeld: expect.any(Number), dataErrorLines: [] });
  });

  it("counts data errors apart, with their first lines; --strict and recipe strict exit 3 with the output written", () => {
    const dir = tempDir();
    const out = join(dir, "out.jsonl");
    const relaxed = runCli(["score", "-r", recipe, "-o", out], broken.join("\n"));
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toMatch(/\n {2}issues: none\n/);
    expect(relaxed.stderr).toMatch(
      /\n {2}data errors: 3 samples \(invalid_meta ×2, invalid_sample ×1\); first lines: 2, 3, 5\n/,
    );

    const strict = runCli(["score", "-r", recipe, "-o", out, "--strict", "-q"], broken.join("\n"));
    expect(strict.code).toBe(3);
    expect(strict.stderr).toBe(
      `plaudit: strict: 3 samples have data errors (first lines: 2, 3, 5); results written to ${out}\n`,
    );
    expect(parseResults(readFileSync(out, "utf8"))).toHaveLength(5);

    const strictRecipe = join(dir, "strict.json");
    writeFileSync(
      strictRecipe,
      JSON.stringify({ strict: true, rewards: [{ name: "a", type: "value", config: { key: "a" } }] }),
    );
    const viaRecipe = runCli(["score", "-r", strictRecipe, "-q"], broken.join("\n"));
    expect(viaRecipe.code).toBe(3);
    expect(viaRecipe.stderr).toMatch(/strict: 2 samples have data errors \(first lines: 2, 3\)/);
    expect(runCli(["score", "-r", recipe, "--strict", "-q"], clean.join("\n")).code).toBe(0);

    // Only the first ten lines are listed.
    const many = Array.from({ length: 25 }, (_, i) => row(i, "x", { a: i % 2 ? "bad" : 1, b: 0 }));
    const long = runCli(["score", "-r", recipe, "--strict", "-q"], many.join("\n"));
    expect(long.stderr).toMatch(
      /strict: 12 samples have data errors \(first lines: 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, …\)/,
    );
  });

  it("-q silences summary and progress; without a terminal there is no progress line", () => {
    const quiet = runCli(["score", "-r", grpo, "-q"], clean.join("\n"));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    const loud = runCli(["score", "-r", grpo], clean.join("\n"));
    expect(loud.stderr).not.toMatch(/\r/);
  });

  it("shows a progress line with rate and ETA when stderr is a terminal", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    writeFileSync(
      input,
      `${Array.from({ length: 5000 }, (_, i) => row(i, `g${i % 50}`, { a: i, b: 0 })).join("\n")}\n`,
    );
    const command = (extra: string) =>
      `"${process.execPath}" "${cli}" score -r "${grpo}" -i "${input}" -o "${join(dir, "o.jsonl")}" --spill never --chunk-size 100 ${extra}`;
    const tty = (extra: string) =>
      spawnSync("script", ["-qec", command(extra), "/dev/null"], {
        encoding: "utf8",
        cwd: root,
        timeout: 120_000,
      });
    const shown = tty("");
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/plaudit: reading [\d.]+( k)? · [\d.]+( k| M)?\/s · [\d.]+% · ETA /);
    expect(shown.stdout).toContain("\r\u001b[K");
    expect(shown.stdout).toMatch(/plaudit: scored 5000 samples/);
    const silenced = tty("-q");
    expect(silenced.status).toBe(0);
    expect(silenced.stdout).toBe("");
  });
});
