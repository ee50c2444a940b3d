/**
 * A per-request deadline. Past it the client gets 503 `deadline_exceeded` with `Retry-After`.
 * The deadline bounds waiting (body upload, asynchronous rewards such as judges); synchronous
 * rule-based scoring runs to completion on the event loop and is answered even when late, since
 * a late answer beats a wasted computation.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * Fails the request with 503 when the rest of the chain takes longer than `timeoutMs`.
 * @example
 * app.use("/v1/score", deadline(30_000, 1, metrics));
 */
export function deadline(
  timeoutMs: number,
  retryAfterSeconds: number,
  metrics: ServerMetrics,
): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const work = next();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<"expired">((resolve) => {
      timer = setTimeout(() => resolve("expired"), timeoutMs);
    });
    try {
      const outcome = await Promise.race([work, expired]);
      if (outcome === "expired") {
        c.set("unfinishedWork", work);
        metrics.observeRejection("deadline");
        throw new HttpError(503, "deadline_exceeded", `the request did not finish within ${timeoutMs} ms`, {
          details: { timeout_ms: timeoutMs },
          headers: { "Retry-After": String(retryAfterSeconds) },
        });
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
