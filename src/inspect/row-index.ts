/**
 * A server-side index over a scored JSONL file (or an eval run's per-row outcomes): the byte
 * offset of every line and every numeric column in typed arrays, so a million rows sort, filter
 * and page without holding their text. A line is read back from disk only when it is shown.
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { IssueCode } from "../core/index.js";
import { issueKind } from "../core/index.js";

/** What kind of file the index was built from. */
export type RowFileKind = "scored" | "eval" | "samples";

/** The index of one JSONL file. */
export interface RowIndex {
  path: string;
  kind: RowFileKind;
  /** Number of rows (non-blank lines). */
  count: number;
  /** Byte offset of row i's line start: `offsets[i]`; its end (exclusive, before `\n`): `ends[i]`. */
  offsets: Float64Array;
  ends: Float64Array;
  /** Numeric columns by name (`reward`, `advantage`, `components.<name>`, or eval's `margin`, `correct`, `score_<k>`); NaN = null or absent. */
  columns: Map<string, Float64Array>;
  /** Column names in display order. */
  columnNames: string[];
  /** Group of each row as an id into `groups` (-1: none). */
  groupOf: Int32Array;
  groups: string[];
  /** Id of each row as written in the file (`id` or eval's `id`), or null. */
  ids: Array<string | null>;
  /** Issue codes of row i: `issueIds[issueStart[i] .. issueStart[i + 1])`, ids into `issueCodes`. */
  issueStart: Uint32Array;
  issueIds: Uint16Array;
  issueCodes: string[];
  /** 1 when the row carries a data-kind issue (or is not valid JSON). */
  dataError: Uint8Array;
  /** Rows whose line is not a JSON object (shown with a data error, never dropped). */
  badLines: number;
}

const CHUNK = 1 << 22;
const NEWLINE = 10;

function kindOfCode(code: string): string {
  try {
    return issueKind(code as IssueCode);
  } catch {
    return "unknown";
  }
}

/** Growable typed storage used while the file is scanned. */
class Growing {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  setAt(index: number, value: number): void {
    while (this.length <= index) this.push(Number.NaN);
    this.data[index] = value;
  }
  finish(count: number): Float64Array {
    while (this.length < count) this.push(Number.NaN);
    return this.data.slice(0, count);
  }
}

function numberOrNaN(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : Number.NaN;
}

/** Calls `onLine(text, start, end)` for every non-blank line of the file, reading it in chunks. */
export function forEachLine(path: string, onLine: (text: string, start: number, end: number) => void): void {
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer = Buffer.alloc(0);
  let carryStart = 0;
  let position = 0;
  const emit = (bytes: Buffer, start: number): void => {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end--;
    const text = bytes.toString("utf8", 0, end);
    if (text.trim()) onLine(text, start, start + end);
  };
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, position);
      if (read === 0) break;
      let lineStart = 0;
      for (let i = buffer.indexOf(NEWLINE, 0); i !== -1 && i < read; i = buffer.indexOf(NEWLINE, i + 1)) {
        if (carry.length) {
          emit(Buffer.concat([carry, buffer.subarray(0, i)]), carryStart);
          carry = Buffer.alloc(0);
        } else {
          emit(buffer.subarray(lineStart, i), position + lineStart);
        }
        lineStart = i + 1;
      }
      if (lineStart < read) {
        if (!carry.length) carryStart = position + lineStart;
        carry = Buffer.concat([carry, buffer.subarray(lineStart, read)]);
      }
      position += read;
    }
  } finally {
    closeSync(fd);
  }
  if (carry.length) emit(carry, carryStart);
}

/**
 * Scans a scored JSONL (`{ reward, components, advantage?, issues, group? … }` per line, sample
 * fields optional) or an eval rows file (`{ index, id, scores, margin, correct … }`) once and builds
 * its index.
 * @example
 * const index = buildRowIndex("scored.jsonl");
 * index.count; // rows in the file
 * index.columns.get("reward")?.[0]; // the first row's reward (NaN when null)
 */
