/**
 * Request metrics: counts by route, method and status, and latency histograms by route.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * Records every request in `metrics`. Paths outside `routes` are labelled `other`, so a scan of
 * random URLs cannot blow up the metric's cardinality.
 * @example
 * app.use(observe(metrics, ["/v1/score", "/get_reward"]));
 */
export function observe(metrics: ServerMetrics, routes: readonly string[]): MiddlewareHandler<ServerEnv> {
  const known = new Set(routes);
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = known.has(c.req.path) ? c.req.path : "other";
      metrics.observeRequest(route, c.req.method, c.res.status, (performance.now() - started) / 1000);
    }
  };
}
