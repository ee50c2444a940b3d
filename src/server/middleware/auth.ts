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

/**
 * Requires `Authorization: Bearer <token>` on every path except `openPaths` (401 otherwise).
 * @param token the expected token
 * @param openPaths paths served without a token (health checks)
 * @example
 * app.use(bearerAuth("s3cret", ["/healthz"], metrics));
 */
export function bearerAuth(
  token: string,
  openPaths: readonly string[],
  metrics: ServerMetrics,
): MiddlewareHandler<ServerEnv> {
  const expected = digest(token);
  return async (c, next) => {
    if (openPaths.includes(c.req.path)) return next();
    const header = c.req.header("authorization") ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      metrics.observeRejection("unauthorized");
      throw new HttpError(
        401,
        "unauthorized",
        presented ? "invalid bearer token" : "a bearer token is required",
        {
          headers: { "WWW-Authenticate": 'Bearer realm="plaudit"' },
        },
      );
    }
    return next();
  };
}
