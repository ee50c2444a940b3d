/**
 * `plaudit score` never destroys a file (issue 9 item 2): input checked before the output is
 * touched, input == output refused, output replaced only on success, temporary files removed on
 * failure and on signals, bad arguments as one line with exit 2, EPIPE ends quietly.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, fixtures, parseResults, removeTempDirs, root, runCli, tempDir } from "./support/cli.js";

const recipe = join(fixtures, "value.yaml");
const grpo = join(fixtures, "value-grpo.json");
const sample = (i: number, group = `g${i % 3}`) =>
  JSON.stringify({ id: i, group, completion: "x", meta: { a: i, b: 1 } });
const body = `${[0, 1, 2, 3].map((i) => sample(i)).join("\n")}\n`;

/** One line, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(pattern);
  expect(stderr.trim().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

afterAll(removeTempDirs);

describe("plaudit score keeps files safe", () => {
  it("refuses --in and --out naming the same file (path, symlink, hard link), leaving it intact", () => {
    const dir = tempDir();
    const input = join(dir, "same.jsonl");
    writeFileSync(input, body);
    symlinkSync(input, join(dir, "link.jsonl"));
    linkSync(input, join(dir, "hard.jsonl"));
    for (const out of [
      input,
      join(dir, "link.jsonl"),
      join(dir, "hard.jsonl"),
      join(dir, ".", "same.jsonl"),
    ]) {
      const { code, stderr } = runCli(["score", "-r", recipe, "--in", input, "--out", out]);
      expect(code).toBe(2);
      expectOneLine(stderr, /is the input file; refusing to overwrite the input/);
      expect(readFileSync(input, "utf8")).toBe(body);
    }
    expect(filesIn(dir)).toEqual(["hard.jsonl", "link.jsonl", "same.jsonl"]);
  });

  it("refuses the same file through stdin or stdout redirection", () => {
    const dir = tempDir();
    const file = join(dir, "data.jsonl");
    writeFileSync(file, body);
    // plaudit score -r R --out data.jsonl < data.jsonl
    const stdinFd = openSync(file, "r");
    const viaStdin = runCli(["score", "-r", recipe, "--out", file], undefined, {
      stdio: [stdinFd, "pipe", "pipe"],
    });
    closeSync(stdinFd);
    expect(viaStdin.code).toBe(2);
    expectOneLine(viaStdin.stderr, /is the input file/);
    // plaudit score -r R --in data.jsonl >> data.jsonl
    const stdoutFd = openSync(file, "a");
    const viaStdout = runCli(["score", "-r", recipe, "--in", file], undefined, {
      stdio: ["pipe", stdoutFd, "pipe"],
    });
    closeSync(stdoutFd);
    expect(viaStdout.code).toBe(2);
    expectOneLine(viaStdout.stderr, /\(stdout\) is the input file/);
    expect(readFileSync(file, "utf8")).toBe(body);
  });

  it("a mistyped --in leaves an existing --out untouched (exit 2, one line)", () => {
    const dir = tempDir();
    const out = join(dir, "scored.jsonl");
    writeFileSync(out, "precious\n");
    const { code, stderr } = runCli(["score", "-r", recipe, "--in", join(dir, "typo.jsonl"), "--out", out]);
    expect(code).toBe(2);
    expectOneLine(stderr, /--in .*typo\.jsonl: no such file/);
    expect(readFileSync(out, "utf8")).toBe("precious\n");
    expect(filesIn(dir)).toEqual(["scored.jsonl"]);
    const asDir = runCli(["score", "-r", recipe, "--in", dir, "--out", out]);
    expect(asDir.code).toBe(2);
    expectOneLine(asDir.stderr, /is a directory/);
  });

  it("every bad argument exits 2 with one clear line", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    writeFileSync(input, body);
    const cases: Array<[string[], RegExp]> = [
      [["--out", join(dir, "missing", "out.jsonl")], /--out .*: directory .*missing does not exist/],
      [["--out", dir], /--out .*: is a directory/],
      [["--stats", join(dir, "nowhere", "s.json")], /--stats .*: directory .*nowhere does not exist/],
      [["--stats", input], /--stats .* is the input file/],
      [["--chunk-size", "0"], /chunk-size.*expected a positive integer/],
      [["--buckets", "999"], /expected at most 254/],
      [["--groups", "sorted"], /--groups.*Allowed choices are any, contiguous/],
      [["--spill-dir", join(dir, "nope")], /--spill-dir .*: not an existing directory/],
      [["--frobnicate"], /unknown option '--frobnicate'/],
    ];
    for (const [extra, pattern] of cases) {
      const { code, stderr } = runCli(["score", "-r", recipe, "--in", input, ...extra]);
      expect(code, extra.join(" ")).toBe(2);
      expect(stderr.split("\n")[0], extra.join(" ")).toMatch(pattern);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(filesIn(dir)).toEqual(["in.jsonl"]);
  });

  it("writes --out only on success: a failed run leaves the old file and no temporary file", () => {
    const dir = tempDir();
    const input = join(dir, "in.jsonl");
    const out = join(dir, "out.jsonl");
    writeFileSync(out, "old results\n");
    // Group g0 comes back after g1: --groups contiguous fails at line 3, after the first batch was written.
    writeFileSync(input, `${[sample(0, "g0"), sample(1, "g1"), sample(2, "g0")].join("\n")}\n`);
    const { code, stderr } = runCli([
      "score",
      "-r",
      grpo,
      "-i",
      input,
      "-o",
      out,
      "--groups",
      "contiguous",
      "--chunk-size",
      "1",
    ]);
    expect(code).toBe(2);
    expectOneLine(stderr, /line 3: group "g0" appears again after other groups/);
    expect(readFileSync(out, "utf8")).toBe("old results\n");
    expect(filesIn(dir)).toEqual(["in.jsonl", "out.jsonl"]);
    // And a successful run replaces it, keeping its permissions.
    chmodSync(out, 0o640);
    expect(runCli(["score", "-r", grpo, "-i", input, "-o", out, "-q"]).code).toBe(0);
    expect(parseResults(readFileSync(out, "utf8"))).toHaveLength(3);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(filesIn(dir)).toEqual(["in.jsonl", "out.jsonl"]);
  });

  it.each([
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const)(
    "on %s removes the temporary output and spill files and keeps the old --out",
    async (signal, status) => {
      const dir = tempDir();
      const spill = tempDir("plaudit-spill-test-");
      const out = join(dir, "out.jsonl");
      writeFileSync(out, "old results\n");
      // stdin stays open, so the run is still reading when the signal comes.
      const child = spawn(
        process.execPath,
        [cli, "score", "-r", grpo, "-o", out, "--spill-dir", spill, "-q"],
        {
          cwd: root,
          stdio: ["pipe", "ignore", "pipe"],
        },
      );
      child.stdin.write(body);
      const started = Date.now();
      while (filesIn(dir).length < 2 || filesIn(spill).length < 1) {
        if (Date.now() - started > 60_000) throw new Error("the run did not start");
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(filesIn(dir).some((f) => f.startsWith(".out.jsonl.plaudit-") && f.endsWith(".tmp"))).toBe(true);
      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      child.kill(signal);
      expect(await exited).toBe(status);
      expect(filesIn(dir)).toEqual(["out.jsonl"]);
      expect(readFileSync(out, "utf8")).toBe("old results\n");
      expect(filesIn(spill)).toEqual([]);
    },
  );

  it("ends quietly when the reader of stdout goes away (| head -1), leaving no spill files", () => {
    const dir = tempDir();
    const spill = tempDir("plaudit-spill-test-");
    const input = join(dir, "in.jsonl");
    writeFileSync(input, `${Array.from({ length: 30_000 }, (_, i) => sample(i)).join("\n")}\n`);
    for (const r of [recipe, grpo]) {
      const script = `"${process.execPath}" "${cli}" score -r "${r}" -i "${input}" --spill always --spill-dir "${spill}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`;
      const out = spawnSync("bash", ["-c", script], { encoding: "utf8", cwd: root, timeout: 120_000 });
      expect(parseResults(out.stdout)).toHaveLength(1);
      expect(out.stderr).toBe("status 0\n");
      expect(existsSync(spill) && filesIn(spill)).toEqual([]);
    }
  });
});
