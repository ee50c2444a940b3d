/**
 * VLM-R1's open-vocabulary detection reward (`accu_reward_method: weighted_sum` →
 * `detection_score`): greedy global-IoU matching, then position, label and completeness terms.
 *
 * Paper: "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model"
 * (Shen et al., arXiv 2504.07615).
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { findTagged } from "../../parse/index.js";
import { isPyDict, isPythonSpace, pyJsonLoads, pythonStrip } from "../../parse/python/index.js";
import { pythonBox, vlmR1Iou } from "./vlm-r1-rec.js";

/**
 * VLM-R1's `clean_text` (`grpo_jsonl.py:757`): the last `<answer>(.*?)</answer>` (DOTALL) if any;
 * each `\n` / `\r` preceded by whitespace is deleted, any other becomes a space (both judged on the
 * text before the pass, as `re.sub` does); then strip, drop trailing `.`, lowercase.
 * @example
 * cleanText("<answer> A\nB. </answer>"); // "a b"
 */
export function cleanText(text: string): string {
  const spans = findTagged(text, "<answer>", "</answer>", true);
  let out = spans.length ? spans[spans.length - 1]!.content : text;
  for (const char of ["\n", "\r"]) {
    if (!out.includes(char)) continue;
    let next = "";
    for (let i = 0; i < out.length; i++) {
      const c = out[i]!;
      if (c !== char) next += c;
      else if (!(i > 0 && isPythonSpace(out.charCodeAt(i - 1)))) next += " ";
    }
    out = next;
  }
  out = pythonStrip(out);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x2e) end--;
  return out.slice(0, end).toLowerCase();
}

/** The items of the first ```` ```json … ``` ```` block as Python iterates them, or why there are none. */
function jsonBlockItems(
  text: string,
): { kind: "items"; items: unknown[] } | { kind: "none" } | { kind: "raises" } {
  const open = text.indexOf("```json");
  if (open === -1) return { kind: "none" };
  const close = text.indexOf("```", open + 7);
  if (close === -1) return { kind: "none" };
  const body = pythonStrip(text.slice(open + 7, close));
  if (!body) return { kind: "none" };
  const parsed = pyJsonLoads(body);
  if (!parsed.ok) return { kind: "raises" };
  const value = parsed.value;
  if (Array.isArray(value)) return { kind: "items", items: value };
  if (typeof value === "string") return { kind: "items", items: [...value] };
  if (isPyDict(value)) return { kind: "items", items: Object.keys(value) };
  return { kind: "raises" };
}

/** `item["bbox_2d"]` as 4 Python numbers, or `null` where the released IoU call raises (caught → 0.0). */
function itemBox(item: unknown): number[] | null {
  return isPyDict(item) ? pythonBox(item.bbox_2d) : null;
}

/** `item["label"].lower()`, or `null` where it raises. */
function itemLabel(item: unknown): string | null {
  return isPyDict(item) && typeof item.label === "string" ? item.label.toLowerCase() : null;
}

/** The weights and threshold of {@link detectionScore}. */
export interface DetectionScoreOptions {
  iouThreshold: number;
  alpha: number;
  beta: number;
  gamma: number;
  /** Reproduce the released NameError / stale label on a matched prediction without a label. */
  legacy: boolean;
}

/** A detection score, or the released code's crash (legacy) on a missing label. */
export type DetectionScore = { ok: true; value: number; missingLabels: number } | { ok: false };

/**
 * `detection_score` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:431`)
 * on already-extracted prediction and GT items: greedy matching on the global "−1/+1" IoU matrix
 * (strict maximum, scanning predictions then GTs in order; stop below the threshold), a matched
 * pair with a wrong label counts with IoU 0, and
 * `score = (α·Σiou/N_gt + β·correct/N_gt + γ·(1 − (miss/N_gt + false/N_pred)/2)) / (α + β + γ)`.
 * @example
 * detectionScore(
 *   [{ bbox_2d: [0, 0, 100, 90], label: "cat" }, { bbox_2d: [500, 500, 600, 600], label: "dog" }, { bbox_2d: [210, 200, 300, 300], label: "cow" }],
 *   [{ bbox_2d: [0, 0, 100, 100], label: "cat" }, { bbox_2d: [200, 200, 300, 300], label: "dog" }],
 *   { iouThreshold: 0.5, alpha: 0.7, beta: 0, gamma: 0.3, legacy: false },
 * ); // { ok: true, value: 0.565, missingLabels: 0 }
 */
