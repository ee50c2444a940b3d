/**
 * Streaming JSONL scoring: one result line per input line, in order, with backpressure. How much
 * is held in memory depends on the recipe:
 * - `stream`: no batch step (no advantages, per-sample combination): chunk by chunk.
 * - `contiguous`: batch steps that look only inside groups, input grouped contiguously
 *   (`--groups contiguous`): a few whole groups at a time.
 * - `spill`: group-local batch steps, groups anywhere: lines are spilled to temporary bucket files
 *   by group (every group wholly in one bucket), each bucket is scored as one batch, and the
 *   results are merged back into input order (see `spilled.ts`).
 * - `memory`: batch-wide steps (or small files): per-sample rewards chunk by chunk, the component
 *   rows, issues and ids kept until the end.
 * Every mode gives the output of scoring the whole file as one batch.
 * @module
 */
import type { Readable, Writable } from "node:stream";
import { UNGROUPED } from "../advantage/index.js";
import type { Result } from "../core/index.js";
import type { Scorer } from "../recipe/index.js";
import {
  type Entry,
  groupKeyOf,
  invalidResult,
  isValidSample,
  numberSchemaError,
  parseLine,
  WRITE_CHARS,
  writeText,
} from "./entries.js";
import { CliError, EXIT } from "./errors.js";
import { groupLocality } from "./group-scope.js";
import { readLineBatches } from "./lines.js";
import type { Progress } from "./progress.js";
import { scoreSpilled } from "./spilled.js";
import { RunTally } from "./summary.js";

/** How a run holds the batch; see the module comment. */
export type ScoreMode = "stream" | "contiguous" | "spill" | "memory";

/** Options of {@link scoreJsonl}. */
export interface ScoreJsonlOptions {
  /** Lines scored per chunk when streaming, and the least samples per contiguous batch (default 1024). */
  chunkSize?: number;
  /** `contiguous`: every group's lines are together in the input (checked). Default `any`. */
  groups?: "any" | "contiguous";
  /** Spill batch state to disk: `auto` (default) for group-local recipes on input over 256 MB or of unknown size. */
  spill?: "auto" | "always" | "never";
  /** Where spill files go (default: the OS temporary directory). */
  spillDir?: string;
  /** Number of spill buckets (1–254; default from the input size, 128 when unknown). */
  buckets?: number;
  /** Size of the input in bytes, when known (spill decision, bucket count, progress ETA). */
  inputBytes?: number;
  progress?: Progress;
  /** Keep every group's statistics for `tally.batchStats()` (default true; one object per group). */
  keepGroupStats?: boolean;
}

/** What a run did. */
export interface ScoreJsonlSummary {
  /** Input lines read (= result lines written). */
  lines: number;
  mode: ScoreMode;
  /** Buckets used by a spilled run. */
  buckets?: number;
  /** The most samples held in memory at once (a chunk, a contiguous batch, a bucket, or the file). */
  maxHeld: number;
  /** Why a recipe with batch steps was held in memory rather than spilled, when it was. */
  note?: string;
  tally: RunTally;
}

/** The input contradicts what the arguments declared (e.g. `--groups contiguous`). */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "InputError";
  }
}

/** Input larger than this (or of unknown size) is spilled by `spill: auto`. */
export const SPILL_THRESHOLD_BYTES = 256 * 2 ** 20;

/** Writes results in order, tallying each with its line number. */
class OrderedWriter {
  #text = "";
  constructor(
    readonly out: Writable,
    readonly tally: RunTally,
  ) {}

  async push(result: Result, line: number): Promise<void> {
    this.tally.push(result, line);
    this.#text += `${JSON.stringify(result)}\n`;
    if (this.#text.length >= WRITE_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.#text) return;
    const text = this.#text;
    this.#text = "";
    await writeText(this.out, text);
  }
}

/** Scores the valid entries of `entries` as one batch and writes every entry's result in order. */
async function scoreEntries(scorer: Scorer, entries: Entry[], writer: OrderedWriter): Promise<void> {
  const values: unknown[] = [];
  for (const e of entries) if ("value" in e) values.push(e.value);
  const { results, stats } = values.length ? await scorer.score(values) : { results: [], stats: undefined };
  if (stats) writer.tally.addBatch(stats);
  let next = 0;
  for (const e of entries) {
    if ("value" in e) {
      const result = results[next++]!;
      numberSchemaError(result, e.line);
      await writer.push(result, e.line);
    } else await writer.push(invalidResult(scorer, e.error, e.id), e.line);
  }
}

function chooseMode(scorer: Scorer, options: ScoreJsonlOptions): { mode: ScoreMode; note?: string } {
  if (!scorer.needsWholeBatch) return { mode: "stream" };
  const nonLocal = groupLocality(scorer);
  if (options.groups === "contiguous") {
    if (nonLocal) throw new InputError(`--groups contiguous cannot be used with this recipe: ${nonLocal}`);
    return { mode: "contiguous" };
  }
  const spill = options.spill ?? "auto";
  if (spill === "never") return { mode: "memory" };
  if (nonLocal) {
    if (spill === "always")
      throw new InputError(`--spill always cannot be used with this recipe: ${nonLocal}`);
    return { mode: "memory", note: `held in memory: ${nonLocal}` };
  }
  const big = options.inputBytes === undefined || options.inputBytes > SPILL_THRESHOLD_BYTES;
  return { mode: spill === "always" || big ? "spill" : "memory" };
}

/**
 * Scores a JSONL stream into a JSONL stream: line n of the output answers line n of the input
 * (a blank line or a line that is not a sample gets `reward: null` and `invalid_sample`).
 * @example
 * const summary = await scoreJsonl(buildScorer("gui-g2"), createReadStream("in.jsonl"), process.stdout);
 * summary.tally.batchStats(true).dataErrors;
 */
export async function scoreJsonl(
  scorer: Scorer,
  input: Readable,
  output: Writable,
  options: ScoreJsonlOptions = {},
): Promise<ScoreJsonlSummary> {
  const { mode, note } = chooseMode(scorer, options);
  if (mode === "spill") return scoreSpilled(scorer, input, output, options);
  const chunkSize = options.chunkSize ?? 1024;
  const tally = new RunTally(scorer.names, options.keepGroupStats ?? true);
  const writer = new OrderedWriter(output, tally);
  const progress = options.progress;
  const summary: ScoreJsonlSummary = { lines: 0, mode, maxHeld: 0, tally };
  if (note) summary.note = note;
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
  };
  const lineBatches = readLineBatches(input, onBytes);
  progress?.phase(mode === "memory" ? "reading" : "scoring", options.inputBytes);
  const report = () =>
    progress?.update(summary.lines, options.inputBytes ? bytes / options.inputBytes : undefined);

