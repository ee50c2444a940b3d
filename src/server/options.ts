/**
 * Options of the HTTP service, their defaults, and the parsing of human sizes such as `64mb`.
 * @module
 */
import type { Hono } from "hono";
import { ConfigError, type RewardEnvironment } from "../core/index.js";
import { DEFAULT_OPENRLHF_OPTIONS, type OpenRLHFOptions } from "./openrlhf.js";
import { loadNamedScorer, type NamedScorer, parseRecipeRef, type RecipeRef, RecipeSet } from "./recipes.js";

/**
 * What {@link createApp} and {@link startServer} take. Only `recipes` is required.
 * @example
 * const options: ServerOptions = { recipes: ["gui-g2", "det=examples/grounding/recipe.yaml"], maxInflight: 256 };
 */
export interface ServerOptions {
  /**
   * Recipes to serve; the first is the default. Strings are `--recipe` values (`R` or `name=R`),
   * or pass refs, already-built scorers, or a {@link RecipeSet}.
   */
  recipes: RecipeSet | ReadonlyArray<string | RecipeRef | NamedScorer>;
  /** Bearer token required on every route but `/healthz`. Unset: no authentication. */
  token?: string;
  /** Largest accepted request body in bytes (413 above it). Default 64 MiB. */
  maxBodyBytes?: number;
  /** Per-request deadline in milliseconds (503 `deadline_exceeded` past it). Default 120 000. */
  timeoutMs?: number;
  /** Scoring requests processed at once; more get 429 with `Retry-After`. Default 1024. */
  maxInflight?: number;
  /**
   * Samples one request may carry (`/v1/score` samples, `/get_reward` queries); more is a 413
   * `batch_too_large`. Default 65 536: four times a large GRPO step (1 024 prompts × 16 rollouts),
   * and about what the default body limit holds for short completions.
   */
  maxBatch?: number;
  /**
   * Samples admitted to the scoring queue and not yet answered, across requests; a request that
   * would pass it gets 429 `queue_full` with `Retry-After`. Default 65 536 (about half a second of
   * `gui-g2` work through HTTP on two cores, so overload turns into 429s, not seconds of
   * latency). At least `maxBatch`.
   */
  maxQueuedSamples?: number;
  /** Milliseconds of synchronous scoring between two yields of the event loop. Default 5. */
  sliceBudgetMs?: number;
  /** Seconds sent in `Retry-After` with 429 and 503. Default 1. */
  retryAfterSeconds?: number;
  /**
   * The interface the server is bound to (`startServer` sets it). Bound to loopback without a
   * token, only loopback `Host` headers are accepted (see `allowedHosts`).
   */
  host?: string;
  /**
   * Host names (no port) accepted in the `Host` header, besides `localhost`, `127.0.0.1` and
   * `::1`. The check applies when this list is given, or when the server is bound to loopback
   * without a token (a defence against DNS rebinding). `["*"]` accepts any host.
   */
  allowedHosts?: readonly string[];
  /**
   * Fail a request with 422 `data_errors` (listing the samples) when any sample has a data-kind
   * issue, for every recipe; a recipe's own `strict: true` does the same for that recipe.
   * Default false.
   */
  strict?: boolean;
  /** How `/get_reward` extracts responses and sends null rewards. */
  openrlhf?: Partial<OpenRLHFOptions>;
  /** How many recent values each `plaudit_component_mean` gauge averages. Default 4096. */
  metricsWindow?: number;
  /**
   * Services for rewards loaded from recipe refs (model clients for judges and reward models);
   * `plaudit serve` passes a provider built from `--endpoint` / `--allow-path`.
   */
  env?: RewardEnvironment;
  /** Apps mounted under a path prefix, after the server's own middleware (the inspector at `/ui` for `plaudit serve --ui`). */
  mounts?: ReadonlyArray<{ path: string; app: Hono }>;
}

/** {@link ServerOptions} with every default filled in and the recipes loaded. */
export interface ResolvedServerOptions {
  recipes: RecipeSet;
  token: string | undefined;
  maxBodyBytes: number;
  timeoutMs: number;
  maxInflight: number;
  maxBatch: number;
  maxQueuedSamples: number;
  sliceBudgetMs: number;
  retryAfterSeconds: number;
  /** Accepted `Host` names, or `undefined` when any host is accepted. */
  allowedHosts: ReadonlySet<string> | undefined;
  strict: boolean;
  openrlhf: OpenRLHFOptions;
  metricsWindow: number;
}

/**
 * The defaults of the numeric limits.
 * @example
 * SERVER_DEFAULTS.maxInflight; // 1024
 */
