/** The columnar response of POST /v1/score carries exactly what the row format carries. */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "../src/core/index.js";
import { type RunningServer, startServer } from "../src/server/index.js";
import { PARITY_DIR, postJson } from "./server-support.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    recipes: [resolve(PARITY_DIR, "value-weighted.json"), `g=${resolve(PARITY_DIR, "value-grpo.json")}`],
    port: 0,
  });
});
afterAll(async () => {
  await server?.close();
});

const samples = [
  { id: "a", group: "p", completion: "", meta: { quality: 1, bonus: 0 } },
  { group: "p", completion: "", meta: { quality: 0, bonus: 0.5 } },
  { id: 3, group: "p", prompt: 3, completion: "" },
];

describe("format: columnar", () => {
  it("has the same ids, rewards, components, advantages, issues and stats as the rows", async () => {
    const rows = await postJson(`${server.url}/v1/score`, { recipe: "g", samples });
    const columnar = await postJson(`${server.url}/v1/score`, { recipe: "g", samples, format: "columnar" });
    expect(columnar.status).toBe(200);
    const results = rows.body.results as Result[];
    const body = columnar.body as Record<string, unknown> & { components: Record<string, unknown[]> };
    expect(body.format).toBe("columnar");
    expect(body.count).toBe(3);
    expect(body.ids).toEqual(["a", null, 3]);
    expect(body.rewards).toEqual(results.map((r) => r.reward));
    expect(Object.keys(body.components)).toEqual(Object.keys(results[0]!.components));
    for (const name of Object.keys(body.components))
      expect(body.components[name]).toEqual(results.map((r) => r.components[name]));
    expect(body.advantages).toEqual(results.map((r) => r.advantage));
    expect(body.issues).toEqual(
      results.flatMap((r, index) => r.issues.map((issue) => ({ index, ...issue }))),
    );
    expect(body.stats).toEqual(rows.body.stats);
  });

  it("?format=columnar works too; no advantages key without advantages; a bad format is a 400", async () => {
    const plain = await postJson(`${server.url}/v1/score?format=columnar`, { samples: samples.slice(0, 1) });
    expect(plain.body).toMatchObject({ format: "columnar", rewards: [1] });
    expect(plain.body).not.toHaveProperty("advantages");
    const bad = await postJson(`${server.url}/v1/score`, { samples: [], format: "csv" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: "format", message: "expected one of rows, columnar" }]);
  });
});
