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
import type { Result } from "../core/index.js";
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

async function scoreEntries(scorer: Scorer, entries: Entry[]): Promise<Result[]> {
  const values: unknown[] = [];
  for (const e of entries) if ("value" in e) values.push(e.value);
  const { results } = values.length ? await scorer.score(values) : { results: [] as Result[] };
  let next = 0;
  return entries.map((e) => ("value" in e ? results[next++]! : invalidResult(scorer, e.error)));
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
  };
  let chunk: Entry[] = [];

  const flush = async () => {
    if (!chunk.length) return;
    const results = await scoreEntries(scorer, chunk);
    chunk = [];
    let text = "";
    for (const r of results) {
      summary.scored++;
      if (r.issues[0]?.code === "invalid_sample") summary.invalid++;
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

  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    summary.lines++;
    if (!line.trim()) continue;
    chunk.push(parseLine(line, summary.lines));
    if (!wholeBatch && chunk.length >= chunkSize) await flush();
  }
  await flush();
  return summary;
}