export const SERVER_DEFAULTS = {
  maxBodyBytes: 64 * 1024 * 1024,
  timeoutMs: 120_000,
  maxInflight: 1024,
  maxBatch: 65_536,
  maxQueuedSamples: 65_536,
  sliceBudgetMs: 5,
  retryAfterSeconds: 1,
  metricsWindow: 4096,
} as const;

function positive(path: string, value: number | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError([{ path, message: `must be a positive ${integer ? "integer" : "number"}`, value }]);
  }
  return value;
}

/**
 * Fills defaults, validates limits and loads recipes. Throws a `ConfigError` for a bad value.
 * @example
 * const resolved = resolveServerOptions({ recipes: ["examples/grounding/recipe.yaml"] });
 */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const recipes =
    options.recipes instanceof RecipeSet ? options.recipes : loadRecipeEntries(options.recipes, options.env);
  const nullReward = options.openrlhf?.nullReward ?? DEFAULT_OPENRLHF_OPTIONS.nullReward;
  if (!Number.isFinite(nullReward)) {
    throw new ConfigError([
      { path: "openrlhf.nullReward", message: "must be a finite number", value: nullReward },
    ]);
  }
  const maxBatch = positive("maxBatch", options.maxBatch, SERVER_DEFAULTS.maxBatch);
  const maxQueuedSamples = positive(
    "maxQueuedSamples",
    options.maxQueuedSamples,
    Math.max(SERVER_DEFAULTS.maxQueuedSamples, maxBatch),
  );
  if (maxQueuedSamples < maxBatch) {
    throw new ConfigError([
      {
        path: "maxQueuedSamples",
        message: `must be at least maxBatch (${maxBatch}), or no request of the largest allowed size could be queued`,
        value: maxQueuedSamples,
      },
    ]);
  }
  const token = options.token || undefined;
  return {
    recipes,
    token,
    maxBodyBytes: positive("maxBodyBytes", options.maxBodyBytes, SERVER_DEFAULTS.maxBodyBytes),
    timeoutMs: positive("timeoutMs", options.timeoutMs, SERVER_DEFAULTS.timeoutMs, false),
    maxInflight: positive("maxInflight", options.maxInflight, SERVER_DEFAULTS.maxInflight),
    maxBatch,
    maxQueuedSamples,
    sliceBudgetMs: positive("sliceBudgetMs", options.sliceBudgetMs, SERVER_DEFAULTS.sliceBudgetMs, false),
    allowedHosts: resolveAllowedHosts(options.allowedHosts, options.host ?? "127.0.0.1", token),
    strict: options.strict ?? false,
    retryAfterSeconds: positive(
      "retryAfterSeconds",
      options.retryAfterSeconds,
      SERVER_DEFAULTS.retryAfterSeconds,
    ),
    openrlhf: { ...DEFAULT_OPENRLHF_OPTIONS, ...options.openrlhf, nullReward },
    metricsWindow: positive("metricsWindow", options.metricsWindow, SERVER_DEFAULTS.metricsWindow),
  };
}

/** Host names that always mean this machine. */
export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"] as const;

/**
 * Whether an interface name is a loopback one (`127.0.0.0/8`, `::1`, `localhost`).
 * @example
 * isLoopbackHost("127.0.0.1"); // true
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

function resolveAllowedHosts(
  allowed: readonly string[] | undefined,
  bindHost: string,
  token: string | undefined,
): ReadonlySet<string> | undefined {
  if (allowed?.includes("*")) return undefined;
  if (!allowed && (token || !isLoopbackHost(bindHost))) return undefined;
  return new Set([...LOOPBACK_HOSTS, ...(allowed ?? []).map((h) => h.replace(/^\[|\]$/g, "").toLowerCase())]);
}

function loadRecipeEntries(
  entries: ReadonlyArray<string | RecipeRef | NamedScorer>,
  env: RewardEnvironment | undefined,
): RecipeSet {
  return new RecipeSet(
    entries.map((entry) => {
      if (typeof entry === "string") return loadNamedScorer(parseRecipeRef(entry), env);
      return "scorer" in entry ? entry : loadNamedScorer(entry, env);
    }),
  );
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i;
const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/**
 * Parses a byte size: a number of bytes or a number with a unit (`kb`, `mb`, `gb`; binary
 * multiples). Returns `undefined` for text that is not a size.
 * @example
 * parseByteSize("64mb"); // 67108864
 */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[(match[2] ?? "b").toLowerCase()]!);
  return bytes > 0 ? bytes : undefined;
}
