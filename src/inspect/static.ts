/**
 * The built UI as static assets (read once from `dist/ui` at start, so no request can name another
 * file), and the security headers and Host check every inspector and annotation response gets.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { MiddlewareHandler } from "hono";

/** Files by URL path (`/index.html`, `/assets/…`). */
export type StaticAssets = ReadonlyMap<string, { bytes: Buffer; type: string }>;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".ico": "image/x-icon",
};

/**
 * Where the built UI lives: `dist/ui` beside the compiled code (or, from the sources under
 * tests, the repository's `dist/ui`). Null when the UI has not been built.
 * @example
 * defaultUiDir(); // "/…/plaudit/dist/ui"
 */
export function defaultUiDir(): string | null {
  for (const candidate of ["../ui", "../../dist/ui"]) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(join(dir, "index.html"))) return dir;
  }
  return null;
}

/**
 * Reads every file under `dir` into memory.
 * @example
 * loadStaticAssets("dist/ui").get("/index.html")?.type; // "text/html; charset=utf-8"
 */
export function loadStaticAssets(dir: string): StaticAssets {
  const assets = new Map<string, { bytes: Buffer; type: string }>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const file = join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else {
        const url = `/${relative(dir, file).split(sep).join("/")}`;
        assets.set(url, {
          bytes: readFileSync(file),
          type: TYPES[extname(file)] ?? "application/octet-stream",
        });
      }
    }
  };
  walk(dir);
  return assets;
}

/**
 * Serves the assets; any other GET path gets `index.html` (the app routes itself).
 * @example
 * app.get("*", serveStatic(loadStaticAssets("dist/ui")));
 */
export function serveStatic(assets: StaticAssets): MiddlewareHandler {
  return async (c) => {
    const path = c.req.path.replace(/^.*?(\/assets\/)/, "$1");
    const asset = assets.get(path) ?? assets.get("/index.html");
    if (!asset)
      return c.json({ error: { code: "not_found", message: "the UI is not built (npm run build)" } }, 404);
    const cache = path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    return c.body(new Uint8Array(asset.bytes), 200, { "content-type": asset.type, "cache-control": cache });
  };
}

/**
 * Content-Security-Policy (scripts and styles only from this origin, images from it or inline
 * data), no sniffing, no framing, no referrer.
 * @example
 * app.use(securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header(
      "content-security-policy",
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    c.header("x-content-type-options", "nosniff");
    c.header("x-frame-options", "DENY");
    c.header("referrer-policy", "no-referrer");
  };
}

/**
 * Refuses requests whose Host header is not one of `hosts` (DNS-rebinding defence for a loopback
 * server): 421 with the allowed names.
 * @example
 * app.use(hostCheck(["localhost", "127.0.0.1", "[::1]"]));
 */
export function hostCheck(hosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = (c.req.header("host") ?? "").toLowerCase().replace(/:\d+$/, "");
    if (!allowed.has(host)) {
      return c.json(
        { error: { code: "host_not_allowed", message: `Host ${JSON.stringify(host)} is not allowed` } },
        421,
      );
    }
    await next();
  };
}
