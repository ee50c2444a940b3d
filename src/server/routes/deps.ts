/**
 * What the scoring routes share: recipes, metrics, the scoring queue and the request limits,
 * and the steps every scoring route takes (batch-size check, queued scoring, strict mode).
 * @module
 */
import type { Context } from "hono";
import type { ScoredBatch, Scorer } from "../../recipe/index.js";
import { strictFailure } from "../data-errors.js";
import type { ServerEnv } from "../env.js";
import { HttpError } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";
import type { OpenRLHFOptions } from "../openrlhf.js";
import type { RecipeSet } from "../recipes.js";
import type { QueueTicket, ScoringQueue } from "../scheduler.js";
import { parseJsonBody, readBodyText } from "./body.js";

/** The shared state and limits of the scoring routes. */
export interface ScoringDeps {
  recipes: RecipeSet;
  metrics: ServerMetrics;
  queue: ScoringQueue;
  maxBodyBytes: number;
  maxBatch: number;
  /** Server-wide strict mode (a recipe's own `strict` also applies). */
  strict: boolean;
  openrlhf: OpenRLHFOptions;
}

/**
 * Throws 413 `batch_too_large` when a request carries more than `maxBatch` samples.
 * @example
 * checkBatchSize(samples.length, deps);
 */
export function checkBatchSize(count: number, deps: ScoringDeps): void {
  if (count <= deps.maxBatch) return;
  deps.metrics.observeRejection("batch_too_large");
  throw new HttpError(
    413,
    "batch_too_large",
    `the request carries ${count} samples; the limit is ${deps.maxBatch} per request (--max-batch): split the batch`,
    { details: { samples: count, max_batch: deps.maxBatch } },
  );
}

/**
 * In strict mode (the server's or the recipe's), throws 422 `data_errors` when a result has a
 * data error. Results are counted in `/metrics` first, so a failed request still shows there.
 * @example
 * failOnDataErrors(results, "gui-g2", scorer, deps);
 */
export function failOnDataErrors(
  results: ScoredBatch["results"],
  recipe: string,
  scorer: Scorer,
  deps: ScoringDeps,
): void {
  if (!deps.strict && !scorer.recipe.strict) return;
  const failure = strictFailure(results, recipe);
  if (failure) throw failure;
}

/**
 * Runs a scoring request with a place in the scoring queue, taken before its body is read with
 * the samples its size suggests (a queue they would overflow answers 429 at once), corrected to
 * the exact count once parsed, and given back on every path.
 * @example
 * return withQueueTicket(c, deps, async (ticket) => { ... });
 */
export async function withQueueTicket(
  c: Context<ServerEnv>,
  deps: ScoringDeps,
  run: (ticket: QueueTicket) => Promise<Response>,
): Promise<Response> {
  const declared = Number(c.req.header("content-length") ?? 0);
  const ticket = deps.queue.enter(deps.queue.estimateSamples(c.req.path, declared, deps.maxBatch));
  try {
    return await run(ticket);
  } finally {
    deps.queue.leave(ticket);
  }
}

/**
 * Reads the body, then parses it as JSON in the request's turn of the scoring queue, so that
 * several large bodies arriving together are parsed one per turn of the event loop.
 * @example
 * const body = await readJsonInTurn(c, deps, ticket);
 */
export async function readJsonInTurn(
  c: Context<ServerEnv>,
  deps: ScoringDeps,
  ticket: QueueTicket,
): Promise<unknown> {
  const text = await readBodyText(c, deps.maxBodyBytes, deps.metrics);
  await deps.queue.turn(ticket, c.get("scope"));
  return parseJsonBody(text);
}

/**
 * Counts the batch's samples in the queue (429 past its bound), then scores them in slices.
 * @example
 * const { results, stats } = await scoreInQueue(c, deps, scorer, samples, ticket);
 */
export async function scoreInQueue(
  c: Context<ServerEnv>,
  deps: ScoringDeps,
  scorer: Scorer,
  samples: readonly unknown[],
  ticket: QueueTicket,
): Promise<ScoredBatch> {
  deps.queue.learn(c.req.path, Number(c.req.header("content-length") ?? 0), samples.length);
  deps.queue.reserve(ticket, samples.length);
  return deps.queue.score(scorer, samples, ticket, c.get("scope"));
}
