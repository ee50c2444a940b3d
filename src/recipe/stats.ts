/**
 * Batch statistics returned with every scored batch: per component mean/std/null count, the
 * combined reward's, issue counts by code, and group statistics when advantages are on.
 * @module
 */

import type { AdvantageOutput, GroupStats } from "../advantage/index.js";
import { type ComponentValue, type IssueCode, issueKind, type Result } from "../core/index.js";

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
  /** Samples with at least one issue of kind `data` (broken input; see `IssueKind`). */
  dataErrors: number;
  /**
   * Samples with at least one issue of kind `server` (a judge or reward-model server failed,
   * timed out or answered unparseably; their reward is `null`, never 0).
   */
  serverErrors: number;
  /** `perSample`: the estimator's per-sample extras in input order (IGPO `turnAdvantages`, `win-rate` `winRate`). */
  advantage?: { groups: GroupStats[]; collapsedGroups: number; perSample?: AdvantageOutput["perSample"] };
  combine?: Record<string, unknown>;
  /**
   * Per-component statistics from rewards that summarise themselves (model judges: endpoint,
   * failures, position-bias rate, `constant` when every sample got the same value).
   */
  rewards?: Record<string, object>;
}

/**
 * Running count, mean and sum of squared deviations (Welford), so no column array is built.
 * @example
 * const column = new RunningColumn();
 * for (const v of [1, null, 3]) column.push(v);
 * column.stats(); // { count: 3, nulls: 1, mean: 2, std: 1 }
 */
export class RunningColumn {
  count = 0;
  n = 0;
  mean = 0;
  m2 = 0;

  push(value: ComponentValue | undefined): void {
    this.count++;
    if (value === null || value === undefined) return;
    this.n++;
    const delta = value - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (value - this.mean);
  }

  stats(): ColumnStats {
    return {
      count: this.count,
      nulls: this.count - this.n,
      mean: this.n ? this.mean : null,
      std: this.n ? Math.sqrt(this.m2 / this.n) : null,
    };
  }
}

/** Bit flags of {@link countIssues}: the sample has a data error, a server error. */
const DATA = 1;
const SERVER = 2;

/** Adds one sample's issues to the per-code counts; returns {@link DATA} | {@link SERVER} flags. */
function countIssues(
  list: ReadonlyArray<{ code: IssueCode }>,
  counts: Partial<Record<IssueCode, number>>,
): number {
  let flags = 0;
  for (const issue of list) {
    counts[issue.code] = (counts[issue.code] ?? 0) + 1;
    const kind = issueKind(issue.code);
    if (kind === "data") flags |= DATA;
    else if (kind === "server") flags |= SERVER;
  }
  return flags;
}

/**
 * Computes {@link BatchStats} from results: columns are the given component names (population
 * std over non-null values), issues are counted by code.
 * @example
 * batchStats(results, ["format", "iou"]).components.iou.mean;
 */
export function batchStats(results: readonly Result[], names: readonly string[]): BatchStats {
  const issues: Partial<Record<IssueCode, number>> = {};
  let dataErrors = 0;
  let serverErrors = 0;
  const reward = new RunningColumn();
  const columns = names.map(() => new RunningColumn());
  for (const r of results) {
    reward.push(r.reward);
    const components = r.components;
    for (let k = 0; k < names.length; k++) columns[k]!.push(components[names[k]!]);
    const flags = countIssues(r.issues, issues);
    if (flags & DATA) dataErrors++;
    if (flags & SERVER) serverErrors++;
  }
  const components: Record<string, ColumnStats> = {};
  names.forEach((name, k) => {
    components[name] = columns[k]!.stats();
  });
  return { samples: results.length, reward: reward.stats(), components, issues, dataErrors, serverErrors };
}

/**
 * The same statistics computed from the scorer's internal arrays (faster than from results).
 * @param rows `rows[i][k]`: component k of sample i; `extra` adds named columns
 * @example
 * const issues = [[], [{ code: "no_box_found" }]];
 * const stats = batchStatsFromRows([1, 0.5], [[1, 1], [1, 0]], ["format", "iou"], undefined, issues);
 * stats.components.iou; // { count: 2, nulls: 0, mean: 0.5, std: 0.5 }
 * stats.issues; // { no_box_found: 1 }
 */
export function batchStatsFromRows(
  rewards: ReadonlyArray<ComponentValue>,
  rows: ReadonlyArray<ReadonlyArray<ComponentValue>>,
  names: readonly string[],
  extra: Record<string, ReadonlyArray<ComponentValue>> | undefined,
  issueLists: ReadonlyArray<ReadonlyArray<{ code: IssueCode }>>,
): BatchStats {
  const issues: Partial<Record<IssueCode, number>> = {};
  let dataErrors = 0;
  let serverErrors = 0;
  const reward = new RunningColumn();
  const columns = names.map(() => new RunningColumn());
  for (let i = 0; i < rows.length; i++) {
    reward.push(rewards[i]);
    const row = rows[i]!;
    for (let k = 0; k < names.length; k++) columns[k]!.push(row[k]);
    const flags = countIssues(issueLists[i]!, issues);
    if (flags & DATA) dataErrors++;
    if (flags & SERVER) serverErrors++;
  }
  const components: Record<string, ColumnStats> = {};
  names.forEach((name, k) => {
    components[name] = columns[k]!.stats();
  });
  for (const [name, values] of Object.entries(extra ?? {})) {
    const column = new RunningColumn();
    for (let i = 0; i < rows.length; i++) column.push(values[i]);
    components[name] = column.stats();
  }
  return { samples: rows.length, reward: reward.stats(), components, issues, dataErrors, serverErrors };
}
