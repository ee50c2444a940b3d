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
  const source = readFileSync(resolve(import.meta.dirname, "../clients/python/plaudit_client.py"), "utf8");
  const codesOf = (constant: string) => {
    const block = new RegExp(`${constant} = frozenset\\(\\s*\\{([^}]*)\\}`).exec(source)?.[1] ?? "";
    return new Set([...block.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!));
  };
  // Every code of the kind is known to the client; no code of another kind is listed (codes this
  // build does not know yet may be: the client may be newer than the server).
  it.each([
    ["DATA_ISSUE_CODES", "data", 6],
    ["SERVER_ISSUE_CODES", "server", 4],
  ])("knows exactly the issue codes of %s's kind (%s)", (constant, kind, atLeast) => {
    const inClient = codesOf(constant);
    const kinds: Record<string, string> = ISSUE_KINDS;
    for (const [code, k] of Object.entries(kinds)) expect(inClient.has(code), code).toBe(k === kind);
    expect(inClient.size).toBeGreaterThanOrEqual(atLeast);
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
