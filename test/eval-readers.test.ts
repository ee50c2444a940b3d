import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/core/index.js";
import { detectFormat, formatReader } from "../src/eval/formats/index.js";
import { parseCsv } from "../src/eval/read/csv.js";
import { mediaRef } from "../src/eval/read/media.js";
import { openRecords } from "../src/eval/read/table.js";
import type { EvalRow } from "../src/eval/types.js";
import { fixtures, writeVlRewardBenchParquet } from "./eval-support.js";

async function readAll(path: string, format?: string, mediaRoot?: string) {
  const source = await openRecords(path);
  const detected = format ? undefined : detectFormat(source.columns);
  const reader = format ? formatReader(format) : detected!.reader;
  const rows: EvalRow[] = [];
  let index = 0;
  for await (const record of source.records) rows.push(reader.read(record, index++, { mediaRoot }));
  return { format: reader.name, matched: detected?.matched, rows };
}

const png = readFileSync(resolve(fixtures, "tiny.png"));

describe("eval readers", () => {
  it("VL-RewardBench Parquet: HF Image struct (bytes inline, path under --media-root), categories from query_source", async () => {
    const path = writeVlRewardBenchParquet(mkdtempSync(join(tmpdir(), "plaudit-eval-")));
    const { format, matched, rows } = await readAll(path, undefined, "/data/vl");
    expect(format).toBe("vl-rewardbench");
    expect(matched).toEqual(["response", "human_ranking"]);
    expect(rows.map((r) => r.label)).toEqual(["A", "B", "A", "B", "A", "A", "A"]);
    expect(rows.map((r) => r.category)).toEqual([
      "general",
      "general",
      "hallucination",
      "hallucination",
      "reasoning",
      "reasoning",
      "hallucination",
    ]);
    expect(rows[0]!.candidates).toEqual(["first answer wildvision_1", "second answer wildvision_1"]);
    expect(rows[0]!.prompt).toBe("question wildvision_1");
    expect(rows[0]!.images).toEqual([
      { data: `data:image/png;base64,${png.toString("base64")}`, mime: "image/png" },
    ]);
    expect(rows[1]!.images).toEqual([{ path: "/data/vl/img/1.png" }]);
  });

  it("Multimodal RewardBench JSON: Output1/Output2/Better, safety and reasoning split by id prefix", async () => {
    const { format, rows } = await readAll(resolve(fixtures, "multimodal-rewardbench.json"));
    expect(format).toBe("multimodal-rewardbench");
    expect(rows.map((r) => r.label)).toEqual(["A", "B", "A", "B", "A", "B"]);
    expect(rows.map((r) => r.category)).toEqual([
      "general",
      "general",
      "safety/bias",
      "safety/toxicity",
      "reasoning/math",
      "reasoning/coding",
    ]);
    expect(rows[0]!.images).toEqual([{ path: "images/a.png" }]);
  });

  it("MM-RLHF-RewardBench JSONL: chosen first, question id for ACC+, category from the media path", async () => {
    const { format, rows } = await readAll(resolve(fixtures, "mm-rlhf-rewardbench.jsonl"));
    expect(format).toBe("mm-rlhf-rewardbench");
    expect(rows.map((r) => r.question)).toEqual(["q1", "q1", "q2", "q3", "q3", "q4"]);
    expect(rows.map((r) => r.category)).toEqual(["mcq", "mcq", "long", "short", "short", "video"]);
    expect(rows[0]!.candidates).toEqual(["Three apples.", "Five apples."]);
    expect(rows[5]!.images).toEqual([{ path: "video/q4_frames" }]);
  });

  it("GenAI-Bench: HF layout (vote_type, left/right images as outputs) and the published results layout", async () => {
    const hf = await readAll(resolve(fixtures, "genai-bench.jsonl"));
    expect(hf.format).toBe("genai-bench");
    expect(hf.rows.map((r) => r.label)).toEqual(["A", "B", "tie", "bothbad", "A"]);
    expect(hf.rows[0]!.outputs).toEqual([[{ path: "gen/0_left.png" }], [{ path: "gen/0_right.png" }]]);
    const results = await readAll(resolve(fixtures, "genai-bench-results.jsonl"));
    expect(results.format).toBe("genai-bench");
    expect(results.matched).toEqual(["human_vote"]);
    expect(results.rows[1]!.verdict).toBe("[[Model A is better: [[B>A]] ]]");
  });

  it("VideoGen-RewardBench CSV: quoted commas, Overall A/B/same, videos as candidate outputs", async () => {
    const { format, rows } = await readAll(resolve(fixtures, "videogen-rewardbench.csv"), undefined, "/v");
    expect(format).toBe("videogen-rewardbench");
    expect(rows[0]!.prompt).toBe("a dog running, slow motion");
    expect(rows.map((r) => r.label)).toEqual(["A", "B", "tie", "A", "tie"]);
    expect(rows[1]!.outputs).toEqual([[{ path: "/v/videos/1_a.mp4" }], [{ path: "/v/videos/1_b.mp4" }]]);
  });

  it("RewardBench 1 and 2 JSONL: subsets as categories; v2 candidates are chosen then rejected", async () => {
    const v1 = await readAll(resolve(fixtures, "rewardbench.jsonl"));
    expect(v1.format).toBe("rewardbench");
    expect(v1.rows[4]).toMatchObject({ id: "5", category: "math-prm", candidates: ["4", "5"], label: "A" });
    const v2 = await readAll(resolve(fixtures, "rewardbench2.jsonl"));
    expect(v2.format).toBe("rewardbench2");
    expect(v2.rows[5]).toMatchObject({
      id: "tied:7",
      numCorrect: 3,
      category: "Ties",
      candidates: ["2", "3", "5", "4", "6"],
    });
  });

  it("generic pairs and ranked", async () => {
    const pairs = await readAll(resolve(fixtures, "pairs.jsonl"));
    expect(pairs.format).toBe("pairs");
    expect(pairs.rows[3]).toMatchObject({
      id: "p4",
      category: "safety",
      candidates: ["safe", "unsafe"],
      label: "A",
    });
    const ranked = await readAll(resolve(fixtures, "ranked.jsonl"));
    expect(ranked.format).toBe("ranked");
    expect(ranked.rows[2]).toMatchObject({ humanScores: [4, 2, 2, 1] });
  });

  it("an undetectable layout and a bad --format fail naming the valid choices", () => {
    expect(() => detectFormat(["foo", "bar"])).toThrow(ConfigError);
    try {
      formatReader("vlrewardbench");
    } catch (error) {
      expect((error as ConfigError).problems[0]).toMatchObject({ path: "format", value: "vlrewardbench" });
      expect((error as ConfigError).problems[0]!.choices).toContain("vl-rewardbench");
    }
  });

  it("media: URLs are kept as URLs (never fetched), data URIs and absolute paths pass through", () => {
    expect(mediaRef("https://example.org/v.mp4", "/root")).toEqual({ url: "https://example.org/v.mp4" });
    expect(mediaRef("/abs/x.png", "/root")).toEqual({ path: "/abs/x.png" });
    expect(mediaRef({ bytes: null, path: null })).toBeUndefined();
  });

  it("CSV: doubled quotes, CRLF and newlines inside quotes", () => {
    expect(parseCsv('a,b\r\n"x ""y""","1\n2"\r\n')).toEqual([{ a: 'x "y"', b: "1\n2" }]);
  });
});
