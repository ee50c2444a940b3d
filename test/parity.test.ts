/**
 * The parity matrix: the same fixture cases give identical results in-process, through the built
 * CLI (`node dist/cli/main.js score`), through `POST /v1/score`, and (rewards only, for recipes
 * whose rewards do not depend on the batch) through OpenRLHF's `POST /get_reward`, one sample
 * per request as OpenRLHF sends them.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Result, validateSample } from "../src/core/index.js";
import { findPreset, Scorer } from "../src/recipe/index.js";
import { loadRecipe } from "../src/recipe/node.js";
import { type RunningServer, startServer } from "../src/server/index.js";
import { PARITY_DIR, postJson } from "./server-support.js";

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, "../dist/cli/main.js");

interface ParityCase {
  name: string;
  recipe: string;
  samples: string;
}

const { cases } = JSON.parse(readFileSync(resolve(PARITY_DIR, "cases.json"), "utf8")) as {
  cases: ParityCase[];
};

/** A file in the fixtures folder, or a preset name as is. */
function recipeRef(c: ParityCase): string {
  const file = resolve(PARITY_DIR, c.recipe);
  return existsSync(file) ? file : c.recipe;
}

function available(c: ParityCase): boolean {
  return existsSync(resolve(PARITY_DIR, c.recipe)) || findPreset(c.recipe) !== undefined;
}

function readSamples(c: ParityCase): unknown[] {
  return readFileSync(resolve(PARITY_DIR, c.samples), "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

/** What goes over the wire: JSON drops `undefined` and turns -0 into 0. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const active = cases.filter(available);
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    recipes: active.map((c) => `${c.name}=${recipeRef(c)}`),
    host: "127.0.0.1",
    port: 0,
  });
});

afterAll(async () => {
  await server?.close();
});

describe.each(cases)("parity: $name", (c) => {
  const skip = !available(c);

  it.skipIf(skip)("in-process, CLI and POST /v1/score give identical results", async () => {
    const samples = readSamples(c);
    const scorer = new Scorer(loadRecipe(recipeRef(c)));
    const inProcess = viaJson((await scorer.score(samples)).results);
    expect(inProcess).toHaveLength(samples.length);

    const { stdout } = await run(process.execPath, [
      CLI,
      "score",
      "--recipe",
      recipeRef(c),
      "--in",
      resolve(PARITY_DIR, c.samples),
      "--quiet",
    ]);
    const viaCli = stdout
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Result);
    // The CLI names the input line in schema errors ("line 10: completion: …"); the rest is equal.
    for (const result of viaCli)
      for (const issue of result.issues)
        if (issue.code === "invalid_sample") {
          expect(issue.message).toMatch(/^line \d+: /);
          issue.message = issue.message.replace(/^line \d+: /, "");
        }
    expect(viaCli).toEqual(inProcess);

    const { status, body } = await postJson(`${server.url}/v1/score`, { recipe: c.name, samples });
    expect(status).toBe(200);
    expect(body.results).toEqual(inProcess);
  });

  it.skipIf(skip)(
    "POST /get_reward, one sample per request, sends the same rewards (null as 0)",
    async () => {
      const scorer = new Scorer(loadRecipe(recipeRef(c)));
      if (scorer.combiner.combineBatch || scorer.rewards.some((r) => r.scoreGroup)) return;
      const valid = readSamples(c).filter(
        (s) => validateSample(s).ok && typeof (s as { prompt?: unknown }).prompt !== "object",
      );
      const expected = (await scorer.score(valid)).results;
      const replies = await Promise.all(
        valid.map((raw, i) => {
          const { completion, prompt, ...label } = raw as { completion: string; prompt?: string };
          return postJson(`${server.url}/get_reward?recipe=${encodeURIComponent(c.name)}`, {
            query: [`${prompt ?? ""}${completion}`],
            prompts: [prompt ?? ""],
            // The id key makes the label an object of sample fields, so it is spread, never taken as the reference.
            labels: [{ id: i, ...label }],
          });
        }),
      );
      replies.forEach((reply, i) => {
        expect(reply.status).toBe(200);
        const result = expected[i]!;
        expect(reply.body.rewards).toEqual([result.reward ?? 0]);
        expect(reply.body.scores).toEqual([result.reward ?? 0]);
        const logs = reply.body.extra_logs as Record<string, number[]>;
        for (const [name, value] of Object.entries(result.components))
          expect(logs[name]).toEqual([value ?? 0]);
      });
    },
  );
});
