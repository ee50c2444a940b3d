/**
 * VLM-R1's referring-expression (REC) rewards for Qwen2.5-VL: the "−1/+1 pixel" IoU of an
 * integer box read from the answer and rescaled from the model's input pixels to the original
 * image, and the REC format check.
 *
 * Paper: "VLM-R1: A Stable and Generalizable R1-style Large Vision-Language Model"
 * (Shen et al., arXiv 2504.07615).
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { frameSizeFields } from "../../parse/frames.js";
import { alignBoxes, type Box, FRAMES, findTagged } from "../../parse/index.js";
import {
  isPyDict,
  PY_DIGIT,
  PYTHON_SPACE_CLASS,
  pyIntFromDigits,
  pyJsonLoads,
  pyMax,
  pyMin,
  pyNumber,
  pythonStrip,
  skipPythonSpace,
} from "../../parse/python/index.js";
import { frameField } from "../frame-config.js";

const S = `[${PYTHON_SPACE_CLASS}]*`;
/**
 * `\[(\d+),\s*(\d+),\s*(\d+),\s*(\d+)]` with Python's `\d` and `\s`.
 * @example
 * [..."[1, 2,3,4] [1.5,2,3,4]".matchAll(VLM_R1_BOX)].map((m) => m.slice(1)); // [["1", "2", "3", "4"]]
 */
export const VLM_R1_BOX = new RegExp(
  String.raw`\[(${PY_DIGIT}+),${S}(${PY_DIGIT}+),${S}(${PY_DIGIT}+),${S}(${PY_DIGIT}+)\]`,
  "gu",
);

/**
 * VLM-R1's `iou` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:418`)
 * with Python's arithmetic: inclusive-pixel intersection, exclusive-area union; `null` where
 * Python raises `ZeroDivisionError` (a zero union). May return NaN for NaN inputs, as Python does.
 * @example
 * vlmR1Iou([0, 0, 10, 10], [8, 0, 20, 10]); // 0.1
 */
export function vlmR1Iou(a: readonly number[], b: readonly number[]): number | null {
  const ix1 = pyMax(a[0]!, b[0]!);
  const iy1 = pyMax(a[1]!, b[1]!);
  const ix2 = pyMin(a[2]! - 1, b[2]! - 1);
  const iy2 = pyMin(a[3]! - 1, b[3]! - 1);
  const inter = ix1 < ix2 && iy1 < iy2 ? (ix2 - ix1 + 1) * (iy2 - iy1 + 1) : 0;
  const union = (a[2]! - a[0]!) * (a[3]! - a[1]!) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter;
  if (union === 0) return null;
  return inter / union;
}

/**
 * The first four entries of a JSON value as Python numbers, or `null` when indexing or arithmetic would raise.
 * @example
 * pythonBox([1, 2, 3, 4, 5]); // [1, 2, 3, 4]
 * pythonBox([1, "2", 3, 4]); // null
 */
