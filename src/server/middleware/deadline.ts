/**
 * The per-request deadline. Past it the client gets 503 `deadline_exceeded` with `Retry-After`,
 * whatever the request was doing: uploading its body, waiting for its turn to score, being scored
 * (scoring runs in slices and checks the deadline between them), or waiting for asynchronous
 * rewards such as judges. The timer itself belongs to the request's scope (admission control).
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { RequestAborted, type ServerEnv } from "../env.js";
import type { ServerMetrics } from "../metrics.js";

const nextTurn = () => new Promise<"turn">((resolve) => setImmediate(() => resolve("turn")));

/**
 * Answers as soon as the request's scope is aborted: 503 past the deadline, 499 (nobody listening)
 * when the client left. Work still running then (asynchronous rewards) keeps its admission slot
 * until it ends.
 * @example
 * app.use("/v1/score", deadline(metrics));
 */
export function deadline(metrics: ServerMetrics): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const scope = c.get("scope");
    const work = next();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<"aborted">((resolve) => {
      onAbort = () => resolve("aborted");
      if (scope.signal.aborted) resolve("aborted");
      else scope.signal.addEventListener("abort", onAbort, { once: true });
    });
    let outcome: unknown;
    try {
      outcome = await Promise.race([work, aborted]);
    } finally {
      if (onAbort) scope.signal.removeEventListener("abort", onAbort);
    }
    if (outcome === "aborted") {
      // Every wait of the work watches the scope, so synchronous work settles within a turn of the
      // event loop; letting it settle first keeps it from replacing this answer afterwards.
      let settled = false;
      const done = work.then(
        () => {
          settled = true;
        },
        () => {
          settled = true;
        },
      );
      await Promise.race([done, nextTurn()]);
      if (!settled) c.set("unfinishedWork", work);
    } else if (!(c.error instanceof RequestAborted)) return;
    // Hono answers errors thrown by the handler itself, so an abort noticed inside the work (in
    // the body read, between slices) arrives as c.error; either way it answers as the abort.
    // The body read may see its connection close before the scope hears of it: trust its reason.
    const error = scope.reason || !(c.error instanceof RequestAborted) ? scope.error() : c.error;
    if (error.reason === "deadline") metrics.observeRejection("deadline");
    throw error;
  };
}
