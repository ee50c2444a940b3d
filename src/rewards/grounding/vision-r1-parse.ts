/**
 * Vision-R1's parsing and matching: `extract` (JSON list with a regex fallback), the reference
 * and `meta` columns, and `BoxPriorMatcher` (Hungarian matching on L1 − class − GIoU), computed
 * in float32 like the released torch code.
 *
 * Released code: `jefferyZhan/Griffon@9866875: Vision-R1/vision_r1/visionr1_qwen.py:30-190`,
 * GIoU at `griffon/coor_utils.py:32`.
 * @module
 */

import type { Sample } from "../../core/sample.js";
import { isPyDict, PY_DIGIT, pyInt, pyJsonLoads, pyNumber, pythonStrip } from "../../parse/python/index.js";
import { minCostAssignment } from "./hungarian.js";

const f32 = Math.fround;

/** One extracted prediction: integer box in input pixels and its label (any JSON value). */
export interface VisionR1Detection {
  box: [number, number, number, number];
  label: unknown;
}

/** Python's `str.splitlines()` boundaries. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's splitlines() splits on these control characters.
const LINE_BREAK = /\r\n|[\n\r\v\f\u001c-\u001e\u0085\u2028\u2029]/;
const N = `(${PY_DIGIT}{1,3}|1000)`;
/** `extract_bbox_label`'s pattern with Python's `\d`. */
const BBOX_LABEL = new RegExp(
  String.raw`\{"bbox_2d": \[${N}, ${N}, ${N}, ${N}\], "label": "([^"]+)"\}`,
  "gu",
);

/** An integer literal too long for a double (outside floats). */
const HUGE_INTEGER = /(?<![\d.eE])(?<![eE][+-])\d{309,}(?![\d.eE])/;
const HUGE_SENTINEL = "\u0000plaudit-huge-int:";

/**
 * Replaces integer literals beyond the double range (outside strings) by sentinel strings, so a
 * huge Python int (which `int()` accepts) stays distinguishable from a float `Infinity` (which it
 * rejects) after `JSON.parse`. Rare: only runs when such a literal exists.
 */
function markHugeIntegers(text: string): string {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c < 0x30 || c > 0x39) continue;
    let end = i;
    while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
    const before = text[i - 1];
    const after = text[end];
    const inFloat =
      before === "." || before === "e" || before === "E" || after === "." || after === "e" || after === "E";
    const exponentSign = (before === "+" || before === "-") && (text[i - 2] === "e" || text[i - 2] === "E");
    if (end - i >= 309 && !inFloat && !exponentSign) {
      const start = before === "-" ? i - 1 : i;
      out += `${text.slice(last, start)}"\\u0000plaudit-huge-int:${before === "-" ? "-" : "+"}"`;
      last = end;
    }
    i = end - 1;
  }
  return out + text.slice(last);
}

/** `parse_json` (visionr1_qwen.py:30) on an already stripped completion; `undefined` where it returns None. */
function parseJsonOutput(text: string): unknown {
  const stripped = pythonStrip(text);
  if (!stripped) return undefined;
  let output = text;
  const firstBreak = stripped.search(LINE_BREAK);
  const firstLine = firstBreak === -1 ? stripped : stripped.slice(0, firstBreak);
  if (firstLine.startsWith("```json")) {
    output =
      firstBreak === -1
        ? ""
        : stripped
            .slice(firstBreak)
            .replace(/^(?:\r\n|.)/s, "")
            .split(LINE_BREAK)
            .join("\n");
  }
  const fence = output.indexOf("```");
  if (fence !== -1) output = output.slice(0, fence);
  const parsed = pyJsonLoads(output);
  if (!parsed.ok || !HUGE_INTEGER.test(output)) return parsed.ok ? parsed.value : undefined;
  const marked = pyJsonLoads(markHugeIntegers(output));
  return marked.ok ? marked.value : undefined;
}

