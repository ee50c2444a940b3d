/**
 * Admission control: at most `maxInflight` scoring requests at once; the rest get 429 with
 * `Retry-After`. Trainer clients retry without backoff (OpenRLHF: 5 tries, 1 s apart), so the
 * server must shed load itself rather than queue without bound. (The bound in samples, which
 * reflects the real work queued, is the scoring queue's; see `scheduler.ts`.)
 *
 * Each admitted request gets a {@link RequestScope}: aborted by its deadline or when its client
 * disconnects. Its slot is released exactly once, when its work has settled; every wait of that
 * work watches the scope, so the work settles soon after any abort.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { nodeBindings, RequestScope, type ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * Limits concurrent requests through this middleware and gives each a scope.
 * @param maxInflight how many may be processed at once
 * @param timeoutMs each request's deadline
 * @param retryAfterSeconds the `Retry-After` value sent with 429
 * @example
 * app.use("/v1/score", admission({ maxInflight: 64, timeoutMs: 30_000, retryAfterSeconds: 1 }, metrics));
 */
export function admission(
  limits: { maxInflight: number; timeoutMs: number; retryAfterSeconds: number },
  metrics: ServerMetrics,
): MiddlewareHandler<ServerEnv> {
  const { maxInflight, timeoutMs, retryAfterSeconds } = limits;
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
    const scope = new RequestScope(timeoutMs, retryAfterSeconds);
    c.set("scope", scope);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      scope.dispose();
      metrics.moveInflight(-1);
    };
    const node = nodeBindings(c);
    // A response that closes before it finished means the client left: stop the work.
    node?.outgoing.once("close", () => {
      if (!node.outgoing.writableFinished) scope.abort("client_closed");
    });
    try {
      await next();
    } finally {
      const unfinished = c.get("unfinishedWork");
      if (unfinished) unfinished.then(release, release);
      else release();
    }
  };
}
