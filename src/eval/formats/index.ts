/**
 * Benchmark formats: the reader registry and detection from a file's columns.
 * @module
 */
import { ConfigError } from "../../core/index.js";
import { EVAL_FORMATS, type EvalFormatName } from "../types.js";
import { FORMAT_READERS, type FormatReader } from "./readers.js";

export * from "./fields.js";
export * from "./readers.js";

/**
 * The reader of a format by name; a bad name fails naming the valid choices.
 * @example
 * formatReader("vl-rewardbench").signatures; // [["response", "human_ranking"]]
 */
export function formatReader(name: string): FormatReader {
  const reader = FORMAT_READERS.find((r) => r.name === name);
  if (!reader) {
    throw new ConfigError([
      { path: "format", message: "unknown format", value: name, choices: [...EVAL_FORMATS] },
    ]);
  }
  return reader;
}

/** A detected format and the columns that identified it. */
export interface DetectedFormat {
  reader: FormatReader;
  matched: readonly string[];
}

/**
 * Detects the format from column names (most specific layout first).
 * @example
 * detectFormat(["prompt", "path_A", "path_B", "Overall"]).reader.name; // "videogen-rewardbench"
 */
export function detectFormat(columns: readonly string[]): DetectedFormat {
  const present = new Set(columns);
  for (const reader of FORMAT_READERS) {
    const matched = reader.signatures.find((sig) => sig.every((c) => present.has(c)));
    if (matched) return { reader, matched };
  }
  throw new ConfigError([
    {
      path: "format",
      message: `cannot detect the format from the columns [${columns.join(", ")}]; pass --format`,
      value: undefined,
      choices: [...EVAL_FORMATS],
    },
  ]);
}

export type { EvalFormatName };
