import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Result } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { loadRecipe } from "../src/recipe/node.js";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/cli/main.js");
const fixtures = join(root, "test/fixtures/cli");

function run(args: string[], input?: string) {
  const out = spawnSync(process.execPath, [cli, ...args], {
    input,
    encoding: "utf8",
    cwd: root,
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const lines = [
  JSON.stringify({ id: 1, group: "g", completion: "x", meta: { a: 1, b: 0.5 } }),
  "{not json",
  JSON.stringify({ id: 2, group: "h", completion: "y", meta: { a: 0 } }),
  "",
  JSON.stringify({ id: 3, completion: 42 }),
  JSON.stringify({ id: 4, group: "g", completion: "z", meta: { a: 0, b: 0 } }),
];

describe("plaudit score", () => {
  it("streams stdin to stdout in order, one result per non-blank line, bad lines as invalid_sample", () => {
    const { code, stdout, stderr } = run(
      ["score", "--recipe", join(fixtures, "value.yaml")],
      `${lines.join("\n")}\n`,
    );
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(results).toHaveLength(5);
    expect(results.map((r) => r.reward)).toEqual([2, null, 0, null, 0]);
    expect(results[1]!.issues[0]).toMatchObject({ code: "invalid_sample", reward: "sample" });
    expect(results[1]!.issues[0]!.message).toMatch(/line 2: not valid JSON/);
    expect(results[3]).toMatchObject({ id: 3, reward: null, components: { a: null, b: null } });
    expect(stderr).toMatch(/scored 5 samples \(2 invalid\)/);
  });

  it("matches the library result for result (parity)", () => {
    const { stdout } = run(
      ["score", "--recipe", join(fixtures, "value.yaml"), "--quiet"],
      lines.filter((l) => l && l !== "{not json").join("\n"),
    );
    const viaCli = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const inProcess = buildScorer(loadRecipe(join(fixtures, "value.yaml"))).scoreSync(
      lines.filter((l) => l && l !== "{not json").map((l) => JSON.parse(l)),
    ).results;
    expect(viaCli).toEqual(JSON.parse(JSON.stringify(inProcess)));
  });

  it("computes advantages over the whole file with interleaved groups (file in, file out)", () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-cli-"));
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    const rows = [0, 1, 2, 3, 4, 5].map((i) =>
      JSON.stringify({ id: i, group: i % 2 ? "odd" : "even", completion: "", meta: { a: i } }),
    );
    rows.splice(3, 0, "{broken");
    writeFileSync(input, `${rows.join("\n")}\n`);
    const { code } = run([
      "score",
      "-r",
      join(fixtures, "value-grpo.json"),
      "--in",
      input,
      "--out",
      output,
      "--chunk-size",
      "2",
    ]);
    expect(code).toBe(0);
    const results = readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(results.map((r) => r.id)).toEqual([0, 1, 2, undefined, 3, 4, 5]);
    expect(results[3]).toMatchObject({ reward: null, advantage: 0, issues: [{ code: "invalid_sample" }] });
    results.splice(3, 1);
    // even: rewards 0, 2, 4 → mean 2, unbiased std 2; advantages −1, 0, 1 (eps 1e-4).
    expect(results[0]!.advantage).toBeCloseTo(-2 / 2.0001, 10);
    expect(results[2]!.advantage).toBe(0);
    expect(results[5]!.advantage).toBeCloseTo(2 / 2.0001, 10);
  });

  it("accepts TRL's conversational completion: the last assistant message's text is scored", () => {
    const conversation = [
      { role: "assistant", content: "Rome" },
      { role: "tool", content: "checked" },
      {
        role: "assistant",
        content: [{ type: "image" }, { type: "text", text: "Par" }, { type: "text", text: "is" }],
      },
    ];
    const input = [
      JSON.stringify({ id: "c", completion: conversation, reference: "Paris" }),
      JSON.stringify({ id: "u", completion: [{ role: "user", content: "Paris" }], reference: "Paris" }),
    ].join("\n");
    const { code, stdout } = run(["score", "--recipe", join(fixtures, "exact.yaml"), "--quiet"], input);
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(results[0]).toMatchObject({ id: "c", reward: 1, components: { exact: 1 }, issues: [] });
    expect(results[1]).toMatchObject({ id: "u", reward: null, issues: [{ code: "invalid_sample" }] });
    expect(results[1]!.issues[0]!.message).toMatch(/completion.*assistant/);
  });

  it("a data error (reference box, no image size, input-pixel frame) is a null reward with advantage 0", () => {
    const sizes = { image: { width: 100, height: 100 }, input_image: { width: 100, height: 100 } };
    const completion = (box: string) => `<think>a</think><answer>${box}</answer>`;
    const rows = [
      { id: "a", group: "p", completion: completion("[0,0,50,50]"), reference: [0, 0, 50, 50], ...sizes },
      { id: "b", group: "p", completion: completion("[0,0,25,50]"), reference: [0, 0, 50, 50], ...sizes },
      { id: "c", group: "p", completion: completion("[60,60,90,90]"), reference: [0, 0, 50, 50], ...sizes },
      { id: "broken", group: "p", completion: completion("[0,0,50,50]"), reference: [0, 0, 50, 50] },
    ];
    const { code, stdout } = run(
      ["score", "--recipe", join(fixtures, "box-grpo.yaml"), "--quiet"],
      rows.map((r) => JSON.stringify(r)).join("\n"),
    );
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(results[3]).toMatchObject({ id: "broken", reward: null, advantage: 0 });
    expect(results[3]!.issues.map((i) => i.code)).toEqual(["missing_image_size"]);
    // The well-formed group keeps its own statistics: rewards 2, 1.5, 1 → advantages 1, 0, −1 (eps 1e-4).
    expect(results.slice(0, 3).map((r) => r.reward)).toEqual([2, 1.5, 1]);
    expect(results[0]!.advantage).toBeCloseTo(0.5 / 0.5001, 9);
  });

  it("exits 2 with the field, value and choices for a bad recipe", () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-cli-"));
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "rewards:\n  - { name: a, type: value, config: { key: a } }\ncombine: { type: average }\n",
    );
    const { code, stderr } = run(["score", "--recipe", bad], "");
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /combine\.type: unknown combine type \(got "average"\); valid choices: .*weighted/,
    );
    const missing = run(["score", "--recipe", "no-such-preset"], "");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/neither a preset nor an existing recipe file/);
  });

  it("exits 2 for bad arguments and teaches with --help", () => {
    expect(run(["score"]).code).toBe(2);
    expect(run(["score", "--recipe", "x", "--chunk-size", "0"]).code).toBe(2);
    expect(run(["frobnicate"]).code).toBe(2);
    const help = run(["score", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    expect(run(["--help"]).stdout).toMatch(/plaudit demo/);
  });
});

