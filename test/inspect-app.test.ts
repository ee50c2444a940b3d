import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createInspectApp,
  loadInspectSource,
  resolveAllowedImage,
  startInspector,
} from "../src/inspect/index.js";
import { writeGroundingFixture } from "./support/inspect-fixtures.js";
import { solidPng } from "./support/png.js";

let fixture: Awaited<ReturnType<typeof writeGroundingFixture>>;
let app: ReturnType<typeof createInspectApp>;
beforeAll(async () => {
  fixture = await writeGroundingFixture();
  const source = loadInspectSource({
    file: fixture.scoredPath,
    samples: fixture.samplesPath,
    recipe: "examples/grounding/recipe.yaml",
  });
  app = createInspectApp({ source, imageRoots: [fixture.images] });
});

/** A JSON reply whose shape the assertions check. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions themselves
type Json = any;

const json = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as Json, res };
};

describe("inspector API", () => {
  it("summarises the whole file: columns, stats, issues, data errors", async () => {
    const { body, res } = await json("/api/summary");
    expect(body).toMatchObject({ kind: "scored", count: 5, groups: 2, dataErrors: 1, joinedSamples: 5 });
    expect(body.columns).toEqual(["reward", "advantage", "components.format", "components.iou"]);
    expect(body.issues).toEqual([
      { code: "missing_image_size", rows: 1 },
      { code: "no_box_found", rows: 1 },
    ]);
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("pages sorted, filtered rows with the selection's stats", async () => {
    const { body } = await json("/api/rows?sort=components.iou&desc=1&min.reward=1&offset=1&limit=2&stats=1");
    expect(body.total).toBe(4);
    expect(body.rows.map((r: { id: string }) => r.id)).toEqual(["half", "none"]);
    expect(body.stats[0]).toMatchObject({ name: "reward", count: 4, min: 1, max: 2 });
    expect((await json("/api/rows?group=g2")).body.rows.map((r: { id: string }) => r.id)).toEqual([
      "xss",
      "nosize",
    ]);
    expect((await json("/api/rows?issue=no_box_found")).body.total).toBe(1);
    const bad = await json("/api/rows?min.reward=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/min.reward must be a number/);
  });

  it("gives a row's detail: sample, answer span, group advantages and the overlay in image pixels", async () => {
    const { body } = await json("/api/rows/0");
    expect(body.sample.completion).toBe(fixture.samples[0]!.completion);
    expect(body.group.map((g: { id: string }) => g.id)).toEqual(["hit", "half", "none"]);
    expect(body.overlay.shapes).toEqual([
      {
        reward: "iou",
        role: "pred",
        kind: "box",
        frame: "input-pixel",
        raw: [20, 10, 60, 40],
        pixels: [40, 20, 120, 80],
      },
      {
        reward: "iou",
        role: "ref",
        kind: "box",
        frame: "pixel",
        raw: [40, 20, 120, 80],
        pixels: [40, 20, 120, 80],
      },
    ]);
    const nosize = (await json("/api/rows/4")).body;
    expect(nosize.summary.dataError).toBe(true);
    expect(nosize.overlay.errors[0]).toMatchObject({ code: "missing_image_size" });
    expect((await json("/api/rows/5")).status).toBe(400);
  });

  it("serves images only from the allowed roots, and never another file", async () => {
    const ok = await app.request("/api/rows/0/images/0");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await ok.arrayBuffer()).equals(solidPng(400, 200, [255, 255, 255]))).toBe(true);
    expect((await app.request("/api/rows/0/images/1")).status).toBe(404);

    const outside = join(fixture.dir, "secret.png");
    writeFileSync(outside, solidPng(1, 1, [0, 0, 0]));
    expect(resolveAllowedImage("../secret.png", [fixture.images])).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    expect(resolveAllowedImage(outside, [fixture.images])).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    mkdirSync(join(fixture.images, "sub"), { recursive: true });
    symlinkSync(outside, join(fixture.images, "sub", "link.png"));
    expect(resolveAllowedImage("sub/link.png", [fixture.images])).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    expect(resolveAllowedImage("rollouts.jsonl", [fixture.dir])).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    expect(resolveAllowedImage("white.png", [])).toMatchObject({ ok: false, code: "image_not_allowed" });
    expect(resolveAllowedImage("white.png", [fixture.images])).toMatchObject({ ok: true });
  });

  it("refuses a foreign Host (DNS rebinding) and serves on loopback only", async () => {
    const inspector = await startInspector({ file: fixture.scoredPath });
    try {
      expect(inspector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(`${inspector.url}api/summary`)).status).toBe(200);
      const port = new URL(inspector.url).port;
      const { request } = await import("node:http");
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: "127.0.0.1", port, path: "/api/summary", headers: { host: `evil.example:${port}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on("error", reject);
        req.end();
      });
      expect(status).toBe(421);
    } finally {
      await inspector.close();
    }
  });
});

describe("plaudit serve --ui", () => {
  it("mounts the inspector at /ui/ behind the server's own middleware", async () => {
    const { createApp } = await import("../src/server/index.js");
    const source = loadInspectSource({ file: fixture.scoredPath, samples: fixture.samplesPath });
    const server = createApp({
      recipes: ["examples/grounding/recipe.yaml"],
      mounts: [{ path: "/ui", app: createInspectApp({ source, imageRoots: [fixture.images] }) }],
    });
    const redirect = await server.request("/ui");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/ui/");
    const summary = await server.request("/ui/api/summary");
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { count: number }).count).toBe(5);
    expect((await server.request("/ui/api/rows/0/images/0")).headers.get("content-type")).toBe("image/png");
    // The scoring routes are untouched.
    expect((await server.request("/healthz")).status).toBe(200);
  });

  it("with a token: a browser signs in once at /ui/?token=, then its cookie opens /ui/ and nothing else", async () => {
    const { createApp } = await import("../src/server/index.js");
    const source = loadInspectSource({ file: fixture.scoredPath, samples: fixture.samplesPath });
    const server = createApp({
      recipes: ["examples/grounding/recipe.yaml"],
      token: "s3cret",
      mounts: [{ path: "/ui", app: createInspectApp({ source, imageRoots: [fixture.images] }) }],
    });
    // A browser cannot send the header: without a session it gets a 401 that says how to sign in.
    const anonymous = await server.request("/ui/api/summary");
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json).message).toContain("/ui/?token=<token>");
    expect((await server.request("/ui/?token=wrong")).status).toBe(401);
    const signIn = await server.request("/ui/?token=s3cret&row=3");
    expect(signIn.status).toBe(302);
    // The token leaves the address bar; the cookie holds a digest of it, never the token.
    expect(signIn.headers.get("location")).toBe("/ui/?row=3");
    const setCookie = signIn.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^plaudit_session=[0-9a-f]{64}; Path=\/ui; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain("s3cret");
    const cookie = setCookie.split(";")[0]!;
    const summary = await server.request("/ui/api/summary", { headers: { cookie } });
    expect(summary.status).toBe(200);
    expect(((await summary.json()) as { count: number }).count).toBe(5);
    expect((await server.request("/ui?token=s3cret")).headers.get("location")).toBe("/ui/");
    // The cookie opens nothing outside the UI; the header still works everywhere.
    expect((await server.request("/v1/recipes", { headers: { cookie } })).status).toBe(401);
    expect((await server.request("/v1/recipes?token=s3cret")).status).toBe(401);
    expect(
      (await server.request("/v1/recipes", { headers: { authorization: "Bearer s3cret" } })).status,
    ).toBe(200);
    expect(
      (await server.request("/ui/api/summary", { headers: { cookie: "plaudit_session=00" } })).status,
    ).toBe(401);
  });
});
