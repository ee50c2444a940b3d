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
 * Buckets scored together: consecutive buckets until the batch holds two valid samples, the
 * remainder joining the last batch. The scorer treats a batch of exactly one sample specially
 * (a trainer scoring one sample per call), which a file of many samples is not.
 * @example
 * batchesOfBuckets([5, 1, 0, 1, 3]); // [[0], [1, 2, 3], [4]]
 * batchesOfBuckets([0, 1, 0]); // [[0, 1, 2]]
 */
export function batchesOfBuckets(validCounts: readonly number[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let valid = 0;
  validCounts.forEach((count, b) => {
    current.push(b);
    valid += count;
    if (valid >= 2) {
      batches.push(current);
      current = [];
      valid = 0;
    }
  });
  if (current.length) {
    const last = batches[batches.length - 1];
    if (last) last.push(...current);
    else batches.push(current);
  }
  return batches;
}

/** Reads a bucket file (`line\tjson` per line) into `values`, then deletes it. */
function readBucket(path: string, values: unknown[], lineOf: number[], firstLine: Map<string, number>): void {
  // Line by line: one bucket (a huge group) may exceed the longest string V8 can hold.
  const fd = openSync(path, "r");
  try {
    const reader = new LineFileReader(fd, 1 << 20);
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
    closeSync(fd);
  }
  rmSync(path);
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
    const validCounts = new Array<number>(buckets).fill(0);
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
            if (isValidSample(entry.value)) validCounts[bucket]!++;
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

    // 2. Score each bucket as one batch (tiny buckets together: see batchesOfBuckets).
    progress?.phase("scoring", summary.lines);
    let scored = 0;
    for (const batchBuckets of batchesOfBuckets(validCounts)) {
      const values: unknown[] = [];
      const lineOf: number[] = [];
      const sizes: number[] = [];
      const firstLine = new Map<string, number>();
      for (const b of batchBuckets) {
        const before = values.length;
        readBucket(dir.path(`in-${b}`), values, lineOf, firstLine);
        sizes.push(values.length - before);
      }
      summary.maxHeld = Math.max(summary.maxHeld, values.length);
      const { results, stats } = values.length
        ? await scorer.score(values)
        : { results: [], stats: undefined };
      if (stats) tally.addBatch(stats, (group) => firstLine.get(group) ?? 0);
      let next = 0;
      batchBuckets.forEach((b, k) => {
        const fd = openSync(dir.path(`out-${b}`), "w");
        try {
          let chunk = "";
          for (const end = next + sizes[k]!; next < end; next++) {
            const result = results[next]!;
            numberSchemaError(result, lineOf[next]!);
            tally.push(result, lineOf[next]!);
            chunk += `${JSON.stringify(result)}\n`;
            if (chunk.length >= WRITE_CHARS) {
              writeSync(fd, chunk);
              chunk = "";
            }
          }
          if (chunk) writeSync(fd, chunk);
        } finally {
          closeSync(fd);
        }
      });
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
