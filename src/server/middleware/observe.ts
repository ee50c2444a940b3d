/**
 * Request metrics: counts by route, method and status, latency histograms by route, and client
 * disconnects as their own outcome (status `499`, nginx's "client closed request"), never as 500.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { nodeBindings, type ServerEnv } from "../env.js";
import type { ServerMetrics } from "../metrics.js";

/** The status recorded for a request whose client closed the connection before the response. */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * Records every request in `metrics`. Paths outside `routes` are labelled `other`, so a scan of
 * random URLs cannot blow up the metric's cardinality. On a socket the request is recorded when
 * its response has been written (or the connection closed first), so latency includes writing.
 * @example
 * app.use(observe(metrics, ["/v1/score", "/get_reward"]));
 */
export function observe(metrics: ServerMetrics, routes: readonly string[]): MiddlewareHandler<ServerEnv> {
  const known = new Set(routes);
  return async (c, next) => {
    const started = performance.now();
    const route = known.has(c.req.path) ? c.req.path : "other";
    const node = nodeBindings(c);
    try {
      await next();
    } finally {
      const status = c.res.status;
      const record = (finished: boolean) => {
        if (!finished) metrics.observeDisconnect(route);
        const recorded = finished ? status : CLIENT_CLOSED_STATUS;
        metrics.observeRequest(route, c.req.method, recorded, (performance.now() - started) / 1000);
      };
      if (!node) record(true);
      else if (node.outgoing.writableFinished) record(true);
      else if (node.outgoing.destroyed) record(false);
      else node.outgoing.once("close", () => record(node.outgoing.writableFinished));
    }
  };
}
