import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  AnnotationStore,
  agreementReport,
  annotationLines,
  createAnnotateApp,
  dpoLines,
  evalPairLines,
  parseTask,
  presentedOrder,
  progressOf,
  queueFor,
  readTaskFile,
  startAnnotate,
} from "../src/annotate/index.js";
import { detectFormat } from "../src/eval/formats/index.js";
import { solidPng } from "./support/png.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plaudit-annotate-"));
});

const pair = (id: string, a = "a cat on a mat", b = "a dog") => ({
  id,
  prompt: `caption ${id}`,
  candidates: [a, b],
});

function storeWith(tasks: unknown[], k = 2): AnnotationStore {
  const store = new AnnotationStore(join(dir, "prefs.sqlite"));
  store.importTasks(
    tasks.map((t, i) => parseTask(t, i)),
    k,
  );
  return store;
}

function annotate(
  store: AnnotationStore,
  annotator: string,
  taskId: string,
  verdict: 0 | 1 | "tie" | "both_bad",
) {
  const stored = store.currentTasks().find((t) => t.task.id === taskId)!;
  return store.append({
    taskId,
    taskVersion: stored.version,
    annotator,
    presented: presentedOrder(annotator, taskId, stored.version, 2),
    answer: { kind: "pairwise", verdict },
    reason: null,
  });
}

