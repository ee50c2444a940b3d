/**
 * Visual-RFT's fine-grained classification accuracy and its reasoning-grounding (LISA) GIoU
 * reward, parsed exactly as the released code parses them.
 *
 * Paper: "Visual-RFT: Visual Reinforcement Fine-Tuning" (Liu et al., arXiv 2503.01785).
 * @module
 */

import { z } from "zod";
import { defineReward } from "../../core/index.js";
import { findTagged } from "../../parse/index.js";
import { PY_DIGIT, PYTHON_SPACE_CLASS, pyMax, pyMin, pythonStrip } from "../../parse/python/index.js";
import { legacyMathShortCircuit } from "./legacy-math.js";

/**
 * `re.search(r'<answer>(.*?)</answer>', text[, DOTALL]).group(1).strip()`, else `text.strip()`.
 * @example
 * visualRftAnswerText("<answer> cat </answer>", false); // "cat"
 */
export function visualRftAnswerText(text: string, dotall: boolean): string {
  const spans = findTagged(text, "<answer>", "</answer>", dotall, 1);
  return pythonStrip(spans.length ? spans[0]!.content : text);
}

/**
 * The classification normalisation: drop every space and `_`, then lowercase.
 * @example
 * normaliseClassLabel("Boeing_737 MAX"); // "boeing737max"
 */
export function normaliseClassLabel(text: string): string {
  return text.replaceAll(" ", "").replaceAll("_", "").toLowerCase();
}

/**
 * Visual-RFT's classification `accuracy` (`Liuziyu77/Visual-RFT@9486633:
 * src/virft/src/open_r1/grpo_classification.py:55`): the answers are taken with
 * `<answer>(.*?)</answer>` (no DOTALL; the stripped whole text when absent) from the completion
 * and from the reference solution string, normalised (spaces and `_` removed, lowercased) and
 * compared: 1 when equal, else 0.
 *
 * Deviations (bug fixes, `legacy: true` restores them): the released code scores 1 when either
 * normalised string contains the other, so a one-letter answer matches most labels and an empty
 * answer matches every label; plaudit requires equality, and an empty answer scores 0 with
 * `empty_answer`. The released math_verify short-circuit (1.0 before any label check) is also
 * dropped; legacy mode restores it (see `legacy-math.ts`). A reference that is not a
 * string, or normalises to nothing, is `null` with `reference_unparseable` (legacy: 0).
 * @example
 * visualRftClassification().score({ completion: "<answer>Boeing 737</answer>", reference: "<answer>boeing_737</answer>" }, ctx); // 1
 * visualRftClassification({ legacy: true }).score({ completion: "<answer>a</answer>", reference: "<answer>cat</answer>" }, ctx); // 1
 */
export const visualRftClassification = defineReward({
  type: "grounding.visual-rft-classification",
  description:
    "Visual-RFT classification accuracy: normalised label equality (legacy: either-direction substring).",
  docs: {
    formula: "1 if normalise(answer) = normalise(solution answer) (spaces and _ removed, lowercased), else 0",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "the released code scores 1 when either normalised string contains the other (a one-letter or empty answer matches most labels); plaudit requires equality and scores an empty answer 0",
      "the released math_verify short-circuit (1.0 before any label check) is dropped",
      "a reference that is not a string, or normalises to nothing, is null with reference_unparseable (released: 0)",
    ],
    legacy: "substring matching, the math_verify short-circuit and 0 for an unusable reference",
  },
  config: z.strictObject({
    /** Reproduce the released either-direction substring match (and its empty-answer 1.0). */
    legacy: z
      .boolean()
      .default(false)
      .describe("Reproduce the released either-direction substring match (and its empty-answer 1.0)."),
  }),
  create: ({ legacy }) => ({
    score(sample, ctx) {
      const reference = sample.reference;
      if (reference === undefined || reference === null) {
        ctx.report("reference_missing", "the sample has no solution string");
        return null;
      }
      if (typeof reference !== "string") {
        ctx.report("reference_unparseable", "the reference is not a solution string");
        return legacy ? 0 : null;
      }
      if (legacy && legacyMathShortCircuit(sample.completion, reference)) return 1;
      const truth = normaliseClassLabel(visualRftAnswerText(reference, false));
      const answer = normaliseClassLabel(visualRftAnswerText(sample.completion, false));
      if (legacy) return truth.includes(answer) || answer.includes(truth) ? 1 : 0;
      if (!truth) {
        ctx.report("reference_unparseable", "the reference label is empty after normalisation");
        return null;
      }
      if (!answer) {
        ctx.report("empty_answer", "the answer is empty after normalisation");
        return 0;
      }
      return answer === truth ? 1 : 0;
    },
  }),
});

