/**
 * The server's one error type and its one mapping to responses. Handlers and middleware throw
 * {@link HttpError}; `app.onError` turns every thrown value into a JSON body through
 * {@link errorResponse}, so every failure looks the same on the wire: `{ error, message, ... }`.
 * @module
 */
import { ConfigError } from "../core/index.js";
import { RequestAborted } from "./env.js";

/** A validation problem in a request envelope, located by a dotted path such as `samples`. */
export interface RequestProblem {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  /** A stable machine-readable code, e.g. `invalid_json`, `too_many_requests`. */
  error: string;
  /** A sentence for humans. */
  message: string;
  [detail: string]: unknown;
}

/**
 * An error with an HTTP status, a stable code and optional details merged into the JSON body.
 * @example
 * throw new HttpError(429, "too_many_requests", "64 requests in flight", { headers: { "Retry-After": "1" } });
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  toJSON(): ErrorBody {
    return { error: this.code, message: this.message, ...this.details };
  }
}

/** What {@link errorResponse} decided: a status, a body and extra headers. */
export interface MappedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/**
 * Maps anything thrown while handling a request to a status and a JSON body. `HttpError` keeps
 * its status; a `ConfigError` (a bad recipe named in a request) is a 400 with its problems; a
 * JSON `SyntaxError` is a 400 `invalid_json`; anything else is a 500 that does not leak a stack.
 * @example
 * app.onError((error, c) => {
 *   const { status, body, headers } = errorResponse(error);
 *   return c.json(body, status, headers);
 * });
 */
export function errorResponse(error: unknown): MappedError {
  if (error instanceof HttpError)
    return { status: error.status, body: error.toJSON(), headers: error.headers };
  if (error instanceof RequestAborted) {
    if (error.reason === "client_closed")
      return { status: 499, body: { error: "client_closed", message: error.message }, headers: {} };
    return {
      status: 503,
      body: { error: "deadline_exceeded", message: error.message, timeout_ms: error.timeoutMs },
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof ConfigError) {
    return {
      status: 400,
      body: { error: "config_error", message: error.message, problems: error.problems },
      headers: {},
    };
  }
  if (error instanceof SyntaxError) {
    return {
      status: 400,
      body: { error: "invalid_json", message: `the body is not valid JSON: ${error.message}` },
      headers: {},
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { error: "internal_error", message: message.slice(0, 500) }, headers: {} };
}