describe("tasks", () => {
  it("reads pairs, chosen/rejected, rankings and per-dimension ratings, and says why a line is not a task", () => {
    const path = join(dir, "tasks.jsonl");
    writeFileSync(
      path,
      [
        JSON.stringify(pair("p1")),
        JSON.stringify({
          id: "p2",
          prompt: "q",
          chosen: "x",
          rejected: { text: "y", images: [{ path: "a.png" }] },
        }),
        JSON.stringify({ id: "r1", prompt: "rank", candidates: ["1", "2", "3"] }),
        JSON.stringify({ id: "l1", completion: "video", dimensions: ["VQ", "MQ", "TA"], scale: [1, 7] }),
        JSON.stringify({ id: "bad", candidates: [] }),
        "{nope",
        JSON.stringify(pair("p1")),
      ].join("\n"),
    );
    const { tasks, errors } = readTaskFile(path);
    expect(tasks.map((t) => [t.id, t.kind, t.candidates.length])).toEqual([
      ["p1", "pairwise", 2],
      ["p2", "pairwise", 2],
      ["r1", "ranking", 3],
      ["l1", "rating", 1],
    ]);
    expect(tasks[1]!.candidates[1]).toEqual({ text: "y", images: [{ path: "a.png" }] });
    expect(tasks[3]).toMatchObject({ dimensions: ["VQ", "MQ", "TA"], scale: [1, 7] });
    expect(errors.map((e) => e.line)).toEqual([5, 6, 7]);
    expect(errors[0]!.message).toMatch(/needs candidates/);
    expect(errors[2]!.message).toMatch(/duplicate task id "p1"/);
    expect(() => parseTask({ kind: "vote", candidates: ["a", "b"] }, 0)).toThrow(
      /not one of pairwise, ranking, rating/,
    );
  });

  it("randomises positions per annotator, stably, and roughly half the pairs are swapped", () => {
    expect(presentedOrder("alice", "t", 1, 2)).toEqual(presentedOrder("alice", "t", 1, 2));
    let swapped = 0;
    for (let i = 0; i < 400; i++) if (presentedOrder(`a${i}`, "t", 1, 2)[0] === 1) swapped++;
    expect(swapped).toBeGreaterThan(150);
    expect(swapped).toBeLessThan(250);
    expect([...presentedOrder("bob", "t", 1, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("store", () => {
  it("versions changed tasks, keeps old annotations, and refuses UPDATE and DELETE", () => {
    const store = storeWith([pair("p1"), pair("p2")]);
    annotate(store, "alice", "p1", 0);
    expect(store.importTasks([parseTask(pair("p1"), 0), parseTask(pair("p2", "changed"), 1)], 2)).toEqual({
      added: 1,
      unchanged: 1,
    });
    expect(store.currentTasks().map((t) => [t.task.id, t.version])).toEqual([
      ["p1", 1],
      ["p2", 2],
    ]);
    expect(() => store.db.exec("UPDATE annotations SET annotator = 'mallory'")).toThrow(/append-only/);
    expect(() => store.db.exec("DELETE FROM annotations")).toThrow(/append-only/);
    expect(store.annotations()).toHaveLength(1);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });

  it("queues each task until it has k distinct annotators, least-annotated first", () => {
    const store = storeWith([pair("p1"), pair("p2"), pair("p3")], 2);
    annotate(store, "alice", "p1", 0);
    expect(queueFor(store, "alice").map((t) => t.task.id)).toEqual(["p2", "p3"]);
    expect(queueFor(store, "bob").map((t) => t.task.id)).toEqual(["p2", "p3", "p1"]);
    annotate(store, "bob", "p1", 1);
    expect(queueFor(store, "carol").map((t) => t.task.id)).toEqual(["p2", "p3"]);
    // Changing one's mind appends a new row; the latest counts.
    annotate(store, "alice", "p1", 1);
    expect(progressOf(store, "alice")).toEqual({
      annotator: "alice",
      done: 1,
      remaining: 2,
      tasks: 3,
      complete: 1,
      byAnnotator: { alice: 1, bob: 1 },
    });
    expect(dpoLines(store)).toEqual([
      JSON.stringify({ prompt: "caption p1", chosen: "a dog", rejected: "a cat on a mat" }),
    ]);
    expect(store.annotations()).toHaveLength(3);
    store.close();
  });

  it("exports DPO by majority, eval pairs the eval command reads, per-annotator lines, and agreement", () => {
    const store = storeWith(
      [pair("p1"), pair("p2"), pair("p3"), { id: "r", prompt: "rank", candidates: ["x", "y", "z"] }],
      3,
    );
    for (const [who, v1, v2, v3] of [
      ["alice", 0, 1, "tie"],
      ["bob", 0, 1, 0],
      ["carol", 1, 1, 1],
    ] as const) {
      annotate(store, who, "p1", v1);
      annotate(store, who, "p2", v2);
      annotate(store, who, "p3", v3);
    }
    const r = store.currentTasks().find((t) => t.task.id === "r")!;
    store.append({
      taskId: "r",
      taskVersion: r.version,
      annotator: "alice",
      presented: [0, 1, 2],
      answer: { kind: "ranking", ranking: [2, 0, 1] },
      reason: "z is exact",
    });
    const dpo = dpoLines(store).map((l) => JSON.parse(l));
    // p1: 2 of 3 prefer candidate 0; p2: all prefer 1; p3: split 1-1 with a tie → left out; r: z over y.
    expect(dpo).toEqual([
      { prompt: "caption p1", chosen: "a cat on a mat", rejected: "a dog" },
      { prompt: "caption p2", chosen: "a dog", rejected: "a cat on a mat" },
      { prompt: "rank", chosen: "z", rejected: "y" },
    ]);
    const pairs = evalPairLines(store).map((l) => JSON.parse(l));
    expect(pairs[0]).toEqual({ id: "p1", prompt: "caption p1", chosen: "a cat on a mat", rejected: "a dog" });
    const detected = detectFormat(Object.keys(pairs[0]));
    expect(detected.reader.name).toBe("pairs");
    expect(detected.reader.read(pairs[0], 0, { mediaRoot: dir })).toMatchObject({
      id: "p1",
      candidates: ["a cat on a mat", "a dog"],
      label: "A",
    });
    expect(dpoLines(store, "carol").map((l) => JSON.parse(l).chosen)).toEqual(["a dog", "a dog", "a dog"]);
    const carol = annotationLines(store, "carol").map((l) => JSON.parse(l));
    expect(carol).toHaveLength(3);
    expect(carol[0]).toMatchObject({
      task_id: "p1",
      annotator: "carol",
      answer: { kind: "pairwise", verdict: 1 },
      kind: "pairwise",
    });
    expect(carol[0].presented).toEqual(presentedOrder("carol", "p1", 1, 2));
    const report = agreementReport(store);
    expect(report.annotators).toEqual(["alice", "bob", "carol"]);
    // alice/bob agree on p1, p2 and differ on p3 (tie vs 0): κ over labels {0,1,tie}.
    const ab = report.pairwise.kappa.find((k) => k.a === "alice" && k.b === "bob")!;
    expect(ab.items).toBe(3);
    // p_o = 2/3; alice {0,1,tie}, bob {0,1,0}: p_e = (1/3)(2/3) + (1/3)(1/3) = 1/3; κ = (1/3)/(2/3) = 0.5.
    expect(ab.kappa).toBeCloseTo(0.5, 12);
    expect(report.pairwise.items).toBe(3);
    expect(report.pairwise.alpha).not.toBeNull();
    store.close();
  });

  it("loses nothing across a restart, with two writers on the same file", () => {
    const path = join(dir, "prefs.sqlite");
    const a = new AnnotationStore(path);
    a.importTasks([parseTask(pair("p1"), 0), parseTask(pair("p2"), 1)], 2);
    const b = new AnnotationStore(path);
    for (let i = 0; i < 50; i++) {
      (i % 2 ? a : b).append({
        taskId: "p1",
        taskVersion: 1,
        annotator: `w${i}`,
        presented: [0, 1],
        answer: { kind: "pairwise", verdict: 0 },
        reason: null,
      });
    }
    a.close();
    b.close();
    const reopened = new AnnotationStore(path);
    expect(reopened.annotations().map((x) => x.annotator)).toEqual(
      Array.from({ length: 50 }, (_, i) => `w${i}`),
    );
    reopened.close();
  });
});

describe("annotation HTTP service", () => {
  const post = (
    app: ReturnType<typeof createAnnotateApp>,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    app.request("/api/annotate/annotations", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-plaudit-annotator": "alice",
        host: "127.0.0.1:1",
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it("maps shown positions back to candidates, checks the presented order, and is CSRF-safe", async () => {
    const store = storeWith([pair("p1")]);
    const app = createAnnotateApp({ store, imageRoots: [] });
    const next = (await (
      await app.request("/api/annotate/next", { headers: { "x-plaudit-annotator": "alice" } })
    ).json()) as {
      task: { presented: number[]; candidates: Array<{ text: string }> };
    };
    const presented = presentedOrder("alice", "p1", 1, 2);
    expect(next.task.presented).toEqual(presented);
    expect(next.task.candidates.map((c) => c.text)).toEqual(presented.map((k) => pair("p1").candidates[k]));
    const body = { taskId: "p1", version: 1, presented, answer: { verdict: "A" }, clientId: "c-1" };
    expect((await post(app, body, { "content-type": "text/plain" })).status).toBe(415);
    expect((await post(app, body, { origin: "http://evil.example" })).status).toBe(403);
    expect((await post(app, body, { "x-plaudit-annotator": "" })).status).toBe(401);
    expect((await post(app, { ...body, presented: [...presented].reverse() })).status).toBe(409);
    expect((await post(app, { ...body, answer: { verdict: "C" } })).status).toBe(422);
    const ok = await post(app, body, { origin: "http://127.0.0.1:1" });
    expect(ok.status).toBe(201);
    expect((await post(app, body)).status).toBe(200); // the retried POST is not appended twice
    expect(store.annotations()).toEqual([
      expect.objectContaining({ annotator: "alice", answer: { kind: "pairwise", verdict: presented[0] } }),
    ]);
    store.close();
  });

  it("requires a token per annotator when configured, and binding beyond loopback requires tokens", async () => {
    const store = storeWith([pair("p1")]);
    const app = createAnnotateApp({ store, imageRoots: [], tokens: new Map([["tok-alice-123", "alice"]]) });
    expect(
      (await app.request("/api/annotate/next", { headers: { "x-plaudit-annotator": "alice" } })).status,
    ).toBe(401);
    const res = await app.request("/api/annotate/whoami", {
      headers: { authorization: "Bearer tok-alice-123" },
    });
    expect(await res.json()).toEqual({ annotator: "alice" });
    store.close();
    await expect(startAnnotate({ db: join(dir, "x.sqlite"), host: "0.0.0.0" })).rejects.toThrow(
      /requires annotator tokens/,
    );
  });

  it("serves task images only from the allowed roots", async () => {
    const images = join(dir, "images");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(images);
    writeFileSync(join(images, "a.png"), solidPng(2, 2, [1, 2, 3]));
    writeFileSync(join(dir, "secret.png"), solidPng(1, 1, [0, 0, 0]));
    const store = storeWith([
      {
        id: "i",
        prompt: "p",
        images: [{ path: "a.png" }, { path: "../secret.png" }],
        candidates: ["x", "y"],
      },
    ]);
    const app = createAnnotateApp({ store, imageRoots: [images] });
    const h = { headers: { "x-plaudit-annotator": "alice" } };
    const ok = await app.request("/api/annotate/tasks/i/1/images/p/0", h);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("image/png");
    expect((await app.request("/api/annotate/tasks/i/1/images/p/1", h)).status).toBe(403);
    expect((await app.request("/api/annotate/tasks/i/1/images/p/0")).status).toBe(401);
    store.close();
  });
});
