/**
 * One rollout in full for the detail view: the scored line, the sample it came from (the same
 * line, or the same line number of `--samples`), the parsed answer's span, the group with its
 * advantages, judge replies kept in `details`, and the geometry overlay.
 * @module
 */
import type { Sample } from "../core/index.js";
import { findTagged } from "../parse/index.js";
import { type GeometrySpec, type Overlay, sampleOverlay } from "./overlay.js";
import { type RowSummary, summarizeRow } from "./query.js";
import { type RowIndex, readRowText } from "./row-index.js";

/** Everything the detail view shows for one row. */
export interface RowDetail {
  summary: RowSummary;
  /** The scored (or eval) line as parsed; null when it is not JSON. */
  record: Record<string, unknown> | null;
  /** The raw line when it does not parse. */
  rawLine?: string;
  sample: Record<string, unknown> | null;
  /** Character spans `[start, end)` of the parsed answer in the completion. */
  answerSpans: Array<[number, number]>;
  /** Other rows of the same group (at most 64), with reward and advantage. */
  group: RowSummary[];
  /** Judge replies and other values rewards kept, by component. */
  details: Record<string, unknown> | null;
  overlay: Overlay | null;
  /** Images of the sample: index into `images`, role, and whether it is inline data. */
  images: Array<{ k: number; role: string; source: "path" | "data" | "url" }>;
}

/** A scored file plus what joins it: the samples' index, the recipe's geometry rewards. */
export interface InspectSource {
  index: RowIndex;
  samples?: RowIndex;
  geometry: GeometrySpec[];
}

const groupMembers = new WeakMap<RowIndex, Uint32Array[]>();

function membersOf(index: RowIndex, group: number): Uint32Array {
  let lists = groupMembers.get(index);
  if (!lists) {
    const counts = new Uint32Array(index.groups.length);
    for (let i = 0; i < index.count; i++) if (index.groupOf[i]! >= 0) counts[index.groupOf[i]!]!++;
    lists = Array.from(counts, (c) => new Uint32Array(c));
    const fill = new Uint32Array(index.groups.length);
    for (let i = 0; i < index.count; i++) {
      const g = index.groupOf[i]!;
      if (g >= 0) lists[g]![fill[g]!++] = i;
    }
    groupMembers.set(index, lists);
  }
  return lists[group]!;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The sample of a row: its own line when it carries a completion, else the samples file's line. */
export function sampleOfRow(
  source: InspectSource,
  row: number,
  record: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (record && ("completion" in record || "images" in record)) return record;
  if (source.samples && row < source.samples.count) return parseObject(readRowText(source.samples, row));
  return null;
}

/**
 * The detail of row `row`.
 * @example
 * rowDetail(source, 0).answerSpans; // [[start, end]] of the <answer> content
 */
export function rowDetail(source: InspectSource, row: number): RowDetail {
  const { index } = source;
  const text = readRowText(index, row);
  const record = parseObject(text);
  const sample = sampleOfRow(source, row, record);
  const completion = typeof sample?.completion === "string" ? sample.completion : "";
  const answerSpans = findTagged(completion, "<answer>", "</answer>").map(
    (s) => [s.contentStart, s.contentEnd] as [number, number],
  );
  const g = index.groupOf[row]!;
  const group = g >= 0 ? Array.from(membersOf(index, g).subarray(0, 64), (r) => summarizeRow(index, r)) : [];
  const images = Array.isArray(sample?.images)
    ? (sample.images as Array<Record<string, unknown>>).map((image, k) => ({
        k,
        role: typeof image?.role === "string" ? image.role : "input",
        source: (typeof image?.path === "string"
          ? "path"
          : typeof image?.data === "string"
            ? "data"
            : "url") as "path" | "data" | "url",
      }))
    : [];
  const overlay =
    sample && source.geometry.length ? sampleOverlay(sample as unknown as Sample, source.geometry) : null;
  const details =
    record?.details && typeof record.details === "object"
      ? (record.details as Record<string, unknown>)
      : null;
  return {
    summary: summarizeRow(index, row),
    record,
    ...(record ? {} : { rawLine: text }),
    sample,
    answerSpans,
    group,
    details,
    overlay,
    images,
  };
}
