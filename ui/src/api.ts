/**
 * The inspector's JSON API as the UI sees it (the wire shapes of src/inspect). Every URL is
 * relative, so the UI works at `/` and under `/ui/`.
 * @module
 */

export interface ColumnStats {
  name: string;
  count: number;
  nulls: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  bins: number[];
}

export interface IssueCount {
  code: string;
  rows: number;
}

export interface Summary {
  path: string;
  kind: "scored" | "eval" | "samples";
  count: number;
  columns: string[];
  groups: number;
  issueCodes: string[];
  badLines: number;
  dataErrors: number;
  joinedSamples: number | null;
  stats: ColumnStats[];
  issues: IssueCount[];
}

export interface RowSummary {
  row: number;
  id: string | null;
  group: string | null;
  values: Record<string, number | null>;
  issues: string[];
  dataError: boolean;
}

export interface RowsPage {
  total: number;
  offset: number;
  rows: RowSummary[];
  stats?: ColumnStats[];
  issues?: IssueCount[];
}

export interface OverlayShape {
  reward: string;
  role: "pred" | "ref";
  kind: "box" | "point";
  frame: string;
  raw: number[];
  pixels: number[] | null;
}

export interface OverlayGaussian {
  reward: string;
  role: "pred" | "ref";
  cx: number;
  cy: number;
  sigmaX: number;
  sigmaY: number;
  contours: Array<{ level: number; rx: number; ry: number }>;
}

export interface Overlay {
  frame: { width: number; height: number } | null;
  shapes: OverlayShape[];
  gaussians: OverlayGaussian[];
  errors: Array<{ reward: string; code: string; message: string }>;
}

export interface RowDetail {
  summary: RowSummary;
  record: Record<string, unknown> | null;
  rawLine?: string;
  sample: Record<string, unknown> | null;
  answerSpans: Array<[number, number]>;
  group: RowSummary[];
  details: Record<string, unknown> | null;
  overlay: Overlay | null;
  images: Array<{ k: number; role: string; source: "path" | "data" | "url" }>;
}

/** The query the table shows, as URL parameters of `api/rows`. */
export interface TableQuery {
  sort: string;
  desc: boolean;
  ranges: Record<string, { min: string; max: string }>;
  issue: string;
  group: string;
  dataErrors: boolean;
}

export function queryParams(q: TableQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.sort !== "row") p.set("sort", q.sort);
  if (q.desc) p.set("desc", "1");
  for (const [name, r] of Object.entries(q.ranges)) {
    if (r.min.trim() !== "") p.set(`min.${name}`, r.min);
    if (r.max.trim() !== "") p.set(`max.${name}`, r.max);
  }
  if (q.issue) p.set("issue", q.issue);
  if (q.group) p.set("group", q.group);
  if (q.dataErrors) p.set("dataErrors", "1");
  return p;
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

/** A number as the table shows it: 4 significant digits, or an em dash for null. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1000 || Math.abs(v) < 0.001 ? v.toExponential(3) : v.toPrecision(4);
}
