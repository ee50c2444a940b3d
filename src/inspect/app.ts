/**
 * The inspector's HTTP app (hono): the built UI as static assets and a read-only JSON API over a
 * {@link RowIndex}. Only GET; every URL is relative, so the same app serves at `/` of
 * `plaudit inspect` and at `/ui/` of `plaudit serve --ui`.
 * @module
 */
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import { type InspectSource, rowDetail } from "./detail.js";
import { resolveAllowedImage, sniffImageType } from "./images.js";
import { columnStats, issueCounts, type RowQuery, selectRows, summarizeRow } from "./query.js";
import { type StaticAssets, securityHeaders, serveStatic } from "./static.js";

/** Options of {@link createInspectApp}. */
export interface InspectAppOptions {
  source: InspectSource;
  /** Directories images may be read from (`--images`). */
  imageRoots: readonly string[];
  /** The built UI; omitted: the API only. */
  assets?: StaticAssets;
}

const MAX_PAGE = 1000;

/**
 * Parses the query string of `/api/rows` into a {@link RowQuery}: `sort`, `desc=1`,
 * `min.<column>`, `max.<column>`, `issue`, `group`, `dataErrors=1`.
 * @example
 * parseRowQuery(new URLSearchParams("sort=reward&desc=1&min.components.iou=0.5"));
 * // { sort: "reward", desc: true, ranges: { "components.iou": { min: 0.5 } } }
 */
export function parseRowQuery(params: URLSearchParams): RowQuery {
  const query: RowQuery = {};
  const sort = params.get("sort");
  if (sort) query.sort = sort;
  if (params.get("desc") === "1") query.desc = true;
  for (const [key, value] of params) {
    const m = /^(min|max)\.(.+)$/.exec(key);
    if (!m || value.trim() === "") continue;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new RangeError(`${key} must be a number, got ${JSON.stringify(value)}`);
    query.ranges ??= {};
    const name = m[2]!;
    const range = query.ranges[name] ?? {};
    range[m[1] as "min" | "max"] = n;
    query.ranges[name] = range;
  }
  const issue = params.get("issue");
  if (issue) query.issue = issue;
  const group = params.get("group");
  if (group !== null && group !== "") query.group = group;
  if (params.get("dataErrors") === "1") query.dataErrors = true;
  return query;
}

function queryKey(params: URLSearchParams): string {
  const kept = [...params].filter(([k]) => k !== "offset" && k !== "limit" && k !== "stats");
  kept.sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(kept);
}

/**
 * Creates the inspector app.
 * @example
 * const app = createInspectApp({ source: { index: buildRowIndex("scored.jsonl"), geometry: [] }, imageRoots: [] });
 * await (await app.request("/api/summary")).json(); // { count, columns, stats, issues, … }
 */
export function createInspectApp(options: InspectAppOptions): Hono {
  const { source } = options;
  const { index } = source;
  const app = new Hono();
  const cache = new Map<string, Uint32Array>();
  const select = (params: URLSearchParams): Uint32Array => {
    const key = queryKey(params);
    let rows = cache.get(key);
    if (!rows) {
      rows = selectRows(index, parseRowQuery(params));
      if (cache.size >= 8) cache.delete(cache.keys().next().value!);
      cache.set(key, rows);
    }
    return rows;
  };
  const all = selectRows(index, {});
  const wholeFile = {
    path: index.path,
    kind: index.kind,
    count: index.count,
    columns: index.columnNames,
    groups: index.groups.length,
    issueCodes: index.issueCodes,
    badLines: index.badLines,
    dataErrors: index.dataError.reduce((n, v) => n + v, 0),
    joinedSamples: source.samples ? source.samples.count : null,
    geometry: source.geometry,
    stats: columnStats(index, all),
    issues: issueCounts(index, all),
  };

  app.use(securityHeaders());
  app.onError((error, c) => {
    const status = error instanceof RangeError ? 400 : 500;
    return c.json(
      { error: { code: status === 400 ? "bad_query" : "internal", message: error.message } },
      status,
    );
  });

  app.get("/api/summary", (c) => c.json(wholeFile));
  app.get("/api/rows", (c) => {
    const params = new URL(c.req.url).searchParams;
    const rows = select(params);
    const offset = Math.max(0, Number(params.get("offset") ?? 0) | 0);
    const limit = Math.min(MAX_PAGE, Math.max(0, Number(params.get("limit") ?? 100) | 0));
    const page = Array.from(rows.subarray(offset, offset + limit), (row) => summarizeRow(index, row));
    const body: Record<string, unknown> = { total: rows.length, offset, rows: page };
    if (params.get("stats") === "1") {
      body.stats = columnStats(index, rows);
      body.issues = issueCounts(index, rows);
    }
    return c.json(body);
  });
  const rowParam = (value: string): number => {
    const row = Number(value);
    if (!Number.isInteger(row) || row < 0 || row >= index.count) throw new RangeError(`no row ${value}`);
    return row;
  };
  app.get("/api/rows/:row", (c) => c.json(rowDetail(source, rowParam(c.req.param("row")))));
  app.get("/api/rows/:row/images/:k", (c) => {
    const detail = rowDetail(source, rowParam(c.req.param("row")));
    const images = detail.sample?.images;
    const image = Array.isArray(images)
      ? (images[Number(c.req.param("k"))] as Record<string, unknown> | undefined)
      : undefined;
    if (!image) return c.json({ error: { code: "not_found", message: "no such image" } }, 404);
    if (typeof image.data === "string") {
      const bytes = Buffer.from(image.data.replace(/^data:[^,]*,/, ""), "base64");
      const type = sniffImageType(bytes);
      if (!type)
        return c.json({ error: { code: "image_unreadable", message: "inline data is not an image" } }, 422);
      return c.body(bytes, 200, { "content-type": type });
    }
    if (typeof image.path !== "string") {
      return c.json(
        { error: { code: "image_not_allowed", message: "image URLs are not fetched by the inspector" } },
        403,
      );
    }
    const found = resolveAllowedImage(image.path, options.imageRoots);
    if (!found.ok)
      return c.json(
        { error: { code: found.code, message: found.message } },
        found.code === "image_not_allowed" ? 403 : 404,
      );
    return c.body(readFileSync(found.file), 200, { "content-type": found.contentType });
  });
  if (options.assets) app.get("*", serveStatic(options.assets));
  app.notFound((c) => c.json({ error: { code: "not_found", message: "no such route" } }, 404));
  return app;
}
