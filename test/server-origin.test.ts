/**
 * Browsers and other origins: POST routes take only JSON, a token-less loopback server accepts
 * only loopback Host headers (DNS rebinding), and no response carries CORS headers.
 */
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server/index.js";
import { hostName } from "../src/server/middleware/origin.js";
import { PARITY_DIR, rawRequest } from "./server-support.js";

const weighted = resolve(PARITY_DIR, "value-weighted.json");
const body = JSON.stringify({ samples: [{ completion: "x", meta: { quality: 1 } }] });

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function send(s: RunningServer, headers: Record<string, string>, path = "/v1/score", method = "POST") {
  const payload = method === "POST" ? body : "";
  return rawRequest(s.port, path, { "content-length": String(payload.length), ...headers }, payload, method)
    .reply;
}

describe("content type", () => {
  it("415 for text/plain, form bodies or none; JSON with a charset is fine", async () => {
    server = await startServer({ recipes: [weighted], port: 0 });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const reply = await send(server, { "content-type": type });
      expect(reply.status).toBe(415);
      expect(JSON.parse(reply.body)).toMatchObject({ error: "unsupported_media_type" });
    }
    expect((await send(server, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
    expect((await send(server, { "content-type": "text/plain" }, "/get_reward")).status).toBe(415);
  });
});

describe("Host header", () => {
  it("a token-less loopback server accepts loopback names only", async () => {
    server = await startServer({ recipes: [weighted], port: 0 });
    const port = server.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "LOCALHOST"])
      expect((await send(server, { host })).status).toBe(200);
    const rebound = await send(server, { host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: "host_not_allowed" });
    expect(JSON.parse(rebound.body).message).toContain("--allow-host");
    expect((await send(server, { host: "attacker.example" }, "/metrics", "GET")).status).toBe(403);
    // Liveness probes send the pod address as Host; /healthz tells nothing worth rebinding for.
    expect((await send(server, { host: "10.0.0.7:8000" }, "/healthz", "GET")).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/plaudit_rejected_requests_total\{reason="host_not_allowed"\} 2/);
  });

  it("--allow-host adds names; a token or ['*'] lifts the default check", async () => {
    server = await startServer({ recipes: [weighted], port: 0, allowedHosts: ["plaudit.internal"] });
    expect((await send(server, { host: "plaudit.internal:8000" })).status).toBe(200);
    expect((await send(server, { host: "other.internal" })).status).toBe(403);
    await server.close();

    server = await startServer({ recipes: [weighted], port: 0, token: "s3cret" });
    expect((await send(server, { host: "gpu-node-7:8000", authorization: "Bearer s3cret" })).status).toBe(
      200,
    );
    await server.close();

    server = await startServer({ recipes: [weighted], port: 0, allowedHosts: ["*"] });
    expect((await send(server, { host: "anything" })).status).toBe(200);
  });

  it("reads host names out of Host values", () => {
    expect(hostName("[::1]:8000")).toBe("::1");
    expect(hostName("LocalHost:80")).toBe("localhost");
    expect(hostName("example.com")).toBe("example.com");
  });
});

describe("CORS", () => {
  it("no response grants another origin anything, preflight included", async () => {
    server = await startServer({ recipes: [weighted], port: 0 });
    const origin = "https://attacker.example";
    const post = await send(server, { origin });
    expect(post.status).toBe(200);
    const preflight = await send(
      server,
      { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      "/v1/score",
      "OPTIONS",
    );
    expect(preflight.status).toBe(404);
    for (const reply of [post, preflight])
      expect(Object.keys(reply.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });
});
