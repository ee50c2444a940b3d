/**
 * A whole-file run in bounded memory for recipes whose batch steps are group-local:
 * 1. each input line goes to a temporary bucket file chosen by its group key (so every group is
 *    wholly in one bucket), and its bucket is remembered (one byte per line);
 * 2. each bucket is scored as one batch and its results written to a result file, in line order;
 * 3. the output is the merge of the result files in input order, driven by the bucket column.
 * Memory: one bucket's samples and results, plus a byte and a few buffers per line and bucket.
 * @module
 */
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { UNGROUPED } from "../advantage/index.js";
import type { Scorer } from "../recipe/index.js";
import {
  groupKeyOf,
  invalidResult,
  isValidSample,
  numberSchemaError,
  parseLine,
  WRITE_CHARS,
  writeText,
} from "./entries.js";
import type { ScoreJsonlOptions, ScoreJsonlSummary } from "./jsonl.js";
import { LineFileReader, readLineBatches } from "./lines.js";
import { BucketFiles, ByteColumn, bucketOf, SpillDir } from "./spill.js";
import { RunTally } from "./summary.js";

/** Input bytes per bucket aimed at when the input size is known. */
const BUCKET_BYTES = 16 * 2 ** 20;
/** At most this many buckets (one byte per line holds the bucket, one value marks invalid lines). */
export const MAX_BUCKETS = 254;

function bucketCount(options: ScoreJsonlOptions): number {
  if (options.buckets !== undefined) {
    if (!Number.isInteger(options.buckets) || options.buckets < 1 || options.buckets > MAX_BUCKETS)
      throw new RangeError(`buckets must be an integer from 1 to ${MAX_BUCKETS} (got ${options.buckets})`);
    return options.buckets;
  }
  if (options.inputBytes === undefined) return 128;
  return Math.min(MAX_BUCKETS, Math.max(2, Math.ceil(options.inputBytes / BUCKET_BYTES)));
}

/**
 * Scores a JSONL stream through spill files; see the module comment.
 * @example
 * await scoreSpilled(buildScorer("gui-g2"), createReadStream("big.jsonl"), out, { buckets: 64 });
 */
export async function scoreSpilled(
  scorer: Scorer,
  input: Readable,
  output: Writable,
  options: ScoreJsonlOptions,
): Promise<ScoreJsonlSummary> {
  const buckets = bucketCount(options);
  const invalidBucket = buckets;
  const progress = options.progress;
  const tally = new RunTally(scorer.names, options.keepGroupStats ?? true);
  const summary: ScoreJsonlSummary = { lines: 0, mode: "spill", buckets, maxHeld: 0, tally };
  const dir = new SpillDir(options.spillDir);
  try {
    // 1. Partition. Lines that are not JSON keep their message in the extra bucket.
    const column = new ByteColumn();
    const files = new BucketFiles((b) => dir.path(`in-${b}`), buckets + 1);
    let bytes = 0;
    progress?.phase("spilling", options.inputBytes);
    try {
      for await (const lines of readLineBatches(input, (n) => {
        bytes += n;
      })) {
        for (const text of lines) {
          const entry = parseLine(text, ++summary.lines);
          if ("value" in entry) {
            const bucket = bucketOf(groupKeyOf(entry.value), buckets);
            column.push(bucket);
            files.append(bucket, `${entry.line}\t${text}\n`);
          } else {
            column.push(invalidBucket);
            files.append(invalidBucket, `${JSON.stringify(entry.error)}\n`);
          }
        }
        progress?.update(summary.lines, options.inputBytes ? bytes / options.inputBytes : undefined);
      }
    } finally {
      files.close();
    }

    // 2. Score each bucket as one batch.
    progress?.phase("scoring", summary.lines);
    let scored = 0;
    for (let b = 0; b < buckets; b++) {
      const path = dir.path(`in-${b}`);
      const values: unknown[] = [];
      const lineOf: number[] = [];
      const firstLine = new Map<string, number>();
      // Read line by line: one bucket (a huge group) may exceed the longest string V8 can hold.
      const inFd = openSync(path, "r");
      try {
        const reader = new LineFileReader(inFd, 1 << 20);
        for (let text = reader.next(); text !== undefined; text = reader.next()) {
          const tab = text.indexOf("\t");
          const line = Number(text.slice(0, tab));
          const value = JSON.parse(text.slice(tab + 1));
          values.push(value);
          lineOf.push(line);
          const key = groupKeyOf(value);
          if (!firstLine.has(key)) firstLine.set(key, line);
          // The scorer pools a line that is not a valid sample as ungrouped, whatever its group says.
          if (key !== UNGROUPED && !firstLine.has(UNGROUPED) && !isValidSample(value))
            firstLine.set(UNGROUPED, line);
        }
      } finally {
        closeSync(inFd);
      }
      rmSync(path);
      summary.maxHeld = Math.max(summary.maxHeld, values.length);
      const fd = openSync(dir.path(`out-${b}`), "w");
      try {
        if (values.length) {
          const { results, stats } = await scorer.score(values);
          tally.addBatch(stats, (group) => firstLine.get(group) ?? 0);
          let chunk = "";
          for (let i = 0; i < results.length; i++) {
            const result = results[i]!;
            numberSchemaError(result, lineOf[i]!);
            tally.push(result, lineOf[i]!);
            chunk += `${JSON.stringify(result)}\n`;
            if (chunk.length >= WRITE_CHARS) {
              writeSync(fd, chunk);
              chunk = "";
            }
          }
          if (chunk) writeSync(fd, chunk);
        }
      } finally {
        closeSync(fd);
      }
      scored += values.length;
      progress?.update(scored, summary.lines ? scored / summary.lines : undefined);
    }

    // 3. Merge into input order.
    progress?.phase("writing", summary.lines);
    const fds: number[] = [];
    try {
      const readers: LineFileReader[] = [];
      for (let b = 0; b <= buckets; b++) {
        fds.push(openSync(dir.path(b === invalidBucket ? `in-${b}` : `out-${b}`), "r"));
        readers.push(new LineFileReader(fds[b]!));
      }
      let chunk = "";
      for (let i = 0; i < summary.lines; i++) {
        const bucket = column.at(i);
        const text = readers[bucket]!.next()!;
        if (bucket === invalidBucket) {
          const result = invalidResult(scorer, JSON.parse(text) as string);
          tally.push(result, i + 1);
          chunk += `${JSON.stringify(result)}\n`;
        } else chunk += `${text}\n`;
        if (chunk.length >= WRITE_CHARS) {
          await writeText(output, chunk);
          chunk = "";
          progress?.update(i + 1, (i + 1) / summary.lines);
        }
      }
      if (chunk) await writeText(output, chunk);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  } finally {
    dir.remove();
    progress?.clear();
  }
  return summary;
}