/**
 * `extract` (visionr1_qwen.py:69): items of the parsed JSON list with a 4-element `bbox_2d` whose
 * `int()` values satisfy x1 < x2 and y1 < y2; when none, the regex fallback (0–1000 integers,
 * quoted label). `null` marks a value torch cannot hold (an integer beyond int64).
 * @example
 * extractVisionR1('```json\n[{"bbox_2d": [1, 2, 30, 40], "label": "cat"}]\n```'); // [{ box: [1, 2, 30, 40], label: "cat" }]
 */
export function extractVisionR1(completion: string): VisionR1Detection[] | null {
  const text = pythonStrip(completion);
  const out: VisionR1Detection[] = [];
  const parsed = parseJsonOutput(text);
  if (Array.isArray(parsed)) {
    for (const item of parsed) {
      if (!isPyDict(item)) continue;
      const bbox = item.bbox_2d;
      if (!Array.isArray(bbox) || bbox.length !== 4) continue;
      // A huge integer literal is a Python int (int() succeeds, torch overflows later), unlike a
      // float `Infinity` (int() raises, the item is skipped).
      const ints = bbox.map((v) => {
        if (typeof v === "string" && v.startsWith(HUGE_SENTINEL))
          return v.endsWith("-") ? -Infinity : Infinity;
        return pyInt(v);
      });
      if (ints.some((v) => v === null)) continue;
      const [x1, y1, x2, y2] = ints as [number, number, number, number];
      if (x1 < x2 && y1 < y2) {
        if (ints.some((v) => !(Math.abs(v!) < 2 ** 63))) return null;
        out.push({ box: [x1, y1, x2, y2], label: item.label ?? null });
      }
    }
  }
  if (out.length) return out;
  BBOX_LABEL.lastIndex = 0;
  for (let m = BBOX_LABEL.exec(text); m; m = BBOX_LABEL.exec(text)) {
    const box = [m[1]!, m[2]!, m[3]!, m[4]!].map((d) => pyInt(d)!) as [number, number, number, number];
    if (box[0] < box[2] && box[1] < box[3]) out.push({ box, label: m[5]! });
  }
  return out;
}

/** A reference object: class name and box in original pixels. */
export interface VisionR1Target {
  name: string;
  box: [number, number, number, number];
}

/**
 * The reference (`solution`): a JSON list (or its string) of `[class_name, [x1,y1,x2,y2]]`.
 * @example
 * visionR1Targets('[["cat", [0, 0, 10, 10]]]'); // [{ name: "cat", box: [0, 0, 10, 10] }]
 */
export function visionR1Targets(reference: unknown): VisionR1Target[] | null {
  let value = reference;
  if (typeof reference === "string") {
    const parsed = pyJsonLoads(reference);
    if (!parsed.ok) return null;
    value = parsed.value;
  }
  if (!Array.isArray(value)) return null;
  const out: VisionR1Target[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== "string") return null;
    const raw = item[1];
    if (!Array.isArray(raw) || raw.length !== 4) return null;
    const box = raw.map(pyNumber);
    if (box.some((v) => v === null || !Number.isFinite(v))) return null;
    const [x1, y1, x2, y2] = box.map((v) => f32(v!)) as [number, number, number, number];
    // generalized_box_iou asserts x2 >= x1 and y2 >= y1.
    if (!(x2 >= x1 && y2 >= y1)) return null;
    out.push({ name: item[0], box: [x1, y1, x2, y2] });
  }
  return out;
}

/**
 * `target_id_maps` from `meta` (a JSON string or object, name → class id; keys lowercased as
 * released). When absent, plaudit numbers the reference's class names 1, 2, … in order of first
 * appearance (0 stays the background id unknown labels map to). `null` when present but invalid.
 * @example
 * visionR1ClassIds({ completion: "" }, [{ name: "Cat", box: [0, 0, 1, 1] }]); // Map { "cat" => 1 }
 */
