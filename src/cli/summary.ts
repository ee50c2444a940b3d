/**
 * What a run did, for people: a tally of results as they are written (columns, issues, data
 * errors with their line numbers, group statistics) and the text summary that `plaudit score`
 * prints to stderr and `plaudit demo` to stdout. One formatter for both doors.
 * @module
 */
import { type GroupStats, UNGROUPED } from "../advantage/index.js";
import { type IssueCode, issueKind, type Result } from "../core/index.js";
import { type BatchStats, RunningColumn } from "../recipe/index.js";

/** How many offending line numbers a run remembers (the smallest ones). */
const KEPT_LINES = 10;

/** Aggregates over a run's groups, for the summary line (independent of the number of groups). */
export interface GroupSummary {
  groups: number;
  samples: number;
  minSize: number;
  maxSize: number;
  /** Groups whose non-null rewards are all equal: no learning signal. */
  collapsed: number;
  withNulls: number;
  /** Groups with exactly one scored sample. */
  singletons: number;
}

/**
 * An empty {@link GroupSummary}.
 * @example
 * const summary = emptyGroupSummary();
 * for (const g of stats.advantage.groups) addToGroupSummary(summary, g);
 */
export function emptyGroupSummary(): GroupSummary {
  return {
    groups: 0,
    samples: 0,
    minSize: Number.POSITIVE_INFINITY,
    maxSize: 0,
    collapsed: 0,
    withNulls: 0,
    singletons: 0,
  };
}

/**
 * Adds one group's statistics to a {@link GroupSummary}.
 * @example
 * addToGroupSummary(summary, { group: "g", size: 8, nulls: 0, mean: 0.5, std: 0.1, collapsed: false });
 */
export function addToGroupSummary(summary: GroupSummary, group: GroupStats): void {
  summary.groups++;
  summary.samples += group.size;
  summary.minSize = Math.min(summary.minSize, group.size);
  summary.maxSize = Math.max(summary.maxSize, group.size);
  if (group.collapsed) summary.collapsed++;
  if (group.nulls) summary.withNulls++;
  if (group.size - group.nulls === 1) summary.singletons++;
}

/**
 * Statistics accumulated result by result, in any order (a spilled run writes buckets, not lines),
 * in memory independent of the number of results except for group statistics (one per group).
 * @example
 * const tally = new RunTally(["format", "iou"]);
 * tally.push(result, 1);
 * tally.batchStats().components.iou.mean;
 */
export class RunTally {
  readonly #names: readonly string[];
  readonly #columns = new Map<string, RunningColumn>();
  readonly #reward = new RunningColumn();
  readonly #issues: Partial<Record<IssueCode, number>> = {};
  /** Every group's statistics, when kept (`--stats`); else only {@link RunTally.groupSummary}'s aggregates. */
  readonly #groups: Array<{ first: number; stats: GroupStats }> = [];
  readonly #keepGroups: boolean;
  readonly #groupSummary = emptyGroupSummary();
  #ungrouped: { first: number; stats: GroupStats } | undefined;
  #order = 0;
  #dataErrorLines: number[] = [];
  #combine: Record<string, unknown> | undefined;
  #perSample: NonNullable<BatchStats["advantage"]>["perSample"];
  /** Results tallied. */
  samples = 0;
  /** Results with an `invalid_sample` issue (not JSON, blank, or not a sample). */
  invalid = 0;
  /** Results with at least one issue of kind `data`. */
  dataErrors = 0;
  /** Results with at least one issue of kind `server` (a judge or model server failed). */
  serverErrors = 0;

  /** @param keepGroups keep every group's statistics for {@link RunTally.batchStats} (memory: one object per group) */
  constructor(names: readonly string[], keepGroups = true) {
    this.#names = names;
    this.#keepGroups = keepGroups;
    for (const name of names) this.#columns.set(name, new RunningColumn());
  }

