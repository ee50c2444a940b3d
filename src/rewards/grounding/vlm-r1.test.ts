/**
 * Tests of the grounding rewards: vlm-r1.
 * @module
 */
import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { scoreOne } from "../../../test/support/score-one.js";
import { cleanText, detectionScore, vlmR1Ovd } from "./vlm-r1-ovd.js";
import { hasRecFormat, vlmR1Iou, vlmR1RecFormat, vlmR1RecIou } from "./vlm-r1-rec.js";

const sizes = { image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 } };

describe("VLM-R1 −1/+1 IoU, worked examples §2a", () => {
  it("iou([0,0,10,10],[5,5,15,15]) = 0.142857", () =>
    expect(vlmR1Iou([0, 0, 10, 10], [5, 5, 15, 15])).toBeCloseTo(0.142857, 6));
  it("iou([0,0,10,10],[9,0,20,10]) = 0.0 (standard IoU 0.05)", () =>
    expect(vlmR1Iou([0, 0, 10, 10], [9, 0, 20, 10])).toBe(0));
  it("iou([0,0,10,10],[8,0,20,10]) = 0.1", () =>
    expect(vlmR1Iou([0, 0, 10, 10], [8, 0, 20, 10])).toBeCloseTo(0.1, 15));
  it("zero union raises in Python → null here", () =>
    expect(vlmR1Iou([0, 0, 0, 0], [0, 0, 0, 0])).toBeNull());
});

describe("VLM-R1 REC accuracy", () => {
  const score = (completion: string, reference: unknown, extra: object = sizes, legacy = false) =>
    scoreOne(vlmR1RecIou({ legacy }), { completion, reference, ...extra });
  it("rescale example: [100,50,300,250] in 700×504 input → [142.857, 71.429, 428.571, 357.143] in 1000×720", () => {
    const exact =
      "<answer> [142.85714285714286, 71.42857142857143, 428.57142857142856, 357.14285714285717] </answer>";
    expect(score("<think>t</think><answer>[100,50,300,250]</answer>", exact).value).toBe(1);
  });
  it("divides first: 61 / 476 · 476 = 60.99999999999999", () => {
    const r = score("<answer>[61,0,200,100]</answer>", "<answer> [0,0,200,100] </answer>", {
      image: { width: 476, height: 100 },
      input_image: { width: 476, height: 100 },
    });
    expect(r.value).toBe(((200 - 60.99999999999999 - 1 + 1) * 100) / (200 * 100));
  });
  it("integer-only regex: float boxes score 0 with no_box_found", () => {
    const r = score("<answer>[1.5, 2, 30, 40]</answer>", "<answer> [0,0,10,10] </answer>");
    expect(r.value).toBe(0);
    expect(r.codes).toEqual(["no_box_found"]);
  });
  it("reads the first <answer> with DOTALL; the box may sit inside JSON; the last reference <answer> counts", () => {
    const c = '<answer>\n{"bbox_2d": [0, 0, 700, 504]}\n</answer><answer>[0,0,1,1]</answer>';
    expect(score(c, "<answer> [9,9,9,9] </answer> <answer> [0,0,1000,720] </answer>").value).toBe(1);
  });
  it("no answer tag → 0 with no_answer_tag", () => {
    expect(score("[0,0,700,504]", "<answer> [0,0,1000,720] </answer>").codes).toEqual(["no_answer_tag"]);
  });
  it("fix: a malformed reference is null with reference_unparseable; legacy scores 0", () => {
    expect(score("<answer>[0,0,1,1]</answer>", "[0,0,1,1]").value).toBeNull();
    expect(score("<answer>[0,0,1,1]</answer>", "<answer> nope </answer>").codes).toEqual([
      "reference_unparseable",
    ]);
    const legacy = score("<answer>[0,0,1,1]</answer>", "<answer> nope </answer>", sizes, true);
    expect([legacy.value, legacy.codes]).toEqual([0, ["legacy_error"]]);
  });
  it("a plain array reference is accepted", () => {
    expect(score("<answer>[0,0,700,504]</answer>", [0, 0, 1000, 720]).value).toBe(1);
  });
  it("missing sizes → null with missing_image_size", () => {
    expect(score("<answer>[0,0,700,504]</answer>", [0, 0, 1000, 720], {}).codes).toEqual([
      "missing_image_size",
    ]);
  });
  it("over-long integers raise in Python → 0", () => {
    expect(score(`<answer>[${"1".repeat(4301)},0,1,1]</answer>`, [0, 0, 1, 1]).value).toBe(0);
  });
});

