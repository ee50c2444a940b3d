/**
 * `POST /get_reward`: OpenRLHF's remote reward contract (`--remote_rm_url`, `--reward.remote_url`).
 * `{query, prompts, labels}` in, `{rewards, scores, extra_logs}` out, every array as long as
 * `query`. Odd but valid input never gets a 4xx, because OpenRLHF retries any failure five times
 * and then trains on a `None` reward: empty lists answer 200 with empty arrays, missing or short
 * `prompts`/`labels` mean no prompt/label for those items, and a non-string query item scores as an
 * invalid sample (its reward is the null number). Only a body that is not an object with a
 * `query` list is a 400. `extra_logs.data_errors` is 1 for a sample with a data error, else 0,
 * so broken input shows in the trainer's own metrics; in strict mode such a batch is a 422.
 * @module
 */
import type { Hono } from "hono";
import type { ServerEnv } from "../env.js";
import { openrlhfResponse, openrlhfSample } from "../openrlhf.js";
import { failOnProblems, isJsonObject } from "./body.js";
import {
  checkBatchSize,
  failOnDataErrors,
  readJsonInTurn,
  type ScoringDeps,
  scoreInQueue,
  withQueueTicket,
} from "./deps.js";

function asList(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * Registers `POST /get_reward`. The recipe is the default one, or `?recipe=name` (OpenRLHF posts
 * to exactly the URL it is given, so the query string selects the recipe).
 * @example
 * getRewardRoute(app, deps);
 */
export function getRewardRoute(app: Hono<ServerEnv>, deps: ScoringDeps): void {
  const { recipes, metrics, openrlhf: options } = deps;
  app.post("/get_reward", (c) =>
    withQueueTicket(c, deps, async (ticket) => {
      const body = await readJsonInTurn(c, deps, ticket);
      if (!isJsonObject(body) || body.query === undefined || body.query === null) {
        failOnProblems([
          { path: "query", message: 'required: {"query": [...], "prompts": [...], "labels": [...]}' },
        ]);
      }
      const envelope = body as Record<string, unknown>;
      const queries = asList(envelope.query);
      const prompts = asList(envelope.prompts);
      const labels = asList(envelope.labels);
      const { name, scorer } = recipes.get(c.req.query("recipe"));
      checkBatchSize(queries.length, deps);
      const samples = new Array<unknown>(queries.length);
      for (let i = 0; i < queries.length; i++)
        samples[i] = openrlhfSample(queries[i], prompts[i], labels[i], options);
      const { results } = await scoreInQueue(c, deps, scorer, samples, ticket);
      metrics.observeResults(name, results);
      failOnDataErrors(results, name, scorer, deps);
      const components = results.length ? Object.keys(results[0]!.components) : [...scorer.names];
      const { body: response, nullsSent } = openrlhfResponse(
        results,
        components,
        options.nullReward,
        scorer.callsModels,
      );
      metrics.observeNullsSent(name, nullsSent);
      return c.json(response);
    }),
  );
}
