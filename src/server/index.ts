/**
 * plaudit's HTTP service: `POST /v1/score`, `POST /get_reward` (OpenRLHF), `GET /healthz`,
 * `GET /metrics`, `GET /v1/recipes`. Node only.
 * @module
 */
export { createApp, createService, ROUTES, SCORING_ROUTES, type Service } from "./app.js";
export { type ColumnarBody, columnarBody, RESPONSE_FORMATS, type ResponseFormat } from "./columnar.js";
export {
  type DataErrorSample,
  hasDataError,
  hasServerError,
  MAX_LISTED_DATA_ERRORS,
  strictFailure,
} from "./data-errors.js";
export { type AbortReason, RequestAborted, RequestScope } from "./env.js";
export { type ErrorBody, errorResponse, HttpError, type RequestProblem } from "./errors.js";
export { ServerMetrics } from "./metrics.js";
export {
  DATA_ERRORS_LOG_KEY,
  DEFAULT_ASSISTANT_MARKERS,
  DEFAULT_OPENRLHF_OPTIONS,
  DEFAULT_SPECIAL_TOKENS,
  type OpenRLHFOptions,
  type OpenRLHFResponse,
  openrlhfResponse,
  openrlhfSample,
  responseText,
} from "./openrlhf.js";
export {
  isLoopbackHost,
  LOOPBACK_HOSTS,
  parseByteSize,
  type ResolvedServerOptions,
  resolveServerOptions,
  SERVER_DEFAULTS,
  type ServerOptions,
} from "./options.js";
export { loadNamedScorer, type NamedScorer, parseRecipeRef, type RecipeRef, RecipeSet } from "./recipes.js";
export { type QueueTicket, ScoringQueue, type ScoringQueueLimits } from "./scheduler.js";
export { PortInUseError, type RunningServer, type StartOptions, startServer } from "./start.js";
