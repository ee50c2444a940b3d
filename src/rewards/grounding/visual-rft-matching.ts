/**
 * Visual-RFT's detection parsing and matching, as the released code does them: `extract_bbox`
 * (truncation repair, quotes, JSON), `remove_duplicates`, the confidence sort and the greedy
 * IoU > 0.5 matching of `sort_and_calculate_iou`. The per-item steps (position, IoU,
 * duplicates, confidence order) are in `visual-rft-sort-and-iou.ts`.
 *
 * Released code: `Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:54-170`.
 * @module
 */

import { findTagged } from "../../parse/index.js";
import {
  isJsonValueStart,
  isPyDict,
  type PyJson,
  pyJsonLoads,
  pythonStrip,
  skipJsonSpace,
} from "../../parse/python/index.js";
import { parseCanonicalVisualRftList } from "./visual-rft-fast-parse.js";
import {
  calculateIou,
  confidenceOrder,
  position,
  ReleasedCodeRaises,
  uniqueByPosition,
} from "./visual-rft-sort-and-iou.js";

/**
 * `extract_bbox` (grpo.py:54): the text between the first `<answer>` and `</answer>`, repaired, as JSON.
 * @example
 * extractVisualRftBoxList("<answer>[{'Position': [1, 2, 3, 4], 'Confidence': 0.5}, {'Posi");
 * // { ok: true, value: [{ Position: [1, 2, 3, 4], Confidence: 0.5 }] } (truncation repaired)
 */
export function extractVisualRftBoxList(text: string): PyJson {
  const start = text.indexOf("<answer>");
  if (start === -1) return { ok: false, error: "decode" };
  let end = text.indexOf("</answer>");
  if (end === -1) end = text.length;
  let content = text.slice(start + 8, end);
  // Fast reject of text that cannot parse whatever the repair appends (a ' becomes " below).
  const first = content.charCodeAt(skipJsonSpace(content, 0));
  if (first !== 0x27 && !isJsonValueStart(first)) return { ok: false, error: "decode" };
  if (!content.endsWith("]")) {
    // Truncated output: cut at the last "}," and close the list (Python's rsplit("},", 1)[0]).
    const cut = content.lastIndexOf("},");
    content = `${cut === -1 ? content : content.slice(0, cut)}}]`;
  }
  const canonical = parseCanonicalVisualRftList(content);
  if (canonical) return { ok: true, value: canonical };
  return pyJsonLoads(content.replaceAll("'", '"'));
}

/**
 * The student side: `extract_bbox("<answer>" + answer + "</answer>")` after the released
 * `[[`→`[`, `]]`→`]` and newline removal. When none of those applies and the answer holds no
 * answer tag, that is the answer itself (skipping the wrapping and the tag scans).
 */
function extractStudentBoxList(answer: string): PyJson {
  if (
    !answer.includes("[[") &&
    !answer.includes("]]") &&
    !answer.includes("\n") &&
    !answer.includes("<answer>") &&
    !answer.includes("</answer>")
  ) {
    return extractVisualRftBoxList(`<answer>${answer}`);
  }
  let wrapped = `<answer>${answer}</answer>`;
  if (wrapped.includes("[[")) wrapped = wrapped.replaceAll("[[", "[");
  if (wrapped.includes("]]")) wrapped = wrapped.replaceAll("]]", "]");
  if (wrapped.includes("\n")) wrapped = wrapped.replaceAll("\n", "");
  return extractVisualRftBoxList(wrapped);
}

/**
 * The reference side of {@link matchVisualRft}: `extract_bbox(solution.strip())`.
 * @example
 * parseVisualRftSolution(" <answer>[]</answer> "); // { ok: true, value: [] }
 */
export function parseVisualRftSolution(solution: string): PyJson {
  return extractVisualRftBoxList(pythonStrip(solution));
}

/**
 * One `(iou, confidence)` pair of `sort_and_calculate_iou`, in confidence order.
 * @example
 * const match: VisualRftMatch = { iou: 0.8, confidence: 0.9 };
 */
export interface VisualRftMatch {
  iou: number;
  confidence: number;
}

