/**
 * What a wire protocol file provides: how to build a request body and how to read the reply
 * (validated with a schema, so a malformed reply becomes a `judge_error`, never a crash).
 * @module
 */
import type { z } from "zod";
import type { ChatReply, ChatRequest, ModelOutcome, ScoreItem, ScoreRows } from "../client.js";

/** A chat protocol (openai-chat). */
export interface ChatProtocol {
  /** The route, relative to the endpoint's base URL. */
  chatUrl(base: string): URL;
  chatBody(request: ChatRequest, model: string): Record<string, unknown>;
  parseChat(json: unknown): ModelOutcome<ChatReply>;
}

/** A scoring protocol over lists of items (pooling, classify, TEI, sidecar). */
export interface ScoreProtocol {
  scoreUrl(base: string): URL;
  /** Whether the item can share a request with others (chat `messages` often cannot). */
  batchable(item: ScoreItem): boolean;
  /** The body for these items, or a reason the items cannot be sent with this protocol. */
  scoreBody(items: readonly ScoreItem[], model: string): Record<string, unknown> | string;
  /** One outcome per item, in order; a reply of the wrong length is an error for all. */
  parseScore(json: unknown, count: number): ModelOutcome<Array<ModelOutcome<ScoreRows>>>;
  /** A liveness route, when the protocol has one. */
  healthUrl?(base: string): URL;
}

/**
 * The base URL without a trailing slash joined with a route.
 * @example
 * joinUrl("http://127.0.0.1:8000/", "/classify").href; // "http://127.0.0.1:8000/classify"
 */
export function joinUrl(base: string, route: string): URL {
  return new URL(base.replace(/\/+$/, "") + route);
}

/**
 * Validates a reply with a schema; the failure names the first bad path.
 * @example
 * checkReply(schema, json, "chat reply");
 */
export function checkReply<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string,
): { ok: true; value: z.output<S> } | { ok: false; code: "judge_error"; message: string } {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "reply";
  return {
    ok: false,
    code: "judge_error",
    message: `${what} does not match the protocol at ${where}: ${issue?.message}`,
  };
}

/**
 * A reply list of the wrong length: an error for every item (a short list must never be
 * matched to the wrong samples).
 * @example
 * lengthMismatch(3, 2).ok; // false
 */
export function lengthMismatch(
  expected: number,
  got: number,
): { ok: false; code: "judge_error"; message: string } {
  return { ok: false, code: "judge_error", message: `the reply has ${got} results for ${expected} inputs` };
}

/** Only finite numbers may leave a protocol. */
export function finiteRows(rows: number[][]): ModelOutcome<ScoreRows> {
  for (const row of rows)
    for (const v of row)
      if (!Number.isFinite(v))
        return { ok: false, code: "judge_error", message: "the reply holds a non-finite score" };
  return { ok: true, value: rows };
}