export function pythonBox(value: unknown): number[] | null {
  if (!Array.isArray(value) || value.length < 4) return null;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const n = pyNumber(value[i]);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/** The REC reference box: the last `<answer>` of the solution string parsed as JSON, or a plain array. */
function recReference(
  reference: unknown,
): { ok: true; box: number[] } | { ok: false; raisesOutsideTry: boolean } {
  if (Array.isArray(reference)) {
    const box = pythonBox(reference);
    return box ? { ok: true, box } : { ok: false, raisesOutsideTry: false };
  }
  if (typeof reference !== "string") return { ok: false, raisesOutsideTry: true };
  const spans = findTagged(reference, "<answer>", "</answer>", true);
  if (!spans.length) return { ok: false, raisesOutsideTry: true };
  const parsed = pyJsonLoads(pythonStrip(spans[spans.length - 1]!.content));
  if (!parsed.ok) return { ok: false, raisesOutsideTry: true };
  const box = isPyDict(parsed.value) ? null : pythonBox(parsed.value);
  return box ? { ok: true, box } : { ok: false, raisesOutsideTry: false };
}

/**
 * VLM-R1's REC accuracy, `Qwen2VLModule.iou_reward` (`om-ai-lab/VLM-R1@90052f4:
 * src/open-r1-multimodal/src/open_r1/vlm_modules/qwen_module.py:108`): the first
 * `<answer>(.*?)</answer>` (DOTALL), stripped, then the first `\[(\d+),\s*(\d+),\s*(\d+),\s*(\d+)]`
 * (integers only: float boxes score 0); the box is in the model's input pixels and is rescaled
 * `x / input_w · W` (divide first, as released) to the original image (`pred.frame: input-pixel`,
 * `ref.frame: pixel`; InternVL's variant is `norm1000` on both sides, no rescale). Reward = the
 * "−1/+1 pixel" IoU ({@link vlmR1Iou}), continuous; a zero union scores 0.
 *
 * The reference is `<answer> [x1,y1,x2,y2] </answer>` in original pixels (the last `<answer>`,
 * parsed as JSON), or a plain `[x1,y1,x2,y2]` array.
 *
 * Deviation (bug fix): a reference without `<answer>` or with invalid JSON raises outside the
 * released `try`; plaudit scores it `null` with `reference_unparseable` (a parseable reference of
 * the wrong shape likewise; legacy: 0, as the released `try` gives for that case, and
 * `legacy_error` for the raising case). A non-finite IoU (NaN in the reference) is 0 with
 * `non_finite`.
 * @example
 * vlmR1RecIou().score({
 *   completion: "<think>…</think><answer>{\"bbox_2d\": [100, 50, 300, 250]}</answer>",
 *   reference: "<answer> [142, 71, 428, 357] </answer>",
 *   image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 },
 * }, ctx); // 0.99303…
 */
export const vlmR1RecIou = defineReward({
  type: "grounding.vlm-r1-rec-iou",
  description:
    "VLM-R1 REC accuracy: −1/+1-pixel IoU of the first integer [x1,y1,x2,y2] in <answer>, rescaled to the image.",
  docs: {
    formula:
      "inclusive-pixel IoU of the first integer [x1,y1,x2,y2] in <answer>, rescaled x / input_w · W, against the reference box",
    reads: (c) => ({ fields: ["completion", "reference", ...frameSizeFields(c.pred.frame, c.ref.frame)] }),
    deviations: [
      "a reference without <answer> or with invalid JSON raises outside the released try; plaudit scores it null with reference_unparseable (a parseable reference of the wrong shape likewise)",
      "a non-finite IoU (NaN in the reference) is 0 with non_finite",
    ],
    legacy: "0 for an unusable reference, with legacy_error where the released code raises",
  },
  config: z.strictObject({
    pred: z
      .strictObject({ frame: z.enum(FRAMES).default("input-pixel") })
      .default({ frame: "input-pixel" })
      .describe("Coordinate frame of the predicted box (Qwen2.5-VL: `input-pixel`; InternVL: `norm1000`)."),
    ref: frameField("Coordinate frame of the reference box."),
    /** Score a malformed reference 0 (as the released try/except or crash would) instead of `null`. */
    legacy: z
      .boolean()
      .default(false)
      .describe(
        "Score a malformed reference 0 (as the released try/except or crash would) instead of `null`.",
      ),
  }),
  create: (config) => ({
    score(sample, ctx) {
      if (sample.reference === undefined || sample.reference === null) {
        ctx.report("reference_missing", "the sample has no reference box");
        return null;
      }
      const reference = recReference(sample.reference);
      if (!reference.ok) {
        if (!config.legacy) {
          ctx.report("reference_unparseable", "the reference is not <answer> [x1,y1,x2,y2] </answer>");
          return null;
        }
        ctx.report(
          reference.raisesOutsideTry ? "legacy_error" : "reference_unparseable",
          "the released code cannot read this reference; scored 0",
        );
        return 0;
      }
      const spans = findTagged(sample.completion, "<answer>", "</answer>", true, 1);
      if (!spans.length) {
        ctx.report("no_answer_tag", "no <answer>…</answer> in the completion");
        return 0;
      }
      VLM_R1_BOX.lastIndex = 0;
      const match = VLM_R1_BOX.exec(pythonStrip(spans[0]!.content));
      if (!match) {
        ctx.report("no_box_found", "no integer [x1, y1, x2, y2] in the answer");
        return 0;
      }
      const ints = [match[1]!, match[2]!, match[3]!, match[4]!].map(pyIntFromDigits);
      if (ints.some((v) => v === null)) {
        ctx.report("invalid_box", "a coordinate has more digits than Python's int() accepts; scored 0");
        return 0;
      }
      const aligned = alignBoxes(
        ints as unknown as Box,
        config.pred.frame,
        reference.box as unknown as Box,
        config.ref.frame,
        sample,
      );
      if (!aligned.ok) {
        ctx.report("missing_image_size", `rescaling the box needs sample.${aligned.missing}`);
        return null;
      }
      const { pred, ref } = aligned.value;
      if (!pred.every(Number.isFinite)) {
        ctx.report("invalid_box", "the rescaled box overflows (Python raises OverflowError); scored 0");
        return 0;
      }
      const value = vlmR1Iou(pred, ref);
      if (value === null) {
        ctx.report("degenerate_box", "zero union (the released code raises ZeroDivisionError); scored 0");
        return 0;
      }
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "IoU is not finite; scored 0");
        return 0;
      }
      return value;
    },
  }),
});