describe("plaudit presets", () => {
  it("lists presets and reward types, as text and as JSON", () => {
    const text = run(["presets"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Reward types:/);
    expect(text.stdout).toMatch(/value\s+Reads the number/);
    const json = JSON.parse(run(["presets", "--json"]).stdout) as {
      rewards: Array<{ type: string; configSchema: unknown }>;
      advantage: Array<{ type: string }>;
    };
    expect(json.rewards.find((r) => r.type === "value")!.configSchema).toMatchObject({ required: ["key"] });
    expect(json.advantage.map((a) => a.type)).toContain("grpo");
  });
});

describe("plaudit demo", () => {
  it("scores the bundled example and writes the JSONL", () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-demo-"));
    const out = join(dir, "scored.jsonl");
    const { code, stdout, stderr } = run(["demo", "--out", out]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Reward distribution/);
    expect(stdout).toMatch(/Example rollouts:/);
    const results = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(results).toHaveLength(49);
    expect(results.filter((r) => r.issues.some((i) => i.code === "invalid_sample"))).toHaveLength(1);
    expect(results.some((r) => r.issues.some((i) => i.code === "missing_image_size"))).toBe(true);
    expect(results.every((r) => r.reward === null || Number.isFinite(r.reward))).toBe(true);
  });
});
