/**
 * One reader per benchmark layout: which columns identify it and how a record becomes an
 * {@link EvalRow}. Column names are the benchmarks' own (see `shared/reference/judges.md` §3 and
 * `protocols.md` C9–C10). Pure.
 * @module
 */
import { mediaRefs } from "../read/media.js";
import type { EvalFormatName, EvalRow, PairLabel } from "../types.js";
import {
  list,
  number,
  numberList,
  optionalText,
  promptText,
  RowError,
  rowId,
  text,
  textList,
} from "./fields.js";

/** Options readers need: where relative media paths live. */
export interface ReadOptions {
  mediaRoot?: string;
}

/** How one format is recognised and read. */
export interface FormatReader {
  name: EvalFormatName;
  /** Column sets that identify the format: it is detected when every column of one set is present. */
  signatures: ReadonlyArray<readonly string[]>;
  /** One record as a row; throws `RowError` for a malformed record (the row is skipped). */
  read(record: Record<string, unknown>, index: number, options: ReadOptions): EvalRow;
}

function images(record: Record<string, unknown>, names: readonly string[], root?: string) {
  for (const name of names) {
    if (record[name] === undefined || record[name] === null) continue;
    const refs = mediaRefs(record[name], root);
    if (refs.length) return refs;
  }
  return undefined;
}

function withOptional(row: EvalRow, extra: Partial<EvalRow>): EvalRow {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  }
  return row;
}

/**
 * VL-RewardBench category from `query_source` (judges.md §3 correction), else from the id prefix.
 * @example
 * vlRewardBenchCategory("RLAIF-V", "x"); // "hallucination"
 */
export function vlRewardBenchCategory(querySource: string | undefined, id: string): string {
  const source = (querySource ?? id).toLowerCase();
  if (/wildvision/.test(source)) return "general";
  if (/povid|rlaif|rlhf/.test(source)) return "hallucination";
  if (/mmmu|mathverse/.test(source)) return "reasoning";
  return "general";
}

/**
 * Multimodal RewardBench category with the script's safety and reasoning splits (by id prefix).
 * @example
 * multimodalRewardBenchCategory("safety", "pairs_12"); // "safety/bias"
 */
export function multimodalRewardBenchCategory(category: string, id: string): string {
  const lower = id.toLowerCase();
  if (category === "safety") return lower.startsWith("pairs") ? "safety/bias" : "safety/toxicity";
  if (category === "reasoning") return lower.startsWith("math") ? "reasoning/math" : "reasoning/coding";
  return category;
}

const MM_RLHF_KEYWORDS = ["mcq", "long", "short", "safety", "video"] as const;

/**
 * MM-RLHF-RewardBench category: the first keyword found in the media path.
 * @example
 * mmRlhfCategory("images/mcq/0001.jpg"); // "mcq"
 */
export function mmRlhfCategory(mediaPath: string | undefined): string | undefined {
  if (!mediaPath) return undefined;
  const lower = mediaPath.toLowerCase();
  return MM_RLHF_KEYWORDS.find((k) => lower.includes(k));
}

/**
 * GenAI-Bench gold from `human_vote` (leftvote …) or `vote_type` (substring rules of consumers).
 * @example
 * genaiBenchLabel("bothbad_vote"); // "bothbad"
 */
export function genaiBenchLabel(vote: string): PairLabel {
  const v = vote.toLowerCase();
  if (v.includes("both")) return "bothbad";
  if (v.includes("tie")) return "tie";
  if (v.includes("left")) return "A";
  if (v.includes("right")) return "B";
  throw new RowError(`unknown vote ${JSON.stringify(vote)}`);
}

function abLabel(value: string): PairLabel {
  const v = value.trim().toLowerCase();
  if (v === "a") return "A";
  if (v === "b") return "B";
  if (v === "same" || v === "tie") return "tie";
  throw new RowError(`unknown preference ${JSON.stringify(value)} (expected A, B or same)`);
}

const pairs: FormatReader = {
  name: "pairs",
  signatures: [["chosen", "rejected"]],
  read(record, index, { mediaRoot }) {
    return withOptional(
      {
        index,
        id: rowId(record, index, ["id", "ID"]),
        candidates: [text(record, "chosen"), text(record, "rejected")],
        label: "A",
      },
      {
        prompt: promptText(record.prompt),
        category: optionalText(record, "category"),
        images: images(record, ["images", "image"], mediaRoot),
      },
    );
  },
};

const vlRewardBench: FormatReader = {
  name: "vl-rewardbench",
  signatures: [["response", "human_ranking"]],
  read(record, index, { mediaRoot }) {
    const id = rowId(record, index, ["id"]);
    const responses = textList(record, "response");
    const ranking = numberList(record, "human_ranking");
    if (responses.length !== 2 || ranking.length !== 2)
      throw new RowError("expected 2 responses and 2 ranks");
    if (ranking[0] === ranking[1]) throw new RowError("human_ranking has no preference");
    return withOptional(
      { index, id, candidates: responses, label: ranking[0]! < ranking[1]! ? "A" : "B" },
      {
        prompt: optionalText(record, "query"),
        category: vlRewardBenchCategory(optionalText(record, "query_source"), id),
        images: images(record, ["image"], mediaRoot),
      },
    );
  },
};

const multimodalRewardBench: FormatReader = {
  name: "multimodal-rewardbench",
  signatures: [["Output1", "Output2", "Better"]],
  read(record, index, { mediaRoot }) {
    const id = rowId(record, index, ["ID", "id"]);
    const better = text(record, "Better");
    if (better !== "Output1" && better !== "Output2")
      throw new RowError(`Better is ${JSON.stringify(better)}`);
    const category = optionalText(record, "Category");
    return withOptional(
      {
        index,
        id,
        candidates: [text(record, "Output1"), text(record, "Output2")],
        label: better === "Output2" ? "B" : "A",
      },
      {
        prompt: optionalText(record, "Text"),
        category: category === undefined ? undefined : multimodalRewardBenchCategory(category, id),
        images: images(record, ["Image"], mediaRoot),
      },
    );
  },
};

