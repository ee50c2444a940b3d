/**
 * The annotation service's HTTP app. Who is annotating: a name sent as `X-Plaudit-Annotator`
 * (loopback only) or a per-annotator bearer token (required when bound wider). POSTs are
 * CSRF-safe: they need JSON content, the custom header or a bearer token (neither can be sent
 * cross-site without a CORS preflight, which this server never grants) and, when the browser sends
 * one, an Origin equal to the Host. Exports are not served: the CLI reads the database.
 * @module
 */
import { readFileSync } from "node:fs";
import { type Context, Hono } from "hono";
import { resolveAllowedImage, sniffImageType } from "../inspect/images.js";
import { type StaticAssets, securityHeaders, serveStatic } from "../inspect/static.js";
import { agreementReport } from "./export.js";
import { progressOf, queueFor } from "./queue.js";
import type { AnnotationStore, Answer, PairVerdict, StoredTask } from "./store.js";
import { presentedOrder, type TaskImage } from "./tasks.js";

/** Options of {@link createAnnotateApp}. */
export interface AnnotateAppOptions {
  store: AnnotationStore;
  /** Token → annotator name; when non-empty, every API call needs `Authorization: Bearer <token>`. */
  tokens?: ReadonlyMap<string, string>;
  imageRoots: readonly string[];
  assets?: StaticAssets;
}

const NAME = /^[\p{L}\p{N}_.@-]{1,64}$/u;
const MAX_REASON = 4000;

class RequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 415 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function annotatorOf(c: Context, tokens: ReadonlyMap<string, string> | undefined): string {
  if (tokens?.size) {
    const auth = c.req.header("authorization") ?? "";
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const name = m ? tokens.get(m[1]!) : undefined;
    if (!name)
      throw new RequestError(
        401,
        "unauthorized",
        "a valid annotator token is required (Authorization: Bearer …)",
      );
    return name;
  }
  const name = c.req.header("x-plaudit-annotator") ?? "";
  if (!NAME.test(name)) {
    throw new RequestError(
      401,
      "unauthorized",
      "send your name in X-Plaudit-Annotator (letters, digits, _ . @ -; at most 64)",
    );
  }
  return name;
}

function checkWrite(c: Context): void {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new RequestError(415, "unsupported_media_type", "POST bodies are application/json");
  const origin = c.req.header("origin");
  if (
    origin !== undefined &&
    origin !== `http://${c.req.header("host")}` &&
    origin !== `https://${c.req.header("host")}`
  ) {
    throw new RequestError(403, "cross_origin", `Origin ${origin} does not match this server`);
  }
}

/** The task as an annotator sees it: candidates in their presented order, images as URLs. */
function presentTask(stored: StoredTask, annotator: string) {
  const { task, version } = stored;
  const presented = presentedOrder(annotator, task.id, version, task.candidates.length);
  const base = `api/annotate/tasks/${encodeURIComponent(task.id)}/${version}/images`;
  return {
    id: task.id,
    version,
    kind: task.kind,
    prompt: task.prompt,
    images: (task.images ?? []).map((_, j) => `${base}/p/${j}`),
    candidates: presented.map((k) => ({
      text: task.candidates[k]!.text,
      images: (task.candidates[k]!.images ?? []).map((_, j) => `${base}/${k}/${j}`),
    })),
    dimensions: task.dimensions ?? ["overall"],
    scale: task.scale ?? [1, 5],
    k: stored.k,
    presented,
  };
}

