/**
 * Visual-RFT's detection parsing and matching, as the released code does them: `extract_bbox`
 * (truncation repair, quotes, JSON), `remove_duplicates`, the confidence sort and the greedy
 * IoU > 0.5 matching of `sort_and_calculate_iou`.
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
  pyMax,
  pyMin,
  pyNumber,
  pyStrip,
  skipJsonSpace,
} from "./python.js";
import { parseCanonicalVisualRftList } from "./visual-rft-fast-parse.js";

/** Why the released code's `try` block ends in 0: which side failed, for the issue code. */
class ReleasedCodeRaises extends Error {
  constructor(
    readonly side: "answer" | "reference",
    message: string,
  ) {
    super(message);
  }
}

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
  return extractVisualRftBoxList(pyStrip(solution));
}

/** A `Position` as the IoU code uses it: 4 numbers, or `null` where Python would raise. */
function position(item: unknown): number[] | null {
  if (!isPyDict(item) || !Array.isArray(item.Position) || item.Position.length !== 4) return null;
  const out: number[] = [];
  for (const v of item.Position) {
    const n = pyNumber(v);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/** `calculate_iou` (grpo.py:87); raises (→ reward 0) where Python raises. */
function calculateIou(gt: readonly number[], pred: readonly number[]): number {
  const [x1, y1, x2, y2] = gt as [number, number, number, number];
  const [a1, b1, a2, b2] = pred as [number, number, number, number];
  // Python's max/min keep the first argument unless the second compares greater/less (NaN never does).
  const xi1 = pyMax(x1, a1);
  const yi1 = pyMax(y1, b1);
  const xi2 = pyMin(x2, a2);
  const yi2 = pyMin(y2, b2);
  if (xi2 <= xi1 || yi2 <= yi1) return 0;
  const intersection = (xi2 - xi1) * (yi2 - yi1);
  const union = (x2 - x1) * (y2 - y1) + (a2 - a1) * (b2 - b1) - intersection;
  if (union === 0) throw new ReleasedCodeRaises("answer", "zero union in calculate_iou (ZeroDivisionError)");
  return intersection / union;
}

/** Python tuple equality/hash of a `Position` for `remove_duplicates`; throws where `tuple()`/`hash()` raise. */
function dedupeKey(raw: unknown): string | null {
  let items: unknown[];
  if (Array.isArray(raw)) {
    // Fast path: finite numbers only (String(-0) is "0", matching Python's -0.0 == 0).
    let plain = true;
    for (const v of raw) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        plain = false;
        break;
      }
    }
    if (plain) return raw.join(",");
    items = raw;
  } else if (typeof raw === "string") items = [...raw];
  else if (isPyDict(raw)) items = Object.keys(raw);
  else throw new ReleasedCodeRaises("answer", "Position is not iterable");
  let key = "";
  for (const v of items) {
    if (typeof v === "number" || typeof v === "boolean") {
      const n = Number(v) + 0;
      // Every parsed NaN is a distinct float object, so a Position holding one is never a duplicate.
      if (Number.isNaN(n)) return null;
      key += `${n},`;
    } else if (typeof v === "string") key += `s${JSON.stringify(v)},`;
    else if (v === null) key += "N,";
    else throw new ReleasedCodeRaises("answer", "Position holds an unhashable value");
  }
  return key;
}

/** Whether a `Position` is 4 finite numbers (the common case, compared without building keys). */
function isPlainPosition(raw: unknown): raw is number[] {
  if (!Array.isArray(raw) || raw.length !== 4) return false;
  for (const v of raw) if (typeof v !== "number" || !Number.isFinite(v)) return false;
  return true;
}

/**
 * `remove_duplicates` (grpo.py:141) and the `Confidence` lookups of the sort: the items whose
 * `Position` tuple was not seen before, with their confidences as Python numbers. Throws where
 * Python raises (an item without `Position`/`Confidence`, an unhashable `Position`, a
 * non-numeric `Confidence`).
 */
function uniqueByPosition(preds: readonly unknown[]): {
  items: Record<string, unknown>[];
  confidences: number[];
} {
  const items: Record<string, unknown>[] = [];
  const confidences: number[] = [];
  const plain: number[][] = [];
  let seen: Set<string> | undefined;
  for (const item of preds) {
    if (!isPyDict(item) || !Object.hasOwn(item, "Position"))
      throw new ReleasedCodeRaises("answer", "an item has no 'Position'");
    const raw = item.Position;
    if (isPlainPosition(raw) && preds.length <= 16) {
      // Few predictions: compare numerically (-0 == 0 as in Python) instead of building keys.
      let duplicate = false;
      for (const other of plain) {
        if (other[0] === raw[0] && other[1] === raw[1] && other[2] === raw[2] && other[3] === raw[3]) {
          duplicate = true;
          break;
        }
      }
      if (duplicate) continue;
      plain.push(raw);
    } else {
      const key = dedupeKey(raw);
      if (key !== null) {
        seen ??= new Set(plain.map((p) => p.join(",")));
        if (seen.has(key)) continue;
        seen.add(key);
      }
    }
    if (!Object.hasOwn(item, "Confidence"))
      throw new ReleasedCodeRaises("answer", "an item has no 'Confidence'");
    const confidence = pyNumber(item.Confidence);
    if (confidence === null) throw new ReleasedCodeRaises("answer", "a Confidence is not a number");
    items.push(item);
    confidences.push(confidence);
  }
  return { items, confidences };
}

/**
 * Indices in `sorted(..., key=Confidence, reverse=True)` order: stable, descending (insertion
 * sort; the lists are short). NaN confidences go last here; Python's order with NaN keys
 * depends on the input order.
 */
function confidenceOrder(confidences: readonly number[]): number[] {
  const order: number[] = [];
  for (let i = 0; i < confidences.length; i++) {
    const c = confidences[i]!;
    let at = order.length;
    if (!Number.isNaN(c)) {
      while (at > 0) {
        const prev = confidences[order[at - 1]!]!;
        if (Number.isNaN(prev) || prev < c) at--;
        else break;
      }
    }
    order.splice(at, 0, i);
  }
  return order;
}

/** One `(iou, confidence)` pair of `sort_and_calculate_iou`, in confidence order. */
export interface VisualRftMatch {
  iou: number;
  confidence: number;
}

/** The match list and the GT count, or why the released code scores 0. */
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
  const answer = pyStrip(spans.length ? spans[0]!.content : completion);
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
