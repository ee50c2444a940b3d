/**
 * Where a row's prediction comes from: a `--scores` JSONL (`{"id", "scores": [...]}` in the
 * row's candidate order, optional `swapped`, `repeats`, `verdict`), precomputed verdict texts
 * (`--verdicts`: a JSONL of `{"id", "verdict"}` or the data's own `response` column), or a recipe
 * scored through the normal scorer. Node-only (files).
 * @module
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { isIssueCode, issueKind, type Result } from "../core/index.js";
import type { EvalRow, RowPrediction } from "./types.js";

/** A source of predictions, asked for a chunk of rows at a time, in data order. */
export interface PredictionSource {
  predict(rows: readonly EvalRow[]): Promise<Array<RowPrediction | undefined>>;
  close?(): Promise<void>;
}

function scoreList(value: unknown, where: string): Array<number | null> {
  if (
    !Array.isArray(value) ||
    !value.every((s) => s === null || (typeof s === "number" && Number.isFinite(s)))
  ) {
    throw new Error(`${where}: expected a list of finite numbers or nulls`);
  }
  return value as Array<number | null>;
}

function parsePrediction(line: Record<string, unknown>, where: string): RowPrediction {
  const prediction: RowPrediction = {};
  if (line.scores !== undefined) prediction.scores = scoreList(line.scores, `${where} scores`);
  // A judge's text: `verdict`, or `response` as GenAI-Bench's result files name it.
  if (typeof line.verdict === "string") prediction.verdict = line.verdict;
  else if (typeof line.response === "string") prediction.verdict = line.response;
  if (line.swapped !== undefined) prediction.swapped = scoreList(line.swapped, `${where} swapped`);
  if (Array.isArray(line.repeats))
    prediction.repeats = line.repeats.map((r, k) => scoreList(r, `${where} repeats[${k}]`));
  if (typeof line.reason === "string") prediction.reason = line.reason;
  if (line.dimensions && typeof line.dimensions === "object" && !Array.isArray(line.dimensions)) {
    prediction.dimensions = Object.fromEntries(
      Object.entries(line.dimensions).map(([name, scores]) => [
        name,
        scoreList(scores, `${where} dimensions.${name}`),
      ]),
    );
  }
  return prediction;
}

/**
 * Predictions read from a JSONL file, joined to rows by `id` (a line without an id takes the
 * row at its position). Files in data order stream in constant memory; out-of-order lines are buffered
 * until their row comes. Repeated ids (MM-RLHF questions with several pairs) are taken in order.
 * @example
 * const source = new JsonlPredictions("scores.jsonl");
 * const [p] = await source.predict([{ index: 0, id: "a", candidates: ["x", "y"], label: "A" }]);
 */
export class JsonlPredictions implements PredictionSource {
  readonly #path: string;
  readonly #lines: AsyncIterator<string>;
  readonly #pending = new Map<string, RowPrediction[]>();
  #lineNumber = 0;
  #position = 0;
  #done = false;

  constructor(path: string) {
    this.#path = path;
    this.#lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })[
      Symbol.asyncIterator
    ]();
  }

  async #readOne(): Promise<boolean> {
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) {
        this.#done = true;
        return false;
      }
      this.#lineNumber++;
      if (!next.value.trim()) continue;
      const where = `${this.#path} line ${this.#lineNumber}`;
      let value: unknown;
      try {
        value = JSON.parse(next.value);
      } catch (error) {
        throw new Error(`${where}: not valid JSON: ${(error as Error).message}`);
      }
      if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new Error(`${where}: not a JSON object`);
      const line = value as Record<string, unknown>;
      // Lines without an id are matched by position: key "#<line position>".
      const key =
        typeof line.id === "string" || typeof line.id === "number" ? String(line.id) : `#${this.#position}`;
      this.#position++;
      const queue = this.#pending.get(key);
      if (queue) queue.push(parsePrediction(line, where));
      else this.#pending.set(key, [parsePrediction(line, where)]);
      return true;
    }
  }

  async #take(keys: readonly string[]): Promise<RowPrediction | undefined> {
    for (;;) {
      for (const key of keys) {
        const queue = this.#pending.get(key);
        if (!queue?.length) continue;
        const prediction = queue.shift();
        if (!queue.length) this.#pending.delete(key);
        return prediction;
      }
      if (this.#done || !(await this.#readOne())) return undefined;
    }
  }

  async predict(rows: readonly EvalRow[]): Promise<Array<RowPrediction | undefined>> {
    const out: Array<RowPrediction | undefined> = [];
    for (const row of rows) out.push(await this.#take([row.id, `#${row.index}`]));
    return out;
  }
}