export function buildRowIndex(path: string): RowIndex {
  const offsets = new Growing();
  const ends = new Growing();
  const columns = new Map<string, Growing>();
  const groupOfRow: number[] = [];
  const groups: string[] = [];
  const groupIds = new Map<string, number>();
  const ids: Array<string | null> = [];
  const issueStart: number[] = [0];
  const issueIds: number[] = [];
  const issueCodes: string[] = [];
  const issueCodeIds = new Map<string, number>();
  const dataError: number[] = [];
  let kind: RowFileKind | undefined;
  let badLines = 0;
  let row = 0;

  const column = (name: string): Growing => {
    let c = columns.get(name);
    if (!c) {
      c = new Growing();
      columns.set(name, c);
    }
    return c;
  };
  const addIssue = (code: string): void => {
    let id = issueCodeIds.get(code);
    if (id === undefined) {
      id = issueCodes.length;
      issueCodes.push(code);
      issueCodeIds.set(code, id);
    }
    issueIds.push(id);
  };

  forEachLine(path, (text, start, end) => {
    offsets.push(start);
    ends.push(end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    let isDataError = 0;
    let group: string | null = null;
    let id: string | null = null;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      badLines++;
      isDataError = 1;
      addIssue("invalid_json_line");
    } else {
      const record = value as Record<string, unknown>;
      kind ??=
        "components" in record || "reward" in record
          ? "scored"
          : "correct" in record || "scores" in record
            ? "eval"
            : "samples";
      const g = record.group;
      if (typeof g === "string" || typeof g === "number") group = String(g);
      if (typeof record.id === "string" || typeof record.id === "number") id = String(record.id);
      if (kind === "scored") {
        column("reward").setAt(row, numberOrNaN(record.reward));
        if ("advantage" in record) column("advantage").setAt(row, numberOrNaN(record.advantage));
        const components = record.components;
        if (components && typeof components === "object") {
          for (const [name, v] of Object.entries(components))
            column(`components.${name}`).setAt(row, numberOrNaN(v));
        }
        if (Array.isArray(record.issues)) {
          for (const issue of record.issues) {
            const code = (issue as { code?: unknown })?.code;
            if (typeof code !== "string") continue;
            addIssue(code);
            if (kindOfCode(code) === "data") isDataError = 1;
          }
        }
      } else if (kind === "eval") {
        column("margin").setAt(row, numberOrNaN(record.margin));
        column("correct").setAt(row, numberOrNaN(record.correct));
        if (Array.isArray(record.scores)) {
          record.scores.forEach((s, k) => {
            column(`score_${k}`).setAt(row, numberOrNaN(s));
          });
        }
        if (group === null && typeof record.category === "string") group = record.category;
        if (record.dataError === true) {
          isDataError = 1;
          addIssue("data_error");
        }
        if (typeof record.skipped === "string") addIssue(`skipped`);
      }
    }
    let gid = -1;
    if (group !== null) {
      gid = groupIds.get(group) ?? -1;
      if (gid === -1) {
        gid = groups.length;
        groups.push(group);
        groupIds.set(group, gid);
      }
    }
    groupOfRow.push(gid);
    ids.push(id);
    dataError.push(isDataError);
    issueStart.push(issueIds.length);
    row++;
  });

  const finished = new Map<string, Float64Array>();
  const order = [...columns.keys()].sort((a, b) => rankColumn(a) - rankColumn(b) || a.localeCompare(b));
  for (const name of order) finished.set(name, columns.get(name)!.finish(row));
  return {
    path,
    kind: kind ?? "scored",
    count: row,
    offsets: offsets.finish(row),
    ends: ends.finish(row),
    columns: finished,
    columnNames: order,
    groupOf: Int32Array.from(groupOfRow),
    groups,
    ids,
    issueStart: Uint32Array.from(issueStart),
    issueIds: Uint16Array.from(issueIds),
    issueCodes,
    dataError: Uint8Array.from(dataError),
    badLines,
  };
}

function rankColumn(name: string): number {
  if (name === "reward" || name === "margin") return 0;
  if (name === "advantage" || name === "correct") return 1;
  return 2;
}

/**
 * Reads row `row`'s line back from disk.
 * @example
 * JSON.parse(readRowText(index, 0)).reward; // the first row's reward
 */
export function readRowText(index: RowIndex, row: number): string {
  const start = index.offsets[row]!;
  const length = index.ends[row]! - start;
  const buffer = Buffer.allocUnsafe(length);
  const fd = openSync(index.path, "r");
  try {
    readSync(fd, buffer, 0, length, start);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}
