/**
 * Batch statistics returned with every scored batch: per component mean/std/null count, the
 * combined reward's, issue counts by code, and group statistics when advantages are on.
 * @module
 */

import type { AdvantageOutput, GroupStats } from "../advantage/index.js";
import { type ComponentValue, type IssueCode, moments, type Result } from "../core/index.js";

/** Mean, std (population) and counts of one column. */
export interface ColumnStats {
  count: number;
  nulls: number;
  mean: number | null;
  std: number | null;
}

/** Statistics of one scored batch. */
export interface BatchStats {
  samples: number;
  reward: ColumnStats;
  components: Record<string, ColumnStats>;
  issues: Partial<Record<IssueCode, number>>;
  /** `perSample`: the estimator's per-sample extras in input order (IGPO `turnAdvantages`, `win-rate` `winRate`). */
  advantage?: { groups: GroupStats[]; collapsedGroups: number; perSample?: AdvantageOutput["perSample"] };
  combine?: Record<string, unknown>;
}

function columnStats(values: ComponentValue[]): ColumnStats {
  const m = moments(values, "population");
  return {
    count: values.length,
    nulls: values.length - m.count,
    mean: m.count ? m.mean : null,
    std: m.count ? m.std : null,
  };
}

/**
 * Computes {@link BatchStats} from results.
 * @example
 * batchStats(results, ["format", "iou"]).components.iou.mean;
 */
export function batchStats(results: readonly Result[], names: readonly string[]): BatchStats {
  const issues: Partial<Record<IssueCode, number>> = {};
  const rewards: ComponentValue[] = new Array(results.length);
  const columns = new Map<string, ComponentValue[]>(names.map((n) => [n, []]));
  results.forEach((r, i) => {
    rewards[i] = r.reward;
    for (const [name, value] of Object.entries(r.components)) {
      let column = columns.get(name);
      if (!column) {
        column = [];
        columns.set(name, column);
      }
      column.push(value);
    }
    for (const issue of r.issues) issues[issue.code] = (issues[issue.code] ?? 0) + 1;
  });
  const components: Record<string, ColumnStats> = {};
  for (const [name, values] of columns) components[name] = columnStats(values);
  return { samples: results.length, reward: columnStats(rewards), components, issues };
}