  /** Counts one result; `line` is its 1-based input line. */
  push(result: Result, line: number): void {
    this.samples++;
    this.#reward.push(result.reward);
    for (const name in result.components) {
      let column = this.#columns.get(name);
      if (!column) {
        // An extra column (e.g. a Pareto mask) first seen now: earlier results lacked it.
        column = new RunningColumn();
        column.count = this.samples - 1;
        this.#columns.set(name, column);
      }
      column.push(result.components[name]);
    }
    let data = false;
    let server = false;
    for (const issue of result.issues) {
      this.#issues[issue.code] = (this.#issues[issue.code] ?? 0) + 1;
      const kind = issueKind(issue.code);
      if (kind === "data") data = true;
      else if (kind === "server") server = true;
      if (issue.code === "invalid_sample") this.invalid++;
    }
    if (server) this.serverErrors++;
    if (data) {
      this.dataErrors++;
      this.#dataErrorLines.push(line);
      if (this.#dataErrorLines.length > 4 * KEPT_LINES) this.#keepSmallestLines();
    }
  }

  /**
   * Adds the group statistics and combination stats of one scored batch. `first` gives each
   * group's first input line, so groups of a spilled run are listed in first-seen order; without
   * it, batches are taken to come in input order.
   */
  addBatch(stats: BatchStats, first?: (group: string) => number): void {
    for (const group of stats.advantage?.groups ?? []) {
      // Batches added in input order list their groups in first-seen order already.
      const at = first ? first(group.group) : this.#order++;
      if (group.group === UNGROUPED) this.#addUngrouped(group, at);
      else {
        addToGroupSummary(this.#groupSummary, group);
        if (this.#keepGroups) this.#groups.push({ first: at, stats: group });
      }
    }
    if (stats.advantage?.perSample) this.#perSample = stats.advantage.perSample;
    if (stats.combine) {
      // Counts (Pareto's nonDominated) add up over batches of whole groups; anything else is per batch.
      const merged: Record<string, unknown> = { ...this.#combine };
      for (const [key, value] of Object.entries(stats.combine)) {
        const before = merged[key];
        merged[key] = typeof value === "number" && typeof before === "number" ? before + value : value;
      }
      this.#combine = merged;
    }
  }

  /**
   * The ungrouped pool is the one group that several batches may share: lines that are not valid
   * samples fall in it wherever their `group` field sent them. They only add nulls, so the pool's
   * statistics come from the one batch that holds its scored samples.
   */
  #addUngrouped(group: GroupStats, first: number): void {
    const before = this.#ungrouped;
    if (!before) {
      this.#ungrouped = { first, stats: { ...group } };
      return;
    }
    const scored = before.stats.mean === null ? group : before.stats;
    before.stats = {
      ...scored,
      size: before.stats.size + group.size,
      nulls: before.stats.nulls + group.nulls,
    };
    before.first = Math.min(before.first, first);
  }

  #keepSmallestLines(): void {
    this.#dataErrorLines = this.#dataErrorLines.sort((a, b) => a - b).slice(0, KEPT_LINES);
  }

  /** The smallest input line numbers of samples with data errors (at most 10). */
  dataErrorLines(): number[] {
    this.#keepSmallestLines();
    return [...this.#dataErrorLines];
  }

  /** Aggregates over every group (the ungrouped pool included). */
  groupSummary(): GroupSummary {
    const summary = { ...this.#groupSummary };
    if (this.#ungrouped) addToGroupSummary(summary, this.#ungrouped.stats);
    return summary;
  }

  /**
   * Everything tallied, as the scorer's {@link BatchStats}. Group statistics are listed only when
   * the tally keeps them; `collapsedGroups` always counts every group.
   */
  batchStats(withAdvantage: boolean): BatchStats {
    const components: BatchStats["components"] = {};
    for (const [name, column] of this.#columns) {
      // Columns first seen late still count every result.
      column.count = Math.max(column.count, this.samples);
      components[name] = column.stats();
    }
    const stats: BatchStats = {
      samples: this.samples,
      reward: this.#reward.stats(),
      components,
      issues: { ...this.#issues },
      dataErrors: this.dataErrors,
      serverErrors: this.serverErrors,
    };
    if (withAdvantage) {
      const all = this.#ungrouped && this.#keepGroups ? [...this.#groups, this.#ungrouped] : this.#groups;
      const groups = all.sort((a, b) => a.first - b.first).map((g) => g.stats);
      stats.advantage = { groups, collapsedGroups: this.groupSummary().collapsed };
      if (this.#perSample) stats.advantage.perSample = this.#perSample;
    }
    if (this.#combine) stats.combine = this.#combine;
    return stats;
  }

  /** Component names of the recipe, in recipe order. */
  get names(): readonly string[] {
    return this.#names;
  }
}

const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined ? "null" : v.toFixed(digits);

/**
 * Formats a value with the given number of decimals, or `null`.
 * @example
 * formatValue(0.12345); // "0.123"
 */
export const formatValue = fmt;

function countsText(entries: Array<[string, number]>): string {
  return entries.map(([code, n]) => `${code} ×${n}`).join(", ");
}

/**
 * The human summary of a run's statistics: per-column mean / std / nulls (components, then the
 * reward), issue counts by code with data errors apart (and their first lines when known), and
 * group statistics when advantages were computed.
 * @param dataErrorLines first input lines with data errors, shown when given
 * @param groups group aggregates (default: computed from `stats.advantage.groups`)
 * @example
 * process.stderr.write(`${formatStatsSummary(stats, tally.dataErrorLines(), tally.groupSummary()).join("\n")}\n`);
 */
export function formatStatsSummary(
  stats: BatchStats,
  dataErrorLines?: readonly number[],
  groups?: GroupSummary,
): string[] {
  const out: string[] = [];
  const width = Math.max(10, ...Object.keys(stats.components).map((n) => n.length));
  out.push(`  ${"column".padEnd(width)} ${"mean".padStart(7)} ${"std".padStart(7)} ${"nulls".padStart(7)}`);
  const columns: Array<[string, BatchStats["reward"]]> = [
    ...Object.entries(stats.components),
    ["reward", stats.reward],
  ];
  for (const [name, c] of columns)
    out.push(
      `  ${name.padEnd(width)} ${fmt(c.mean).padStart(7)} ${fmt(c.std).padStart(7)} ${String(c.nulls).padStart(7)}`,
    );

  const entries = (Object.entries(stats.issues) as Array<[IssueCode, number]>).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  const data = entries.filter(([code]) => issueKind(code) === "data");
  const server = entries.filter(([code]) => issueKind(code) === "server");
  const other = entries.filter(([code]) => issueKind(code) !== "data" && issueKind(code) !== "server");
  out.push(other.length ? `  issues: ${countsText(other)}` : "  issues: none");
  if (stats.dataErrors) {
    const where = dataErrorLines?.length
      ? `; first lines: ${dataErrorLines.join(", ")}${stats.dataErrors > dataErrorLines.length ? ", …" : ""}`
      : "";
    out.push(`  data errors: ${stats.dataErrors} samples (${countsText(data)})${where}`);
  } else out.push("  data errors: none");
  // Only when a recipe calls a model: a judge outage is never a reward of 0, and never quiet.
  if (stats.serverErrors)
    out.push(`  model server failures: ${stats.serverErrors} samples (${countsText(server)})`);

  if (stats.advantage) {
    let g = groups;
    if (!g) {
      g = emptyGroupSummary();
      for (const group of stats.advantage.groups) addToGroupSummary(g, group);
    }
    const sizeText = !g.groups
      ? ""
      : g.minSize === g.maxSize
        ? `, size ${g.minSize}`
        : `, size ${fmt(g.samples / g.groups, 1)} on average (${g.minSize}–${g.maxSize})`;
    out.push(
      `  groups: ${g.groups}${sizeText}; ${g.collapsed} collapsed (all rewards equal: no learning signal), ${g.withNulls} with null rewards, ${g.singletons} with one scored sample`,
    );
  }
  return out;
}
