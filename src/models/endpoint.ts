/**
 * The `endpoint:` block every model reward takes: where the server is, which model, which wire
 * protocol, and how hard to push it. Pure (zod only), so recipes validate anywhere.
 * @module
 */
import { z } from "zod";

/**
 * The wire protocols plaudit speaks, one client file each under `models/protocols/`.
 * @example
 * MODEL_PROTOCOLS.includes("vllm-classify"); // true
 */
export const MODEL_PROTOCOLS = [
  "openai-chat",
  "vllm-pooling",
  "vllm-classify",
  "sglang-classify",
  "tei",
  "sidecar",
] as const;
export type ModelProtocol = (typeof MODEL_PROTOCOLS)[number];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One model endpoint. `url` may be left out when the operator supplies it (`--endpoint NAME=URL`
 * or the environment variable `PLAUDIT_ENDPOINT_<NAME>`), so presets name no real server.
 * `concurrency` is shared by every reward that uses the same url + model (the smallest wins).
 * `apiKeyEnv` names an environment variable holding a bearer token; the key itself never
 * appears in a recipe, a log, an error or `/metrics`.
 * @example
 * EndpointSchema.parse({ name: "judge", model: "UnifiedReward", protocol: "openai-chat" }).concurrency; // 64
 */
export const EndpointSchema = z.strictObject({
  /** The operator-facing name used by `--endpoint NAME=URL` and `PLAUDIT_ENDPOINT_<NAME>`. */
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "letters, digits, _ and -, starting with a letter")
    .default("judge"),
  /** Base URL, e.g. `http://127.0.0.1:8000` (a trailing `/v1` is accepted for openai-chat). */
  url: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, "an http:// or https:// URL")
    .optional(),
  /** The served model name sent in every request. */
  model: z.string().min(1),
  protocol: z.enum(MODEL_PROTOCOLS),
  /** Requests in flight to this url + model at most. */
  concurrency: z.number().int().min(1).max(4096).default(64),
  /** Per-try deadline in milliseconds. */
  timeoutMs: z.number().int().min(1).default(60_000),
  /** Extra tries after a connection error, a 5xx or a 429 (other 4xx are not retried). */
  retries: z.number().int().min(0).max(20).default(3),
  /** First backoff in milliseconds; doubles per try, with full jitter, unless `Retry-After` says more. */
  backoffMs: z.number().int().min(0).default(500),
  /** Name of the environment variable holding the bearer token (never the token itself). */
  apiKeyEnv: z.string().regex(ENV_NAME, "an environment variable name").optional(),
  /** Items per request for protocols that take lists (pooling, classify, TEI, sidecar). */
  maxBatch: z.number().int().min(1).max(4096).default(32),
  /** Cache replies by request content for the run (the same request is sent once). */
  cache: z.boolean().default(true),
  /**
   * Fields merged into every request body, for server-specific switches: vLLM pooling's
   * `task: "token_classify"`, `chat_template_kwargs`, `structured_outputs`, …
   */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});
export type EndpointConfig = z.output<typeof EndpointSchema>;
export type EndpointInput = z.input<typeof EndpointSchema>;

/**
 * The environment variable that supplies an endpoint's URL when the recipe has none.
 * @example
 * endpointEnvVar("judge"); // "PLAUDIT_ENDPOINT_JUDGE"
 * endpointEnvVar("prm-7b"); // "PLAUDIT_ENDPOINT_PRM_7B"
 */
export function endpointEnvVar(name: string): string {
  return `PLAUDIT_ENDPOINT_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}
