/**
 * Tests of the grounding rewards: visual-rft-detection.
 * @module
 */
import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { scoreOne } from "../../../test/support/score-one.js";
import { visualRftConfidence, visualRftIou } from "./visual-rft-detection.js";
import { extractVisualRftBoxList, matchVisualRft } from "./visual-rft-matching.js";

const GT =
  "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}, {'Position': [300,300,400,400], 'Confidence': 1}]</answer>";
const worked =
  "<think>x</think><answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}, {'Position': [500,500,600,600], 'Confidence': 0.3}, {'Position': [305,300,400,410], 'Confidence': 0.8}]</answer>";

function both(completion: string, reference: unknown = GT) {
  return {
    iou: scoreOne(visualRftIou(), { completion, reference }),
    conf: scoreOne(visualRftConfidence(), { completion, reference }),
  };
}

describe("Visual-RFT detection, worked example §1a", () => {
  it("matches in confidence order: [(0.68067, 0.9), (0.86758, 0.8), (0, 0.3)]", () => {
    const m = matchVisualRft(worked, GT, 0.5);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.matches.map((x) => x.confidence)).toEqual([0.9, 0.8, 0.3]);
    expect(m.matches[0]!.iou).toBeCloseTo(0.68067, 5);
    expect(m.matches[1]!.iou).toBeCloseTo(0.86758, 5);
    expect(m.matches[2]!.iou).toBe(0);
  });
  it("R_iou = 0.516084 and R_conf = 0.8 (Python: 0.516084059194454, 0.8000000000000002)", () => {
    const { iou, conf } = both(worked);
    expect(iou.value).toBe(0.516084059194454);
    expect(conf.value).toBe(0.8000000000000002);
    expect(iou.codes).toEqual([]);
  });
});

