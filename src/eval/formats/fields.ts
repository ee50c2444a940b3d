/**
 * Field helpers shared by the benchmark readers: typed reads of a record's columns with one
 * error type, so a malformed row is skipped with a reason instead of crashing the run.
 * @module
 */

/**
 * A row that cannot be read: the reader skips it and counts `reason`.
 * @example
 * throw new RowError("column chosen is missing or not a string");
 */
export class RowError extends Error {}

/**
 * A string column (numbers are stringified); throws {@link RowError} when absent.
 * @example
 * text({ chosen: "a" }, "chosen"); // "a"
 */
export function text(record: Record<string, unknown>, name: string): string {
  const value = record[name];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw new RowError(`column ${name} is missing or not a string`);
}

/**
 * An optional string column.
 * @example
 * optionalText({ id: 7 }, "id"); // "7"
 */
export function optionalText(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A list column; JSON text holding a list (CSV exports) is accepted too.
 * @example
 * list({ r: "[1, 2]" }, "r"); // [1, 2]
 */
export function list(record: Record<string, unknown>, name: string): unknown[] {
  let value = record[name];
  if (typeof value === "string" && value.trimStart().startsWith("[")) {
    try {
      value = JSON.parse(value);
    } catch {
      throw new RowError(`column ${name} is not a list`);
    }
  }
  if (!Array.isArray(value)) throw new RowError(`column ${name} is missing or not a list`);
  return value;
}

/**
 * A list of strings.
 * @example
 * textList({ response: ["a", "b"] }, "response"); // ["a", "b"]
 */
export function textList(record: Record<string, unknown>, name: string): string[] {
  const values = list(record, name);
  if (!values.every((v) => typeof v === "string"))
    throw new RowError(`column ${name} is not a list of strings`);
  return values as string[];
}

/**
 * A list of finite numbers (numeric strings accepted).
 * @example
 * numberList({ human_ranking: ["0", 1] }, "human_ranking"); // [0, 1]
 */
export function numberList(record: Record<string, unknown>, name: string): number[] {
  return list(record, name).map((v) => {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) throw new RowError(`column ${name} has a non-number`);
    return n;
  });
}

/**
 * A finite number column (numeric strings accepted).
 * @example
 * number({ num_correct: "3" }, "num_correct"); // 3
 */
export function number(record: Record<string, unknown>, name: string): number {
  const v = record[name];
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n))
    throw new RowError(`column ${name} is missing or not a number`);
  return n;
}

/**
 * The row's id from the first present of `names`, else its index.
 * @example
 * rowId({ ID: "x1" }, 4, ["id", "ID"]); // "x1"
 */
export function rowId(record: Record<string, unknown>, index: number, names: readonly string[]): string {
  for (const name of names) {
    const id = optionalText(record, name);
    if (id !== undefined) return id;
  }
  return String(index);
}

/**
 * A prompt column that may be a string or a chat message list; the text of the last user turn.
 * @example
 * promptText([{ role: "user", content: "hi" }]); // "hi"
 */
export function promptText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const parts = value
      .map((m) => (m && typeof m === "object" ? (m as { content?: unknown }).content : undefined))
      .filter((c): c is string => typeof c === "string");
    return parts.length ? parts.join("\n") : undefined;
  }
  return undefined;
}
