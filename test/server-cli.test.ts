/** `plaudit serve` as a process: startup line, health, SIGTERM, and exit 2 for bad configuration. */
import { spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../src/server/index.js";
import { PARITY_DIR } from "./server-support.js";

const CLI = resolve(import.meta.dirname, "../dist/cli/main.js");

describe("plaudit serve (built CLI)", () => {
  it("prints its URL, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [CLI, "serve", "--recipe", resolve(PARITY_DIR, "value-weighted.json"), "--port", "0"],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    try {
      const url = await new Promise<string>((done, fail) => {
        let text = "";
        child.stderr.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
          if (match) done(match[0]);
        });
        child.once("exit", () => fail(new Error(text)));
      });
      expect(((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status).toBe("ok");
      const exited = new Promise<number | null>((done) => child.once("exit", done));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("exits 2 without a recipe, with an unknown recipe or a bad flag", () => {
    for (const args of [
      ["serve"],
      ["serve", "--recipe", "no-such-preset"],
      ["serve", "--recipe", "x.json", "--max-body", "lots"],
    ]) {
      const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 20_000 });
      expect(run.status).toBe(2);
    }
  });

  it("a busy port is one clear line and exit 2, no stack", async () => {
    const recipe = resolve(PARITY_DIR, "value-weighted.json");
    const taken = await startServer({ recipes: [recipe], port: 0 });
    try {
      const run = spawnSync(
        process.execPath,
        [CLI, "serve", "--recipe", recipe, "--port", String(taken.port)],
        {
          encoding: "utf8",
          timeout: 20_000,
        },
      );
      expect(run.status).toBe(2);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(
        `plaudit: cannot listen on 127.0.0.1:${taken.port}: it is already in use (pick another --port, or stop the other server)`,
      );
    } finally {
      await taken.close();
    }
  });
});
