/**
 * A local-vision recipe through every door: the library, the CLI (`plaudit score --allow-path`)
 * and the HTTP service (`POST /v1/score`) give the same results for the bundled text-to-image
 * example; a path outside the allowed roots is a data error at each door, never a score.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { loadRecipe } from "../src/recipe/node.js";
import { startServer } from "../src/server/index.js";
import { createVisionRuntime } from "../src/vision/runtime.js";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/cli/main.js");
const example = join(root, "examples/text-to-image");
const input = readFileSync(join(example, "rollouts.jsonl"), "utf8");
const samples = input
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Record<string, unknown>);

function runCli(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const strip = (results: Result[]) =>
  results.map(({ id, reward, components, advantage, issues }) => ({
    id,
    reward,
    components,
    advantage,
    issues,
  }));

describe("text-to-image OCR example through every door", { timeout: 120_000 }, () => {
  const vision = createVisionRuntime({ allowPaths: [example], workers: 1 });
  let library: Result[];
  beforeAll(async () => {
    library = (
      await buildScorer(loadRecipe(join(example, "recipe.yaml")), { env: { vision } }).score(samples)
    ).results;
  }, 120_000);
  afterAll(() => vision.close());

  it("library: Flow-GRPO OCR rewards of the four posters", () => {
    // "freshcoffee" (11): exact, one letter missing, "coffee" (5 edits), "nightmarket" (10 edits).
    expect(library.map((r) => r.reward)).toEqual([1, 1 - 1 / 11, 1 - 5 / 11, 1 - 10 / 11]);
    expect(library[0]!.advantage as number).toBeGreaterThan(0);
  });

  it("CLI: the same results with --allow-path; without it, image_not_allowed and no score", async () => {
    const args = [
      "score",
      "--recipe",
      "examples/text-to-image/recipe.yaml",
      "--allow-path",
      "examples/text-to-image",
    ];
    const { code, stdout } = await runCli(args, input);
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(strip(results)).toEqual(strip(library));
    const refused = await runCli(
      ["score", "--recipe", "examples/text-to-image/recipe.yaml"],
      input.split("\n")[0]!,
    );
    const result = JSON.parse(refused.stdout) as Result;
    expect(result.reward).toBeNull();
    expect(result.issues[0]!.code).toBe("image_not_allowed");
  });

  it("HTTP: POST /v1/score gives the same results", async () => {
    const served = createVisionRuntime({ allowPaths: [example], workers: 1 });
    const server = await startServer({
      recipes: [join(example, "recipe.yaml")],
      port: 0,
      env: { vision: served },
    });
    try {
      const response = await fetch(`${server.url}/v1/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ samples }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: Result[] };
      expect(strip(body.results)).toEqual(strip(library));
    } finally {
      await server.close();
      await served.close();
    }
  });
});