/**
 * Verdict texts shipped in the data itself (GenAI-Bench result files' `response` column).
 * @example
 * await new DataVerdicts().predict([{ index: 0, id: "0", candidates: ["", ""], label: "A", verdict: "[[A>B]]" }]);
 * // [{ verdict: "[[A>B]]" }]
 */
export class DataVerdicts implements PredictionSource {
  async predict(rows: readonly EvalRow[]): Promise<Array<RowPrediction | undefined>> {
    return rows.map((row) => (row.verdict === undefined ? undefined : { verdict: row.verdict }));
  }
}

/** The slice of the scorer {@link RecipePredictions} needs (a `Scorer` fits). */
export interface ScorerLike {
  score(inputs: readonly unknown[]): Promise<{ results: Result[] }>;
  close?(): Promise<void>;
}

/** Options of {@link RecipePredictions}. */
export interface RecipePredictionOptions {
  /** Also score every two-candidate row with the candidates swapped (position bias). */
  swap?: boolean;
  /** Ask the same question this many more times (self-consistency). */
  repeats?: number;
}

/**
 * The samples of one row: each candidate is a sample (prompt, completion = the candidate, the
 * row's input media, the candidate's output media), grouped by row so group rewards (pairwise
 * judges) compare the candidates of one row.
 * @example
 * rowSamples({ index: 3, id: "q", prompt: "p", candidates: ["a", "b"] }, "r0");
 * // [{ id: "q#0", group: "r0:3", prompt: "p", completion: "a" }, { id: "q#1", ... }]
 */
export function rowSamples(
  row: EvalRow,
  tag: string,
  order: readonly number[] = row.candidates.map((_, k) => k),
) {
  return order.map((k) => {
    const sample: Record<string, unknown> = {
      id: `${row.id}#${k}`,
      group: `${tag}:${row.index}`,
      completion: row.candidates[k]!,
    };
    if (row.prompt !== undefined) sample.prompt = row.prompt;
    if (row.reference !== undefined) sample.reference = row.reference;
    const images = [
      ...(row.images ?? []).map((m) => ({ ...m, role: "input" })),
      ...(row.outputs?.[k] ?? []).map((m) => ({ ...m, role: "output" })),
    ];
    if (images.length) sample.images = images;
    if (row.category !== undefined) sample.meta = { category: row.category };
    return sample;
  });
}

function reasonOf(results: readonly Result[]): string | undefined {
  for (const r of results) {
    if (r.reward !== null) continue;
    const issue = r.issues[0];
    return issue ? `${issue.reward}: ${issue.code}: ${issue.message}` : "the recipe gave no reward";
  }
  return undefined;
}

/**
 * Predictions from a recipe: a chunk of rows is scored as one batch through the scorer, so
 * async rewards and judges run concurrently up to their endpoints' limits.
 * @example
 * const source = new RecipePredictions(buildScorer("my-judge.yaml"), { swap: true });
 */
export class RecipePredictions implements PredictionSource {
  readonly #scorer: ScorerLike;
  readonly #options: RecipePredictionOptions;

  constructor(scorer: ScorerLike, options: RecipePredictionOptions = {}) {
    this.#scorer = scorer;
    this.#options = options;
  }

  async predict(rows: readonly EvalRow[]): Promise<Array<RowPrediction | undefined>> {
    const passes: Array<{ tag: string; row: number; order: number[] }> = [];
    const inputs: unknown[] = [];
    const add = (tag: string, r: number, order: number[]) => {
      passes.push({ tag, row: r, order });
      inputs.push(...rowSamples(rows[r]!, tag, order));
    };
    rows.forEach((row, r) => {
      const order = row.candidates.map((_, k) => k);
      add("main", r, order);
      if (this.#options.swap && order.length === 2) add("swap", r, [1, 0]);
      for (let k = 0; k < (this.#options.repeats ?? 0); k++) add(`repeat${k}`, r, order);
    });
    const { results } = await this.#scorer.score(inputs);
    const predictions: RowPrediction[] = rows.map(() => ({}));
    let offset = 0;
    for (const pass of passes) {
      const slice = results.slice(offset, offset + pass.order.length);
      offset += pass.order.length;
      const scores = new Array<number | null>(pass.order.length);
      pass.order.forEach((k, j) => {
        scores[k] = slice[j]?.reward ?? null;
      });
      const prediction = predictions[pass.row]!;
      if (pass.tag === "main") {
        prediction.scores = scores;
        const reason = reasonOf(slice);
        if (reason) prediction.reason = reason;
        if (slice.some((r) => r.issues.some((i) => isIssueCode(i.code) && issueKind(i.code) === "data"))) {
          prediction.dataError = true;
        }
      } else if (pass.tag === "swap") prediction.swapped = scores;
      else {
        prediction.repeats ??= [];
        prediction.repeats.push(scores);
      }
    }
    return predictions;
  }

  async close(): Promise<void> {
    await this.#scorer.close?.();
  }
}
