/**
 * Runs the Python client's unittest suite (clients/python) so `npm test` covers it: the suite
 * starts a real `node dist/cli/main.js serve` on a free loopback port. Skipped only when python3
 * is not installed.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ISSUE_KINDS } from "../src/core/index.js";

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

describe("Python client (clients/python)", () => {
  it("knows exactly the issue codes of kind data (its data_errors flag)", () => {
    const source = readFileSync(resolve(import.meta.dirname, "../clients/python/plaudit_client.py"), "utf8");
    const block = /DATA_ISSUE_CODES = frozenset\(\s*\{([^}]*)\}/.exec(source)?.[1] ?? "";
    const inClient = new Set([...block.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!));
    const kinds: Record<string, string> = ISSUE_KINDS;
    // Every data code is known to the client; no code of another kind is listed (codes this build
    // does not know yet may be: the client may be newer than the server).
    for (const [code, kind] of Object.entries(kinds)) {
      expect(inClient.has(code), code).toBe(kind === "data");
    }
    expect(inClient.size).toBeGreaterThanOrEqual(6);
  });

  it.skipIf(!hasPython)(
    "python3 -m unittest passes against a real plaudit serve",
    () => {
      const run = spawnSync("python3", ["-m", "unittest", "-v", "test_plaudit_client"], {
        cwd: resolve(import.meta.dirname, "../clients/python"),
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONWARNINGS: "ignore::ResourceWarning" },
      });
      if (run.status !== 0) console.error(run.stdout, run.stderr);
      expect(run.stderr).toMatch(/\nOK/);
      expect(run.status).toBe(0);
    },
    130_000,
  );
});