const S = `[${PYTHON_SPACE_CLASS}]*`;
const D = `(${PY_DIGIT}+)`;
/** `\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*,\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)` with Python's `\s` and `\d`. */
const LISA_BOX = new RegExp(
  String.raw`\(${S}${D}${S},${S}${D}${S}\)${S},${S}\(${S}${D}${S},${S}${D}${S}\)`,
  "gu",
);

/**
 * Python's `int(digits) / 1000`, correctly rounded like Python's integer true division, or `null`
 * where Python raises (more than 4300 digits, or a quotient beyond the double range).
 * @example
 * thousandths("1234"); // 1.234
 */
export function thousandths(digits: string): number | null {
  let ascii = "";
  for (const char of digits) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) ascii += char;
    else {
      let start = code;
      while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
      ascii += String((code - start) % 10);
    }
  }
  if (ascii.length > 4300) return null;
  const padded = ascii.padStart(4, "0");
  const value = Number(`${padded.slice(0, -3)}.${padded.slice(-3)}`);
  return Number.isFinite(value) ? value : null;
}

type Corner = [number, number];

/**
 * The two corners the released LISA code builds from the `(x1,y1),(x2,y2)` matches (values / 1000):
 * with `legacy`, all top-left corners followed by all bottom-right corners, of which the first two
 * are used (so two boxes give the top-left corners of both); otherwise the first box's corners.
 * `null` when there is no match or a number overflows (the released code raises → 0).
 */
function lisaCorners(text: string, legacy: boolean): [Corner, Corner] | null {
  const matches: number[][] = [];
  LISA_BOX.lastIndex = 0;
  for (let m = LISA_BOX.exec(text); m; m = LISA_BOX.exec(text)) {
    const values = [m[1]!, m[2]!, m[3]!, m[4]!].map(thousandths);
    if (values.some((v) => v === null)) return null;
    matches.push(values as number[]);
    if (!legacy) break;
  }
  if (!matches.length) return null;
  const first = matches[0]!;
  if (!legacy || matches.length === 1)
    return [
      [first[0]!, first[1]!],
      [first[2]!, first[3]!],
    ];
  const second = matches[1]!;
  return [
    [first[0]!, first[1]!],
    [second[0]!, second[1]!],
  ];
}

/**
 * `compute_giou` of the released LISA code (`grpo_lisa.py:56`), returning GIoU + 1: IoU is 0 when
 * the union is not positive, and GIoU is the IoU when the enclosing area is not positive.
 * @example
 * lisaGiouPlusOne([[0, 0], [0.01, 0.01]], [[0.005, 0.005], [0.015, 0.015]]); // 0.920634…
 */
export function lisaGiouPlusOne(gt: readonly [Corner, Corner], student: readonly [Corner, Corner]): number {
  const [[x1g, y1g], [x2g, y2g]] = gt;
  const [[x1s, y1s], [x2s, y2s]] = student;
  const interWidth = pyMax(0, pyMin(x2g, x2s) - pyMax(x1g, x1s));
  const interHeight = pyMax(0, pyMin(y2g, y2s) - pyMax(y1g, y1s));
  const interArea = interWidth * interHeight;
  const union = (x2g - x1g) * (y2g - y1g) + (x2s - x1s) * (y2s - y1s) - interArea;
  const iou = union > 0 ? interArea / union : 0;
  const enclosing = (pyMax(x2g, x2s) - pyMin(x1g, x1s)) * (pyMax(y2g, y2s) - pyMin(y1g, y1s));
  const giouValue = enclosing > 0 ? iou - (enclosing - union) / enclosing : iou;
  return giouValue + 1;
}