describe("Visual-RFT detection parsing (as released)", () => {
  it("repairs truncated output at the last '},'", () => {
    const r = extractVisualRftBoxList(
      "<answer>[{'Position': [1,2,3,4], 'Confidence': 0.5}, {'Position': [5,",
    );
    expect(r).toEqual({ ok: true, value: [{ Position: [1, 2, 3, 4], Confidence: 0.5 }] });
  });
  it("truncated answer inside closed tags is repaired and scored", () => {
    const c =
      "<answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}, {'Position': [305,300,400,4</answer>";
    expect(both(c).iou.value).toBeCloseTo(0.680672268907563 / 2, 12);
  });
  it("a truncated answer without </answer> falls back to the whole content and fails (Python: 0.0)", () => {
    const c = "<answer>[{'Position': [110,110,210,210], 'Confidence': 0.9}, {'Position': [305,300,400,4";
    const { iou, conf } = both(c);
    expect([iou.value, conf.value]).toEqual([0, 0]);
    expect(iou.codes).toEqual(["unparseable_answer"]);
  });
  it("an answer spanning lines is not matched by the no-DOTALL regex; newlines are then removed", () => {
    const c = "<answer>[{'Position': [100,100,200,200],\n'Confidence': 0.9}]</answer>";
    // Whole content used: "<answer><answer>[...]</answer></answer>" does not parse.
    expect(both(c).iou.value).toBe(0);
    const ok = "<answer>[{'Position': [100,100,200,200], 'Confidence': 0.9}]</answer>";
    expect(both(ok).iou.value).toBe(0.5);
  });
  it("[[ and ]] collapse, so a doubly nested list parses", () => {
    expect(both("<answer>[[{'Position': [100,100,200,200], 'Confidence': 2}]]</answer>").iou.value).toBe(0.5);
    expect(both("<answer>[[{'Position': [100,100,200,200], 'Confidence': 2}]]</answer>").conf.value).toBe(1);
  });
  it("duplicates (same Position) are dropped, keeping the first", () => {
    const c =
      "<answer>[{'Position': [100,100,200,200], 'Confidence': 0.9}, {'Position': [100.0,100,200,200], 'Confidence': 0.1}]</answer>";
    const { iou, conf } = both(c);
    expect(iou.value).toBe(0.5);
    expect(conf.value).toBe(0.9);
  });
  it("IoU exactly 0.5 does not match (strict >)", () => {
    const c = "<answer>[{'Position': [100,100,200,150], 'Confidence': 0.6}]</answer>";
    const { iou, conf } = both(c, "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>");
    expect(iou.value).toBe(0);
    expect(conf.value).toBeCloseTo(0.4, 15);
  });
  it("no tag, empty list, non-dict first element, missing keys all score 0", () => {
    expect(both("no boxes here").iou.value).toBe(0);
    expect(both("<answer>[]</answer>").iou.codes).toEqual(["no_box_found"]);
    expect(both("<answer>[[1,2,3,4]]</answer>").iou.value).toBe(0);
    expect(both("<answer>[{'Position': [1,2,3,4]}]</answer>").iou.codes).toEqual(["invalid_box"]);
    expect(both("<answer>[{'Confidence': 0.5}]</answer>").iou.value).toBe(0);
    expect(both("<answer>[{'Position': [1,2,3], 'Confidence': 0.5}]</answer>").iou.value).toBe(0);
  });
  it("a non-numeric Confidence makes both rewards 0 (Python TypeError in the shared arithmetic)", () => {
    expect(both("<answer>[{'Position': [100,100,200,200], 'Confidence': 'high'}]</answer>").iou.value).toBe(
      0,
    );
  });
  it("NaN confidence: R_iou as Python (0.5); R_conf NaN in Python → 0 with non_finite", () => {
    const { iou, conf } = both("<answer>[{'Position': [100,100,200,200], 'Confidence': NaN}]</answer>");
    expect(iou.value).toBe(0.5);
    expect(conf.value).toBe(0);
    expect(conf.codes).toEqual(["non_finite"]);
  });
  it("a zero-area match raises ZeroDivisionError in Python → 0", () => {
    const ref = "<answer>[{'Position': [0,0,0,0], 'Confidence': 1}]</answer>";
    expect(both("<answer>[{'Position': [0,0,0,0], 'Confidence': 1}]</answer>", ref).iou.value).toBe(0);
  });
  it("references: missing → null, not a string or broken → 0 with reference_unparseable", () => {
    expect(both(worked, null).iou.value).toBeNull();
    expect(both(worked, [1, 2, 3, 4]).iou.codes).toEqual(["reference_unparseable"]);
    expect(both(worked, "<answer>broken</answer>").iou.value).toBe(0);
    expect(both(worked, "<answer>broken</answer>").iou.codes).toEqual(["reference_unparseable"]);
  });
  it("an empty reference list divides by N_pred: 0", () => {
    expect(both(worked, "<answer>[]</answer>").iou.value).toBe(0);
  });
  it("more GT than predictions divides by N_gt", () => {
    const c = "<answer>[{'Position': [100,100,200,200], 'Confidence': 1}]</answer>";
    expect(both(c).iou.value).toBe(0.5);
  });
  it("stays linear on 1 MB inputs", () => {
    expectLinearTime(
      (n) => `<answer>${repeatTo("[{'Position': [1,2,3,4], 'Confidence': 0.5}, ", n)}`,
      (huge) => both(huge),
      { smallSize: 50_000 },
    );
    expectLinearTime(
      (n) => repeatTo("[[", n),
      (text) => both(text),
    );
  });
});

describe("Visual-RFT legacy math_verify short-circuit", () => {
  it("legacy: a completion math-equivalent to the solution scores 1.0 before box scoring; default does not", () => {
    const same = "<answer>[{'Position': [100,100,200,200], 'Confidence': 0.2}]</answer>";
    const ref = "<answer>[{'Position': [100,100,200,200], 'Confidence': 0.2}]</answer>";
    expect(scoreOne(visualRftConfidence({ legacy: true }), { completion: same, reference: ref }).value).toBe(
      1,
    );
    expect(scoreOne(visualRftConfidence(), { completion: same, reference: ref }).value).toBe(0.2);
  });
});
