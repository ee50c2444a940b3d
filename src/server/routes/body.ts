/**
 * Reading request bodies as JSON, failing through the server's error mapping.
 * @module
 */
import type { Context } from "hono";
import { HttpError, type RequestProblem } from "../errors.js";

/**
 * Reads the body as JSON; a body that does not parse is a 400 `invalid_json`.
 * @example
 * const body = await readJson(c);
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Throws a 400 `invalid_request` listing the envelope's problems, if there are any.
 * @example
 * failOnProblems([{ path: "samples", message: "expected an array of samples" }]);
 */
export function failOnProblems(problems: readonly RequestProblem[]): void {
  if (problems.length === 0) return;
  throw new HttpError(
    400,
    "invalid_request",
    problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; "),
    {
      details: { issues: problems },
    },
  );
}

/**
 * Whether a value is a plain JSON object (not null, not an array).
 * @example
 * isJsonObject({ query: [] }); // true
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
