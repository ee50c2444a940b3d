/**
 * Defences against browsers: a web page can make a visitor's browser send requests to a server
 * on 127.0.0.1, and DNS rebinding lets it read the replies. Two checks close that door:
 * - POST routes take only `application/json` (415 otherwise): a cross-origin page can send
 *   `text/plain` or form bodies without a CORS preflight, but not JSON, and the server grants no
 *   preflight (it sends no CORS headers at all);
 * - bound to loopback without a token, only loopback `Host` headers are accepted (403 otherwise),
 *   since a rebound name arrives with the attacker's host name. `--allow-host` extends the list.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

const HOST_PORT = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/;

/**
 * The host name of a `Host` header value, lower-cased, without port or IPv6 brackets.
 * @example
 * hostName("[::1]:8000"); // "::1"
 * hostName("LocalHost:80"); // "localhost"
 */
export function hostName(header: string): string {
  const match = HOST_PORT.exec(header.trim());
  const name = match ? match[1]! : header;
  return name.replace(/^\[|\]$/g, "").toLowerCase();
}

/**
 * Accepts only requests whose `Host` names one of `allowed` (403 `host_not_allowed` otherwise),
 * except on `openPaths` (liveness probes send the pod's address as `Host`).
 * @example
 * app.use(hostCheck(new Set(["localhost", "127.0.0.1", "::1"]), ["/healthz"], metrics));
 */
export function hostCheck(
  allowed: ReadonlySet<string>,
  openPaths: readonly string[],
  metrics: ServerMetrics,
): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (openPaths.includes(c.req.path)) return next();
    const header = c.req.header("host") ?? new URL(c.req.url).host;
    if (!allowed.has(hostName(header))) {
      metrics.observeRejection("host_not_allowed");
      throw new HttpError(
        403,
        "host_not_allowed",
        `the Host header ${JSON.stringify(header)} is not allowed; this server accepts ${[...allowed].join(", ")} (add names with --allow-host)`,
        { details: { allowed_hosts: [...allowed] } },
      );
    }
    return next();
  };
}

/**
 * Requires `Content-Type: application/json` (parameters such as `charset` allowed) on POST.
 * @example
 * app.use("/v1/score", requireJson(metrics));
 */
export function requireJson(metrics: ServerMetrics): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const header = c.req.header("content-type") ?? "";
    const type = header.split(";", 1)[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      metrics.observeRejection("unsupported_media_type");
      throw new HttpError(
        415,
        "unsupported_media_type",
        `POST bodies must be sent as Content-Type: application/json${header ? ` (got ${JSON.stringify(header)})` : " (none was sent)"}`,
        { headers: { Accept: "application/json" } },
      );
    }
    return next();
  };
}
