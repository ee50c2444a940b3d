/**
 * `plaudit eval` as a library call: read a benchmark file, get each row's prediction (scores,
 * verdicts or a recipe), write one outcome line per row, compute the benchmark's metrics.
 * Recipe runs resume: rows already in the rows file are not scored again. Node-only.
 * @module
 */

import { once } from "node:events";
import { createWriteStream, existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { detectFormat, formatReader, RowError } from "./formats/index.js";
import type { BootstrapOptions } from "./metrics/bootstrap.js";
import { OutcomeColumns } from "./metrics/columns.js";
import { computeMetrics, type EvalMetrics } from "./metrics/summary.js";
import { PythonRandom } from "./metrics/verdicts.js";
import { rowOutcome } from "./outcome.js";
import type { PredictionSource } from "./predictions.js";
import { openRecords } from "./read/table.js";
import type { EvalRow, RowOutcome, RowPrediction } from "./types.js";

/** Options of {@link runEval}. */
export interface EvalRunOptions {
  data: string;
  format?: string;
  mediaRoot?: string;
  /** The model's predictions; further sources form an ensemble (preference strength). */
  sources: PredictionSource[];
  /** Where per-row outcomes go (JSONL); omitted: not written. */
  rowsPath?: string;
  /** Reuse predictions already in `rowsPath` (recipe runs). */
  resume?: boolean;
  /** Rows per prediction call (default 256). */
  chunkSize?: number;
  bootstrap?: BootstrapOptions;
  /** Called after each chunk with the rows done so far. */
  onProgress?: (done: number) => void;
  /** How many worst-disagreeing rows to keep for the report (default 20). */
  worst?: number;
}

/** A kept row for the report: the data and what the model did with it. */
export interface WorstRow {
  row: EvalRow;
  outcome: RowOutcome;
  /** Margin toward the human-preferred candidate (most negative = worst). */
  badness: number;
}

/** What a run returns: the metrics and what the report needs. */
export interface EvalRun {
  metrics: EvalMetrics & {
    detected_from?: readonly string[];
    length_bias?: { pairs: number; model_prefers_longer: number | null; humans_prefer_longer: number | null };
  };
  columns: OutcomeColumns;
  worst: WorstRow[];
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** Predictions of a previous run, by row index (an unterminated last line is dropped). */
function readPrevious(path: string): Map<number, { id: string; prediction: RowPrediction }> {
  const previous = new Map<number, { id: string; prediction: RowPrediction }>();
  if (!existsSync(path)) return previous;
  const text = readFileSync(path, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  for (const line of text.slice(0, end).split("\n")) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as RowOutcome;
      if (o.scores === undefined && o.verdict === undefined) continue;
      const { scores, verdict, swapped, repeats, ensemble, dimensions, reason, dataError } = o;
      const prediction = { scores, verdict, swapped, repeats, ensemble, dimensions, reason, dataError };
      previous.set(o.index, { id: o.id, prediction });
    } catch {
      // A torn line from an interrupted run: that row is scored again.
    }
  }
  truncateSync(path, Buffer.byteLength(text.slice(0, end)));
  return previous;
}

function badness(outcome: RowOutcome): number | null {
  if (outcome.correct === null) return null;
  if (typeof outcome.margin === "number" && (outcome.label === "A" || outcome.label === "B")) {
    return outcome.label === "A" ? outcome.margin : -outcome.margin;
  }
  return outcome.correct - 1;
}

/**
 * Runs an evaluation.
 * @example
 * const { metrics } = await runEval({ data: "pairs.jsonl", sources: [new JsonlPredictions("scores.jsonl")] });
 * metrics.accuracy; // strict pairwise accuracy
 */
export async function runEval(options: EvalRunOptions): Promise<EvalRun> {
  const source = await openRecords(options.data);
  const detected = options.format ? undefined : detectFormat(source.columns);
  const reader = options.format ? formatReader(options.format) : detected!.reader;
  const format = reader.name;
  const previous = options.resume && options.rowsPath ? readPrevious(options.rowsPath) : new Map();
  const rowsOut = options.rowsPath
    ? createWriteStream(options.rowsPath, { flags: options.resume ? "a" : "w" })
    : undefined;
  const columns = new OutcomeColumns();
  const context = { random: new PythonRandom(123) };
  const worst: WorstRow[] = [];
  const keepWorst = options.worst ?? 20;
  const chunkSize = options.chunkSize ?? 256;
  const [primary, ...ensemble] = options.sources;
  let lengthPairs = 0;
  let modelLonger = 0;
  let humanLonger = 0;
  let humanPairs = 0;
  let done = 0;

  const flush = async (chunk: Array<EvalRow | { index: number; error: string }>) => {
    const rows = chunk.filter((r): r is EvalRow => "candidates" in r);
    const todo = rows.filter((r) => previous.get(r.index)?.id !== r.id);
    const fresh = primary && todo.length ? await primary.predict(todo) : [];
    const extra = await Promise.all(ensemble.map((s) => s.predict(rows)));
    const byIndex = new Map<number, RowPrediction | undefined>();
    todo.forEach((r, k) => {
      byIndex.set(r.index, fresh[k]);
    });
    let lines = "";
    let k = -1;
    for (const item of chunk) {
      let outcome: RowOutcome;
      let row: EvalRow | undefined;
      if (!("candidates" in item)) {
        outcome = {
          index: item.index,
          id: String(item.index),
          correct: null,
          skipped: `malformed row: ${item.error}`,
        };
      } else {
        row = item;
        k++;
        const prediction = byIndex.has(row.index)
          ? byIndex.get(row.index)
          : previous.get(row.index)?.prediction;
        const models = extra.map((e) => e[k]?.scores).filter((s): s is Array<number | null> => Boolean(s));
        const merged = models.length && prediction ? { ...prediction, ensemble: models } : prediction;
        outcome = rowOutcome(format, row, merged, context);
      }
      columns.add(outcome);
      if (!row || byIndex.has(row.index) || !previous.has(row.index)) lines += `${JSON.stringify(outcome)}\n`;
      if (row && row.candidates.length === 2 && outcome.scores && outcome.skipped === undefined) {
        const [a, b] = row.candidates.map((c) => c.length) as [number, number];
        const [sa, sb] = outcome.scores as [number, number];
        if (a !== b && sa !== sb) {
          lengthPairs++;
          if (sa > sb === a > b) modelLonger++;
          if (outcome.label === "A" || outcome.label === "B") {
            humanPairs++;
            if ((outcome.label === "A") === a > b) humanLonger++;
          }
        }
      }
      const bad = row ? badness(outcome) : null;
      if (row && bad !== null && (worst.length < keepWorst || bad < worst[worst.length - 1]!.badness)) {
        worst.push({ row, outcome, badness: bad });
        worst.sort((x, y) => x.badness - y.badness);
        if (worst.length > keepWorst) worst.pop();
      }
    }
    if (rowsOut && lines) await write(rowsOut, lines);
    done += chunk.length;
    options.onProgress?.(done);
  };

  try {
    let chunk: Array<EvalRow | { index: number; error: string }> = [];
    let index = 0;
    for await (const record of source.records) {
      try {
        const row = reader.read(record, index, { mediaRoot: options.mediaRoot });
        const reference = record.reference ?? record.ground_truth ?? record.answer;
        if (reference !== undefined && reference !== null) row.reference = reference;
        chunk.push(row);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        chunk.push({ index, error: error.message });
      }
      index++;
      if (chunk.length >= chunkSize) {
        await flush(chunk);
        chunk = [];
      }
    }
    if (chunk.length) await flush(chunk);
  } finally {
    if (rowsOut) {
      rowsOut.end();
      await finished(rowsOut);
    }
    await Promise.all(options.sources.map((s) => s.close?.()));
  }

  const metrics: EvalRun["metrics"] = computeMetrics(
    format,
    columns,
    options.bootstrap,
    options.sources.length,
  );
  if (detected) metrics.detected_from = detected.matched;
  if (lengthPairs) {
    metrics.length_bias = {
      pairs: lengthPairs,
      model_prefers_longer: modelLonger / lengthPairs,
      humans_prefer_longer: humanPairs ? humanLonger / humanPairs : null,
    };
  }
  return { metrics, columns, worst };
}

/**
 * The rows file beside a metrics file: `metrics.json` → `metrics.rows.jsonl`.
 * @example
 * rowsPathFor("out/metrics.json"); // "out/metrics.rows.jsonl"
 */
export function rowsPathFor(metricsPath: string): string {
  return `${metricsPath.replace(/\.json$/i, "")}.rows.jsonl`;
}

/**
 * Writes `metrics.json` (pretty, newline-terminated).
 * @example
 * writeMetrics("out/metrics.json", run.metrics);
 */
export function writeMetrics(path: string, metrics: unknown): void {
  writeFileSync(path, `${JSON.stringify(metrics, null, 2)}\n`);
}
