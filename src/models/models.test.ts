import { describe, expect, it } from "vitest";
import { ReplyCache, requestKey } from "./cache.js";
import { EndpointSchema } from "./endpoint.js";
import { retryAfterMs } from "./http.js";
import { Limiter } from "./limiter.js";
import { openaiChat } from "./protocols/openai-chat.js";
import { createModelProvider } from "./provider.js";

describe("models: building blocks", () => {
  it("retryAfterMs reads delta seconds and HTTP dates, capped at 60 s", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("0")).toBe(0);
    expect(retryAfterMs("9999")).toBe(60_000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs("soon")).toBeUndefined();
    const now = Date.parse("Wed, 02 Dec 2026 07:00:00 GMT");
    expect(retryAfterMs("Wed, 02 Dec 2026 07:00:03 GMT", now)).toBe(3000);
    expect(retryAfterMs("Wed, 02 Dec 2026 06:00:00 GMT", now)).toBe(0);
  });

  it("requestKey depends on the URL and every byte of the body", () => {
    const a = requestKey("http://127.0.0.1:1/v1/chat/completions", '{"model":"m","messages":[]}');
    expect(requestKey("http://127.0.0.1:1/v1/chat/completions", '{"model":"m","messages":[]}')).toBe(a);
    expect(requestKey("http://127.0.0.1:2/v1/chat/completions", '{"model":"m","messages":[]}')).not.toBe(a);
    expect(requestKey("http://127.0.0.1:1/v1/chat/completions", '{"model":"n","messages":[]}')).not.toBe(a);
  });

  it("ReplyCache shares in-flight calls, evicts the least recently used, forgets failures", async () => {
    const cache = new ReplyCache<{ ok: boolean; n: number }>(2);
    let calls = 0;
    const call = (ok: boolean) => async () => ({ ok, n: ++calls });
    const keep = (v: { ok: boolean }) => v.ok;
    const [x, y] = await Promise.all([cache.get("a", call(true), keep), cache.get("a", call(true), keep)]);
    expect(x).toBe(y);
    expect(calls).toBe(1);
    await cache.get("b", call(true), keep);
    await cache.get("a", call(true), keep); // a is now most recent
    await cache.get("c", call(true), keep); // evicts b
    expect(cache.size).toBe(2);
    await cache.get("b", call(true), keep);
    expect(calls).toBe(4);
    await cache.get("f", call(false), keep);
    await new Promise((r) => setTimeout(r, 0));
    await cache.get("f", call(false), keep);
    expect(calls).toBe(6);
  });

  it("Limiter never lets more than the limit in and hands slots over in order", async () => {
    const limiter = new Limiter(2);
    let active = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const release = await limiter.acquire();
        active++;
        most = Math.max(most, active);
        order.push(i);
        await new Promise((r) => setTimeout(r, 1));
        active--;
        release();
        release(); // a second call is a no-op
      }),
    );
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(limiter.active).toBe(0);
    limiter.lower(1);
    expect(limiter.limit).toBe(1);
    limiter.lower(5);
    expect(limiter.limit).toBe(1);
  });

  it("requestKey is the SHA-256 of url, newline, body (the on-disk cache's file names)", () => {
    expect(requestKey("ab", "c")).toBe("Cs35omZRmNp4QjLYJ7Aa49JK9dsGDXI5UM_NR82CrAc");
  });

  it("openai-chat reads plain replies and schema-checked ones alike", () => {
    const message = (content: unknown) => ({ role: "assistant", content });
    const choice = (extra: Record<string, unknown>) => ({ index: 0, message: message("ok"), ...extra });
    expect(openaiChat.parseChat({ choices: [choice({ finish_reason: "stop", logprobs: null })] })).toEqual({
      ok: true,
      value: { text: "ok", finishReason: "stop" },
    });
    expect(openaiChat.parseChat({ choices: [{ message: message(null), finish_reason: null }] })).toEqual({
      ok: true,
      value: { text: "" },
    });
    // With logprobs the schema path reads them.
    const withLogprobs = openaiChat.parseChat({
      choices: [choice({ logprobs: { content: [{ token: "Yes", logprob: -9999 }] } })],
    });
    expect(withLogprobs).toEqual({
      ok: true,
      value: { text: "ok", logprobs: [{ token: "Yes", logprob: Number.NEGATIVE_INFINITY, top: [] }] },
    });
    // Every choice is checked, as the schema does; bad shapes are errors naming the path.
    for (const bad of [
      { choices: [] },
      { choices: [choice({}), { message: message(3) }] },
      { choices: [choice({ finish_reason: 1 })] },
      { choices: [{ message: [] }] },
      [],
      null,
    ]) {
      const out = openaiChat.parseChat(bad);
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.code).toBe("judge_error");
    }
  });
});

