/**
 * Streaming JSONL scoring: reads lines, scores them in chunks through a {@link Scorer}, and writes
 * one result line per input line, in order, with backpressure, so a 1 GB file runs in bounded
 * memory. A line that is not JSON gets a result with `invalid_sample`; the run goes on. Recipes
 * whose results depend on the whole batch (advantages, group rewards) are scored as one batch.
 * @module
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { issueKind, type Result } from "../core/index.js";
import type { Scorer } from "../recipe/index.js";

/** Options of {@link scoreJsonl}. */
export interface ScoreJsonlOptions {
  /** Lines scored per chunk when streaming (default 1024). */
  chunkSize?: number;
}

/** Totals of a run, for the summary line. */
export interface ScoreJsonlSummary {
  lines: number;
  invalid: number;
  scored: number;
  rewardSum: number;
  rewardCount: number;
  wholeBatch: boolean;
  /** Results with at least one model-server issue (judge errors, timeouts, unparseable replies). */
  serverFailures: number;
}

type Entry = { value: unknown } | { error: string; id?: string | number };

function parseLine(line: string, lineNumber: number): Entry {
  try {
    return { value: JSON.parse(line) };
  } catch (error) {
    return { error: `line ${lineNumber}: not valid JSON: ${(error as Error).message}` };
  }
}

function invalidResult(scorer: Scorer, message: string): Result {
  const components: Record<string, null> = {};
  for (const name of scorer.names) components[name] = null;
  const result: Result = { reward: null, components, issues: [] };
  // Same shape as the scorer's results: an unscorable sample takes advantage 0.
  if (scorer.advantage) result.advantage = 0;
  result.issues = [{ reward: "sample", code: "invalid_sample", message }];
  return result;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Scores a JSONL stream into a JSONL stream. Blank lines are skipped.
 * @example
 * await scoreJsonl(buildScorer("gui-g2"), createReadStream("in.jsonl"), process.stdout);
 */
export async function scoreJsonl(
  scorer: Scorer,
  input: Readable,
  output: Writable,
  options: ScoreJsonlOptions = {},
): Promise<ScoreJsonlSummary> {
  const chunkSize = options.chunkSize ?? 1024;
  const wholeBatch = scorer.needsWholeBatch;
  const summary: ScoreJsonlSummary = {
    lines: 0,
    invalid: 0,
    scored: 0,
    rewardSum: 0,
    rewardCount: 0,
    wholeBatch,
    serverFailures: 0,
  };
  const writeResults = async (results: Iterable<Result>) => {
    let text = "";
    for (const r of results) {
      summary.scored++;
      if (r.issues[0]?.code === "invalid_sample") summary.invalid++;
      if (r.issues.some((issue) => issueKind(issue.code) === "server")) summary.serverFailures++;
      if (r.reward !== null) {
        summary.rewardSum += r.reward;
        summary.rewardCount++;
      }
      text += `${JSON.stringify(r)}\n`;
      if (text.length > 1 << 20) {
        await write(output, text);
        text = "";
      }
    }
    if (text) await write(output, text);
  };

  // Streaming: each chunk is scored and written before the next is read. Whole-batch recipes
  // score chunk by chunk into an accumulator (which keeps rows, not texts) and write at the end;
  // lines that are not JSON are remembered by position so the output keeps the input order.
  const batch = wholeBatch ? scorer.accumulate() : undefined;
  const invalidAt = new Map<number, string>();
  let position = 0;
  let values: unknown[] = [];
  let chunk: Entry[] = [];

  const flush = async () => {
    if (batch) {
      if (values.length) await batch.add(values);
      values = [];
      return;
    }
    if (!chunk.length) return;
    const valid = chunk.flatMap((e) => ("value" in e ? [e.value] : []));
    const { results } = valid.length ? await scorer.score(valid) : { results: [] as Result[] };
    let next = 0;
    const ordered = chunk.map((e) => ("value" in e ? results[next++]! : invalidResult(scorer, e.error)));
    chunk = [];
    await writeResults(ordered);
  };

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    summary.lines++;
    if (!line.trim()) continue;
    const entry = parseLine(line, summary.lines);
    if (batch) {
      if ("value" in entry) values.push(entry.value);
      else invalidAt.set(position, entry.error);
      position++;
      if (values.length >= chunkSize) await flush();
    } else {
      chunk.push(entry);
      if (chunk.length >= chunkSize) await flush();
    }
  }
  await flush();
  if (batch) {
    const { results } = await batch.finish();
    let next = 0;
    function* ordered(): Generator<Result> {
      for (let p = 0; p < position; p++) {
        const error = invalidAt.get(p);
        yield error === undefined ? results[next++]! : invalidResult(scorer, error);
      }
    }
    await writeResults(ordered());
  }
  return summary;
}