export function visionR1ClassIds(
  sample: Sample,
  targets: readonly VisionR1Target[],
): Map<string, number> | null {
  const raw = sample.meta?.target_id_maps;
  const ids = new Map<string, number>();
  if (raw === undefined || raw === null) {
    for (const t of targets) {
      const key = t.name.toLowerCase();
      if (!ids.has(key)) ids.set(key, ids.size + 1);
    }
    return ids;
  }
  let value: unknown = raw;
  if (typeof raw === "string") {
    const parsed = pyJsonLoads(raw);
    if (!parsed.ok) return null;
    value = parsed.value;
  }
  if (!isPyDict(value)) return null;
  for (const [key, id] of Object.entries(value)) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0) return null;
    ids.set(key.toLowerCase(), id);
  }
  return ids.size ? ids : null;
}

/**
 * GIoU in float32 arithmetic, as `generalized_box_iou` computes it on float32 tensors.
 * @example
 * giouFloat32([0, 0, 10, 10], [0, 0, 10, 8]); // 0.800000011920929
 */
export function giouFloat32(a: readonly number[], b: readonly number[]): number {
  const areaA = f32(f32(a[2]! - a[0]!) * f32(a[3]! - a[1]!));
  const areaB = f32(f32(b[2]! - b[0]!) * f32(b[3]! - b[1]!));
  const iw = Math.max(f32(Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!)), 0);
  const ih = Math.max(f32(Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!)), 0);
  const inter = f32(iw * ih);
  const union = f32(f32(areaA + areaB) - inter);
  const iou = f32(inter / union);
  const cw = Math.max(f32(Math.max(a[2]!, b[2]!) - Math.min(a[0]!, b[0]!)), 0);
  const ch = Math.max(f32(Math.max(a[3]!, b[3]!) - Math.min(a[1]!, b[1]!)), 0);
  const area = f32(cw * ch);
  return f32(iou - f32(f32(area - union) / area));
}

/**
 * `BoxPriorMatcher` (visionr1_qwen.py:131): predictions rescaled `x / input_w · W` in float32,
 * Hungarian assignment on `L1 − onehot_class − GIoU`, and the GIoU of each assigned pair in
 * prediction order. `null` where the released code raises (non-finite costs).
 * @example
 * visionR1MatchedGious([{ box: [0, 0, 10, 10], label: "cat" }], [{ name: "cat", box: [0, 0, 10, 8] }], new Map([["cat", 1]]),
 *   { image: { width: 10, height: 10 }, input_image: { width: 10, height: 10 } }); // [0.800000011920929]
 */
export function visionR1MatchedGious(
  detections: readonly VisionR1Detection[],
  targets: readonly VisionR1Target[],
  ids: ReadonlyMap<string, number>,
  sample: Required<Pick<Sample, "image" | "input_image">>,
): number[] | null {
  const W = f32(sample.image.width);
  const H = f32(sample.image.height);
  const iw = f32(sample.input_image.width);
  const ih = f32(sample.input_image.height);
  const preds = detections.map((d) => ({
    box: [
      f32(f32(f32(d.box[0]) / iw) * W),
      f32(f32(f32(d.box[1]) / ih) * H),
      f32(f32(f32(d.box[2]) / iw) * W),
      f32(f32(f32(d.box[3]) / ih) * H),
    ],
    classId: typeof d.label === "string" ? (ids.get(pythonStrip(d.label).toLowerCase()) ?? 0) : 0,
  }));
  const targetIds = targets.map((t) => ids.get(t.name.toLowerCase())!);
  const gious: number[][] = [];
  const cost: number[][] = [];
  for (const p of preds) {
    const giouRow: number[] = [];
    const costRow: number[] = [];
    for (let t = 0; t < targets.length; t++) {
      const g = targets[t]!.box;
      const value = giouFloat32(p.box, g);
      const l1 =
        Math.abs(p.box[0]! - g[0]) +
        Math.abs(p.box[1]! - g[1]) +
        Math.abs(p.box[2]! - g[2]) +
        Math.abs(p.box[3]! - g[3]);
      const c = l1 - (p.classId === targetIds[t] ? 1 : 0) - value;
      if (!Number.isFinite(c)) return null;
      giouRow.push(value);
      costRow.push(c);
    }
    gious.push(giouRow);
    cost.push(costRow);
  }
  return minCostAssignment(cost).map(([p, t]) => gious[p]![t]!);
}
