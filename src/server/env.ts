/**
 * The hono environment shared by the server's middleware and routes.
 * @module
 */

/** Per-request variables set by middleware. */
export interface ServerVariables {
  /**
   * Set by the deadline middleware when it answered before the handler finished: the handler's
   * still-running work, so admission control releases its slot only when the work really ends.
   */
  unfinishedWork: Promise<unknown> | undefined;
}

/** The hono `Env` of the plaudit server. */
export interface ServerEnv {
  Variables: ServerVariables;
}
