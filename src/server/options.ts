/**
 * Options of the HTTP service, their defaults, and the parsing of human sizes such as `64mb`.
 * @module
 */
import type { Hono } from "hono";
import { ConfigError } from "../core/index.js";
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
  /** Seconds sent in `Retry-After` with 429 and 503. Default 1. */
  retryAfterSeconds?: number;
  /** How `/get_reward` extracts responses and sends null rewards. */
  openrlhf?: Partial<OpenRLHFOptions>;
  /** How many recent values each `plaudit_component_mean` gauge averages. Default 4096. */
  metricsWindow?: number;
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
  retryAfterSeconds: number;
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
  const recipes = options.recipes instanceof RecipeSet ? options.recipes : loadRecipeEntries(options.recipes);
  const nullReward = options.openrlhf?.nullReward ?? DEFAULT_OPENRLHF_OPTIONS.nullReward;
  if (!Number.isFinite(nullReward)) {
    throw new ConfigError([
      { path: "openrlhf.nullReward", message: "must be a finite number", value: nullReward },
    ]);
  }
  return {
    recipes,
    token: options.token || undefined,
    maxBodyBytes: positive("maxBodyBytes", options.maxBodyBytes, SERVER_DEFAULTS.maxBodyBytes),
    timeoutMs: positive("timeoutMs", options.timeoutMs, SERVER_DEFAULTS.timeoutMs, false),
    maxInflight: positive("maxInflight", options.maxInflight, SERVER_DEFAULTS.maxInflight),
    retryAfterSeconds: positive(
      "retryAfterSeconds",
      options.retryAfterSeconds,
      SERVER_DEFAULTS.retryAfterSeconds,
    ),
    openrlhf: { ...DEFAULT_OPENRLHF_OPTIONS, ...options.openrlhf, nullReward },
    metricsWindow: positive("metricsWindow", options.metricsWindow, SERVER_DEFAULTS.metricsWindow),
  };
}

function loadRecipeEntries(entries: ReadonlyArray<string | RecipeRef | NamedScorer>): RecipeSet {
  return new RecipeSet(
    entries.map((entry) => {
      if (typeof entry === "string") return loadNamedScorer(parseRecipeRef(entry));
      return "scorer" in entry ? entry : loadNamedScorer(entry);
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