/**
 * Whether `text` contains, as Python's `re.search` with DOTALL would find,
 * `<think>.*?</think>\s*<answer>.*?\{.*\[\d+,\s*\d+,\s*\d+,\s*\d+\].*\}.*?</answer>`
 * (VLM-R1's `format_reward_rec`). Implemented with `indexOf` scans: the earliest `<answer>` that
 * follows a `</think>` (after some `<think>`) and whitespace, then the first `{`, the first box
 * after it, the first `}` after the box and a `</answer>` after that — earliest choices are
 * optimal because every later part only has to come after the earlier ones. Linear time.
 * @example
 * hasRecFormat('<think>x</think> <answer>{"bbox_2d": [1, 2, 3, 4]}</answer>'); // true
 * hasRecFormat("<think>x</think><answer>[1, 2, 3, 4]</answer>"); // false (no {…})
 */
export function hasRecFormat(text: string): boolean {
  const think = text.indexOf("<think>");
  if (think === -1) return false;
  let answerContent = -1;
  for (
    let close = text.indexOf("</think>", think + 7);
    close !== -1;
    close = text.indexOf("</think>", close + 1)
  ) {
    const next = skipPythonSpace(text, close + 8);
    if (text.startsWith("<answer>", next)) {
      answerContent = next + 8;
      break;
    }
  }
  if (answerContent === -1) return false;
  const brace = text.indexOf("{", answerContent);
  if (brace === -1) return false;
  VLM_R1_BOX.lastIndex = brace + 1;
  const box = VLM_R1_BOX.exec(text);
  if (!box) return false;
  const closeBrace = text.indexOf("}", box.index + box[0].length);
  if (closeBrace === -1) return false;
  return text.indexOf("</answer>", closeBrace + 1) !== -1;
}

/**
 * VLM-R1's REC format reward, `Qwen2VLModule.format_reward_rec` (`om-ai-lab/VLM-R1@90052f4:
 * src/open-r1-multimodal/src/open_r1/vlm_modules/qwen_module.py:88`): 1 when {@link hasRecFormat}
 * holds (a search, not a full match: leading and trailing text are allowed), else 0 with
 * `format_mismatch`. No deviation.
 * @example
 * vlmR1RecFormat().score({ completion: '<think>x</think><answer>{"bbox_2d": [1,2,3,4]}</answer>' }, ctx); // 1
 */
export const vlmR1RecFormat = defineReward({
  type: "grounding.vlm-r1-rec-format",
  description: "VLM-R1 REC format: <think>…</think> then <answer> holding {… [int, int, int, int] …}.",
  docs: {
    formula:
      '1 if re.search(r"<think>.*?</think>\\s*<answer>.*?\\{.*\\[\\d+,\\s*\\d+,\\s*\\d+,\\s*\\d+\\].*\\}.*?</answer>", s, DOTALL), else 0',
    reads: { fields: ["completion"] },
    deviations: [],
  },
  config: z.strictObject({}),
  create: () => ({
    score(sample, ctx) {
      if (hasRecFormat(sample.completion)) return 1;
      ctx.report("format_mismatch", "no <think>…</think><answer>{…[x1,y1,x2,y2]…}</answer>");
      return 0;
    },
  }),
});
