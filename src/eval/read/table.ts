/**
 * Reading benchmark files: JSONL (streamed), JSON (an array, or `{data|rows|examples: [...]}`),
 * CSV and Parquet (hyparquet, a pure-JS reader; BigInt values become numbers, byte arrays stay
 * bytes so the HF `Image` struct `{bytes, path}` survives). Node-only.
 * @module
 */
import { createReadStream, readFileSync } from "node:fs";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { parseCsv } from "./csv.js";

/** A data file opened for reading: its column names and its records in file order. */
export interface RecordSource {
  /** Columns of the first record (JSONL, JSON) or of the header/schema (CSV, Parquet). */
  columns: string[];
  records: AsyncIterable<Record<string, unknown>>;
}

/** The file kinds {@link openRecords} reads. */
export type TableKind = "jsonl" | "json" | "csv" | "parquet";

/**
 * The kind of a data file from its extension (`.jsonl`/`.ndjson`, `.json`, `.csv`/`.tsv` is not
 * supported, `.parquet`).
 * @example
 * tableKind("data/test-00000-of-00001.parquet"); // "parquet"
 */
export function tableKind(path: string): TableKind {
  const ext = extname(path).toLowerCase();
  if (ext === ".parquet") return "parquet";
  if (ext === ".csv") return "csv";
  if (ext === ".json") return "json";
  return "jsonl";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Turns parquet values into JSON-like ones: BigInt → number, nested lists and structs walked. */
function plainValue(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainValue(v);
    return out;
  }
  return value;
}

async function* fromArray(items: readonly Record<string, unknown>[]): AsyncIterable<Record<string, unknown>> {
  for (const item of items) yield item;
}

async function openJsonl(path: string): Promise<RecordSource> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  let lineNumber = 0;
  const parse = (line: string): Record<string, unknown> => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${path} line ${lineNumber}: not valid JSON: ${(error as Error).message}`);
    }
    if (!isRecord(value)) throw new Error(`${path} line ${lineNumber}: not a JSON object`);
    return value;
  };
  let first: Record<string, unknown> | undefined;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    lineNumber++;
    if (next.value.trim()) {
      first = parse(next.value);
      break;
    }
  }
  async function* records(): AsyncIterable<Record<string, unknown>> {
    if (!first) return;
    yield first;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      lineNumber++;
      if (next.value.trim()) yield parse(next.value);
    }
  }
  return { columns: first ? Object.keys(first) : [], records: records() };
}

function openJson(path: string): RecordSource {
  const value: unknown = JSON.parse(readFileSync(path, "utf8"));
  let items: unknown = value;
  if (isRecord(value)) items = value.data ?? value.rows ?? value.examples;
  if (!Array.isArray(items) || !items.every(isRecord)) {
    throw new Error(`${path}: expected a JSON array of objects (or {"data": [...]})`);
  }
  return { columns: items[0] ? Object.keys(items[0]) : [], records: fromArray(items) };
}

function openCsv(path: string): RecordSource {
  const rows = parseCsv(readFileSync(path, "utf8"));
  return { columns: rows[0] ? Object.keys(rows[0]) : [], records: fromArray(rows) };
}

async function openParquet(path: string): Promise<RecordSource> {
  const file = await asyncBufferFromFile(path);
  // utf8: false keeps un-annotated byte arrays (image bytes) as bytes; UTF8 columns are still strings.
  const rows = (await parquetReadObjects({ file, compressors, utf8: false })) as Record<string, unknown>[];
  const plain = rows.map((row) => plainValue(row) as Record<string, unknown>);
  return { columns: plain[0] ? Object.keys(plain[0]) : [], records: fromArray(plain) };
}

/**
 * Opens a data file of any supported kind.
 * @example
 * const { columns, records } = await openRecords("vl_rewardbench.parquet");
 * for await (const record of records) console.log(record.id);
 */
export async function openRecords(path: string, kind: TableKind = tableKind(path)): Promise<RecordSource> {
  if (kind === "parquet") return openParquet(path);
  if (kind === "csv") return openCsv(path);
  if (kind === "json") return openJson(path);
  return openJsonl(path);
}
