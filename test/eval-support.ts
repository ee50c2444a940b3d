/**
 * Helpers of the eval tests: in-memory predictions and fixture paths.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { PredictionSource } from "../src/eval/predictions.js";
import { runEval } from "../src/eval/run.js";
import type { EvalRow, RowPrediction } from "../src/eval/types.js";

export const root = resolve(import.meta.dirname, "..");
export const fixtures = resolve(root, "test/fixtures/eval");

/** Predictions given per row index (a row missing from the list gets none). */
export class ListPredictions implements PredictionSource {
  constructor(readonly list: ReadonlyArray<RowPrediction | Array<number | null> | undefined>) {}
  async predict(rows: readonly EvalRow[]) {
    return rows.map((row) => {
      const p = this.list[row.index];
      return Array.isArray(p) ? { scores: p } : p;
    });
  }
}

/** Evaluates a fixture with scores per row index. */
export async function evalScores(
  file: string,
  scores: ReadonlyArray<RowPrediction | Array<number | null> | undefined>,
  format?: string,
) {
  return runEval({
    data: resolve(fixtures, file),
    format,
    sources: [new ListPredictions(scores)],
    bootstrap: { resamples: 200, seed: 1 },
  });
}

const png = readFileSync(resolve(fixtures, "tiny.png"));

/** VL-RewardBench's HF Parquet layout: image as the HF Image struct {bytes, path}. */
export function writeVlRewardBenchParquet(dir: string): string {
  const ids = ["wildvision_1", "wildvision_2", "RLAIF-V_3", "povid_4", "mathverse_5", "mmmu_6", "RLHF-V_7"];
  const sources = ["WildVision", "WildVision", "RLAIF-V", "POVID", "MathVerse", "MMMU-Pro", "RLHF-V"];
  const rankings = [
    [0, 1],
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
    [0, 1],
    [0, 1],
  ];
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "id", data: ids },
      { name: "query", data: ids.map((id) => `question ${id}`) },
      {
        name: "image",
        data: ids.map((_, k) =>
          k === 0 ? { bytes: new Uint8Array(png), path: null } : { bytes: null, path: `img/${k}.png` },
        ),
      },
      { name: "response", data: ids.map((id) => [`first answer ${id}`, `second answer ${id}`]) },
      { name: "human_ranking", data: rankings.map((r) => r.map(BigInt)) },
      { name: "models", data: ids.map(() => ["m-a", "m-b"]) },
      { name: "query_source", data: sources },
    ],
    schema: [
      { name: "root", num_children: 7 },
      { name: "id", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "query", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "image", repetition_type: "OPTIONAL", num_children: 2 },
      { name: "bytes", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
      { name: "path", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "response", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "human_ranking", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", type: "INT64", repetition_type: "OPTIONAL" },
      { name: "models", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      { name: "query_source", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
    ],
  });
  const path = join(dir, "test-00000-of-00001.parquet");
  writeFileSync(path, new Uint8Array(buffer));
  return path;
}
