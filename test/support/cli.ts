/**
 * Running the built CLI (`dist/cli/main.js`) as a process in tests: `npm run build` first.
 * @module
 */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Result } from "../../src/core/index.js";

export const root = resolve(import.meta.dirname, "../..");
export const cli = join(root, "dist/cli/main.js");
export const fixtures = join(root, "test/fixtures/cli");

/** Exit code, stdout and stderr of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `plaudit ARGS` with `input` on stdin (or custom stdio).
 * @example
 * const { code, stdout } = runCli(["score", "-r", "gui-g2"], lines.join("\n"));
 */
export function runCli(args: string[], input?: string, options: SpawnSyncOptions = {}): CliRun {
  const out = spawnSync(process.execPath, [cli, ...args], {
    input,
    encoding: "utf8",
    cwd: root,
    timeout: 120_000,
    ...options,
  });
  return { code: out.status, stdout: String(out.stdout ?? ""), stderr: String(out.stderr ?? "") };
}

/**
 * Parses JSONL text into results.
 * @example
 * parseResults(stdout)[0].reward;
 */
export function parseResults(text: string): Result[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Result);
}

const created: string[] = [];

/**
 * A fresh temporary directory, removed by {@link removeTempDirs}.
 * @example
 * const dir = tempDir();
 */
export function tempDir(prefix = "plaudit-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/**
 * Removes every directory made by {@link tempDir} in this test file (call from `afterAll`).
 * @example
 * afterAll(removeTempDirs);
 */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