/**
 * Visual-RFT's LISA reasoning-grounding `accuracy` (`Liuziyu77/Visual-RFT@9486633:
 * src/virft/src/open_r1/grpo_lisa.py:93`): boxes written `(x1,y1),(x2,y2)` (0–1000 integers,
 * divided by 1000) are read from the answer (`<answer>(.*?)</answer>` with DOTALL for the
 * completion, without for the solution string) and scored `GIoU(gt, pred) + 1` in [0, 2]; when the
 * stripped answer equals the stripped reference answer exactly, the reward is 2.0. No box (or a
 * number Python cannot convert) scores 0 with `no_box_found`, as the released `try` does.
 *
 * Deviation (bug fix, `legacy: true` restores it): with several boxes in an answer the released
 * code pairs the top-left corners of boxes 1 and 2; plaudit uses the first box. The math_verify
 * short-circuit (1.0 before any box scoring) is dropped; legacy mode restores it (see
 * `legacy-math.ts`). A reference that is not a string is `null` with `reference_unparseable`
 * (the released code raises; legacy: 0 with `legacy_error`).
 * @example
 * visualRftLisa().score({ completion: "<answer>(0,0),(10,10)</answer>", reference: "<answer>(5,5),(15,15)</answer>" }, ctx); // 0.920635
 */
export const visualRftLisa = defineReward({
  type: "grounding.visual-rft-lisa",
  description: "Visual-RFT LISA accuracy: GIoU + 1 of (x1,y1),(x2,y2) boxes / 1000; exact answer match → 2.",
  docs: {
    formula:
      "GIoU(gt, pred) + 1 in [0, 2] on (x1,y1),(x2,y2) boxes in 0–1000; 2.0 when the answers are equal strings",
    reads: { fields: ["completion", "reference"] },
    deviations: [
      "with several boxes the released code pairs the top-left corners of boxes 1 and 2; plaudit uses the first box",
      "the math_verify short-circuit (1.0 before any box scoring) is dropped",
      "a reference that is not a string is null with reference_unparseable (the released code raises)",
    ],
    legacy:
      "the corner pairing of boxes 1 and 2, the math_verify short-circuit, and 0 with legacy_error for a non-string reference",
  },
  config: z.strictObject({
    /** Reproduce the released multi-box misparse. */
    legacy: z.boolean().default(false).describe("Reproduce the released multi-box misparse."),
  }),
  create: ({ legacy }) => ({
    score(sample, ctx) {
      const reference = sample.reference;
      if (reference === undefined || reference === null) {
        ctx.report("reference_missing", "the sample has no solution string");
        return null;
      }
      if (typeof reference !== "string") {
        if (!legacy) {
          ctx.report("reference_unparseable", "the reference is not a solution string");
          return null;
        }
        ctx.report("legacy_error", "the released code raises on a non-string solution; scored 0");
        return 0;
      }
      if (legacy && legacyMathShortCircuit(sample.completion, reference)) return 1;
      const truth = visualRftAnswerText(reference, false);
      const answer = visualRftAnswerText(sample.completion, true);
      let value = 0;
      const studentCorners = lisaCorners(answer, legacy);
      const truthCorners = lisaCorners(truth, legacy);
      if (!studentCorners) ctx.report("no_box_found", "no (x1,y1),(x2,y2) box in the answer");
      else if (!truthCorners) ctx.report("reference_unparseable", "no (x1,y1),(x2,y2) box in the reference");
      else value = lisaGiouPlusOne(truthCorners, studentCorners);
      if (answer === truth) return 2;
      if (!Number.isFinite(value)) {
        ctx.report("non_finite", "GIoU overflowed; scored 0");
        return 0;
      }
      return value;
    },
  }),
});
