/**
 * Judge recipes through every door against one fake upstream judge: the library, the CLI
 * (`plaudit score --endpoint judge=URL`) and the HTTP service (`POST /v1/score`) give the same
 * results, and a judge outage is visible at each door (issues, the CLI summary, `/metrics`),
 * never a reward of 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "../src/core/index.js";
import { createModelProvider } from "../src/models/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { startServer } from "../src/server/index.js";
import {
  chatCompletion,
  type FakeModelServer,
  startFakeModelServer,
  userText,
} from "./support/fake-model-server.js";
import { TINY_PNG_BASE64 } from "./support/png.js";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/cli/main.js");
const PNG = TINY_PNG_BASE64;

// A judge whose score is the caption's word count (1–5); "[broken]" gets an unparseable reply.
let judge: FakeModelServer;
beforeAll(async () => {
  judge = await startFakeModelServer((req) => {
    const text = userText(req.body);
    // Pairwise: the longer completion wins; a "down" completion makes the judge fail.
    const pair = /Compare A=<([^>]*)> and B=<([^>]*)>/.exec(text);
    if (pair) {
      if (pair[1] === "down" || pair[2] === "down") return { status: 500, json: { error: "down" } };
      return { json: chatCompletion(pair[1]!.length >= pair[2]!.length ? "A is better" : "B is better") };
    }
    const caption = /Text Caption: \[(.*)\]/.exec(text)?.[1] ?? "";
    if (caption === "broken") return { json: chatCompletion("I refuse.") };
    return { json: chatCompletion(`Final Score: ${Math.min(5, caption.split(" ").length)}`) };
  });
});
afterAll(() => judge.close());

const samples = [
  { id: "a", prompt: "a cat", completion: "", images: [{ data: PNG, role: "output" }] },
  { id: "b", prompt: "a red cube on grass", completion: "" },
  { id: "c", prompt: "broken", completion: "" },
  { id: "d", prompt: "one", completion: "" },
];
const preset = "unified-reward/image-generation-pointwise";

function runCli(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, PLAUDIT_ENDPOINT_JUDGE: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const strip = (results: Result[]) =>
  results.map(({ id, reward, components, issues, details }) => ({ id, reward, components, issues, details }));

describe("judge recipes through every door", () => {
  let library: Result[];
  beforeAll(async () => {
    const models = createModelProvider({ endpoints: { judge: judge.url }, env: {} });
    library = (await buildScorer(preset, { env: { models } }).score(samples)).results;
    await models.close?.();
  });

  it("library: scores, nulls with judge issues, never 0", () => {
    expect(library.map((r) => r.reward)).toEqual([0.25, 1, null, 0]);
    expect(library[2]!.issues[0]!.code).toBe("judge_unparseable");
  });

  it("CLI: the same results, and the summary counts the judge issue", async () => {
    const input = `${samples.map((s) => JSON.stringify(s)).join("\n")}\n`;
    const { code, stdout, stderr } = await runCli(
      ["score", "--recipe", preset, "--endpoint", `judge=${judge.url}`],
      input,
    );
    expect(code).toBe(0);
    const results = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Result);
    expect(strip(results)).toEqual(strip(library));
    expect(stderr).toContain("model server failures: 1 samples (judge_unparseable ×1)");
  });

  it("CLI: image paths are read only under --allow-path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-cli-img-"));
    writeFileSync(join(dir, "0.png"), Buffer.from(PNG, "base64"));
    const line = `${JSON.stringify({ prompt: "a dog", completion: "", images: [{ path: join(dir, "0.png"), role: "output" }] })}\n`;
    const refused = await runCli(["score", "--recipe", preset, "--endpoint", `judge=${judge.url}`], line);
    expect((JSON.parse(refused.stdout) as Result).issues[0]!.code).toBe("image_not_allowed");
    const allowed = await runCli(
      ["score", "--recipe", preset, "--endpoint", `judge=${judge.url}`, "--allow-path", dir],
      line,
    );
    expect((JSON.parse(allowed.stdout) as Result).reward).toBe(0.25);
  });

  it("CLI: a judge preset without an endpoint URL fails at load naming the flag", async () => {
    const { code, stderr } = await runCli(["score", "--recipe", preset], "");
    expect(code).toBe(2);
    expect(stderr).toContain("--endpoint judge=URL");
  });

  it("HTTP: POST /v1/score gives the same results; /metrics counts the judge issue", async () => {
    const models = createModelProvider({ endpoints: { judge: judge.url }, env: {} });
    const server = await startServer({ recipes: [preset], port: 0, env: { models } });
    try {
      const response = await fetch(`${server.url}/v1/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ samples }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        results: Result[];
        stats: { rewards?: Record<string, unknown> };
      };
      expect(strip(body.results)).toEqual(strip(library));
      expect(body.stats.rewards?.judge).toMatchObject({ scored: 3, unparseable: 1, constant: false });
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/plaudit_issues_total\{[^}]*code="judge_unparseable"[^}]*\} 1/);
      expect(metrics).toMatch(/plaudit_server_errors_total\{recipe="[^"]+"\} 1/);
      // Per endpoint: 4 samples, 4 calls (none failed at the HTTP level: "broken" is unparseable).
      const endpoint = `url="${judge.url.replace(/\/+$/, "")}",model="[^"]+"`;
      expect(metrics).toMatch(new RegExp(`plaudit_model_requests_total\\{${endpoint}\\} 4\\n`));
      expect(metrics).toMatch(new RegExp(`plaudit_model_failures_total\\{${endpoint}\\} 0\\n`));
      // OpenRLHF's door flags the failed sample in extra_logs (it logs every key).
      const openrlhf = await fetch(`${server.url}/get_reward`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: ["a cat", "broken"], prompts: ["a cat", "broken"] }),
      });
      const logs = ((await openrlhf.json()) as { extra_logs: Record<string, number[]> }).extra_logs;
      expect(logs.server_errors).toEqual([0, 1]);
      expect(logs.data_errors).toEqual([0, 0]);
      const described = (await (await fetch(`${server.url}/v1/recipes`)).json()) as {
        recipes: Array<{ callsModels: boolean }>;
      };
      expect(described.recipes[0]!.callsModels).toBe(true);
    } finally {
      await server.close();
      await models.close?.();
    }
  });

  describe("a pairwise judge in groups (win rates, GRPO), with an outage in one group", () => {
    const recipe = {
      name: "doors-pairwise",
      rewards: [
        {
          name: "judge",
          type: "judge.pairwise",
          config: {
            endpoint: { name: "judge", model: "judge", protocol: "openai-chat", retries: 0 },
            template: "Compare A=<{{completion_a}}> and B=<{{completion_b}}>",
            parse: { a: "A is better", b: "B is better" },
          },
        },
      ],
      advantage: { type: "grpo" },
    };
    const grouped = [
      { id: "g1-long", group: "g1", completion: "a long answer" },
      { id: "g1-mid", group: "g1", completion: "medium" },
      { id: "g1-short", group: "g1", completion: "s" },
      { id: "g2-ok", group: "g2", completion: "fine" },
      { id: "g2-down", group: "g2", completion: "down" },
    ];
    let file: string;
    let inProcess: Result[];
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), "plaudit-doors-pair-"));
      file = join(dir, "pairwise.json");
      writeFileSync(file, JSON.stringify(recipe));
      const models = createModelProvider({ endpoints: { judge: judge.url }, env: {} });
      inProcess = (await buildScorer(recipe, { env: { models } }).score(grouped)).results;
      await models.close?.();
    });
    const full = (results: Result[]) =>
      results.map(({ id, reward, components, advantage, issues }) => ({
        id,
        reward,
        components,
        advantage,
        issues,
      }));

    it("library: win rates in both orders; the failed group is null with judge_error, never 0", () => {
      expect(inProcess.map((r) => r.reward)).toEqual([1, 0.5, 0, null, null]);
      expect(inProcess[3]!.issues.map((i) => i.code)).toContain("judge_error");
      expect(inProcess[3]!.advantage).toBe(0);
      expect(inProcess[0]!.advantage).toBeGreaterThan(0);
    });

    it("CLI and POST /v1/score give the same results, advantages included", async () => {
      const input = `${grouped.map((s) => JSON.stringify(s)).join("\n")}\n`;
      const cli = await runCli(["score", "--recipe", file, "--endpoint", `judge=${judge.url}`, "-q"], input);
      expect(cli.code).toBe(0);
      const viaCli = cli.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Result);
      expect(full(viaCli)).toEqual(full(inProcess));
      const models = createModelProvider({ endpoints: { judge: judge.url }, env: {} });
      const server = await startServer({ recipes: [file], port: 0, env: { models } });
      try {
        const response = await fetch(`${server.url}/v1/score`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ samples: grouped }),
        });
        const body = (await response.json()) as { results: Result[]; stats: { serverErrors: number } };
        expect(full(body.results)).toEqual(full(inProcess));
        expect(body.stats.serverErrors).toBe(2);
      } finally {
        await server.close();
        await models.close?.();
      }
    });
  });
});
