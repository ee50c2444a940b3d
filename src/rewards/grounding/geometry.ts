/**
 * Box geometry shared by the grounding and GUI rewards: the standard continuous IoU, the
 * inclusive-pixel ("−1/+1") IoU of VLM-R1 and GUI-G1, and GIoU. Pure functions over numbers.
 * @module
 */
import type { Box } from "../../parse/index.js";

/**
 * Standard continuous IoU: intersection over union of two `[x1,y1,x2,y2]` boxes; 0 when they do
 * not overlap or the union is empty. Boxes with x2 < x1 or y2 < y1 have zero area.
 * @example
 * iouStandard([0, 0, 10, 10], [5, 5, 15, 15]); // 0.142857… (25 / 175)
 */
export function iouStandard(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const areaA = Math.max(0, a[2] - a[0]) * Math.max(0, a[3] - a[1]);
  const areaB = Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  const union = areaA + areaB - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * VLM-R1's IoU (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:418`,
 * also GUI-G1): the intersection uses inclusive pixels (`ix2 = min(x2a − 1, x2b − 1)`,
 * `inter = (ix2 − ix1 + 1)(iy2 − iy1 + 1)` only when `ix1 < ix2` and `iy1 < iy2`), the union uses
 * exclusive areas. Equals the standard IoU when both overlaps exceed 1 px, else 0. A zero union
 * (which raises in the released code, caught as 0) gives 0.
 * @example
 * iouInclusivePixel([0, 0, 10, 10], [9, 0, 20, 10]); // 0 (standard IoU: 0.05)
 * iouInclusivePixel([0, 0, 10, 10], [8, 0, 20, 10]); // 0.1
 */
export function iouInclusivePixel(a: Box, b: Box): number {
  const ix1 = Math.max(a[0], b[0]);
  const iy1 = Math.max(a[1], b[1]);
  const ix2 = Math.min(a[2] - 1, b[2] - 1);
  const iy2 = Math.min(a[3] - 1, b[3] - 1);
  const inter = ix1 < ix2 && iy1 < iy2 ? (ix2 - ix1 + 1) * (iy2 - iy1 + 1) : 0;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  if (union === 0 || !Number.isFinite(union)) return 0;
  return inter / union;
}

/**
 * Generalised IoU: `IoU − (C − U) / C` with C the smallest enclosing box's area; in [−1, 1].
 * Returns 0 when the enclosing area is 0 (both boxes degenerate on one axis).
 * @example
 * giou([0, 0, 10, 10], [5, 5, 15, 15]); // −0.0793651…
 */
export function giou(a: Box, b: Box): number {
  const areaA = Math.max(0, a[2] - a[0]) * Math.max(0, a[3] - a[1]);
  const areaB = Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  const inter = iw > 0 && ih > 0 ? iw * ih : 0;
  const union = areaA + areaB - inter;
  const cw = Math.max(a[2], b[2]) - Math.min(a[0], b[0]);
  const ch = Math.max(a[3], b[3]) - Math.min(a[1], b[1]);
  const enclosing = cw * ch;
  if (!(enclosing > 0)) return 0;
  const iou = union > 0 ? inter / union : 0;
  return iou - (enclosing - union) / enclosing;
}

/**
 * The IoU conventions a reward can select.
 * @example
 * IOU_CONVENTIONS.map((c) => iouBy(c, [0, 0, 10, 10], [9, 0, 20, 10])); // [0.05, 0]
 */
export const IOU_CONVENTIONS = ["standard", "inclusive-pixel"] as const;
/** One of {@link IOU_CONVENTIONS}. */
export type IouConvention = (typeof IOU_CONVENTIONS)[number];

/**
 * IoU under the named convention.
 * @example
 * iouBy("inclusive-pixel", [0, 0, 10, 10], [9, 0, 20, 10]); // 0
 */
export function iouBy(convention: IouConvention, a: Box, b: Box): number {
  return convention === "standard" ? iouStandard(a, b) : iouInclusivePixel(a, b);
}