/**
 * The match list and the GT count, or why the released code scores 0.
 * @example
 * const missing: VisualRftMatching = { ok: false, code: "no_box_found", message: "no boxes" };
 */
export type VisualRftMatching =
  | { ok: true; matches: VisualRftMatch[]; gtCount: number }
  | {
      ok: false;
      code: "unparseable_answer" | "no_box_found" | "invalid_box" | "reference_unparseable";
      message: string;
    };

/**
 * Steps 2–6 of Visual-RFT's accuracy rewards plus the greedy matching (grpo.py:109, 214-276):
 * answer by `<answer>(.*?)</answer>` without DOTALL (else the stripped completion), re-wrapped,
 * `[[`→`[`, `]]`→`]`, newlines removed, {@link extractVisualRftBoxList}, duplicate positions
 * dropped, predictions sorted by confidence (stable, descending), each matched to the unmatched
 * GT of highest IoU (strict >, from 0) and kept when IoU > `iouThreshold` (strict).
 * @example
 * matchVisualRft("<answer>[{'Position': [0,0,10,10], 'Confidence': 0.9}]</answer>",
 *   "<answer>[{'Position': [0,0,10,10], 'Confidence': 1}]</answer>", 0.5);
 * // { ok: true, matches: [{ iou: 1, confidence: 0.9 }], gtCount: 1 }
 */
export function matchVisualRft(
  completion: string,
  solution: unknown,
  iouThreshold: number,
  parseSolution: (solution: string) => PyJson = parseVisualRftSolution,
): VisualRftMatching {
  if (typeof solution !== "string") {
    return {
      ok: false,
      code: "reference_unparseable",
      message: "the reference is not a Visual-RFT solution string",
    };
  }
  const spans = findTagged(completion, "<answer>", "</answer>", false, 1);
  const answer = pythonStrip(spans.length ? spans[0]!.content : completion);
  const predParsed = extractStudentBoxList(answer);
  const gtParsed = parseSolution(solution);
  if (!predParsed.ok || predParsed.value === null) {
    return {
      ok: false,
      code: "unparseable_answer",
      message: "the answer is not a box list (JSON after repair)",
    };
  }
  const preds = predParsed.value;
  if (!Array.isArray(preds) || preds.length === 0 || !isPyDict(preds[0])) {
    return {
      ok: false,
      code: "no_box_found",
      message: "the answer is not a non-empty list of {'Position', 'Confidence'} objects",
    };
  }
  try {
    let gts: unknown[];
    if (!gtParsed.ok || gtParsed.value === null || typeof gtParsed.value !== "object") {
      if (gtParsed.ok && typeof gtParsed.value === "string") gts = [...gtParsed.value];
      else throw new ReleasedCodeRaises("reference", "the reference solution is not a box list");
    } else gts = Array.isArray(gtParsed.value) ? gtParsed.value : Object.keys(gtParsed.value);
    const { items, confidences } = uniqueByPosition(preds);
    const order = confidenceOrder(confidences);
    const gtPositions = gts.map(position);
    const used = new Uint8Array(gts.length);
    const matches: VisualRftMatch[] = [];
    for (const index of order) {
      const predPosition = position(items[index]!);
      let best = 0;
      let bestGt = -1;
      for (let g = 0; g < gts.length; g++) {
        if (used[g]) continue;
        const gtPosition = gtPositions[g];
        if (!gtPosition)
          throw new ReleasedCodeRaises("reference", "a reference item has no 4-number 'Position'");
        if (!predPosition) throw new ReleasedCodeRaises("answer", "a 'Position' is not 4 numbers");
        const value = calculateIou(gtPosition, predPosition);
        if (value > best) {
          best = value;
          bestGt = g;
        }
      }
      const confidence = confidences[index]!;
      if (best > iouThreshold) {
        matches.push({ iou: best, confidence });
        used[bestGt] = 1;
      } else matches.push({ iou: 0, confidence });
    }
    return { ok: true, matches, gtCount: gts.length };
  } catch (error) {
    if (!(error instanceof ReleasedCodeRaises)) throw error;
    return {
      ok: false,
      code: error.side === "reference" ? "reference_unparseable" : "invalid_box",
      message: `${error.message} (the released code raises; scored 0)`,
    };
  }
}