const mmRlhfRewardBench: FormatReader = {
  name: "mm-rlhf-rewardbench",
  signatures: [
    ["chosen", "rejected", "chosen_reason"],
    ["chosen", "rejected", "rejected_reason"],
  ],
  read(record, index, { mediaRoot }) {
    const id = rowId(record, index, ["id"]);
    const media = optionalText(record, "video") ?? optionalText(record, "image");
    return withOptional(
      { index, id, question: id, candidates: [text(record, "chosen"), text(record, "rejected")], label: "A" },
      {
        prompt: promptText(record.prompt),
        category: mmRlhfCategory(media),
        images: images(record, ["image", "video"], mediaRoot),
      },
    );
  },
};

const genaiBench: FormatReader = {
  name: "genai-bench",
  signatures: [["vote_type"], ["human_vote"]],
  read(record, index, { mediaRoot }) {
    const vote = optionalText(record, "human_vote") ?? text(record, "vote_type");
    const left = images(record, ["left_image", "left_video", "left_output"], mediaRoot);
    const right = images(record, ["right_image", "right_video", "right_output"], mediaRoot);
    const prompt = optionalText(record, "instruct_prompt") ?? optionalText(record, "prompt");
    return withOptional(
      { index, id: rowId(record, index, ["id", "idx"]), candidates: ["", ""], label: genaiBenchLabel(vote) },
      {
        prompt,
        outputs: left || right ? [left ?? [], right ?? []] : undefined,
        images: images(record, ["source_image"], mediaRoot),
        verdict: optionalText(record, "response"),
      },
    );
  },
};

const videogenRewardBench: FormatReader = {
  name: "videogen-rewardbench",
  signatures: [["path_A", "path_B", "Overall"]],
  read(record, index, { mediaRoot }) {
    const a = images(record, ["path_A"], mediaRoot) ?? [];
    const b = images(record, ["path_B"], mediaRoot) ?? [];
    return withOptional(
      {
        index,
        id: rowId(record, index, ["id", "ID"]),
        candidates: ["", ""],
        label: abLabel(text(record, "Overall")),
        outputs: [a, b],
      },
      { prompt: optionalText(record, "prompt"), dimensionLabels: videogenDimensions(record) },
    );
  },
};

/** VideoGen-RewardBench's per-dimension labels (visual quality, motion quality, text alignment). */
function videogenDimensions(record: Record<string, unknown>): Record<string, PairLabel> | undefined {
  const labels: Record<string, PairLabel> = {};
  for (const name of ["VQ", "MQ", "TA"]) {
    const value = optionalText(record, name);
    if (value !== undefined && value !== "") labels[name] = abLabel(value);
  }
  return Object.keys(labels).length ? labels : undefined;
}

const rewardBench: FormatReader = {
  name: "rewardbench",
  signatures: [["chosen", "rejected", "subset", "chosen_model"]],
  read(record, index) {
    return withOptional(
      {
        index,
        id: rowId(record, index, ["id"]),
        candidates: [text(record, "chosen"), text(record, "rejected")],
        label: "A",
        category: text(record, "subset"),
      },
      { prompt: promptText(record.prompt) },
    );
  },
};

const rewardBench2: FormatReader = {
  name: "rewardbench2",
  signatures: [["chosen", "rejected", "num_correct", "subset"]],
  read(record, index) {
    const chosen = textList(record, "chosen");
    const rejected = textList(record, "rejected");
    const numCorrect = record.num_correct === undefined ? chosen.length : number(record, "num_correct");
    if (!chosen.length || !rejected.length) throw new RowError("chosen and rejected must be non-empty lists");
    return withOptional(
      {
        index,
        id: rowId(record, index, ["id"]),
        candidates: [...chosen, ...rejected],
        numCorrect,
        category: text(record, "subset"),
      },
      { prompt: promptText(record.prompt) },
    );
  },
};

const ranked: FormatReader = {
  name: "ranked",
  signatures: [
    ["responses", "ranking"],
    ["responses", "scores"],
  ],
  read(record, index, { mediaRoot }) {
    const responses = textList(record, "responses");
    const row: EvalRow = { index, id: rowId(record, index, ["id", "ID"]), candidates: responses };
    if (record.ranking !== undefined) row.humanRanking = numberList(record, "ranking");
    if (record.scores !== undefined) row.humanScores = numberList(record, "scores");
    for (const values of [row.humanRanking, row.humanScores]) {
      if (values && values.length !== responses.length)
        throw new RowError("one rank or score per response is needed");
    }
    if (!row.humanRanking && !row.humanScores) throw new RowError("neither ranking nor scores");
    if (list(record, "responses").length < 2) throw new RowError("fewer than 2 responses");
    return withOptional(row, {
      prompt: promptText(record.prompt),
      category: optionalText(record, "category"),
      images: images(record, ["images", "image"], mediaRoot),
    });
  },
};

/**
 * Every reader, most specific first: detection takes the first whose signature matches.
 * @example
 * FORMAT_READERS.map((r) => r.name); // ["rewardbench2", "rewardbench", …, "pairs"]
 */
export const FORMAT_READERS: readonly FormatReader[] = [
  rewardBench2,
  rewardBench,
  mmRlhfRewardBench,
  vlRewardBench,
  multimodalRewardBench,
  videogenRewardBench,
  genaiBench,
  ranked,
  pairs,
];