  if (mode === "memory") {
    // Per-sample rewards run chunk by chunk; the accumulator keeps rows, not texts. Lines that
    // are not JSON are remembered by position so the output keeps the input order.
    const batch = scorer.accumulate();
    const invalidAt = new Map<number, string>();
    let values: unknown[] = [];
    for await (const lines of lineBatches) {
      for (const text of lines) {
        const entry = parseLine(text, ++summary.lines);
        if ("value" in entry) values.push(entry.value);
        else invalidAt.set(entry.line, entry.error);
        if (values.length >= chunkSize) {
          await batch.add(values);
          values = [];
        }
      }
      report();
    }
    if (values.length) await batch.add(values);
    progress?.phase("combining");
    const { results, stats } = await batch.finish();
    summary.maxHeld = results.length;
    tally.addBatch(stats);
    progress?.phase("writing", summary.lines);
    let next = 0;
    for (let line = 1; line <= summary.lines; line++) {
      const error = invalidAt.get(line);
      if (error !== undefined) await writer.push(invalidResult(scorer, error), line);
      else {
        const result = results[next++]!;
        numberSchemaError(result, line);
        await writer.push(result, line);
      }
      if (line % 65536 === 0) progress?.update(line, line / summary.lines);
    }
  } else {
    // stream: fixed-size chunks. contiguous: chunks end where a group ends, once chunkSize
    // samples (two of them valid) are in; a group key seen again after its group ended is an
    // error. The last contiguous chunk is held back one step: if the file ends with a chunk of
    // one valid sample, it is scored with the one before, since the scorer treats a batch of
    // exactly one sample specially (a trainer scoring one sample per call).
    const contiguous = mode === "contiguous";
    const closed = new Set<string>();
    let current: string | undefined;
    let chunk: Entry[] = [];
    let samples = 0;
    let valid = 0;
    let held: Entry[] | undefined;
    const score = async (entries: Entry[]) => {
      summary.maxHeld = Math.max(summary.maxHeld, entries.filter((e) => "value" in e).length);
      await scoreEntries(scorer, entries, writer);
    };
    const closeChunk = async () => {
      const entries = chunk;
      chunk = [];
      samples = 0;
      valid = 0;
      if (!contiguous) return score(entries);
      if (held) await score(held);
      held = entries;
    };
    for await (const lines of lineBatches) {
      for (const text of lines) {
        const entry = parseLine(text, ++summary.lines);
        const isValid = contiguous && "value" in entry && isValidSample(entry.value);
        const key = contiguous && "value" in entry ? groupKeyOf(entry.value) : undefined;
        // An invalid sample without a group is pooled wherever it falls: it takes no part in
        // any group, so it does not break the contiguity of the ungrouped samples.
        if (key !== undefined && (isValid || key !== UNGROUPED)) {
          if (key !== current) {
            if (current !== undefined) closed.add(current);
            if (closed.has(key))
              throw new InputError(
                `line ${entry.line}: group ${JSON.stringify(key)} appears again after other groups; --groups contiguous needs each group's lines together`,
              );
            if (samples >= chunkSize && valid >= 2) await closeChunk();
            current = key;
          }
        } else if (!contiguous && chunk.length >= chunkSize) await closeChunk();
        chunk.push(entry);
        if ("value" in entry) samples++;
        if (isValid) valid++;
      }
      report();
    }
    if (held && valid === 1) await score([...held, ...chunk]);
    else {
      if (held) await score(held);
      if (chunk.length) await score(chunk);
    }
  }
  await writer.flush();
  progress?.clear();
  return summary;
}
