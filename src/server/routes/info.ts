/**
 * The read-only routes: `GET /healthz`, `GET /metrics`, `GET /v1/recipes`.
 * @module
 */
import type { Hono } from "hono";
import type { ServerEnv } from "../env.js";
import type { ServerMetrics } from "../metrics.js";
import type { RecipeSet } from "../recipes.js";

/** What the info routes read from the running service. */
export interface ServiceState {
  /** True once a graceful shutdown has begun: `/healthz` then answers 503 so balancers stop routing. */
  shuttingDown: boolean;
}

/**
 * Registers the info routes.
 * @example
 * infoRoutes(app, recipes, metrics, { shuttingDown: false });
 */
export function infoRoutes(
  app: Hono<ServerEnv>,
  recipes: RecipeSet,
  metrics: ServerMetrics,
  state: ServiceState,
): void {
  app.get("/healthz", (c) =>
    c.json(
      {
        status: state.shuttingDown ? "shutting_down" : "ok",
        recipes: recipes.names,
        inflight: metrics.inflight,
      },
      state.shuttingDown ? 503 : 200,
    ),
  );
  app.get("/metrics", (c) =>
    c.body(metrics.render(), 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" }),
  );
  app.get("/v1/recipes", (c) => c.json(recipes.describe()));
}
