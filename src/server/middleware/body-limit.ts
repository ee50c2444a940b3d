/**
 * The request body-size limit: hono's `bodyLimit`, answering through the server's one error
 * mapping (413 `body_too_large`) instead of a plain-text response.
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
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      metrics.observeRejection("body_too_large");
      throw new HttpError(413, "body_too_large", `the request body exceeds the limit of ${maxBytes} bytes`, {
        details: { max_bytes: maxBytes },
      });
    },
  });
}
