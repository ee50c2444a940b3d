/**
 * Helpers for the server tests: recipes built in-process (including a deliberately slow async
 * reward, to exercise deadlines, admission control and graceful shutdown) and a tiny JSON client.
 * @module
 */
import { resolve } from "node:path";
import { z } from "zod";
import { createRegistry, defineReward } from "../src/core/index.js";
import { buildScorer, type Scorer } from "../src/recipe/index.js";
import { builtinRewards } from "../src/rewards/index.js";

/** The parity fixtures folder. */
export const PARITY_DIR = resolve(import.meta.dirname, "fixtures/parity");

/** An async reward that waits `meta.sleep_ms` (default 0) and scores 1. */
export const sleepReward = defineReward({
  type: "test.sleep",
  description: "Waits meta.sleep_ms milliseconds, then scores 1 (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) =>
      new Promise<number>((done) => setTimeout(() => done(1), Number(sample.meta?.sleep_ms ?? 0))),
  }),
});

/**
 * A scorer whose only component sleeps: requests through it stay in flight as long as asked.
 * @example
 * startServer({ recipes: [{ name: "slow", scorer: slowScorer() }] });
 */
export function slowScorer(): Scorer {
  return buildScorer(
    { name: "slow", rewards: [{ name: "sleep", type: "test.sleep" }], combine: { type: "sum" } },
    { registry: createRegistry([...builtinRewards, sleepReward]) },
  );
}

/** A JSON response: status, headers and parsed body. */
export interface JsonReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * POSTs JSON (or raw text) and parses the JSON reply.
 * @example
 * const { status, body } = await postJson(`${url}/v1/score`, { samples: [] });
 */
export async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

/** A reward that scores 1 when the completion equals the reference text exactly, else 0. */
export const exactReward = defineReward({
  type: "test.exact",
  description: "1 when completion === String(reference), else 0 (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) =>
      sample.reference === undefined ? null : sample.completion === String(sample.reference) ? 1 : 0,
  }),
});

/**
 * A scorer comparing the completion with the reference, to see exactly which text a door scored.
 * @example
 * startServer({ recipes: [{ name: "exact", scorer: exactScorer() }] });
 */
export function exactScorer(): Scorer {
  return buildScorer(
    { name: "exact", rewards: [{ name: "exact", type: "test.exact" }], combine: { type: "sum" } },
    { registry: createRegistry([...builtinRewards, exactReward]) },
  );
}
