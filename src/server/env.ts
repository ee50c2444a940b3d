/**
 * The hono environment shared by the server's middleware and routes, and the per-request scope
 * that ties a request's work to its deadline and its connection.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "hono";

/** Why a request's work was told to stop. */
export type AbortReason = "deadline" | "client_closed";

/**
 * One scoring request's lifetime: aborted when its deadline passes or its client goes away.
 * Every wait of the request (body upload, a turn to score, slices of scoring) watches it, so
 * the work always settles soon after an abort and its admission slot is released.
 * @example
 * const scope = new RequestScope(30_000);
 * scope.throwIfAborted(); // between slices of work
 */
export class RequestScope {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  /** `performance.now()` past which the request is late. */
  readonly deadlineAt: number;
  readonly timeoutMs: number;
  readonly retryAfterSeconds: number;
  #reason: AbortReason | undefined;

  constructor(timeoutMs: number, retryAfterSeconds = 1) {
    this.timeoutMs = timeoutMs;
    this.retryAfterSeconds = retryAfterSeconds;
    this.deadlineAt = performance.now() + timeoutMs;
    this.#timer = setTimeout(() => this.abort("deadline"), timeoutMs);
    this.#timer.unref();
  }

  /** Aborted on deadline or disconnect. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the request was aborted, if it was. */
  get reason(): AbortReason | undefined {
    return this.#reason;
  }

  /** Stops the request's work; the first reason wins. */
  abort(reason: AbortReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    clearTimeout(this.#timer);
    this.#controller.abort(this.error());
  }

  /** The error that stands for this scope's abort (call once aborted). */
  error(): RequestAborted {
    return new RequestAborted(this.#reason ?? "deadline", this.timeoutMs, this.retryAfterSeconds);
  }

  /** Throws {@link RequestAborted} once aborted, or once the deadline has passed. */
  throwIfAborted(): void {
    if (!this.#reason && performance.now() >= this.deadlineAt) this.abort("deadline");
    if (this.#reason) throw this.error();
  }

  /** Ends the timer once the request is done. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/**
 * Thrown inside a request's work once its scope is aborted. The error mapping answers it as 503
 * `deadline_exceeded` with `Retry-After`, or, for a client that left (nobody is listening), 499.
 * @example
 * if (error instanceof RequestAborted && error.reason === "deadline") { ... }
 */
export class RequestAborted extends Error {
  override readonly name = "RequestAborted";
  constructor(
    readonly reason: AbortReason,
    readonly timeoutMs = 0,
    readonly retryAfterSeconds = 1,
  ) {
    super(
      reason === "deadline"
        ? `the request did not finish within ${timeoutMs} ms`
        : "the client closed the connection before the response",
    );
  }
}

/** Per-request variables set by middleware. */
export interface ServerVariables {
  /**
   * Set by the deadline middleware when it answered before the handler finished: the handler's
   * still-running work, so admission control releases its slot only when the work really ends.
   */
  unfinishedWork: Promise<unknown> | undefined;
  /** The request's scope (scoring routes only; set by admission control). */
  scope: RequestScope;
}

/** The Node request and response under a hono request, when served by @hono/node-server. */
export interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** The hono `Env` of the plaudit server. */
export interface ServerEnv {
  Bindings: Partial<NodeBindings>;
  Variables: ServerVariables;
}

/**
 * The Node request and response, or `undefined` when the app runs without a socket (`app.request`).
 * @example
 * const node = nodeBindings(c);
 * node?.outgoing.once("close", ...);
 */
export function nodeBindings(c: Context<ServerEnv>): NodeBindings | undefined {
  const env = c.env as Partial<NodeBindings> | undefined;
  return env?.incoming && env.outgoing ? { incoming: env.incoming, outgoing: env.outgoing } : undefined;
}
