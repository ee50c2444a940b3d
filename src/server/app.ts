/**
 * The hono application: middleware in order (metrics, Host check, auth, JSON content type,
 * admission, body limit, deadline), the routes, and the one error-to-response mapping.
 * @module
 */
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ServerEnv } from "./env.js";
import { errorResponse, HttpError } from "./errors.js";
import { ServerMetrics } from "./metrics.js";
import { admission } from "./middleware/admission.js";
import { bearerAuth } from "./middleware/auth.js";
import { maxBody } from "./middleware/body-limit.js";
import { deadline } from "./middleware/deadline.js";
import { observe } from "./middleware/observe.js";
import { hostCheck, requireJson } from "./middleware/origin.js";
import { type ResolvedServerOptions, resolveServerOptions, type ServerOptions } from "./options.js";
import type { ScoringDeps } from "./routes/deps.js";
import { getRewardRoute } from "./routes/get-reward.js";
import { infoRoutes, type ServiceState } from "./routes/info.js";
import { scoreRoute } from "./routes/score.js";
import { ScoringQueue } from "./scheduler.js";

/**
 * Routes that score (admission control, body limit and deadline apply to these).
 * @example
 * SCORING_ROUTES.includes("/get_reward"); // true
 */
export const SCORING_ROUTES = ["/v1/score", "/get_reward"] as const;
/**
 * Every route the service answers (metrics label any other path `other`).
 * @example
 * ROUTES; // ["/v1/score", "/get_reward", "/healthz", "/metrics", "/v1/recipes"]
 */
export const ROUTES = [...SCORING_ROUTES, "/healthz", "/metrics", "/v1/recipes"] as const;

/** The app together with the state a running server needs. */
export interface Service {
  app: Hono<ServerEnv>;
  options: ResolvedServerOptions;
  metrics: ServerMetrics;
  state: ServiceState;
  queue: ScoringQueue;
}

/**
 * Builds the app and returns it with its metrics and lifecycle state ({@link startServer} uses
 * this; most callers want {@link createApp}).
 * @example
 * const { app, metrics } = createService({ recipes: ["examples/grounding/recipe.yaml"] });
 */
export function createService(input: ServerOptions): Service {
  const options = resolveServerOptions(input);
  const metrics = new ServerMetrics(options.metricsWindow);
  const models = input.env?.models;
  if (models?.endpointCounters) metrics.watchModels(() => models.endpointCounters?.() ?? []);
  const state: ServiceState = { shuttingDown: false };
  const app = new Hono<ServerEnv>();

  const queue = new ScoringQueue(
    {
      maxQueuedSamples: options.maxQueuedSamples,
      sliceBudgetMs: options.sliceBudgetMs,
      retryAfterSeconds: options.retryAfterSeconds,
    },
    metrics,
  );

  app.use(observe(metrics, ROUTES));
  if (options.allowedHosts) app.use(hostCheck(options.allowedHosts, ["/healthz"], metrics));
  if (options.token) {
    const uiPaths = (input.mounts ?? []).map((mount) => mount.path);
    app.use(bearerAuth(options.token, ["/healthz"], metrics, uiPaths));
  }
  for (const route of SCORING_ROUTES) {
    app.use(route, requireJson(metrics));
    app.use(route, admission(options, metrics));
    app.use(route, maxBody(options.maxBodyBytes, metrics));
    app.use(route, deadline(metrics));
  }

  const deps: ScoringDeps = {
    recipes: options.recipes,
    metrics,
    queue,
    maxBodyBytes: options.maxBodyBytes,
    maxBatch: options.maxBatch,
    strict: options.strict,
    openrlhf: options.openrlhf,
  };
  scoreRoute(app, deps);
  getRewardRoute(app, deps);
  infoRoutes(app, options.recipes, metrics, state);
  for (const mount of input.mounts ?? []) {
    // Relative URLs of a mounted UI need the trailing slash.
    app.get(mount.path, (c) => c.redirect(`${mount.path}/`, 301));
    app.route(mount.path, mount.app);
  }

  // One mapping for every error. A thrown error escapes outer middleware before hono maps it, so
  // the metrics middleware would see the default status: both hooks therefore return a response.
  const respond = (error: unknown, c: Context<ServerEnv>) => {
    const { status, body, headers } = errorResponse(error);
    return c.json(body, status as ContentfulStatusCode, headers);
  };
  app.notFound((c) =>
    respond(new HttpError(404, "not_found", "no such route", { details: { routes: ROUTES } }), c),
  );
  app.onError(respond);
  return { app, options, metrics, state, queue };
}

/**
 * Creates the plaudit HTTP application (hono). Test it without a socket via `app.request(...)`,
 * or serve it with {@link startServer}.
 * @param options recipes (required; the first is the default) and limits
 * @example
 * const app = createApp({ recipes: ["examples/grounding/recipe.yaml"] });
 * const res = await app.request("/v1/score", { method: "POST", body: JSON.stringify({ samples: [] }) });
 * (await res.json()).results; // []
 */
export function createApp(options: ServerOptions): Hono<ServerEnv> {
  return createService(options).app;
}
