/**
 * vLLM `POST /pooling` and `POST /classify` for discriminative reward models. Requests ask for
 * raw outputs (`use_activation: false`), as verl does for Bradley-Terry logits. Pre-templated
 * texts batch as `input: string[]`; chat `messages` (the server applies the RM's own template)
 * go one conversation per request. Sources: vllm `entrypoints/pooling/pooling/protocol.py`,
 * `docs/models/pooling_models/classify.md`.
 * @module
 */
import { z } from "zod";
import type { ModelOutcome, ScoreItem, ScoreRows } from "../client.js";
import { checkReply, finiteRows, joinUrl, lengthMismatch, type ScoreProtocol } from "./protocol.js";

function body(items: readonly ScoreItem[], model: string): Record<string, unknown> | string {
  const first = items[0]!;
  if (first.messages) {
    if (items.length !== 1) return "chat messages are sent one conversation per request";
    return { model, messages: first.messages, use_activation: false };
  }
  const texts: string[] = [];
  for (const item of items) {
    if (item.text === undefined) return "this protocol needs `messages` or a pre-templated `text`";
    texts.push(item.text);
  }
  return { model, input: texts, use_activation: false };
}

const PoolingReplySchema = z.looseObject({
  data: z.array(
    z.looseObject({
      index: z.number().int().optional(),
      data: z.union([z.array(z.number()), z.array(z.array(z.number()))]),
    }),
  ),
});

const ClassifyReplySchema = z.looseObject({
  data: z.array(z.looseObject({ index: z.number().int().optional(), probs: z.array(z.number()) })),
});

function byIndex<T extends { index?: number | undefined }>(data: T[]): T[] {
  return data.every((d) => d.index !== undefined) ? [...data].sort((a, b) => a.index! - b.index!) : data;
}

/**
 * `POST /pooling`: each input's `data` is a vector (one row) or a matrix (one row per token).
 * @example
 * vllmPooling.scoreBody([{ text: "a" }, { text: "b" }], "rm"); // { model: "rm", input: ["a", "b"], use_activation: false }
 */
export const vllmPooling: ScoreProtocol = {
  scoreUrl: (base) => joinUrl(base, "/pooling"),
  batchable: (item) => item.messages === undefined,
  scoreBody: body,
  parseScore(json, count): ModelOutcome<Array<ModelOutcome<ScoreRows>>> {
    const checked = checkReply(PoolingReplySchema, json, "pooling reply");
    if (!checked.ok) return checked;
    const data = byIndex(checked.value.data);
    if (data.length !== count) return lengthMismatch(count, data.length);
    return {
      ok: true,
      value: data.map((d) => {
        const rows =
          d.data.length > 0 && Array.isArray(d.data[0]) ? (d.data as number[][]) : [d.data as number[]];
        return finiteRows(rows);
      }),
    };
  },
};

/**
 * `POST /classify`: each input's `probs` is one row (raw logits with `use_activation: false`).
 * @example
 * vllmClassify.scoreUrl("http://127.0.0.1:8000").href; // "http://127.0.0.1:8000/classify"
 */
export const vllmClassify: ScoreProtocol = {
  scoreUrl: (base) => joinUrl(base, "/classify"),
  batchable: (item) => item.messages === undefined,
  scoreBody: body,
  parseScore(json, count) {
    const checked = checkReply(ClassifyReplySchema, json, "classify reply");
    if (!checked.ok) return checked;
    const data = byIndex(checked.value.data);
    if (data.length !== count) return lengthMismatch(count, data.length);
    return { ok: true, value: data.map((d) => finiteRows([d.probs])) };
  },
};
