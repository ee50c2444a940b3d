/**
 * Visual-RFT's detection rewards (`accuracy_iou`, `accuracy_confidence`): the Python-literal box
 * list parsed exactly as the released code parses it, confidence-sorted greedy matching at
 * IoU > 0.5, and the two scores computed from the match list.
 *
 * Paper: "Visual-RFT: Visual Reinforcement Fine-Tuning" (Liu et al., arXiv 2503.01785).
 * Released code: `Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:54-350`.
 * @module
 */
import { z } from "zod";
import { defineReward, type ScoreContext } from "../../core/index.js";
import type { Sample } from "../../core/sample.js";
import { findTagged } from "../../parse/index.js";
import {
  isJsonValueStart,
  type PyJson,
  isPyDict,
  pyJsonLoads,
  pyMax,
  pyMin,
  pyNumber,
  pyStrip,
  skipJsonSpace,
} from "./python.js";
import { legacyMathShortCircuit } from "./legacy-math.js";
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

/** `extract_bbox` (grpo.py:54): the text between the first `<answer>` and `</answer>`, repaired, as JSON. */
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

/** The reference side of {@link matchVisualRft}: `extract_bbox(solution.strip())`. */
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

/** `compute_reward_iou_v2` (grpo.py:172): `Σ iou / max(N_gt, N_pred)`, then capped at 1. */
export function visualRftIouScore(matches: readonly VisualRftMatch[], gtCount: number): number {
  let sum = 0;
  for (const m of matches) sum += m.iou;
  const value = gtCount >= matches.length ? sum / gtCount : sum / matches.length;
  return Math.min(value, 1);
}

/** `compute_reward_confidence` (grpo.py:194): mean of `conf` (matched) or `1 − conf` (unmatched), clipped to [0, 1]. */
export function visualRftConfidenceScore(matches: readonly VisualRftMatch[]): number {
  let sum = 0;
  for (const m of matches) sum += m.iou === 0 ? (1 - m.iou) * (1 - m.confidence) : m.confidence;
  let value = sum / matches.length;
  if (value > 1) value = 1;
  if (value < 0) value = 0;
  return value;
}

const DetectionConfig = z.strictObject({
  /** Matching threshold; a pair counts when IoU > threshold (strict), as released. */
  iouThreshold: z.number().min(0).max(1).default(0.5),
  /** Reproduce the released math_verify short-circuit (see the reward's docs). */
  legacy: z.boolean().default(false),
});

/**
 * `parseVisualRftSolution` with a one-entry cache: the completions of a GRPO group share their
 * reference, so consecutive samples usually parse the same solution string.
 */
function cachedSolutionParser(): (solution: string) => PyJson {
  let lastSolution: string | undefined;
  let lastParsed: PyJson = { ok: false, error: "decode" };
  return (solution) => {
    if (solution !== lastSolution) {
      lastParsed = parseVisualRftSolution(solution);
      lastSolution = solution;
    }
    return lastParsed;
  };
}

const MEMO_KEY_DEFAULT = "visual-rft-detection:0.5";

function memoKey(threshold: number): string {
  return threshold === 0.5 ? MEMO_KEY_DEFAULT : `visual-rft-detection:${threshold}`;
}

function scoreDetection(
  sample: Sample,
  ctx: ScoreContext,
  config: z.output<typeof DetectionConfig>,
  score: (matches: VisualRftMatch[], gtCount: number) => number,
  parseSolution: (solution: string) => PyJson,
): number | null {
  if (sample.reference === undefined || sample.reference === null) {
    ctx.report("reference_missing", "the sample has no Visual-RFT solution string");
    return null;
  }
  if (config.legacy && legacyMathShortCircuit(sample.completion, sample.reference)) return 1;
  const matching = ctx.memo(memoKey(config.iouThreshold), () =>
    matchVisualRft(sample.completion, sample.reference, config.iouThreshold, parseSolution),
  );
  if (!matching.ok) {
    ctx.report(matching.code, matching.message);
    return 0;
  }
  const value = score(matching.matches, matching.gtCount);
  if (!Number.isFinite(value)) {
    ctx.report("non_finite", "a NaN/Infinity Confidence made the score non-finite; scored 0");
    return 0;
  }
  return value;
}

/**
 * Visual-RFT's `accuracy_iou` (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:214`):
 * `R_iou = min(1, Σ_p iou_p / max(N_gt, N_pred))` over the confidence-sorted greedy matches
 * (IoU > 0.5 strict; an unmatched prediction contributes 0). Boxes are compared in the frame the
 * model emits (Qwen2-VL 0–1000), no image size needed. The reference is the solution string
 * `<answer>[{'Position': [x1,y1,x2,y2], 'Confidence': c}, …]</answer>`.
 *
 * Deviation (bug fix): the released code first tries math_verify and returns 1.0 when any
 * extracted number matches; plaudit skips this by default, and `legacy: true` restores it with
 * the math rewards' math-verify reimplementation (see `legacy-math.ts`). Every other path — truncation repair, quote replacement, no-DOTALL
 * answer regex, dedupe, any raise → 0 — is as released; a NaN/Infinity value (Python's json
 * accepts them) that makes the score non-finite scores 0 with `non_finite`.
 * @example
 * visualRftIou().score({
 *   completion: "<answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}]</answer>",
 *   reference: "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>",
 * }, ctx); // 0.680672…
 */
export const visualRftIou = defineReward({
  type: "grounding.visual-rft-iou",
  description:
    "Visual-RFT detection accuracy_iou: confidence-sorted greedy matching, Σ iou / max(N_gt, N_pred).",
  config: DetectionConfig,
  create: (config) => {
    const parseSolution = cachedSolutionParser();
    return { score: (sample, ctx) => scoreDetection(sample, ctx, config, visualRftIouScore, parseSolution) };
  },
});

/**
 * Visual-RFT's `accuracy_confidence` (`Liuziyu77/Visual-RFT@9486633: src/virft/src/open_r1/grpo.py:282`):
 * `R_conf = clip01(mean_p [conf_p if iou_p > 0 else 1 − conf_p])` over the same matches as
 * {@link visualRftIou}. Same parsing, deviation and legacy flag.
 * @example
 * visualRftConfidence().score({
 *   completion: "<answer>[{'Position': [500,500,600,600], 'Confidence': 0.3}]</answer>",
 *   reference: "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>",
 * }, ctx); // 0.7
 */
export const visualRftConfidence = defineReward({
  type: "grounding.visual-rft-confidence",
  description: "Visual-RFT detection accuracy_confidence: mean of conf (matched) or 1 − conf (unmatched).",
  config: DetectionConfig,
  create: (config) => {
    const parseSolution = cachedSolutionParser();
    return {
      score: (sample, ctx) =>
        scoreDetection(sample, ctx, config, (matches) => visualRftConfidenceScore(matches), parseSolution),
    };
  },
});
