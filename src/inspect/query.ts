/**
 * Sorting, filtering, paging and histograms over a {@link RowIndex}. Each column's sort order is
 * computed once (lazily) and kept; a filter is then one linear pass over that order, so changing a
 * filter on a million rows costs O(n) and scrolling costs O(page).
 * @module
 */
import type { RowIndex } from "./row-index.js";

/** A row query: filters, then an order. */
export interface RowQuery {
  /** A column name, or `row` (file order, the default). */
  sort?: string;
  desc?: boolean;
  /** Inclusive ranges per column; a row whose value is null never matches a range. */
  ranges?: Record<string, { min?: number; max?: number }>;
  /** Only rows carrying this issue code. */
  issue?: string;
  /** Only rows of this group (the `group` field, or an eval row's category). */
  group?: string;
  /** Only rows with a data error. */
  dataErrors?: boolean;
}

/** One histogram: `bins` equal-width counts over `[min, max]`, plus the nulls. */
export interface ColumnStats {
  name: string;
  count: number;
  nulls: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  bins: number[];
}

/** One row as the table shows it. */
export interface RowSummary {
  row: number;
  id: string | null;
  group: string | null;
  values: Record<string, number | null>;
  issues: string[];
  dataError: boolean;
}

const sortOrders = new WeakMap<RowIndex, Map<string, Uint32Array>>();

/** Rows in order of `column` (ascending or descending), nulls last, ties in file order; cached per index, column and direction. */
function sortedOrder(index: RowIndex, column: string, desc: boolean): Uint32Array {
  let byColumn = sortOrders.get(index);
  if (!byColumn) {
    byColumn = new Map();
    sortOrders.set(index, byColumn);
  }
  const key = `${desc ? "-" : "+"}${column}`;
  const cached = byColumn.get(key);
  if (cached) return cached;
  const values = index.columns.get(column);
  if (!values) throw new RangeError(`unknown column ${column}; columns: ${index.columnNames.join(", ")}`);
  const order = new Uint32Array(index.count);
  let present = 0;
  let nullAt = index.count;
  for (let i = 0; i < index.count; i++) {
    if (Number.isNaN(values[i]!)) order[--nullAt] = i;
    else order[present++] = i;
  }
  const sign = desc ? -1 : 1;
  order.subarray(0, present).sort((a, b) => sign * (values[a]! - values[b]!) || a - b);
  order.subarray(present).reverse();
  byColumn.set(key, order);
  return order;
}

function rowHasIssue(index: RowIndex, row: number, issueId: number): boolean {
  for (let k = index.issueStart[row]!; k < index.issueStart[row + 1]!; k++) {
    if (index.issueIds[k] === issueId) return true;
  }
  return false;
}

/** Builds the row predicate of a query, or null when it keeps every row. */
function predicateOf(index: RowIndex, query: RowQuery): ((row: number) => boolean) | null {
  const tests: Array<(row: number) => boolean> = [];
  for (const [name, range] of Object.entries(query.ranges ?? {})) {
    const values = index.columns.get(name);
    if (!values) throw new RangeError(`unknown column ${name}; columns: ${index.columnNames.join(", ")}`);
    const min = range.min ?? Number.NEGATIVE_INFINITY;
    const max = range.max ?? Number.POSITIVE_INFINITY;
    tests.push((row) => values[row]! >= min && values[row]! <= max);
  }
  if (query.issue !== undefined) {
    const issueId = index.issueCodes.indexOf(query.issue);
    tests.push(issueId === -1 ? () => false : (row) => rowHasIssue(index, row, issueId));
  }
  if (query.group !== undefined) {
    const groupId = index.groups.indexOf(query.group);
    tests.push((row) => groupId !== -1 && index.groupOf[row] === groupId);
  }
  if (query.dataErrors) tests.push((row) => index.dataError[row] === 1);
  if (!tests.length) return null;
  return (row) => {
    for (const test of tests) if (!test(row)) return false;
    return true;
  };
}

