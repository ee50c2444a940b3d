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

/** A batch scored through the queue, with its ticket (for sliced serialisation). */
export interface QueuedScore extends ScoredBatch {
  ticket: QueueTicket;
}

/**
 * Scores `samples` through the scoring queue (admission in samples, slices, deadline) and runs
 * `respond` while the samples still count as queued; the ticket is given back on every path.
 * @example
 * return scoreQueued(c, deps, "gui-g2", scorer, samples, async ({ results, ticket }) => c.json(results));
 */
export async function scoreQueued(
  c: Context<ServerEnv>,
  deps: ScoringDeps,
  scorer: Scorer,
  samples: readonly unknown[],
  respond: (scored: QueuedScore) => Promise<Response>,
): Promise<Response> {
  const ticket = deps.queue.admit(samples.length);
  try {
    const scored = await deps.queue.score(scorer, samples, ticket, c.get("scope"));
    return await respond({ ...scored, ticket });
  } finally {
    deps.queue.leave(ticket);
  }
}