describe("VLM-R1 REC format", () => {
  it("requires {…[int,int,int,int]…} inside the answer after </think>", () => {
    expect(hasRecFormat('<think>a</think>\n<answer>{"bbox_2d": [1, 2, 3, 4]}</answer>')).toBe(true);
    expect(hasRecFormat("<think>a</think><answer>[1, 2, 3, 4]</answer>")).toBe(false);
    expect(hasRecFormat('<think>a</think><answer>{"bbox_2d": [1.5, 2, 3, 4]}</answer>')).toBe(false);
    expect(hasRecFormat('lead <think>a</think> <answer>{"b": [1,2,3,4]}</answer> trail')).toBe(true);
    expect(hasRecFormat('<think>a</think>x<answer>{"b": [1,2,3,4]}</answer>')).toBe(false);
    expect(hasRecFormat('<think>a</think><think>b</think> <answer>{"b": [1,2,3,4]}</answer>')).toBe(true);
    expect(hasRecFormat('<think>a</think><answer>{"b": [1,2,3,4]</answer>}</answer>')).toBe(true);
  });
  it("scores 1/0 and is linear on 1 MB", () => {
    expect(
      scoreOne(vlmR1RecFormat(), { completion: "<think></think><answer>{[1,2,3,4]}</answer>" }).value,
    ).toBe(1);
    expectLinearTime(
      (n) => `<think></think><answer>{${repeatTo("[1,", n)}`,
      (text) => hasRecFormat(text),
    );
    expectLinearTime(
      (n) => repeatTo("</think>", n),
      (text) => hasRecFormat(text),
    );
  });
});

describe("VLM-R1 OVD detection_score", () => {
  const gt =
    '```json\n[{"bbox_2d": [0,0,100,100], "label": "cat"}, {"bbox_2d": [200,200,300,300], "label": "dog"}]\n```';
  const score = (completion: string, reference: unknown = gt, legacy = false) =>
    scoreOne(vlmR1Ovd({ legacy }), { completion, reference });
  it("worked example §2b: 0.565 (position 0.45, completeness 0.8333)", () => {
    const c =
      '<answer>```json\n[{"bbox_2d": [0,0,100,90], "label": "cat"}, {"bbox_2d": [500,500,600,600], "label": "dog"}, {"bbox_2d": [210,200,300,300], "label": "cow"}]\n```</answer>';
    expect(score(c).value).toBe(0.565);
  });
  it("a later match without a label: wrong label (Python reuses the stale label: same 0.6499999999999999)", () => {
    const c = '```json\n[{"bbox_2d": [0,0,100,90]}, {"bbox_2d": [200,200,300,300], "label":"dog"}]\n```';
    expect(score(c).value).toBe(0.6499999999999999);
    expect(score(c, gt, true).value).toBe(0.6499999999999999);
  });
  it("fix: a first match without a label is a wrong label (0.22499999999999998); legacy: NameError → 0", () => {
    const c = '```json\n[{"bbox_2d": [0,0,100,100]}]\n```';
    expect(score(c).value).toBe(0.22499999999999998);
    const legacy = score(c, gt, true);
    expect([legacy.value, legacy.codes]).toEqual([0, ["legacy_error"]]);
  });
  it("text is cleaned (lowercased, trailing dots): ```JSON and CAT still match (0.575)", () => {
    expect(score('```JSON\n[{"bbox_2d": [0,0,100,100], "label": "CAT"}]\n```.').value).toBe(0.575);
  });
  it("none references and empty cases", () => {
    expect(score("None.", "None").value).toBe(1);
    expect(score("a cat", "None").value).toBe(0);
    expect(score("no json here").value).toBe(0);
    expect(score("```json\n[]\n```", "```json\n[]\n```").value).toBe(1);
    expect(score('```json\n[{"bbox_2d": [0,0,1,1]}]\n```', "```json\n[]\n```").value).toBe(0);
  });
  it("fix: an unparseable reference block is null; legacy 0 with legacy_error", () => {
    expect(score("x", "```json\n[{oops\n```").value).toBeNull();
    expect(score("x", "```json\n[{oops\n```", true).codes).toEqual(["legacy_error"]);
  });
  it("cleanText judges newlines on the text before the pass", () => {
    expect(cleanText("<answer>a\n\nb</answer>")).toBe("a b");
    expect(cleanText("a \nb...")).toBe("a b");
  });
  it("detectionScore on parsed items", () => {
    const r = detectionScore(
      [{ bbox_2d: [0, 0, 10, 10], label: "a" }],
      [{ bbox_2d: [0, 0, 10, 10], label: "a" }],
      {
        iouThreshold: 0.5,
        alpha: 0.7,
        beta: 0,
        gamma: 0.3,
        legacy: false,
      },
    );
    expect(r).toEqual({ ok: true, value: 1, missingLabels: 0 });
  });
});
