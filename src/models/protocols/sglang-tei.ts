/**
 * SGLang's native `POST /classify` (reward models launched with `--is-embedding`) and Hugging
 * Face TEI's `POST /predict`. Both take pre-templated texts only. Sources: sglang
 * `docs/basic_usage/native_api.ipynb`; text-embeddings-inference `docs/openapi.json` (v1.9.3).
 * @module
 */
import { z } from "zod";
import type { ScoreItem } from "../client.js";
import { checkReply, finiteRows, joinUrl, lengthMismatch, type ScoreProtocol } from "./protocol.js";

function texts(items: readonly ScoreItem[]): string[] | string {
  const out: string[] = [];
  for (const item of items) {
    if (item.text === undefined)
      return "this protocol takes pre-templated text only: set `input: text` and a `textTemplate`";
    out.push(item.text);
  }
  return out;
}

const SglangReplySchema = z.array(z.looseObject({ embedding: z.array(z.number()) }));

/**
 * SGLang `POST /classify` `{model, text: string[]}` → `[{embedding: [reward]}, …]`.
 * @example
 * sglangClassify.scoreBody([{ text: "<chat>" }], "rm"); // { model: "rm", text: ["<chat>"] }
 */
export const sglangClassify: ScoreProtocol = {
  scoreUrl: (base) => joinUrl(base, "/classify"),
  batchable: () => true,
  scoreBody(items, model) {
    const text = texts(items);
    return typeof text === "string" ? text : { model, text };
  },
  parseScore(json, count) {
    const list = Array.isArray(json) ? json : [json];
    const checked = checkReply(SglangReplySchema, list, "sglang classify reply");
    if (!checked.ok) return checked;
    if (checked.value.length !== count) return lengthMismatch(count, checked.value.length);
    return { ok: true, value: checked.value.map((d) => finiteRows([d.embedding])) };
  },
};

const TeiEntry = z.looseObject({ label: z.string(), score: z.number() });
const TeiReplySchema = z.array(z.array(TeiEntry));

/**
 * TEI `POST /predict` with `raw_scores: true` (no softmax/sigmoid). TEI sorts each input's
 * classes by descending score, so the row is rebuilt in label order (`LABEL_0`, `LABEL_1`, …).
 * @example
 * tei.scoreBody([{ text: "a" }], "rm"); // { inputs: [["a"]], raw_scores: true }
 */
export const tei: ScoreProtocol = {
  scoreUrl: (base) => joinUrl(base, "/predict"),
  batchable: () => true,
  scoreBody(items) {
    const text = texts(items);
    return typeof text === "string" ? text : { inputs: text.map((t) => [t]), raw_scores: true };
  },
  parseScore(json, count) {
    const checked = checkReply(TeiReplySchema, json, "TEI predict reply");
    if (!checked.ok) return checked;
    if (checked.value.length !== count) return lengthMismatch(count, checked.value.length);
    return {
      ok: true,
      value: checked.value.map((entries) => {
        const sorted = [...entries].sort((a, b) => a.label.localeCompare(b.label, "en", { numeric: true }));
        return finiteRows([sorted.map((e) => e.score)]);
      }),
    };
  },
  healthUrl: (base) => joinUrl(base, "/health"),
};
