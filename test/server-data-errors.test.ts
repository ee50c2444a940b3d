/**
 * Data errors are loud at the HTTP door: counted in /metrics and stats, flagged per sample in
 * OpenRLHF's extra_logs, and in strict mode (server flag or recipe field) a 422 listing them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildScorer } from "../src/recipe/index.js";
import { type RunningServer, startServer } from "../src/server/index.js";
import { PARITY_DIR, postJson } from "./server-support.js";

const weighted = resolve(PARITY_DIR, "value-weighted.json");
const samples = [
  { id: "a", completion: "x", meta: { quality: 1 } },
  { id: "b", prompt: 3, completion: "y" },
  { completion: "z", meta: { quality: "high" } },
];

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("data errors", () => {
  it("are counted in stats and /metrics and flagged in extra_logs.data_errors by default", async () => {
    server = await startServer({ recipes: [weighted], port: 0 });
    const scored = await postJson(`${server.url}/v1/score`, { samples });
    expect(scored.status).toBe(200);
    expect((scored.body.stats as { dataErrors: number }).dataErrors).toBe(2);
    const reward = await postJson(`${server.url}/get_reward`, {
      query: ["q", 42],
      labels: [{ meta: { quality: 1 } }],
    });
    expect(reward.status).toBe(200);
    expect((reward.body.extra_logs as Record<string, number[]>).data_errors).toEqual([0, 1]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/plaudit_data_errors_total\{recipe="parity-value-weighted"\} 3/);
  });

  it("--strict fails the request with 422 listing index, id and the data issues", async () => {
    server = await startServer({ recipes: [weighted], port: 0, strict: true });
    const failed = await postJson(`${server.url}/v1/score`, { samples });
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({
      error: "data_errors",
      recipe: "parity-value-weighted",
      data_errors: 2,
      listed: 2,
    });
    const listed = failed.body.samples as Array<{
      index: number;
      id?: string;
      issues: Array<{ code: string }>;
    }>;
    expect(listed.map((s) => [s.index, s.id, s.issues.map((i) => i.code)])).toEqual([
      [1, "b", ["invalid_sample"]],
      [2, undefined, ["invalid_meta"]],
    ]);
    expect((await postJson(`${server.url}/get_reward`, { query: [42] })).status).toBe(422);
    expect((await postJson(`${server.url}/v1/score`, { samples: samples.slice(0, 1) })).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/plaudit_data_errors_total\{recipe="parity-value-weighted"\} 3/);
  });

  it("a recipe's strict: true fails only that recipe's requests", async () => {
    const recipe = { ...JSON.parse(readFileSync(weighted, "utf8")), name: "strict-weighted", strict: true };
    server = await startServer({
      recipes: [weighted, { name: "strict", scorer: buildScorer(recipe) }],
      port: 0,
    });
    expect((await postJson(`${server.url}/v1/score`, { samples })).status).toBe(200);
    expect((await postJson(`${server.url}/v1/score`, { recipe: "strict", samples })).status).toBe(422);
    expect((await postJson(`${server.url}/get_reward?recipe=strict`, { query: [42] })).status).toBe(422);
  });
});
