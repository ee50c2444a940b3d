/**
 * The request body-size limit (413 `body_too_large`, through the server's one error mapping).
 *
 * A declared `Content-Length` is checked from the header alone (Node's HTTP parser never reads
 * past it), which leaves the body untouched for @hono/node-server's direct read of the socket:
 * touching `request.body` would switch it to a web stream, several times slower on megabyte
 * batches. Only chunked bodies, without a length, are counted as they stream, by hono's `bodyLimit`.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * Rejects bodies larger than `maxBytes` with 413, whether declared by `Content-Length` or streamed.
 * @example
 * app.use("/v1/*", maxBody(64 * 1024 * 1024, metrics));
 */
export function maxBody(maxBytes: number, metrics: ServerMetrics): MiddlewareHandler<ServerEnv> {
  const tooLarge = (): never => {
    metrics.observeRejection("body_too_large");
    throw new HttpError(413, "body_too_large", `the request body exceeds the limit of ${maxBytes} bytes`, {
      details: { max_bytes: maxBytes },
    });
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header("content-length");
    if (declared !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(declared) > maxBytes) tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}
