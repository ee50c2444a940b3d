/**
 * The compact columnar response of `POST /v1/score` (`"format": "columnar"`): one array per
 * field instead of one object per result, and issues listed sparsely with their sample index.
 * The same information as the row format, at a fraction of the bytes and serialisation time
 * (the Python client reads it with `PlauditClient.score(..., columnar=True)`).
 *
 * ```jsonc
 * {
 *   "recipe": "gui-g2", "format": "columnar", "count": 3,
 *   "ids": ["a", "b", null],                  // null where a sample had no id
 *   "rewards": [1.2, null, 0],
 *   "components": { "point": [0.7, null, 0], "coverage": [0.5, null, 0] },
 *   "advantages": [0.9, 0, -0.9],             // only when the recipe computes advantages
 *   "issues": [{ "index": 1, "reward": "sample", "code": "invalid_sample", "message": "..." }],
 *   "stats": { ... }                          // as in the row format
 * }
 * ```
 * @module
 */
import type { Result } from "../core/index.js";
import type { BatchStats } from "../recipe/index.js";

/** The response formats of `POST /v1/score`. */
export const RESPONSE_FORMATS = ["rows", "columnar"] as const;
/** A response format of `POST /v1/score`. */
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/** The columnar body, as an object. */
export interface ColumnarBody {
  recipe: string;
  format: "columnar";
  count: number;
  ids: Array<string | number | null>;
  rewards: Array<number | null>;
  components: Record<string, Array<number | null>>;
  advantages?: number[];
  issues: Array<{ index: number; reward: string; code: string; message: string }>;
  stats: BatchStats;
}

/**
 * Turns results into the columnar body. Component names come from the first result (which
 * includes any a batch combination adds), else `names`.
 * @example
 * columnarBody("gui-g2", results, scorer.names, stats).rewards; // [1.2, null, 0]
 */
export function columnarBody(
  recipe: string,
  results: readonly Result[],
  names: readonly string[],
  stats: BatchStats,
): ColumnarBody {
  const n = results.length;
  const columns = n ? Object.keys(results[0]!.components) : [...names];
  const ids = new Array<string | number | null>(n);
  const rewards = new Array<number | null>(n);
  const components: Record<string, Array<number | null>> = {};
  const values = columns.map((name) => {
    const column = new Array<number | null>(n);
    components[name] = column;
    return column;
  });
  const withAdvantage = n > 0 && results[0]!.advantage !== undefined;
  const advantages = withAdvantage ? new Array<number>(n) : undefined;
  const issues: ColumnarBody["issues"] = [];
  for (let i = 0; i < n; i++) {
    const result = results[i]!;
    ids[i] = result.id ?? null;
    rewards[i] = result.reward;
    for (let k = 0; k < columns.length; k++) values[k]![i] = result.components[columns[k]!] ?? null;
    if (advantages) advantages[i] = result.advantage ?? 0;
    for (const issue of result.issues)
      issues.push({ index: i, reward: issue.reward, code: issue.code, message: issue.message });
  }
  // Key order as documented: advantages (when computed) before issues.
  if (advantages)
    return { recipe, format: "columnar", count: n, ids, rewards, components, advantages, issues, stats };
  return { recipe, format: "columnar", count: n, ids, rewards, components, issues, stats };
}