/**
 * The rows matching a query, in its order.
 * @example
 * const rows = selectRows(index, { sort: "reward", desc: true, ranges: { "components.iou": { min: 0.5 } } });
 * rows.length; // rows with iou ≥ 0.5, best reward first
 */
export function selectRows(index: RowIndex, query: RowQuery): Uint32Array {
  const keep = predicateOf(index, query);
  const sort = query.sort && query.sort !== "row" ? query.sort : null;
  const order = sort ? sortedOrder(index, sort, Boolean(query.desc)) : null;
  if (!order && !keep) {
    const all = new Uint32Array(index.count);
    for (let i = 0; i < index.count; i++) all[i] = query.desc ? index.count - 1 - i : i;
    return all;
  }
  const out = new Uint32Array(index.count);
  let n = 0;
  if (order) {
    for (let i = 0; i < order.length; i++) if (!keep || keep(order[i]!)) out[n++] = order[i]!;
  } else {
    for (let i = 0; i < index.count; i++) {
      const row = query.desc ? index.count - 1 - i : i;
      if (keep!(row)) out[n++] = row;
    }
  }
  return out.slice(0, n);
}

/**
 * The table's view of one row.
 * @example
 * summarizeRow(index, 0).values.reward; // number or null
 */
export function summarizeRow(index: RowIndex, row: number): RowSummary {
  const values: Record<string, number | null> = {};
  for (const [name, column] of index.columns) {
    const v = column[row]!;
    values[name] = Number.isNaN(v) ? null : v;
  }
  const issues: string[] = [];
  for (let k = index.issueStart[row]!; k < index.issueStart[row + 1]!; k++)
    issues.push(index.issueCodes[index.issueIds[k]!]!);
  const g = index.groupOf[row]!;
  return {
    row,
    id: index.ids[row] ?? null,
    group: g === -1 ? null : index.groups[g]!,
    values,
    issues,
    dataError: index.dataError[row] === 1,
  };
}

/**
 * Count, nulls, mean, range and an equal-width histogram of every column over the given rows.
 * @example
 * columnStats(index, selectRows(index, {}), 20)[0]; // { name: "reward", count, nulls, mean, min, max, bins }
 */
export function columnStats(index: RowIndex, rows: Uint32Array, binCount = 20): ColumnStats[] {
  const stats: ColumnStats[] = [];
  for (const name of index.columnNames) {
    const values = index.columns.get(name)!;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = values[rows[i]!]!;
      if (Number.isNaN(v)) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const bins = new Array<number>(binCount).fill(0);
    if (count) {
      const width = max - min;
      for (let i = 0; i < rows.length; i++) {
        const v = values[rows[i]!]!;
        if (Number.isNaN(v)) continue;
        const bin = width === 0 ? 0 : Math.min(binCount - 1, Math.floor(((v - min) / width) * binCount));
        bins[bin]!++;
      }
    }
    stats.push({
      name,
      count,
      nulls: rows.length - count,
      mean: count ? sum / count : null,
      min: count ? min : null,
      max: count ? max : null,
      bins,
    });
  }
  return stats;
}

/**
 * How many of the given rows carry each issue code, most frequent first.
 * @example
 * issueCounts(index, rows); // [{ code: "no_box_found", rows: 12 }, …]
 */
export function issueCounts(index: RowIndex, rows: Uint32Array): Array<{ code: string; rows: number }> {
  const counts = new Uint32Array(index.issueCodes.length);
  const seen = new Int32Array(index.issueCodes.length).fill(-1);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let k = index.issueStart[row]!; k < index.issueStart[row + 1]!; k++) {
      const id = index.issueIds[k]!;
      if (seen[id] === row) continue;
      seen[id] = row;
      counts[id]!++;
    }
  }
  return index.issueCodes
    .map((code, id) => ({ code, rows: counts[id]! }))
    .filter((c) => c.rows > 0)
    .sort((a, b) => b.rows - a.rows || a.code.localeCompare(b.code));
}