export function detectionScore(
  preds: readonly unknown[],
  gts: readonly unknown[],
  options: DetectionScoreOptions,
): DetectionScore {
  if (gts.length === 0) return { ok: true, value: preds.length === 0 ? 1 : 0, missingLabels: 0 };
  if (preds.length === 0) return { ok: true, value: 0, missingLabels: 0 };
  const gtBoxes = gts.map(itemBox);
  const matrix = preds.map((pred) => {
    const box = itemBox(pred);
    return gtBoxes.map((gt) => (box && gt ? (vlmR1Iou(box, gt) ?? 0) : 0));
  });
  const predUsed = new Uint8Array(preds.length);
  const gtUsed = new Uint8Array(gts.length);
  let unmatchedPreds = preds.length;
  let unmatchedGts = gts.length;
  let iouSum = 0;
  let correct = 0;
  let matched = 0;
  let missingLabels = 0;
  let stalePredLabel: string | undefined;
  while (unmatchedPreds && unmatchedGts) {
    let maxIou = -1;
    let bestPred = -1;
    let bestGt = -1;
    for (let p = 0; p < preds.length; p++) {
      if (predUsed[p]) continue;
      const row = matrix[p]!;
      for (let g = 0; g < gts.length; g++) {
        if (!gtUsed[g] && row[g]! > maxIou) {
          maxIou = row[g]!;
          bestPred = p;
          bestGt = g;
        }
      }
    }
    if (maxIou < options.iouThreshold) break;
    let predLabel = itemLabel(preds[bestPred]);
    if (predLabel === null) {
      missingLabels++;
      if (options.legacy) {
        if (stalePredLabel === undefined) return { ok: false };
        predLabel = stalePredLabel;
      }
    }
    if (predLabel !== null) stalePredLabel = predLabel;
    const gtLabel = itemLabel(gts[bestGt]) ?? "";
    const labelCorrect = predLabel !== null && predLabel === gtLabel;
    iouSum += labelCorrect ? maxIou : 0;
    if (labelCorrect) correct++;
    matched++;
    predUsed[bestPred] = 1;
    gtUsed[bestGt] = 1;
    unmatchedPreds--;
    unmatchedGts--;
  }
  const position = matched ? iouSum / gts.length : 0;
  const label = matched ? correct / gts.length : 0;
  const completeness = 1 - (unmatchedGts / gts.length + unmatchedPreds / preds.length) / 2;
  const value =
    (options.alpha * position + options.beta * label + options.gamma * completeness) /
    (options.alpha + options.beta + options.gamma);
  return { ok: true, value, missingLabels };
}

function ovdReferenceText(reference: string): string {
  // The VLM-R1 jsonl loader strips the answer tags from the dataset value and re-wraps it.
  return `<answer> ${pythonStrip(reference.replaceAll("<answer>", "").replaceAll("</answer>", ""))} </answer>`;
}

/**
 * VLM-R1's OVD accuracy (`accuracy_reward` with `weighted_sum`, `om-ai-lab/VLM-R1@90052f4:
 * src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:826`, scoring with `detection_score` at
 * `grpo_jsonl.py:431`). The reference is the dataset's answer value (e.g.
 * ```` ```json\n[{"bbox_2d": [x1,y1,x2,y2], "label": "cat"}]\n``` ````), re-wrapped in
 * `<answer> … </answer>` as the loader does; both sides go through {@link cleanText} (twice, as
 * released). A cleaned reference of `none` scores 1 iff the cleaned completion is `none`.
 * Boxes come from the first ```` ```json ```` block; a completion whose block does not parse has
 * no predictions. Defaults α 0.7, β 0, γ 0.3, threshold 0.5; see {@link detectionScore}.
 * A plain array of `{bbox_2d, label}` is also accepted as the reference (plaudit extension).
 *
 * Deviations (bug fixes, `legacy: true` restores them): a matched prediction without a string
 * `label` raises NameError in the released code on the first match (later matches reuse the
 * previous label); plaudit counts it as a wrong label (legacy: the crash scores 0 with
 * `legacy_error`). A reference whose JSON block does not parse raises outside any `try`; plaudit
 * scores `null` with `reference_unparseable` (legacy: 0 with `legacy_error`).
 * @example
 * vlmR1Ovd().score({ completion: '```json\n[{"bbox_2d": [0,0,100,90], "label": "cat"}]\n```',
 *   reference: '```json\n[{"bbox_2d": [0,0,100,100], "label": "cat"}]\n```' }, ctx); // 0.93
 */
