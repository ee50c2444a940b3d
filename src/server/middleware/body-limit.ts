/**
 * The request body-size limit for a declared `Content-Length` (413 `body_too_large`, through the
 * server's one error mapping), answered from the header alone before any byte is read. Bodies
 * without a length (chunked) are counted as they are read (`routes/body.ts`).
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import type { ServerMetrics } from "../metrics.js";
import { bodyTooLarge } from "../routes/body.js";

/**
 * Rejects a declared `Content-Length` larger than `maxBytes` with 413.
 * @example
 * app.use("/v1/*", maxBody(64 * 1024 * 1024, metrics));
 */
export function maxBody(maxBytes: number, metrics: ServerMetrics): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) > maxBytes) throw bodyTooLarge(maxBytes, metrics);
    return next();
  };
}
