/**
 * JSONL in, JSONL out, line for line (issue 9 item 3): blank lines get a result, a BOM is
 * stripped, CRLF is accepted, schema errors name their line, in every scoring mode.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixtures, parseResults, removeTempDirs, runCli, tempDir } from "./support/cli.js";

const recipe = join(fixtures, "value.yaml");
const grpo = join(fixtures, "value-grpo.json");
const s = (id: number, a: number, group = "g") =>
  JSON.stringify({ id, group, completion: "x", meta: { a, b: 0 } });

afterAll(removeTempDirs);

describe("plaudit score, line for line", () => {
  it("gives blank and whitespace-only lines a result with their line number", () => {
    const input = [s(1, 1), "", "   \t ", s(2, 0), ""].join("\n");
    const { code, stdout } = runCli(["score", "-r", recipe, "-q"], `${input}\n`);
    expect(code).toBe(0);
    const results = parseResults(stdout);
    expect(results).toHaveLength(5);
    expect(results.map((r) => r.reward)).toEqual([1, null, null, 0, null]);
    expect(results[1]).toMatchObject({
      reward: null,
      components: { a: null, b: null },
      issues: [{ reward: "sample", code: "invalid_sample", message: "line 2: blank line (no sample)" }],
    });
    expect(results[2]!.issues[0]!.message).toBe("line 3: blank line (no sample)");
    expect(results[4]!.issues[0]!.message).toBe("line 5: blank line (no sample)");
  });

  it("strips a UTF-8 BOM and accepts CRLF, scoring exactly as the plain LF file", () => {
    const lf = `${[s(1, 1), s(2, 0.5), s(3, 0)].join("\n")}\n`;
    const plain = runCli(["score", "-r", recipe, "-q"], lf).stdout;
    const bomCrlf = runCli(["score", "-r", recipe, "-q"], `\uFEFF${lf.replace(/\n/g, "\r\n")}`).stdout;
    expect(parseResults(plain).map((r) => r.reward)).toEqual([1, 0.5, 0]);
    expect(bomCrlf).toBe(plain);
    // A last line without a newline, after CRLF lines, is a line too.
    const noFinalNewline = runCli(["score", "-r", recipe, "-q"], `\uFEFF${s(1, 1)}\r\n${s(2, 0.5)}`).stdout;
    expect(parseResults(noFinalNewline).map((r) => r.reward)).toEqual([1, 0.5]);
  });

  it("names the line number in schema errors as in JSON syntax errors", () => {
    const input = [
      s(1, 1),
      JSON.stringify({ id: 7, completion: 42 }),
      "{oops",
      JSON.stringify({ prompt: "p" }),
    ].join("\n");
    const results = parseResults(runCli(["score", "-r", recipe, "-q"], input).stdout);
    expect(results.map((r) => r.issues[0]?.message)).toEqual([
      undefined,
      expect.stringMatching(/^line 2: completion: /),
      expect.stringMatching(/^line 3: not valid JSON: /),
      expect.stringMatching(/^line 4: completion: /),
    ]);
    expect(results[1]!.id).toBe(7);
  });

  it("keeps line n ↔ result n in every mode of a whole-file recipe (memory, spill, contiguous)", () => {
    const dir = tempDir();
    const file = join(dir, "in.jsonl");
    const rows = [
      s(1, 1, "a"),
      s(2, 0, "a"),
      "",
      s(3, 2, "b"),
      "{bad",
      JSON.stringify({ id: 9 }),
      s(4, 4, "b"),
      "  ",
    ];
    writeFileSync(file, `\uFEFF${rows.join("\r\n")}\r\n`);
    const outputs = [
      ["--spill", "never"],
      ["--spill", "always", "--buckets", "3"],
      ["--groups", "contiguous", "--chunk-size", "1"],
    ].map((extra) => {
      const run = runCli(["score", "-r", grpo, "-i", file, "-q", ...extra]);
      expect(run.code, extra.join(" ")).toBe(0);
      return parseResults(run.stdout);
    });
    const [memory] = outputs;
    expect(memory!.map((r) => r.id)).toEqual([1, 2, undefined, 3, undefined, 9, 4, undefined]);
    expect(memory!.map((r) => r.reward)).toEqual([1, 0, null, 2, null, null, 4, null]);
    // group a: rewards 1, 0 → ±0.5 / (std 0.7071 + 1e-4); group b: 2, 4 → ∓1 / (std 1.4142 + 1e-4)
    expect(memory![0]!.advantage).toBeCloseTo(0.5 / (Math.SQRT1_2 + 1e-4), 10);
    expect(memory![6]!.advantage).toBeCloseTo(1 / (Math.SQRT2 + 1e-4), 10);
    expect(memory![5]!.issues[0]!.message).toMatch(/^line 6: completion: /);
    for (const other of outputs.slice(1)) expect(other).toEqual(memory);
  });
});