function sameOrder(a: unknown, b: number[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Maps the answer in display positions (A = first shown) to candidate indices, validating it. */
function answerOf(stored: StoredTask, presented: number[], body: Record<string, unknown>): Answer {
  const { task } = stored;
  const answer = body.answer as Record<string, unknown> | undefined;
  if (!answer || typeof answer !== "object")
    throw new RequestError(422, "invalid_answer", "answer is required");
  if (task.kind === "pairwise") {
    const v = answer.verdict;
    const verdict: PairVerdict | undefined =
      v === "A"
        ? (presented[0] as 0 | 1)
        : v === "B"
          ? (presented[1] as 0 | 1)
          : v === "tie" || v === "both_bad"
            ? v
            : undefined;
    if (verdict === undefined)
      throw new RequestError(422, "invalid_answer", "verdict is one of A, B, tie, both_bad");
    return { kind: "pairwise", verdict };
  }
  if (task.kind === "ranking") {
    const r = answer.ranking;
    const n = task.candidates.length;
    if (
      !Array.isArray(r) ||
      r.length !== n ||
      new Set(r).size !== n ||
      !r.every((p) => Number.isInteger(p) && p >= 0 && p < n)
    ) {
      throw new RequestError(
        422,
        "invalid_answer",
        `ranking lists every shown position 0–${n - 1} once, best first`,
      );
    }
    return { kind: "ranking", ranking: (r as number[]).map((p) => presented[p]!) };
  }
  const ratings = answer.ratings as Record<string, unknown> | undefined;
  const [lo, hi] = task.scale ?? [1, 5];
  const dims = task.dimensions ?? ["overall"];
  if (!ratings || typeof ratings !== "object")
    throw new RequestError(422, "invalid_answer", "ratings is { dimension: value }");
  const out: Record<string, number> = {};
  for (const d of dims) {
    const v = ratings[d];
    if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) {
      throw new RequestError(422, "invalid_answer", `rating ${d} must be an integer ${lo}–${hi}`);
    }
    out[d] = v as number;
  }
  const extra = Object.keys(ratings).filter((d) => !dims.includes(d));
  if (extra.length)
    throw new RequestError(
      422,
      "invalid_answer",
      `unknown dimensions ${extra.join(", ")}; valid: ${dims.join(", ")}`,
    );
  return { kind: "rating", ratings: out };
}

function imageReply(c: Context, image: TaskImage | undefined, roots: readonly string[]) {
  if (!image) return c.json({ error: { code: "not_found", message: "no such image" } }, 404);
  if ("data" in image) {
    const bytes = Buffer.from(image.data.replace(/^data:[^,]*,/, ""), "base64");
    const type = sniffImageType(bytes);
    if (!type)
      return c.json({ error: { code: "image_unreadable", message: "inline data is not an image" } }, 422);
    return c.body(new Uint8Array(bytes), 200, { "content-type": type });
  }
  const found = resolveAllowedImage(image.path, roots);
  if (!found.ok)
    return c.json(
      { error: { code: found.code, message: found.message } },
      found.code === "image_not_allowed" ? 403 : 404,
    );
  return c.body(new Uint8Array(readFileSync(found.file)), 200, { "content-type": found.contentType });
}

/**
 * Creates the annotation app.
 * @example
 * const app = createAnnotateApp({ store: new AnnotationStore("prefs.sqlite"), imageRoots: [] });
 * await app.request("/api/annotate/next", { headers: { "x-plaudit-annotator": "alice" } });
 */
export function createAnnotateApp(options: AnnotateAppOptions): Hono {
  const { store, tokens } = options;
  const app = new Hono();
  app.use(securityHeaders());
  app.onError((error, c) => {
    if (error instanceof RequestError)
      return c.json({ error: { code: error.code, message: error.message } }, error.status);
    return c.json({ error: { code: "internal", message: (error as Error).message } }, 500);
  });
  app.get("/api/annotate/config", (c) => c.json({ auth: tokens?.size ? "token" : "name" }));
  app.get("/api/annotate/whoami", (c) => c.json({ annotator: annotatorOf(c, tokens) }));
  app.get("/api/annotate/next", (c) => {
    const annotator = annotatorOf(c, tokens);
    const next = queueFor(store, annotator)[0];
    return c.json({
      task: next ? presentTask(next, annotator) : null,
      progress: progressOf(store, annotator),
    });
  });
  app.get("/api/annotate/progress", (c) => c.json(progressOf(store, annotatorOf(c, tokens))));
  app.get("/api/annotate/agreement", (c) => {
    annotatorOf(c, tokens);
    return c.json(agreementReport(store));
  });
  app.post("/api/annotate/annotations", async (c) => {
    checkWrite(c);
    const annotator = annotatorOf(c, tokens);
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      throw new RequestError(400, "invalid_json", "the body is not JSON");
    }
    if (!body || typeof body !== "object")
      throw new RequestError(400, "invalid_json", "the body is a JSON object");
    const stored =
      typeof body.taskId === "string" && Number.isInteger(body.version)
        ? store.task(body.taskId, body.version as number)
        : null;
    if (!stored) throw new RequestError(404, "unknown_task", "no such task version (taskId, version)");
    const presented = presentedOrder(
      annotator,
      stored.task.id,
      stored.version,
      stored.task.candidates.length,
    );
    if (!sameOrder(body.presented, presented)) {
      throw new RequestError(409, "order_mismatch", "presented is not the order this annotator was shown");
    }
    const reason =
      typeof body.reason === "string" && body.reason.trim() ? body.reason.slice(0, MAX_REASON) : null;
    const clientId =
      typeof body.clientId === "string" && body.clientId.length <= 100 ? body.clientId : undefined;
    const { annotation, duplicate } = store.append({
      taskId: stored.task.id,
      taskVersion: stored.version,
      annotator,
      presented,
      answer: answerOf(stored, presented, body),
      reason,
      ...(clientId ? { clientId } : {}),
    });
    if (duplicate && annotation.annotator !== annotator)
      throw new RequestError(409, "duplicate_client_id", "clientId already used");
    return c.json(
      { seq: annotation.seq, duplicate, progress: progressOf(store, annotator) },
      duplicate ? 200 : 201,
    );
  });
  app.get("/api/annotate/tasks/:id/:version/images/:candidate/:j", (c) => {
    annotatorOf(c, tokens);
    const stored = store.task(c.req.param("id"), Number(c.req.param("version")));
    if (!stored) return c.json({ error: { code: "not_found", message: "no such task" } }, 404);
    const which = c.req.param("candidate");
    const j = Number(c.req.param("j"));
    const list = which === "p" ? stored.task.images : stored.task.candidates[Number(which)]?.images;
    return imageReply(c, list?.[j], options.imageRoots);
  });
  if (options.assets) app.get("*", serveStatic(options.assets));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "no such route" } }, 404));
  return app;
}
