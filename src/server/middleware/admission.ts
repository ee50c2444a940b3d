/**
 * Admission control: at most `maxInflight` scoring requests at once; the rest get 429 with
 * `Retry-After`. Trainer clients retry without backoff (OpenRLHF: 5 tries, 1 s apart), so the
 * server must shed load itself rather than queue without bound.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * Limits concurrent requests through this middleware.
 * @param maxInflight how many may be processed at once
 * @param retryAfterSeconds the `Retry-After` value sent with 429
 * @example
 * app.use("/v1/score", admission(64, 1, metrics));
 */
export function admission(
  maxInflight: number,
  retryAfterSeconds: number,
  metrics: ServerMetrics,
): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (metrics.inflight >= maxInflight) {
      metrics.observeRejection("inflight");
      throw new HttpError(
        429,
        "too_many_requests",
        `${maxInflight} requests are already in flight; retry later`,
        {
          details: { retry_after_seconds: retryAfterSeconds },
          headers: { "Retry-After": String(retryAfterSeconds) },
        },
      );
    }
    metrics.moveInflight(1);
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        metrics.moveInflight(-1);
      }
    };
    try {
      await next();
    } finally {
      const unfinished = c.get("unfinishedWork");
      if (unfinished) unfinished.then(release, release);
      else release();
    }
  };
}
