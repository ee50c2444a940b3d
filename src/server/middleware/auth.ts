/**
 * Optional bearer-token authentication.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

function digest(text: string): Buffer {
  // Hashing first makes the comparison constant-time regardless of the presented token's length.
  return createHash("sha256").update(text).digest();
}

/** The cookie a browser presents under a mounted UI once signed in with `?token=`. */
export const UI_SESSION_COOKIE = "plaudit_session";

/** What the cookie holds: a digest of the token (never the token itself). */
function sessionValue(token: string): string {
  return createHash("sha256").update(`plaudit-ui-session\u0000${token}`).digest("hex");
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function equalDigests(a: string, b: Buffer): boolean {
  return timingSafeEqual(digest(a), b);
}

/**
 * Requires `Authorization: Bearer <token>` on every path except `openPaths` (401 otherwise).
 * Under `uiPaths` (mounted web UIs, which a browser opens without headers), a browser signs in
 * once by opening `<ui>/?token=<token>`: the answer is a redirect to the same page without the
 * token, setting an `HttpOnly`, `SameSite=Strict` cookie that holds a digest of the token and is
 * sent only under that path; the UI's own requests then carry it. The cookie opens nothing else
 * (scoring routes still need the header), and other sites' pages cannot send it.
 * @param token the expected token
 * @param openPaths paths served without a token (health checks)
 * @param uiPaths path prefixes of mounted UIs (e.g. `/ui`)
 * @example
 * app.use(bearerAuth("s3cret", ["/healthz"], metrics, ["/ui"]));
 */
export function bearerAuth(
  token: string,
  openPaths: readonly string[],
  metrics: ServerMetrics,
  uiPaths: readonly string[] = [],
): MiddlewareHandler<ServerEnv> {
  const expected = digest(token);
  const session = digest(sessionValue(token));
  return async (c, next) => {
    const path = c.req.path;
    if (openPaths.includes(path)) return next();
    const header = c.req.header("authorization") ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (presented && equalDigests(presented, expected)) return next();
    const ui = uiPaths.find((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    if (ui !== undefined && !presented) {
      const cookie = readCookie(c.req.header("cookie"), UI_SESSION_COOKIE);
      if (cookie && equalDigests(cookie, session)) return next();
      const offered = c.req.method === "GET" ? c.req.query("token") : undefined;
      if (offered && equalDigests(offered, expected)) {
        const url = new URL(c.req.url);
        url.searchParams.delete("token");
        const page = url.pathname === ui ? `${ui}/` : url.pathname;
        return c.body(null, 302, {
          Location: `${page}${url.search}`,
          "Set-Cookie": `${UI_SESSION_COOKIE}=${sessionValue(token)}; Path=${ui}; HttpOnly; SameSite=Strict`,
          "Cache-Control": "no-store",
        });
      }
    }
    metrics.observeRejection("unauthorized");
    const hint = ui !== undefined ? `; in a browser, open ${ui}/?token=<token> once to sign in` : "";
    throw new HttpError(
      401,
      "unauthorized",
      `${presented ? "invalid bearer token" : "a bearer token is required"}${hint}`,
      {
        headers: { "WWW-Authenticate": 'Bearer realm="plaudit"' },
      },
    );
  };
}
