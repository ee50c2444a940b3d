/**
 * `POST /v1/score`: the native batch route. `{recipe?, samples, format?}` in, `{recipe, results,
 * stats}` out, results in input order (or, with `format: "columnar"` or `?format=columnar`, the
 * compact columnar body of `columnar.ts`). A bad sample is a result with an `invalid_sample` issue; only a
 * bad envelope fails the request (400 with `issues: [{path, message}]`), or, in strict mode, a
 * sample with a data error (422 `data_errors` listing them).
 * @module
 */
import type { Hono } from "hono";
import { columnarBody, RESPONSE_FORMATS, type ResponseFormat } from "../columnar.js";
import type { ServerEnv } from "../env.js";
import type { RequestProblem } from "../errors.js";
import { failOnProblems, isJsonObject } from "./body.js";
import {
  checkBatchSize,
  failOnDataErrors,
  readJsonInTurn,
  type ScoringDeps,
  scoreInQueue,
  withQueueTicket,
} from "./deps.js";

const ENVELOPE_KEYS = new Set(["recipe", "samples", "format"]);

/** A validated `/v1/score` request. */
export interface ScoreEnvelope {
  recipe: string | undefined;
  samples: unknown[];
  /** `rows` (default): one result object per sample; `columnar`: see `columnar.ts`. */
  format: ResponseFormat | undefined;
}

function isFormat(value: unknown): value is ResponseFormat {
  return (RESPONSE_FORMATS as readonly unknown[]).includes(value);
}

/**
 * Validates the envelope by hand (not with zod) so that an 8,192-sample batch is not walked twice:
 * the samples themselves are validated one by one by the scorer.
 * @example
 * parseScoreEnvelope({ samples: [{ completion: "A" }] }); // { recipe: undefined, samples: [...] }
 */
export function parseScoreEnvelope(body: unknown): ScoreEnvelope {
  const problems: RequestProblem[] = [];
  if (!isJsonObject(body)) {
    failOnProblems([{ path: "", message: 'expected a JSON object {"recipe"?: string, "samples": [...]}' }]);
    return { recipe: undefined, samples: [], format: undefined };
  }
  for (const key of Object.keys(body)) {
    if (!ENVELOPE_KEYS.has(key))
      problems.push({ path: key, message: "unknown field; expected recipe, samples, format" });
  }
  if (body.format !== undefined && !isFormat(body.format))
    problems.push({ path: "format", message: `expected one of ${RESPONSE_FORMATS.join(", ")}` });
  if (!Array.isArray(body.samples))
    problems.push({ path: "samples", message: "required: an array of samples" });
  if (body.recipe !== undefined && typeof body.recipe !== "string") {
    problems.push({ path: "recipe", message: "expected a recipe name (string)" });
  }
  failOnProblems(problems);
  return {
    recipe: body.recipe as string | undefined,
    samples: body.samples as unknown[],
    format: body.format as ResponseFormat | undefined,
  };
}

/**
 * Registers `POST /v1/score`. The recipe comes from the body's `recipe`, else `?recipe=`, else the default.
 * @example
 * scoreRoute(app, deps);
 */
export function scoreRoute(app: Hono<ServerEnv>, deps: ScoringDeps): void {
  app.post("/v1/score", (c) =>
    withQueueTicket(c, deps, async (ticket) => {
      const envelope = parseScoreEnvelope(await readJsonInTurn(c, deps, ticket));
      const { name, scorer } = deps.recipes.get(envelope.recipe ?? c.req.query("recipe"));
      const query = c.req.query("format");
      if (query !== undefined && !isFormat(query))
        failOnProblems([{ path: "?format", message: `expected one of ${RESPONSE_FORMATS.join(", ")}` }]);
      const format = envelope.format ?? (query as ResponseFormat | undefined) ?? "rows";
      checkBatchSize(envelope.samples.length, deps);
      const { results, stats } = await scoreInQueue(c, deps, scorer, envelope.samples, ticket);
      deps.metrics.observeResults(name, results);
      failOnDataErrors(results, name, scorer, deps);
      if (format === "columnar") {
        await deps.queue.turn(ticket, c.get("scope"));
        return c.json(columnarBody(name, results, scorer.names, stats));
      }
      const resultsJson = await deps.queue.stringifyList(results, ticket, c.get("scope"));
      // Assembled by hand so the results are serialised in slices; key order as documented.
      const body = `{"recipe":${JSON.stringify(name)},"results":${resultsJson},"stats":${JSON.stringify(stats)}}`;
      return c.body(body, 200, { "Content-Type": "application/json" });
    }),
  );
}