describe("models: image policy", () => {
  it("a link inside an allowed root that leads outside is refused; magic bytes decide the type", async () => {
    const { mkdtempSync, symlinkSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { imageLoader, imageMime } = await import("./images.js");
    const root = mkdtempSync(join(tmpdir(), "plaudit-root-"));
    const outside = mkdtempSync(join(tmpdir(), "plaudit-outside-"));
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    writeFileSync(join(outside, "secret.jpg"), jpeg);
    writeFileSync(join(root, "ok.jpg"), jpeg);
    symlinkSync(join(outside, "secret.jpg"), join(root, "link.jpg"));
    const load = imageLoader({ allowPaths: [root] });
    expect(await load({ path: join(root, "ok.jpg") })).toEqual({
      ok: true,
      url: `data:image/jpeg;base64,${jpeg.toString("base64")}`,
      base64: jpeg.toString("base64"),
    });
    expect(await load({ path: join(root, "link.jpg") })).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    expect(await load({ path: join(root, "..", "x.jpg") })).toMatchObject({
      ok: false,
      code: "image_not_allowed",
    });
    expect(await load({ path: join(root, "missing.jpg") })).toMatchObject({
      ok: false,
      code: "image_unreadable",
    });
    expect(await load({ data: `data:image/png;base64,${jpeg.toString("base64")}` })).toMatchObject({
      ok: true,
      url: `data:image/jpeg;base64,${jpeg.toString("base64")}`,
    });
    expect(await load({ data: "data:image/png,rawtext" })).toMatchObject({
      ok: false,
      code: "image_unreadable",
    });
    expect(await load({ url: "file:///etc/passwd" })).toMatchObject({ ok: false, code: "image_not_allowed" });
    expect(imageMime(Buffer.from("GIF89a"))).toBe("image/gif");
    expect(imageMime(Buffer.from("RIFF\0\0\0\0WEBP"))).toBe("image/webp");
    expect(imageMime(Buffer.from("hello"))).toBeUndefined();
  });
});

describe("models: per-endpoint counters", () => {
  it("are kept per url + model, without user info in the url, and sum to the provider's counters", () => {
    const models = createModelProvider({ env: {} });
    const endpoint = (url: string, model: string) =>
      EndpointSchema.parse({ name: "judge", url, model, protocol: "openai-chat" });
    models.client(endpoint("http://user:secret@127.0.0.1:9/", "a"), "e");
    models.client(endpoint("http://127.0.0.1:9", "b"), "e");
    models.client(endpoint("http://127.0.0.1:9", "a"), "e");
    const listed = models.endpointCounters!();
    expect(listed.map((c) => [c.url, c.model])).toEqual([
      ["http://127.0.0.1:9", "a"],
      ["http://127.0.0.1:9", "b"],
    ]);
    expect(JSON.stringify(listed)).not.toContain("secret");
    expect(models.counters).toMatchObject({ requests: 0, failures: 0, cacheHits: 0, diskHits: 0 });
  });
});