export const vlmR1Ovd = defineReward({
  type: "grounding.vlm-r1-ovd",
  description: "VLM-R1 OVD detection_score: greedy IoU matching; α·position + β·label + γ·completeness.",
  docs: {
    formula:
      "(α·Σiou/N_gt + β·correct/N_gt + γ·(1 − (miss/N_gt + false/N_pred)/2)) / (α + β + γ) over greedy IoU matches of labelled boxes (α 0.7, β 0, γ 0.3, threshold 0.5)",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "a matched prediction without a string label raises NameError in the released code; plaudit counts it as a wrong label",
      "a reference whose JSON block does not parse raises outside any try; plaudit scores null with reference_unparseable",
    ],
    legacy: "0 with legacy_error where the released code crashes (missing label, unparseable reference)",
  },
  config: z
    .strictObject({
      iouThreshold: z.number().min(0).max(1).default(0.5).describe("Greedy matching stops below this IoU."),
      alpha: z.number().min(0).finite().default(0.7).describe("Weight of the mean matched IoU."),
      beta: z
        .number()
        .min(0)
        .finite()
        .default(0)
        .describe("Weight of the fraction of correctly labelled matches."),
      gamma: z
        .number()
        .min(0)
        .finite()
        .default(0.3)
        .describe("Weight of the completeness term 1 − (miss/N_gt + false/N_pred)/2."),
      /** Reproduce the released crash on a missing label and on an unparseable reference. */
      legacy: z
        .boolean()
        .default(false)
        .describe("Reproduce the released crash on a missing label and on an unparseable reference."),
    })
    .refine((c) => c.alpha + c.beta + c.gamma > 0, { message: "alpha + beta + gamma must be positive" }),
  create: (config) => ({
    score(sample, ctx) {
      const reference = sample.reference;
      if (reference === undefined || reference === null) {
        ctx.report("reference_missing", "the sample has no OVD ground truth");
        return null;
      }
      const content = cleanText(sample.completion);
      let gts: unknown[];
      if (Array.isArray(reference)) gts = reference;
      else if (typeof reference === "string") {
        const solution = cleanText(ovdReferenceText(reference));
        if (solution === "none") return content === "none" ? 1 : 0;
        const block = jsonBlockItems(cleanText(solution));
        if (block.kind === "raises") {
          if (!config.legacy) {
            ctx.report("reference_unparseable", "the reference's ```json block does not parse as a list");
            return null;
          }
          ctx.report("legacy_error", "the released code raises on this reference; scored 0");
          return 0;
        }
        gts = block.kind === "items" ? block.items : [];
      } else {
        ctx.report("reference_unparseable", "the reference is not an OVD answer string or box list");
        return null;
      }
      const block = jsonBlockItems(cleanText(content));
      const preds = block.kind === "items" ? block.items : [];
      if (block.kind !== "items") ctx.report("no_box_found", "no parseable ```json block in the answer");
      const result = detectionScore(preds, gts, config);
      if (!result.ok) {
        ctx.report(
          "legacy_error",
          "a matched prediction has no label (the released code raises NameError); scored 0",
        );
        return 0;
      }
      if (result.missingLabels) {
        ctx.report(
          "unparseable_answer",
          `${result.missingLabels} matched prediction(s) without a label counted as wrong`,
        );
      }
      return result.value;
    },
  }),
});
